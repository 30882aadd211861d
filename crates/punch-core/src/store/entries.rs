//! Entry rows: reading and writing entries, nothing about what a change means (that is
//! the tracker's job). Deleted entries are tombstones and never come back from reads.

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use rusqlite::{Connection, OptionalExtension, Row, params};

use super::{from_ms, to_ms};
use crate::clock::day_start;
use crate::entry::{Entry, EntryId, Source, SyncError, SyncState, When};
use crate::{Error, Result};

/// Everything about a new entry that the caller chooses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Draft {
    pub date: NaiveDate,
    pub when: When,
    pub target: Option<crate::target::Target>,
    pub account: Option<String>,
    pub note: String,
    pub billable: bool,
    pub source: Source,
}

const COLUMNS: &str = "e.id, e.start_ms, e.end_ms, e.minutes, e.date, e.target, e.account, \
     e.note, e.billable, e.source, e.sync_state, e.error_code, e.error_message, e.zoho_code, \
     (SELECT group_concat(r.remote_id, char(31) ORDER BY r.date) FROM remote_logs r WHERE r.entry_id = e.id)";

fn from_row(row: &Row<'_>) -> rusqlite::Result<Entry> {
    let start: Option<i64> = row.get(1)?;
    let end: Option<i64> = row.get(2)?;
    let minutes: Option<u32> = row.get(3)?;
    let when = match start {
        Some(start) => When::Span {
            start: from_ms(start),
            end: end.map(from_ms),
        },
        None => When::Duration {
            minutes: minutes.unwrap_or_default(),
        },
    };
    let date: String = row.get(4)?;
    let target: Option<String> = row.get(5)?;
    let state: String = row.get(10)?;
    let sync = match state.as_str() {
        "local_only" => SyncState::LocalOnly,
        "synced" => SyncState::Synced,
        "rejected" => SyncState::Rejected(SyncError {
            code: row.get::<_, Option<String>>(11)?.unwrap_or_default(),
            message: row.get::<_, Option<String>>(12)?.unwrap_or_default(),
            zoho_code: row.get(13)?,
        }),
        _ => SyncState::Pending,
    };
    let remote: Option<String> = row.get(14)?;
    Ok(Entry {
        id: row.get(0)?,
        date: date.parse().unwrap_or_default(),
        when,
        // Targets were validated on the way in; one that no longer parses is kept
        // visible as local-only rather than failing every read.
        target: target.and_then(|t| t.parse().ok()),
        account: row.get(6)?,
        note: row.get(7)?,
        billable: row.get(8)?,
        source: Source::from_db(&row.get::<_, String>(9)?),
        sync,
        remote_ids: remote
            .map(|r| r.split('\u{1f}').map(str::to_owned).collect())
            .unwrap_or_default(),
    })
}

fn when_columns(when: &When) -> (Option<i64>, Option<i64>, Option<u32>) {
    match *when {
        When::Span { start, end } => (Some(to_ms(start)), end.map(to_ms), None),
        When::Duration { minutes } => (None, None, Some(minutes)),
    }
}

pub fn insert(conn: &Connection, draft: &Draft, now: DateTime<Utc>) -> Result<EntryId> {
    let (start, end, minutes) = when_columns(&draft.when);
    let state = SyncState::for_target(draft.target.as_ref());
    conn.execute(
        "INSERT INTO entries (start_ms, end_ms, minutes, date, target, account, note, billable,
                              source, sync_state, created_ms, updated_ms)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?11)",
        params![
            start,
            end,
            minutes,
            draft.date.to_string(),
            draft.target.as_ref().map(ToString::to_string),
            draft.account,
            draft.note,
            draft.billable,
            draft.source.as_str(),
            state.as_str(),
            to_ms(now),
        ],
    )?;
    Ok(conn.last_insert_rowid())
}

/// Write back every field of `entry` that a user or sync can change.
pub fn save(conn: &Connection, entry: &Entry, now: DateTime<Utc>) -> Result<()> {
    let (start, end, minutes) = when_columns(&entry.when);
    let error = match &entry.sync {
        SyncState::Rejected(e) => Some(e),
        _ => None,
    };
    let changed = conn.execute(
        "UPDATE entries SET start_ms = ?2, end_ms = ?3, minutes = ?4, date = ?5, target = ?6,
                account = ?7, note = ?8, billable = ?9, sync_state = ?10, error_code = ?11,
                error_message = ?12, zoho_code = ?13, updated_ms = ?14
         WHERE id = ?1 AND deleted_ms IS NULL",
        params![
            entry.id,
            start,
            end,
            minutes,
            entry.date.to_string(),
            entry.target.as_ref().map(ToString::to_string),
            entry.account,
            entry.note,
            entry.billable,
            entry.sync.as_str(),
            error.map(|e| &e.code),
            error.map(|e| &e.message),
            error.and_then(|e| e.zoho_code),
            to_ms(now),
        ],
    )?;
    if changed == 0 {
        return Err(no_such_entry(entry.id));
    }
    Ok(())
}

pub fn no_such_entry(id: EntryId) -> Error {
    Error::NotFound(format!("no entry with id {id}"))
}

pub fn get(conn: &Connection, id: EntryId) -> Result<Option<Entry>> {
    let sql = format!("SELECT {COLUMNS} FROM entries e WHERE e.id = ?1 AND e.deleted_ms IS NULL");
    Ok(conn.query_row(&sql, [id], from_row).optional()?)
}

/// An entry even if it was deleted (sync still has to remove its remote logs), with
/// whether it is a tombstone.
pub fn get_with_deleted(conn: &Connection, id: EntryId) -> Result<Option<(Entry, bool)>> {
    let sql = format!("SELECT {COLUMNS}, e.deleted_ms IS NOT NULL FROM entries e WHERE e.id = ?1");
    Ok(conn
        .query_row(&sql, [id], |row| {
            Ok((from_row(row)?, row.get::<_, bool>(15)?))
        })
        .optional()?)
}

/// The running entry, written so SQLite uses the one-running index: the planner only
/// matches that expression index when the query repeats its expression.
const RUNNING: &str = "(e.end_ms IS NULL) = 1 AND e.start_ms IS NOT NULL AND e.end_ms IS NULL AND e.deleted_ms IS NULL";

pub fn running(conn: &Connection) -> Result<Option<Entry>> {
    let sql = format!("SELECT {COLUMNS} FROM entries e WHERE {RUNNING}");
    Ok(conn.query_row(&sql, [], from_row).optional()?)
}

/// The entry `continue` starts again: the one that ended last (or was logged last).
pub fn last_finished(conn: &Connection) -> Result<Option<Entry>> {
    let sql = format!(
        "SELECT {COLUMNS} FROM entries e
         WHERE e.deleted_ms IS NULL AND NOT (e.start_ms IS NOT NULL AND e.end_ms IS NULL)
         ORDER BY e.updated_ms DESC, e.id DESC LIMIT 1"
    );
    Ok(conn.query_row(&sql, [], from_row).optional()?)
}

/// Mark an entry deleted; it stays as a tombstone so sync can remove its remote logs.
pub fn soft_delete(conn: &Connection, id: EntryId, now: DateTime<Utc>) -> Result<()> {
    let changed = conn.execute(
        "UPDATE entries SET deleted_ms = ?2, updated_ms = ?2 WHERE id = ?1 AND deleted_ms IS NULL",
        params![id, to_ms(now)],
    )?;
    if changed == 0 {
        return Err(no_such_entry(id));
    }
    Ok(())
}

/// Bring a soft-deleted entry back (its tombstone row is the entry itself). Not found
/// when there is no such tombstone: never deleted, or purged since.
pub fn undelete(conn: &Connection, id: EntryId, now: DateTime<Utc>) -> Result<()> {
    let changed = conn.execute(
        "UPDATE entries SET deleted_ms = NULL, updated_ms = ?2 WHERE id = ?1 AND deleted_ms IS NOT NULL",
        params![id, to_ms(now)],
    )?;
    if changed == 0 {
        return Err(no_such_entry(id));
    }
    Ok(())
}

/// Forget an entry that never left this machine.
pub fn purge(conn: &Connection, id: EntryId) -> Result<()> {
    conn.execute("DELETE FROM entries WHERE id = ?1", [id])?;
    Ok(())
}

/// Entries with any time on the local dates `from..=to`, in start order. Spans that
/// started before `from` and reach into it are included.
pub fn overlapping_dates<Z: TimeZone>(
    conn: &Connection,
    from: NaiveDate,
    to: NaiveDate,
    tz: &Z,
) -> Result<Vec<Entry>> {
    let lo = to_ms(day_start(from, tz));
    let hi = to_ms(day_start(to.succ_opt().unwrap_or(to), tz));
    // The longest finished span bounds how early an overlapping entry can start, which
    // keeps the scan on the start index narrow even on a store of years.
    let longest: i64 = conn.query_row(
        "SELECT ifnull(max(end_ms - start_ms), 0) FROM entries WHERE deleted_ms IS NULL",
        [],
        |r| r.get(0),
    )?;
    let sql = overlapping_sql();
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(
        params![lo - longest, hi, lo, from.to_string(), to.to_string()],
        from_row,
    )?;
    let mut entries: Vec<Entry> = rows.collect::<Result<_, _>>()?;
    // Within a day, timed entries in start order, then durations without times.
    entries.sort_by_key(|e| (e.date, e.start().is_none(), e.start(), e.id));
    Ok(entries)
}

/// The three ways an entry can have time in a range of instants (?1..?2, ending after
/// ?3) or dates (?4..=?5).
fn overlapping_sql() -> String {
    // Each branch names or matches its index: left alone, the planner reads NULL
    // starts and old running entries through the start index, a scan of all history.
    format!(
        "SELECT {COLUMNS} FROM entries e
         WHERE e.deleted_ms IS NULL AND e.start_ms >= ?1 AND e.start_ms < ?2
           AND (e.end_ms IS NULL OR e.end_ms > ?3)
         UNION ALL
         SELECT {COLUMNS} FROM entries e
         WHERE {RUNNING} AND e.start_ms < ?1
         UNION ALL
         SELECT {COLUMNS} FROM entries e INDEXED BY entries_by_date
         WHERE e.deleted_ms IS NULL AND e.start_ms IS NULL AND e.date >= ?4 AND e.date <= ?5"
    )
}

/// How many entries wait to be sent, and how many Zoho refused.
pub fn sync_counts(conn: &Connection) -> Result<(u64, u64)> {
    Ok(conn.query_row(
        "SELECT count(*) FILTER (WHERE sync_state = 'pending'),
                count(*) FILTER (WHERE sync_state = 'rejected')
         FROM entries WHERE deleted_ms IS NULL AND sync_state IN ('pending', 'rejected')",
        [],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?)
}

/// Has any piece of this entry reached Zoho?
pub fn has_remote_logs(conn: &Connection, id: EntryId) -> Result<bool> {
    Ok(conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM remote_logs WHERE entry_id = ?1)",
        [id],
        |r| r.get(0),
    )?)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every query a command runs must reach its rows through an index; a full scan is
    /// milliseconds on a store of years, on every `punch start`.
    fn plan(conn: &Connection, sql: &str) -> String {
        let mut stmt = conn.prepare(&format!("EXPLAIN QUERY PLAN {sql}")).unwrap();
        let rows = stmt.query_map([], |r| r.get::<_, String>(3)).unwrap();
        rows.map(Result::unwrap).collect::<Vec<_>>().join("; ")
    }

    #[test]
    fn reads_use_their_indexes() {
        let dir = tempfile::tempdir().unwrap();
        let store = crate::store::Store::open(dir.path()).unwrap();
        let conn = store.conn();
        let running = plan(
            conn,
            &format!("SELECT {COLUMNS} FROM entries e WHERE {RUNNING}"),
        );
        assert!(running.contains("entries_one_running"), "{running}");
        let overlapping = plan(
            conn,
            &overlapping_sql()
                .replace("?4", "'2026-01-01'")
                .replace("?5", "'2026-01-07'")
                .replace("?1", "0")
                .replace("?2", "1")
                .replace("?3", "0"),
        );
        for index in ["entries_by_start", "entries_one_running", "entries_by_date"] {
            assert!(overlapping.contains(index), "{index} unused: {overlapping}");
        }
        assert!(!overlapping.contains("SCAN e"), "{overlapping}");
    }
}
