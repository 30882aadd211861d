//! One sync pass: for each account, reconcile what was in flight, push every changed
//! entry's plan, then pull Zoho's side. A pass never sends a create twice: each is
//! recorded before it goes and, if its answer is lost, matched against Zoho's logs
//! before anything is sent again. One refused entry never holds up the rest.

use std::time::Instant;

use chrono::{DateTime, Datelike, Days, NaiveDate, Utc};
use serde::Serialize;
use zoho::{ErrorKind, Session, ZohoError};

use super::ledger::{self, Dirty, Settled};
use super::plan::{Action, KnownLog, LogBody, plan};
use super::remote::{Outcome, Remote};
use super::{pull, remotes};
use crate::entry::SyncError;
use crate::store::accounts::{self, Account, TimerMode};
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
    fn problem(&mut self, account: &str, error: &ZohoError) {
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
    if let Err(e) = push(tracker, account, remote, now, summary)? {
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

/// How one entry's work ended this pass.
#[derive(Debug, Clone)]
enum Fate {
    Done,
    Refused(ZohoError),
    /// Try again next pass (no answer, a lock, a transient failure).
    Later(ZohoError),
    /// Try again next pass: a log must first leave Zoho (nothing failed).
    Wait,
}

fn worse(a: Fate, b: Fate) -> Fate {
    match (a, b) {
        (Fate::Later(e), _) | (_, Fate::Later(e)) => Fate::Later(e),
        (Fate::Wait, _) | (_, Fate::Wait) => Fate::Wait,
        (Fate::Refused(e), _) | (_, Fate::Refused(e)) => Fate::Refused(e),
        _ => Fate::Done,
    }
}

/// What a refused call means for its entry.
fn fate_of(error: ZohoError) -> Fate {
    match error.kind {
        // An unknown id (a task that no longer exists) is Zoho refusing the data.
        ErrorKind::Rejected | ErrorKind::NotFound => Fate::Refused(error),
        _ => Fate::Later(error),
    }
}

/// Send every changed entry's plan. `Ok(Err(e))`: the account must stop (dead login,
/// unreachable, locked); the rest of its entries wait.
fn push(
    tracker: &mut Tracker,
    account: &Account,
    remote: &dyn Remote,
    now: DateTime<Utc>,
    summary: &mut SyncSummary,
) -> Result<std::result::Result<(), ZohoError>> {
    let tz = *tracker.time_zone();
    let dirty = ledger::dirty(tracker.store().conn(), &account.name)?;
    let mut work: Vec<(Dirty, Fate)> = Vec::new();
    let mut creates: Vec<(usize, LogBody)> = Vec::new();
    let mut updates: Vec<(usize, String, LogBody)> = Vec::new();
    let mut deletes: Vec<(usize, KnownLog)> = Vec::new();
    // Creates on a date where the entry still holds (or has in flight) another log:
    // sent once that log has left Zoho.
    let mut blocked: Vec<(usize, LogBody)> = Vec::new();
    for d in dirty {
        if let Some(entry) = &d.entry
            && entry.is_running()
        {
            if account.timer_mode == TimerMode::Mirror {
                mirror_start(tracker, account, remote, entry, summary)?;
            }
            continue;
        }
        if let Err(e) = stop_zoho_timer(tracker, remote, &d)? {
            summary.problem(&account.name, &e);
            continue;
        }
        // Only this account's logs: an entry moved from another account has its old
        // logs deleted, and one moved here its new ones created, by its own account.
        let known: Vec<KnownLog> = ledger::known(tracker.store().conn(), d.entry_id)?
            .into_iter()
            .filter(|k| k.account == account.name)
            .collect();
        let index = work.len();
        for action in plan(d.entry.as_ref(), &known, &tz) {
            match action {
                Action::Create(log) if log.account != account.name => {}
                Action::Create(log) => {
                    if ledger::occupied(tracker.store().conn(), d.entry_id, log.date)? {
                        blocked.push((index, log));
                    } else {
                        creates.push((index, log));
                    }
                }
                Action::Update { remote_id, log } => updates.push((index, remote_id, log)),
                Action::Delete(known) => deletes.push((index, known)),
            }
        }
        work.push((d, Fate::Done));
    }
    let mut stop: Option<ZohoError> = None;

    send_creates(tracker, remote, &mut work, &creates, now, summary)?;

    if !updates.is_empty() {
        let items: Vec<(String, LogBody)> = updates
            .iter()
            .map(|(_, id, l)| (id.clone(), l.clone()))
            .collect();
        let outcomes = remote.update(&items);
        tracker.store_mut().write(|tx| {
            for ((i, remote_id, log), outcome) in updates.iter().zip(outcomes) {
                let fate = match outcome {
                    Outcome::Landed(new_id) => {
                        ledger::landed(tx, work[*i].0.entry_id, log, &new_id)?;
                        summary.pushed += 1;
                        Fate::Done
                    }
                    // Gone in Zoho: forget it, and the next pass creates it afresh.
                    Outcome::Refused(e) if e.kind == ErrorKind::NotFound => {
                        ledger::forget(tx, &log.account, remote_id)?;
                        Fate::Later(e)
                    }
                    Outcome::Refused(e) => fate_of(e),
                    Outcome::Unknown(e) => {
                        ledger::unsure(tx, &log.account, remote_id)?;
                        Fate::Later(e)
                    }
                };
                work[*i].1 = worse(work[*i].1.clone(), fate);
            }
            Ok(())
        })?;
    }

    if !deletes.is_empty() {
        let logs: Vec<KnownLog> = deletes.iter().map(|(_, k)| k.clone()).collect();
        let results = remote.delete(&logs);
        tracker.store_mut().write(|tx| {
            for ((i, known), result) in deletes.iter().zip(results) {
                let fate = match result {
                    Ok(()) => {
                        ledger::forget(tx, &known.account, &known.remote_id)?;
                        Fate::Done
                    }
                    Err(e) => fate_of(e),
                };
                work[*i].1 = worse(work[*i].1.clone(), fate);
            }
            Ok(())
        })?;
    }

    let mut freed = Vec::new();
    for (i, log) in blocked {
        if ledger::occupied(tracker.store().conn(), work[i].0.entry_id, log.date)? {
            work[i].1 = worse(work[i].1.clone(), Fate::Wait);
        } else {
            freed.push((i, log));
        }
    }
    send_creates(tracker, remote, &mut work, &freed, now, summary)?;

    tracker.store_mut().write(|tx| {
        for (dirty, fate) in &work {
            match fate {
                Fate::Done => ledger::settle(tx, dirty, Settled::Done)?,
                Fate::Refused(e) => {
                    let error = SyncError {
                        code: "rejected".into(),
                        message: e.message.clone(),
                        zoho_code: e.code,
                    };
                    ledger::settle(tx, dirty, Settled::Refused(error))?;
                }
                Fate::Wait => {}
                Fate::Later(e) => {
                    if stop.is_none()
                        && matches!(
                            e.kind,
                            ErrorKind::Auth | ErrorKind::Transient | ErrorKind::RateLimited { .. }
                        )
                    {
                        stop = Some(e.clone());
                    }
                }
            }
        }
        Ok(())
    })?;
    for (_, fate) in &work {
        if let Fate::Refused(e) = fate {
            summary.problem(&account.name, e);
        }
    }
    Ok(match stop {
        Some(e) => Err(e),
        None => Ok(()),
    })
}

/// Send creates, each recorded in flight before it goes, and record what landed.
fn send_creates(
    tracker: &mut Tracker,
    remote: &dyn Remote,
    work: &mut [(Dirty, Fate)],
    creates: &[(usize, LogBody)],
    now: DateTime<Utc>,
    summary: &mut SyncSummary,
) -> Result<()> {
    if creates.is_empty() {
        return Ok(());
    }
    let inflight = tracker.store_mut().write(|tx| {
        creates
            .iter()
            .map(|(i, log)| ledger::send_started(tx, work[*i].0.entry_id, log, now))
            .collect::<Result<Vec<i64>>>()
    })?;
    let logs: Vec<LogBody> = creates.iter().map(|(_, l)| l.clone()).collect();
    let outcomes = remote.create(&logs);
    tracker.store_mut().write(|tx| {
        for (((i, log), inflight_id), outcome) in creates.iter().zip(&inflight).zip(outcomes) {
            let fate = match outcome {
                Outcome::Landed(remote_id) => {
                    ledger::landed(tx, work[*i].0.entry_id, log, &remote_id)?;
                    ledger::send_settled(tx, *inflight_id)?;
                    summary.pushed += 1;
                    Fate::Done
                }
                Outcome::Refused(e) => {
                    ledger::send_settled(tx, *inflight_id)?;
                    fate_of(e)
                }
                // The in-flight record stays: the next pass matches it first.
                Outcome::Unknown(e) => Fate::Later(e),
            };
            work[*i].1 = worse(work[*i].1.clone(), fate);
        }
        Ok(())
    })
}

/// Mirror mode: Zoho's own timer runs while Punch's does.
fn mirror_start(
    tracker: &mut Tracker,
    account: &Account,
    remote: &dyn Remote,
    entry: &crate::entry::Entry,
    summary: &mut SyncSummary,
) -> Result<()> {
    if ledger::remote_timer(tracker.store().conn(), entry.id)?.is_some() {
        return Ok(());
    }
    let (Some(target), Some(start)) = (&entry.target, entry.start()) else {
        return Ok(());
    };
    let log = LogBody {
        account: account.name.clone(),
        target: target.clone(),
        date: entry.date,
        minutes: 0,
        note: entry.note.clone(),
        billable: entry.billable,
    };
    match remote.start_timer(&log, start) {
        Ok(remote_id) => tracker
            .store_mut()
            .write(|tx| ledger::set_remote_timer(tx, entry.id, &account.name, &remote_id)),
        Err(e) => {
            summary.problem(&account.name, &e);
            Ok(())
        }
    }
}

/// A stopped entry whose Zoho timer runs (mirrored or adopted): stop that timer, and
/// the log it leaves in Zoho becomes this entry's (accepting Zoho's own minutes). For
/// an entry deleted or discarded here, the log is recorded too, so the plan deletes it.
fn stop_zoho_timer(
    tracker: &mut Tracker,
    remote: &dyn Remote,
    dirty: &Dirty,
) -> Result<std::result::Result<(), ZohoError>> {
    let Some((account, remote_id)) = ledger::remote_timer(tracker.store().conn(), dirty.entry_id)?
    else {
        return Ok(Ok(()));
    };
    if let Err(e) = remote.stop_timer(&remote_id) {
        return Ok(Err(e));
    }
    let tz = *tracker.time_zone();
    tracker.store_mut().write(|tx| {
        ledger::clear_remote_timer(tx, dirty.entry_id)?;
        let Some((entry, deleted)) = entries::get_with_deleted(tx, dirty.entry_id)? else {
            return Ok(());
        };
        let first = if deleted || entry.is_running() {
            entry.target.clone().map(|target| LogBody {
                account: account.clone(),
                target,
                date: entry.date,
                minutes: 0,
                note: entry.note.clone(),
                billable: entry.billable,
            })
        } else {
            super::plan::desired(&entry, &tz).into_iter().next()
        };
        if let Some(first) = first {
            ledger::landed(tx, entry.id, &first, &remote_id)?;
        }
        Ok(())
    })?;
    Ok(Ok(()))
}
