//! What one entry needs from Zoho, as a pure function: the entry's day pieces as they
//! should be, against the logs Zoho is known to hold for it. Planning from state
//! rather than replaying the outbox's history makes coalescing fall out for free
//! (create + update = one create; create + delete = nothing) and makes a retried pass
//! harmless: what already landed is not planned again.

use chrono::{DateTime, NaiveDate, TimeZone, Utc};

use crate::entry::{Entry, When};
use crate::split::split_by_day;
use crate::target::Target;

/// One Zoho log as Punch wants it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct LogBody {
    pub account: String,
    pub target: Target,
    pub date: NaiveDate,
    pub minutes: u32,
    pub note: String,
    pub billable: bool,
}

impl LogBody {
    /// What must match for two logs to count as the same (remote logs carry no Punch
    /// id, so a lost answer is matched on what the log says).
    pub fn match_key(&self) -> (NaiveDate, String, u32, String) {
        (
            self.date,
            self.target.to_string(),
            self.minutes,
            self.note.trim().to_owned(),
        )
    }

    /// Changes when anything Zoho shows changes: the update detector.
    pub fn fingerprint(&self) -> String {
        format!(
            "{}|{}|{}|{}|{}|{}",
            self.account, self.target, self.date, self.minutes, self.billable, self.note
        )
    }
}

/// A log Zoho holds for an entry (a `remote_logs` row).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KnownLog {
    pub remote_id: String,
    pub account: String,
    pub target: Target,
    pub date: NaiveDate,
    /// The fingerprint of what was last sent or pulled.
    pub fingerprint: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    Create(LogBody),
    Update { remote_id: String, log: LogBody },
    Delete(KnownLog),
}

/// The logs an entry should have in Zoho: one per local day with time, none while it
/// runs (in log mode it is sent when it stops), none without a target or an account.
pub fn desired<Z: TimeZone>(entry: &Entry, tz: &Z) -> Vec<LogBody> {
    let (Some(target), Some(account)) = (&entry.target, &entry.account) else {
        return Vec::new();
    };
    let body = |date, minutes| LogBody {
        account: account.clone(),
        target: target.clone(),
        date,
        minutes,
        note: entry.note.clone(),
        billable: entry.billable,
    };
    match entry.when {
        When::Span { end: None, .. } => Vec::new(),
        When::Span {
            start,
            end: Some(end),
        } => split_by_day(start, end, tz)
            .into_iter()
            .map(|p| body(p.date, p.minutes))
            .collect(),
        When::Duration { minutes } => vec![body(entry.date, minutes)],
    }
}

/// The calls that bring Zoho from `known` to what `entry` (`None`: deleted) wants.
/// A known log on the same date, account and target is updated in place when its
/// fingerprint differs; anything else known and unwanted is deleted.
pub fn plan<Z: TimeZone>(entry: Option<&Entry>, known: &[KnownLog], tz: &Z) -> Vec<Action> {
    let wanted = entry.map(|e| desired(e, tz)).unwrap_or_default();
    let mut unused: Vec<&KnownLog> = known.iter().collect();
    let mut actions = Vec::new();
    for log in wanted {
        let same_place = unused
            .iter()
            .position(|k| k.date == log.date && k.account == log.account && k.target == log.target);
        match same_place {
            Some(i) => {
                let k = unused.swap_remove(i);
                if k.fingerprint != log.fingerprint() {
                    actions.push(Action::Update {
                        remote_id: k.remote_id.clone(),
                        log,
                    });
                }
            }
            None => actions.push(Action::Create(log)),
        }
    }
    // Deletes first would briefly lose time in Zoho's reports; they go last.
    actions.extend(unused.into_iter().cloned().map(Action::Delete));
    actions
}

/// For tests and reports: the instant after which a running entry would be sent.
pub fn is_sendable(entry: &Entry, _now: DateTime<Utc>) -> bool {
    !entry.is_running() && entry.target.is_some() && entry.account.is_some()
}
