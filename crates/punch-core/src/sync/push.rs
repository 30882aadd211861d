//! Pushing one account's changed entries: each entry's plan is sent (creates recorded
//! before they go), every outcome is recorded, and each entry settles as synced,
//! refused in Zoho's words, or still waiting. Zoho's own timers are started and
//! stopped here too.

use chrono::{DateTime, Utc};
use zoho::{ErrorKind, ZohoError};

use super::engine::SyncSummary;
use super::ledger::{self, Dirty, Settled};
use super::plan::{Action, KnownLog, LogBody, plan};
use super::remote::{Outcome, Remote};
use crate::Result;
use crate::entry::SyncError;
use crate::store::accounts::{Account, TimerMode};
use crate::store::entries;
use crate::tracker::Tracker;

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
pub(super) fn push(
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
