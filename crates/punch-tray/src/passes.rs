//! One sync pass, run off the tray's loop so a slow Zoho never freezes the menu: the
//! same pass as `punch sync`, with the store's sessions and secrets, and its outcome
//! reduced to what the schedule needs.

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use punch_core::connect::session_for;
use punch_core::store::accounts::{self, Account};
use punch_core::sync::{PassOptions, SyncSummary, run_pass};
use punch_core::tracker::Tracker;

use crate::schedule::PassResult;

/// Where a pass's calls go and where its secrets are, as `punch` reads them from the
/// environment (`PUNCH_ZOHO_ENDPOINT`, `PUNCH_SECRET_STORE`).
#[derive(Debug, Clone, Default)]
pub struct PassConfig {
    pub endpoint: Option<String>,
    pub secret_store: Option<String>,
}

impl PassConfig {
    pub fn from_env() -> PassConfig {
        let var = |name| {
            std::env::var(name)
                .ok()
                .filter(|v: &String| !v.trim().is_empty())
        };
        PassConfig {
            endpoint: var("PUNCH_ZOHO_ENDPOINT"),
            secret_store: var("PUNCH_SECRET_STORE"),
        }
    }
}

/// How a pass went.
#[derive(Debug)]
pub struct Outcome {
    pub result: PassResult,
    /// `None` when the pass could not run at all (see `error`) or had nothing to do.
    pub summary: Option<SyncSummary>,
    pub error: Option<String>,
}

/// Run one pass on `tracker` at `now`. With no account connected there is nothing to
/// talk to, and no lease or record is written.
pub fn run(tracker: &mut Tracker, home: &Path, config: &PassConfig, now: DateTime<Utc>) -> Outcome {
    match accounts::list(tracker.store().conn()) {
        Ok(list) if list.is_empty() => {
            return Outcome {
                result: PassResult::Done,
                summary: None,
                error: None,
            };
        }
        Ok(_) => {}
        Err(e) => return failed(e),
    }
    let secrets = match punch_core::secrets::from_env(home, config.secret_store.as_deref()) {
        Ok(secrets) => secrets,
        Err(e) => return failed(e),
    };
    let db: PathBuf = tracker.store().path().to_path_buf();
    let sessions =
        |account: &Account| session_for(&db, secrets.as_ref(), account, config.endpoint.as_deref());
    let options = PassOptions::standard(tracker.today(now));
    match run_pass(tracker, &sessions, &options, now) {
        Ok(summary) => Outcome {
            result: classify(&summary),
            error: summary.error.as_ref().map(|p| p.message.clone()),
            summary: Some(summary),
        },
        Err(e) => failed(e),
    }
}

/// The store failed or `punch sync` holds the lease: both pass, so retry later.
fn failed(error: punch_core::Error) -> Outcome {
    Outcome {
        result: PassResult::Failed { offline: false },
        summary: None,
        error: Some(error.to_string()),
    }
}

/// What the schedule makes of a summary: a failure that time may fix is retried; one
/// only the user can fix waits for them.
pub fn classify(summary: &SyncSummary) -> PassResult {
    let codes = || {
        summary
            .errors
            .iter()
            .chain(&summary.error)
            .map(|p| p.code.as_str())
    };
    if codes().any(|c| c == "offline") {
        PassResult::Failed { offline: true }
    } else if codes().any(|c| matches!(c, "transient" | "rate_limited" | "timeout")) {
        PassResult::Failed { offline: false }
    } else if codes().any(|c| c == "needs_login") {
        PassResult::NeedsUser
    } else {
        PassResult::Done
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use punch_core::sync::engine::Problem;

    fn with(codes: &[&str]) -> SyncSummary {
        SyncSummary {
            errors: codes
                .iter()
                .map(|code| Problem {
                    account: "a".into(),
                    code: (*code).into(),
                    message: String::new(),
                    zoho_code: None,
                })
                .collect(),
            ..SyncSummary::default()
        }
    }

    #[test]
    fn failures_that_time_may_fix_are_retried_and_the_rest_wait_for_the_user() {
        assert_eq!(classify(&with(&[])), PassResult::Done);
        assert_eq!(classify(&with(&["rejected"])), PassResult::Done);
        assert_eq!(classify(&with(&["needs_login"])), PassResult::NeedsUser);
        assert_eq!(
            classify(&with(&["needs_login", "rate_limited"])),
            PassResult::Failed { offline: false }
        );
        assert_eq!(
            classify(&with(&["transient", "offline"])),
            PassResult::Failed { offline: true }
        );
    }

    #[test]
    fn with_no_account_a_pass_does_nothing_and_writes_nothing() {
        let home = tempfile::tempdir().unwrap();
        let mut tracker = Tracker::open(home.path()).unwrap();
        let outcome = run(
            &mut tracker,
            home.path(),
            &PassConfig::default(),
            Utc::now(),
        );
        assert_eq!(outcome.result, PassResult::Done);
        let passes: i64 = tracker
            .store()
            .conn()
            .query_row("SELECT count(*) FROM sync_status", [], |r| r.get(0))
            .unwrap();
        assert_eq!(passes, 0);
    }
}
