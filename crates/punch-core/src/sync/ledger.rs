//! The store's side of sync: which entries changed, what Zoho is known to hold for
//! them, what is in flight, and recording each outcome. Every function is one small
//! step inside the caller's transaction.

use std::collections::{BTreeMap, HashSet};

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{Connection, OptionalExtension, params};

use super::plan::{KnownLog, LogBody};
use crate::entry::{Entry, EntryId, SyncError, SyncState};
use crate::store::entries;
use crate::{Error, Result};

/// An entry with changes Zoho has not heard of yet.
#[derive(Debug, Clone)]
pub struct Dirty {
    pub entry_id: EntryId,
    /// `None` when the entry was deleted (or purged) here.
    pub entry: Option<Entry>,
    /// The newest outbox row seen: rows added while the pass runs stay for the next one.
    pub upto: i64,
    /// The account whose rows these are: an entry moved to another account keeps that
    /// account's rows for its own pass.
    pub account: String,
}

/// Entries with outbox rows for `account`, oldest change first.
pub fn dirty(conn: &Connection, account: &str) -> Result<Vec<Dirty>> {
    let mut stmt = conn.prepare(
        "SELECT entry_id, max(id) FROM outbox WHERE account = ?1 GROUP BY entry_id ORDER BY min(id)",
    )?;
    let rows: Vec<(EntryId, i64)> = stmt
        .query_map([account], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<Result<_, _>>()?;
    rows.into_iter()
        .map(|(entry_id, upto)| {
            let entry = entries::get_with_deleted(conn, entry_id)?
                .and_then(|(entry, deleted)| (!deleted).then_some(entry));
            Ok(Dirty {
                entry_id,
                entry,
                upto,
                account: account.to_owned(),
            })
        })
        .collect()
}

fn parse_target(text: &str) -> Result<crate::target::Target> {
    text.parse().map_err(Error::InvalidInput)
}

/// The logs Zoho is known to hold for an entry.
pub fn known(conn: &Connection, entry_id: EntryId) -> Result<Vec<KnownLog>> {
    let mut stmt = conn.prepare(
        "SELECT remote_id, account, target, date, fingerprint FROM remote_logs WHERE entry_id = ?1 ORDER BY date",
    )?;
    let rows: Vec<(String, String, String, String, String)> = stmt
        .query_map([entry_id], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
        })?
        .collect::<Result<_, _>>()?;
    rows.into_iter()
        .map(|(remote_id, account, target, date, fingerprint)| {
            Ok(KnownLog {
                remote_id,
                account,
                target: parse_target(&target)?,
                date: date.parse().unwrap_or_default(),
                fingerprint,
            })
        })
        .collect()
}

/// Every remote id of `account` that an entry holds, with the holder and fingerprint.
pub fn held(
    conn: &Connection,
    account: &str,
) -> Result<BTreeMap<String, (EntryId, NaiveDate, String)>> {
    let mut stmt = conn.prepare(
        "SELECT remote_id, entry_id, date, fingerprint FROM remote_logs WHERE account = ?1",
    )?;
    let rows = stmt.query_map([account], |r| {
        let date: String = r.get(2)?;
        Ok((
            r.get::<_, String>(0)?,
            (r.get(1)?, date.parse().unwrap_or_default(), r.get(3)?),
        ))
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// A log landed in Zoho as `remote_id`: the entry now holds it for its date.
pub fn landed(conn: &Connection, entry_id: EntryId, log: &LogBody, remote_id: &str) -> Result<()> {
    // A remote id can only ever belong to one entry piece.
    conn.execute(
        "DELETE FROM remote_logs WHERE account = ?1 AND remote_id = ?2",
        params![log.account, remote_id],
    )?;
    conn.execute(
        "INSERT INTO remote_logs (entry_id, date, account, target, remote_id, minutes, fingerprint)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
         ON CONFLICT (entry_id, date) DO UPDATE SET account = excluded.account, target = excluded.target,
             remote_id = excluded.remote_id, minutes = excluded.minutes, fingerprint = excluded.fingerprint",
        params![
            entry_id,
            log.date.to_string(),
            log.account,
            log.target.to_string(),
            remote_id,
            log.minutes,
            log.fingerprint()
        ],
    )?;
    Ok(())
}

/// An update of this log went unanswered: what Zoho holds is unknown, so no entry
/// matches its fingerprint and the next plan sends the update again, even if the user
/// has since changed the entry back to what Zoho held before.
pub fn unsure(conn: &Connection, account: &str, remote_id: &str) -> Result<()> {
    conn.execute(
        "UPDATE remote_logs SET fingerprint = '' WHERE account = ?1 AND remote_id = ?2",
        params![account, remote_id],
    )?;
    Ok(())
}

/// Zoho no longer has (or should have) this log.
pub fn forget(conn: &Connection, account: &str, remote_id: &str) -> Result<()> {
    conn.execute(
        "DELETE FROM remote_logs WHERE account = ?1 AND remote_id = ?2",
        params![account, remote_id],
    )?;
    Ok(())
}

/// A create about to be sent. Recorded (and committed) before the request goes, so a
/// crash or a lost answer leaves a trace to reconcile.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Inflight {
    pub id: i64,
    pub entry_id: EntryId,
    pub log: LogBody,
}

pub fn send_started(
    conn: &Connection,
    entry_id: EntryId,
    log: &LogBody,
    now: DateTime<Utc>,
) -> Result<i64> {
    conn.execute(
        "INSERT INTO inflight (entry_id, account, target, date, minutes, note, billable, sent_ms)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![
            entry_id,
            log.account,
            log.target.to_string(),
            log.date.to_string(),
            log.minutes,
            log.note,
            log.billable,
            now.timestamp_millis()
        ],
    )?;
    Ok(conn.last_insert_rowid())
}

/// Does the entry hold a log on `date`, or has one in flight there, in any account?
/// `remote_logs` keeps one log per entry and date, so a new log for that date must wait
/// until the old one has left Zoho (or it would be forgotten while Zoho still has it).
pub fn occupied(conn: &Connection, entry_id: EntryId, date: NaiveDate) -> Result<bool> {
    Ok(conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM remote_logs WHERE entry_id = ?1 AND date = ?2)
             OR EXISTS (SELECT 1 FROM inflight WHERE entry_id = ?1 AND date = ?2)",
        params![entry_id, date.to_string()],
        |r| r.get(0),
    )?)
}

pub fn send_settled(conn: &Connection, inflight_id: i64) -> Result<()> {
    conn.execute("DELETE FROM inflight WHERE id = ?1", [inflight_id])?;
    Ok(())
}

pub fn inflight(conn: &Connection, account: &str) -> Result<Vec<Inflight>> {
    let mut stmt = conn.prepare(
        "SELECT id, entry_id, account, target, date, minutes, note, billable FROM inflight
         WHERE account = ?1 ORDER BY id",
    )?;
    type Row = (i64, EntryId, String, String, String, u32, String, bool);
    let rows: Vec<Row> = stmt
        .query_map([account], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
                r.get(6)?,
                r.get(7)?,
            ))
        })?
        .collect::<Result<_, _>>()?;
    rows.into_iter()
        .map(
            |(id, entry_id, account, target, date, minutes, note, billable)| {
                Ok(Inflight {
                    id,
                    entry_id,
                    log: LogBody {
                        account,
                        target: parse_target(&target)?,
                        date: date.parse().unwrap_or_default(),
                        minutes,
                        note,
                        billable,
                    },
                })
            },
        )
        .collect()
}

/// Entries whose local changes have not all reached Zoho: their local copy wins over
/// what a pull brings.
pub fn unsettled(conn: &Connection) -> Result<HashSet<EntryId>> {
    let mut stmt =
        conn.prepare("SELECT entry_id FROM outbox UNION SELECT entry_id FROM inflight")?;
    let rows = stmt.query_map([], |r| r.get(0))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// How an entry's changes ended this pass.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Settled {
    /// Zoho has everything: the entry is synced (or, deleted here, forgotten).
    Done,
    /// Zoho refused it; its words go on the entry until the user edits it.
    Refused(SyncError),
}

/// Consume the entry's outbox rows of this account up to `upto` and record how it
/// ended. Rows written since (the user edited it during the pass) keep it pending.
/// Rows of another account (the entry moved there, or from there) are that account's
/// to settle: a refusal is recorded at once, but only the last account to finish may
/// call the entry synced, and never over a refusal another account met.
pub fn settle(conn: &Connection, dirty: &Dirty, settled: Settled) -> Result<()> {
    conn.execute(
        "DELETE FROM outbox WHERE entry_id = ?1 AND id <= ?2 AND (account = ?3 OR account IS NULL)",
        params![dirty.entry_id, dirty.upto, dirty.account],
    )?;
    let (newer, elsewhere): (bool, bool) = conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM outbox WHERE entry_id = ?1 AND (account = ?2 OR account IS NULL)),
                EXISTS (SELECT 1 FROM outbox WHERE entry_id = ?1 AND account <> ?2)",
        params![dirty.entry_id, dirty.account],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    let Some((mut entry, deleted)) = entries::get_with_deleted(conn, dirty.entry_id)? else {
        return Ok(());
    };
    if deleted {
        if !newer && !elsewhere && settled == Settled::Done {
            entries::purge(conn, entry.id)?;
        }
        return Ok(());
    }
    if newer {
        return Ok(());
    }
    entry.sync = match settled {
        Settled::Refused(error) => SyncState::Rejected(error),
        Settled::Done if elsewhere || matches!(entry.sync, SyncState::Rejected(_)) => {
            return Ok(());
        }
        Settled::Done if entry.target.is_none() => SyncState::LocalOnly,
        Settled::Done => SyncState::Synced,
    };
    save_sync_state(conn, &entry)
}

/// Write only the sync state: the pass must not overwrite fields the user changed.
fn save_sync_state(conn: &Connection, entry: &Entry) -> Result<()> {
    let error = match &entry.sync {
        SyncState::Rejected(e) => Some(e),
        _ => None,
    };
    conn.execute(
        "UPDATE entries SET sync_state = ?2, error_code = ?3, error_message = ?4, zoho_code = ?5 WHERE id = ?1",
        params![
            entry.id,
            entry.sync.as_str(),
            error.map(|e| &e.code),
            error.map(|e| &e.message),
            error.and_then(|e| e.zoho_code)
        ],
    )?;
    Ok(())
}

/// The refresh token was refused: the account waits for `punch account login`.
pub fn needs_login(conn: &Connection, account: &str) -> Result<()> {
    conn.execute(
        "UPDATE accounts SET needs_login = 1 WHERE name = ?1",
        [account],
    )?;
    Ok(())
}

/// Take the sync lease for `holder` until `until`, unless another holder has it.
pub fn take_lease(
    conn: &Connection,
    holder: &str,
    now: DateTime<Utc>,
    until: DateTime<Utc>,
) -> Result<bool> {
    let current: Option<(String, i64)> = conn
        .query_row(
            "SELECT holder, until_ms FROM sync_lease WHERE id = 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    if let Some((other, expires)) = current
        && other != holder
        && expires > now.timestamp_millis()
    {
        return Ok(false);
    }
    conn.execute(
        "INSERT INTO sync_lease (id, holder, until_ms) VALUES (1, ?1, ?2)
         ON CONFLICT (id) DO UPDATE SET holder = excluded.holder, until_ms = excluded.until_ms",
        params![holder, until.timestamp_millis()],
    )?;
    Ok(true)
}

pub fn release_lease(conn: &Connection, holder: &str) -> Result<()> {
    conn.execute("DELETE FROM sync_lease WHERE holder = ?1", [holder])?;
    Ok(())
}

/// Remember how the last pass went, for the tray and the window.
pub fn record_pass(conn: &Connection, now: DateTime<Utc>, error: Option<&str>) -> Result<()> {
    conn.execute(
        "INSERT INTO sync_status (id, last_pass_ms, last_error) VALUES (1, ?1, ?2)
         ON CONFLICT (id) DO UPDATE SET last_pass_ms = excluded.last_pass_ms, last_error = excluded.last_error",
        params![now.timestamp_millis(), error],
    )?;
    Ok(())
}

/// The Zoho timer mirrored for (or adopted into) a running entry.
pub fn remote_timer(conn: &Connection, entry_id: EntryId) -> Result<Option<(String, String)>> {
    Ok(conn
        .query_row(
            "SELECT account, remote_id FROM remote_timers WHERE entry_id = ?1",
            [entry_id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?)
}

pub fn set_remote_timer(
    conn: &Connection,
    entry_id: EntryId,
    account: &str,
    remote_id: &str,
) -> Result<()> {
    conn.execute(
        "INSERT OR REPLACE INTO remote_timers (entry_id, account, remote_id) VALUES (?1, ?2, ?3)",
        params![entry_id, account, remote_id],
    )?;
    Ok(())
}

pub fn clear_remote_timer(conn: &Connection, entry_id: EntryId) -> Result<()> {
    conn.execute("DELETE FROM remote_timers WHERE entry_id = ?1", [entry_id])?;
    Ok(())
}
