//! The sync engine's view of one Zoho account: create, update, delete and list logs,
//! and run Zoho's own timer. One implementation per product turns these into that
//! product's calls; the engine above never knows which product it talks to.

use chrono::{DateTime, NaiveDate, Utc};
use zoho::ZohoError;

use super::plan::{KnownLog, LogBody};
use crate::target::Target;

/// A log as Zoho holds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RemoteLog {
    pub remote_id: String,
    pub log: LogBody,
}

/// A timer running in Zoho's own pages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RemoteTimer {
    pub remote_id: String,
    pub target: Target,
    pub started: DateTime<Utc>,
    pub note: String,
    pub billable: bool,
}

/// What became of one sent log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// It landed; Zoho calls it this.
    Landed(String),
    /// It did not land, and Zoho said why (a refusal, a lock, a dead token).
    Refused(ZohoError),
    /// No answer: it may or may not have landed (reconciled before it is sent again).
    Unknown(ZohoError),
}

impl Outcome {
    /// Sort an error by whether the request can have changed anything in Zoho.
    pub fn from_error(error: ZohoError) -> Outcome {
        let answered = error.status.is_some_and(|s| s < 500);
        let refused_before_sending = matches!(
            error.kind,
            zoho::ErrorKind::Rejected
                | zoho::ErrorKind::Auth
                | zoho::ErrorKind::RateLimited { .. }
                | zoho::ErrorKind::NotFound
        );
        if answered || (refused_before_sending && error.status.is_none()) {
            Outcome::Refused(error)
        } else {
            Outcome::Unknown(error)
        }
    }
}

/// One account's logs in Zoho.
pub trait Remote {
    /// Create logs; one outcome per log, in order. Batching is the implementation's.
    fn create(&self, logs: &[LogBody]) -> Vec<Outcome>;
    /// Replace what known logs say; one outcome per item (the id, when landed).
    fn update(&self, items: &[(String, LogBody)]) -> Vec<Outcome>;
    /// Delete logs. A log Zoho no longer has counts as deleted.
    fn delete(&self, logs: &[KnownLog]) -> Vec<Result<(), ZohoError>>;
    /// The account's logs on the dates `from..=to`.
    fn list(&self, from: NaiveDate, to: NaiveDate) -> Result<Vec<RemoteLog>, ZohoError>;
    /// Start Zoho's own timer for a log; returns the timer's id.
    fn start_timer(&self, log: &LogBody, started: DateTime<Utc>) -> Result<String, ZohoError>;
    /// Stop Zoho's timer `remote_id`.
    fn stop_timer(&self, remote_id: &str) -> Result<(), ZohoError>;
    /// The timer running in Zoho now, if any.
    fn running_timer(&self) -> Result<Option<RemoteTimer>, ZohoError>;
}
