//! One sync pass: for each account, reconcile what was in flight, push every changed
//! entry's plan, then pull Zoho's side. A pass never sends a create twice: each is
//! recorded before it goes and, if its answer is lost, matched against Zoho's logs
//! before anything is sent again. One refused entry never holds up the rest.

use std::time::Instant;

use chrono::{DateTime, Datelike, Days, NaiveDate, Utc};
use serde::Serialize;
use zoho::{ErrorKind, Session, ZohoError};

use super::ledger;
use super::remote::Remote;
use super::{pull, push, remotes};
use crate::store::accounts::{self, Account};
use crate::store::entries;
use crate::tracker::Tracker;
use crate::{Error, Result};

/// What a pass covers and how long it may take.
#[derive(Debug, Clone)]
pub struct PassOptions {
    /// Pull Zoho's logs of these local dates.
    pub pull_from: NaiveDate,
    pub pull_to: NaiveDate,
    /// Stop (reporting it) once this passes; what is left waits for the next pass.
    pub deadline: Instant,
    /// Who holds the sync lease meanwhile.
    pub holder: String,
}

impl PassOptions {
    /// This week and last week (weeks start on Monday), five minutes at most.
    pub fn standard(today: NaiveDate) -> PassOptions {
        let monday = today - Days::new(u64::from(today.weekday().num_days_from_monday()));
        PassOptions {
            pull_from: monday - Days::new(7),
            pull_to: today,
            deadline: Instant::now() + std::time::Duration::from_secs(5 * 60),
            holder: format!("pid-{}", std::process::id()),
        }
    }
}

/// One thing that went wrong, in Zoho's words where Zoho gave them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    pub account: String,
    /// `offline`, `transient`, `auth_expired`, `needs_login`, `rate_limited`, `rejected`…
    pub code: String,
    pub message: String,
    pub zoho_code: Option<i64>,
}

/// The `punch sync --json` summary.
#[derive(Debug, Clone, Default, Serialize)]
pub struct SyncSummary {
    /// Zoho logs written (created or updated) in this pass.
    pub pushed: u32,
    /// Remote logs merged into the store.
    pub pulled: u32,
    /// Entries now rejected.
    pub rejected: u64,
    /// Entries still waiting to be sent (not the rejected).
    pub pending: u64,
    pub errors: Vec<Problem>,
    /// Set when the pass could not do its work: Zoho unreachable, an account needing
    /// login, the lease held elsewhere, the deadline passed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<Problem>,
}

impl SyncSummary {
    pub(super) fn problem(&mut self, account: &str, error: &ZohoError) {
        let code = match error.kind {
            ErrorKind::Transient if error.status.is_none() => "offline",
            ErrorKind::Transient => "transient",
            ErrorKind::Auth => "needs_login",
            ErrorKind::RateLimited { .. } => "rate_limited",
            ErrorKind::Rejected => "rejected",
            ErrorKind::NotFound => "not_found",
        };
        let mut message = error.message.clone();
        if message.contains("Manual Log is disabled") {
            // Zoho's words stay on the entry; the summary also says what to do.
            message.push_str(" (this organization only takes timer logs: connect the account with --timer-mode mirror)");
        }
        let problem = Problem {
            account: account.to_owned(),
            code: code.to_owned(),
            message,
            zoho_code: error.code,
        };
        // Unreachable Zoho or a dead login means the pass did not do its job.
        if matches!(code, "offline" | "transient" | "needs_login") && self.error.is_none() {
            self.error = Some(problem.clone());
        }
        if !self.errors.contains(&problem) {
            self.errors.push(problem);
        }
    }
}

/// Makes the session an account's calls use (the CLI: keyring and store budgets;
/// tests: the simulator).
pub type SessionFor<'a> = dyn Fn(&Account) -> Result<Session> + 'a;

/// Run one full pass over every account. Returns `Err` only when the store fails or
/// another process holds the sync lease; Zoho's failures are in the summary.
pub fn run_pass(
    tracker: &mut Tracker,
    sessions: &SessionFor<'_>,
    options: &PassOptions,
    now: DateTime<Utc>,
) -> Result<SyncSummary> {
    let until = now + chrono::Duration::minutes(6);
    let leased = tracker
        .store_mut()
        .write(|tx| ledger::take_lease(tx, &options.holder, now, until))?;
    if !leased {
        return Err(Error::Conflict(
            "another Punch process is syncing right now; try again in a moment".into(),
        ));
    }
    let mut summary = SyncSummary::default();
    let outcome = (|| -> Result<()> {
        for account in accounts::list(tracker.store().conn())? {
            if Instant::now() > options.deadline {
                summary.error = Some(Problem {
                    account: account.name.clone(),
                    code: "timeout".into(),
                    message: "the sync pass gave up after its time limit; the rest waits for the next pass".into(),
                    zoho_code: None,
                });
                break;
            }
            if account.needs_login {
                let error = ZohoError::new(
                    ErrorKind::Auth,
                    None,
                    None,
                    format!(
                        "account `{}` needs login: run `punch account login {}`",
                        account.name, account.name
                    ),
                );
                summary.problem(&account.name, &error);
                continue;
            }
            let session = match sessions(&account) {
                Ok(session) => session,
                Err(e) => {
                    summary.problem(
                        &account.name,
                        &ZohoError::new(ErrorKind::Auth, None, None, e.to_string()),
                    );
                    continue;
                }
            };
            let remote = remotes::remote_for(&account, &session);
            sync_account(
                tracker,
                &account,
                remote.as_ref(),
                options,
                now,
                &mut summary,
            )?;
        }
        Ok(())
    })();
    let (pending, rejected) = entries::sync_counts(tracker.store().conn())?;
    summary.pending = pending;
    summary.rejected = rejected;
    let last_error = summary.error.as_ref().map(|p| p.message.clone());
    tracker.store_mut().write(|tx| {
        ledger::record_pass(tx, now, last_error.as_deref())?;
        ledger::release_lease(tx, &options.holder)
    })?;
    outcome.map(|()| summary)
}

fn sync_account(
    tracker: &mut Tracker,
    account: &Account,
    remote: &dyn Remote,
    options: &PassOptions,
    now: DateTime<Utc>,
    summary: &mut SyncSummary,
) -> Result<()> {
    // Nothing is sent while an earlier send's fate is unknown.
    if let Err(e) = pull::reconcile(tracker, account, remote) {
        return stop_account(tracker, account, &e, summary);
    }
    if let Err(e) = push::push(tracker, account, remote, now, summary)? {
        return stop_account(tracker, account, &e, summary);
    }
    match pull::pull(tracker, account, remote, options, now) {
        Ok(pulled) => summary.pulled += pulled,
        Err(e) => return stop_account(tracker, account, &e, summary),
    }
    Ok(())
}

/// Record why an account's work stopped; a dead refresh token marks it for login.
fn stop_account(
    tracker: &mut Tracker,
    account: &Account,
    error: &ZohoError,
    summary: &mut SyncSummary,
) -> Result<()> {
    if error.kind == ErrorKind::Auth {
        tracker
            .store_mut()
            .write(|tx| ledger::needs_login(tx, &account.name))?;
    }
    summary.problem(&account.name, error);
    Ok(())
}
