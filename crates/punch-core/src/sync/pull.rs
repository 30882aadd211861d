//! Zoho's side of sync: first match sends whose answers were lost, then merge the logs
//! of the pull window, then adopt a timer started in Zoho's own pages.
//!
//! Merge policy:
//! - A log no entry holds was made in Zoho: it becomes a `source: remote` entry (a
//!   duration on its date), synced.
//! - A log an entry holds, changed in Zoho: the entry takes Zoho's target, note,
//!   billable flag, date and minutes, unless the entry has local changes not yet
//!   pushed (then the local copy wins, and the next push overwrites Zoho's). Entries
//!   across midnight (several logs) keep their local copy, and the next push sends it
//!   back to Zoho: one day's log can't say how the whole entry changed.
//! - A held log missing from Zoho was deleted there: the entry is deleted too (all of
//!   it, queuing the deletion of its other days' logs), unless it has local changes
//!   not yet pushed (then it is created again).

use std::collections::HashSet;

use chrono::{DateTime, TimeDelta, Utc};
use rusqlite::Connection;
use zoho::ZohoError;

use super::engine::PassOptions;
use super::ledger::{self, Inflight};
use super::matching::adopt;
use super::plan::LogBody;
use super::remote::{Remote, RemoteLog};
use crate::entry::{EntryId, Source, SyncState, When};
use crate::store::accounts::Account;
use crate::store::entries::{self, Draft};
use crate::store::outbox::{self, Op};
use crate::tracker::Tracker;
use crate::{Error, Result};

/// Match in-flight creates (answers lost) against Zoho's logs of their dates: a remote
/// log nobody holds with the same (date, target, minutes, note) is adopted, counted as
/// a multiset; the rest never landed and will be planned again. `Err`: Zoho could not
/// be read, so nothing may be sent for this account.
pub fn reconcile(
    tracker: &mut Tracker,
    account: &Account,
    remote: &dyn Remote,
) -> Result<(), ZohoError> {
    let pending = ledger::inflight(tracker.store().conn(), &account.name).map_err(store_error)?;
    let (Some(from), Some(to)) = (
        pending.iter().map(|p| p.log.date).min(),
        pending.iter().map(|p| p.log.date).max(),
    ) else {
        return Ok(());
    };
    let listed = remote.list(from, to)?;
    let orphans = tracker
        .store_mut()
        .write(|tx| adopt_inflight(tx, account, &pending, &listed))
        .map_err(store_error)?;
    delete_orphans(remote, orphans);
    Ok(())
}

/// Zoho holds logs for entries that no longer exist here: take them back out.
fn delete_orphans(remote: &dyn Remote, orphans: Vec<super::plan::KnownLog>) {
    if !orphans.is_empty() {
        // Best effort: a failure leaves a log the next pull imports as remote time.
        let _ = remote.delete(&orphans);
    }
}

fn store_error(e: Error) -> ZohoError {
    ZohoError::new(
        zoho::ErrorKind::Transient,
        None,
        None,
        format!("the store failed during sync: {e}"),
    )
}

/// Adopt remote logs for in-flight creates; clears every in-flight record given.
/// Returns adopted logs whose entry is gone (to delete in Zoho).
fn adopt_inflight(
    tx: &Connection,
    account: &Account,
    pending: &[Inflight],
    listed: &[RemoteLog],
) -> Result<Vec<super::plan::KnownLog>> {
    let held = ledger::held(tx, &account.name)?;
    let free: Vec<&RemoteLog> = listed
        .iter()
        .filter(|r| !held.contains_key(&r.remote_id))
        .collect();
    let wanted: Vec<_> = pending.iter().map(|p| p.log.match_key()).collect();
    let candidates: Vec<_> = free.iter().map(|r| r.log.match_key()).collect();
    let mut orphans = Vec::new();
    for (p, choice) in pending.iter().zip(adopt(&wanted, &candidates)) {
        if let Some(i) = choice {
            let found = free[i];
            if entries::get_with_deleted(tx, p.entry_id)?.is_some() {
                ledger::landed(tx, p.entry_id, &p.log, &found.remote_id)?;
            } else {
                orphans.push(super::plan::KnownLog {
                    remote_id: found.remote_id.clone(),
                    account: account.name.clone(),
                    target: found.log.target.clone(),
                    date: found.log.date,
                    fingerprint: String::new(),
                });
            }
        }
        ledger::send_settled(tx, p.id)?;
    }
    Ok(orphans)
}

/// Pull the window's logs and merge them; returns how many were merged.
pub fn pull(
    tracker: &mut Tracker,
    account: &Account,
    remote: &dyn Remote,
    options: &PassOptions,
    now: DateTime<Utc>,
) -> Result<u32, ZohoError> {
    let listed = remote.list(options.pull_from, options.pull_to)?;
    let pending = ledger::inflight(tracker.store().conn(), &account.name).map_err(store_error)?;
    let (orphans, pulled) = tracker
        .store_mut()
        .write(|tx| {
            // Sends of this very pass whose answers were lost are matched first, so
            // they are never mistaken for logs made in Zoho.
            let orphans = adopt_inflight(tx, account, &pending, &listed)?;
            let pulled = merge(tx, account, &listed, options, now)?;
            Ok((orphans, pulled))
        })
        .map_err(store_error)?;
    delete_orphans(remote, orphans);
    let adopted = adopt_timer(tracker, account, remote, now)?;
    Ok(pulled + u32::from(adopted))
}

fn merge(
    tx: &Connection,
    account: &Account,
    listed: &[RemoteLog],
    options: &PassOptions,
    now: DateTime<Utc>,
) -> Result<u32> {
    let held = ledger::held(tx, &account.name)?;
    let unsettled = ledger::unsettled(tx)?;
    let mut seen = HashSet::new();
    let mut pulled = 0;
    for r in listed {
        seen.insert(r.remote_id.as_str());
        match held.get(&r.remote_id) {
            Some((entry_id, _, fingerprint)) => {
                if unsettled.contains(entry_id) || *fingerprint == r.log.fingerprint() {
                    continue;
                }
                if take_remote_change(tx, *entry_id, &r.log, now)? {
                    ledger::landed(tx, *entry_id, &r.log, &r.remote_id)?;
                    pulled += 1;
                } else {
                    keep_local(tx, *entry_id, r, now)?;
                }
            }
            None if r.log.minutes > 0 => {
                import(tx, r, now)?;
                pulled += 1;
            }
            None => {}
        }
    }
    for (remote_id, (entry_id, date, _)) in &held {
        if *date < options.pull_from || *date > options.pull_to || seen.contains(remote_id.as_str())
        {
            continue;
        }
        ledger::forget(tx, &account.name, remote_id)?;
        if unsettled.contains(entry_id) {
            continue; // local changes win: the next push creates it again
        }
        deleted_in_zoho(tx, *entry_id, now)?;
        pulled += 1;
    }
    Ok(pulled)
}

/// A log made in Zoho's own pages becomes a remote entry.
fn import(tx: &Connection, r: &RemoteLog, now: DateTime<Utc>) -> Result<EntryId> {
    let draft = Draft {
        date: r.log.date,
        when: When::Duration {
            minutes: r.log.minutes,
        },
        target: Some(r.log.target.clone()),
        account: Some(r.log.account.clone()),
        note: r.log.note.clone(),
        billable: r.log.billable,
        source: Source::Remote,
    };
    let id = entries::insert(tx, &draft, now)?;
    tx.execute(
        "UPDATE entries SET sync_state = 'synced' WHERE id = ?1",
        [id],
    )?;
    ledger::landed(tx, id, &r.log, &r.remote_id)?;
    Ok(id)
}

/// Take Zoho's version of a single-day entry. `false`: the entry keeps its own.
fn take_remote_change(
    tx: &Connection,
    entry_id: EntryId,
    log: &LogBody,
    now: DateTime<Utc>,
) -> Result<bool> {
    let Some(mut entry) = entries::get(tx, entry_id)? else {
        return Ok(false);
    };
    if ledger::known(tx, entry_id)?.len() > 1 || entry.is_running() {
        return Ok(false);
    }
    entry.target = Some(log.target.clone());
    entry.note = log.note.clone();
    entry.billable = log.billable;
    entry.when = match entry.when {
        When::Duration { .. } => When::Duration {
            minutes: log.minutes.max(1),
        },
        When::Span { start, .. } => {
            let days = (log.date - entry.date).num_days();
            let start = start + TimeDelta::days(days);
            let end = start + TimeDelta::minutes(i64::from(log.minutes.max(1)));
            // Zoho's log is minutes on one day. A span that no longer says exactly
            // that (it would now run past midnight) becomes those minutes on that day.
            let pieces = crate::split::split_by_day(start, end, &chrono::Local);
            match pieces.as_slice() {
                [one] if one.date == log.date && one.minutes == log.minutes.max(1) => When::Span {
                    start,
                    end: Some(end),
                },
                _ => When::Duration {
                    minutes: log.minutes.max(1),
                },
            }
        }
    };
    entry.date = log.date;
    entry.sync = SyncState::Synced;
    entries::save(tx, &entry, now)?;
    Ok(true)
}

/// The entry keeps its own copy over Zoho's edit of one of its logs: queue it so the
/// next push sends that log back as the entry has it (the log's fingerprint no longer
/// tells what Zoho holds).
fn keep_local(tx: &Connection, entry_id: EntryId, r: &RemoteLog, now: DateTime<Utc>) -> Result<()> {
    let Some(entry) = entries::get(tx, entry_id)? else {
        return Ok(());
    };
    if entry.is_running() {
        return Ok(());
    }
    ledger::unsure(tx, &r.log.account, &r.remote_id)?;
    tx.execute(
        "UPDATE entries SET sync_state = 'pending' WHERE id = ?1",
        [entry_id],
    )?;
    outbox::push(
        tx,
        entry_id,
        Op::Update,
        entry.target.as_ref(),
        entry.account.as_deref(),
        now,
    )
}

/// An entry's log was deleted in Zoho: the entry goes too, with its other days' logs.
fn deleted_in_zoho(tx: &Connection, entry_id: EntryId, now: DateTime<Utc>) -> Result<()> {
    let Some(entry) = entries::get(tx, entry_id)? else {
        return Ok(());
    };
    if ledger::known(tx, entry_id)?.is_empty() {
        return entries::purge(tx, entry_id);
    }
    entries::soft_delete(tx, entry_id, now)?;
    outbox::push(
        tx,
        entry_id,
        Op::Delete,
        entry.target.as_ref(),
        entry.account.as_deref(),
        now,
    )
}

/// A timer started in Zoho's own pages shows up as Punch's running entry; stopping it
/// in Punch stops it in Zoho. Returns whether one was adopted.
fn adopt_timer(
    tracker: &mut Tracker,
    account: &Account,
    remote: &dyn Remote,
    now: DateTime<Utc>,
) -> Result<bool, ZohoError> {
    let Some(timer) = remote.running_timer()? else {
        return Ok(false);
    };
    let tz = *tracker.time_zone();
    tracker
        .store_mut()
        .write(|tx| {
            let known: bool = tx.query_row(
                "SELECT EXISTS (SELECT 1 FROM remote_timers WHERE account = ?1 AND remote_id = ?2)",
                rusqlite::params![account.name, timer.remote_id],
                |r| r.get(0),
            )?;
            if known || entries::running(tx)?.is_some() {
                return Ok(false);
            }
            let started = timer.started.min(now);
            let draft = Draft {
                date: crate::clock::local_date(started, &tz),
                when: When::Span {
                    start: started,
                    end: None,
                },
                target: Some(timer.target.clone()),
                account: Some(account.name.clone()),
                note: timer.note.clone(),
                billable: timer.billable,
                source: Source::Remote,
            };
            let id = entries::insert(tx, &draft, now)?;
            ledger::set_remote_timer(tx, id, &account.name, &timer.remote_id)?;
            Ok(true)
        })
        .map_err(store_error)
}
