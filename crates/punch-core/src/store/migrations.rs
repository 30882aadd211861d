//! The schema as ordered steps keyed by SQLite's `user_version`: a store is always
//! brought forward one step at a time, each in its own transaction.

use rusqlite::{Connection, TransactionBehavior};

use crate::{Error, Result};

/// Step `i` takes a store from version `i` to `i + 1`. Never edit a step that has
/// shipped; add a new one.
const STEPS: &[&str] = &[
    // 1: entries, the outbox, aliases, accounts (filled by the Zoho issue) and the
    // remote ids of each entry's day pieces.
    r#"
    CREATE TABLE accounts (
        name        TEXT PRIMARY KEY,
        product     TEXT NOT NULL CHECK (product IN ('books', 'people', 'projects')),
        timer_mode  TEXT NOT NULL DEFAULT 'log' CHECK (timer_mode IN ('log', 'mirror')),
        created_ms  INTEGER NOT NULL
    ) STRICT;

    CREATE TABLE aliases (
        name    TEXT PRIMARY KEY,
        target  TEXT NOT NULL
    ) STRICT;

    CREATE TABLE entries (
        -- AUTOINCREMENT: an id a user once saw never comes back for another entry.
        id             INTEGER PRIMARY KEY AUTOINCREMENT,
        -- A span (start_ms, end_ms; end NULL while running) or a duration on a date.
        start_ms       INTEGER,
        end_ms         INTEGER,
        minutes        INTEGER,
        date           TEXT NOT NULL,
        target         TEXT,
        account        TEXT,
        note           TEXT NOT NULL DEFAULT '',
        billable       INTEGER NOT NULL DEFAULT 1,
        source         TEXT NOT NULL DEFAULT 'local' CHECK (source IN ('local', 'remote')),
        sync_state     TEXT NOT NULL
                       CHECK (sync_state IN ('local_only', 'pending', 'synced', 'rejected')),
        error_code     TEXT,
        error_message  TEXT,
        zoho_code      INTEGER,
        created_ms     INTEGER NOT NULL,
        updated_ms     INTEGER NOT NULL,
        -- Deleted entries stay as tombstones until sync has removed their remote logs.
        deleted_ms     INTEGER,
        CHECK ((start_ms IS NULL) = (minutes IS NOT NULL)),
        CHECK (end_ms IS NULL OR (start_ms IS NOT NULL AND end_ms > start_ms)),
        CHECK (minutes IS NULL OR minutes > 0)
    ) STRICT;

    -- At most one running entry, enforced by the store itself.
    CREATE UNIQUE INDEX entries_one_running ON entries ((end_ms IS NULL))
        WHERE start_ms IS NOT NULL AND end_ms IS NULL AND deleted_ms IS NULL;
    CREATE INDEX entries_by_start ON entries (start_ms) WHERE deleted_ms IS NULL;
    CREATE INDEX entries_by_date ON entries (date) WHERE start_ms IS NULL AND deleted_ms IS NULL;
    -- The longest span bounds how far before a range an overlapping entry can start.
    CREATE INDEX entries_by_length ON entries ((end_ms - start_ms)) WHERE deleted_ms IS NULL;
    CREATE INDEX entries_by_sync ON entries (sync_state) WHERE deleted_ms IS NULL;

    CREATE TABLE remote_logs (
        entry_id   INTEGER NOT NULL REFERENCES entries (id) ON DELETE CASCADE,
        date       TEXT NOT NULL,
        account    TEXT NOT NULL,
        target     TEXT NOT NULL,
        remote_id  TEXT NOT NULL,
        minutes    INTEGER NOT NULL,
        PRIMARY KEY (entry_id, date)
    ) STRICT;
    CREATE UNIQUE INDEX remote_logs_by_id ON remote_logs (account, remote_id);

    CREATE TABLE outbox (
        id          INTEGER PRIMARY KEY,
        entry_id    INTEGER NOT NULL REFERENCES entries (id) ON DELETE CASCADE,
        op          TEXT NOT NULL
                    CHECK (op IN ('create', 'update', 'delete', 'timer_start', 'timer_stop')),
        -- The target and account when the change was made: a delete after a target
        -- change must still reach the old place.
        target      TEXT,
        account     TEXT,
        created_ms  INTEGER NOT NULL
    ) STRICT;
    CREATE INDEX outbox_by_entry ON outbox (entry_id);
    "#,
    // 2: where each account's calls go and as whom, the cached catalog the picker
    // works offline from, and rate budgets shared by every Punch process.
    r#"
    ALTER TABLE accounts ADD COLUMN dc TEXT NOT NULL DEFAULT 'com';
    ALTER TABLE accounts ADD COLUMN accounts_server TEXT;
    ALTER TABLE accounts ADD COLUMN api_domain TEXT;
    ALTER TABLE accounts ADD COLUMN client_id TEXT NOT NULL DEFAULT '';
    ALTER TABLE accounts ADD COLUMN org TEXT;
    ALTER TABLE accounts ADD COLUMN portal TEXT;
    ALTER TABLE accounts ADD COLUMN user TEXT;
    ALTER TABLE accounts ADD COLUMN needs_login INTEGER NOT NULL DEFAULT 0;

    CREATE TABLE catalog (
        account     TEXT NOT NULL REFERENCES accounts (name) ON DELETE CASCADE,
        target      TEXT NOT NULL,
        name        TEXT NOT NULL,
        project     TEXT NOT NULL DEFAULT '',
        active      INTEGER NOT NULL DEFAULT 1,
        fetched_ms  INTEGER NOT NULL,
        PRIMARY KEY (account, target)
    ) STRICT;

    CREATE TABLE rate_budgets (
        key    TEXT PRIMARY KEY,
        state  TEXT NOT NULL
    ) STRICT;
    "#,
    // 3: what sync needs to send exactly once: a fingerprint of what each remote log
    // says, every create recorded before it is sent (so a lost answer is reconciled,
    // not re-sent), one syncing process at a time, and Zoho timers mirrored or adopted.
    r#"
    ALTER TABLE remote_logs ADD COLUMN fingerprint TEXT NOT NULL DEFAULT '';

    CREATE TABLE inflight (
        id          INTEGER PRIMARY KEY,
        entry_id    INTEGER NOT NULL,
        account     TEXT NOT NULL,
        target      TEXT NOT NULL,
        date        TEXT NOT NULL,
        minutes     INTEGER NOT NULL,
        note        TEXT NOT NULL,
        billable    INTEGER NOT NULL,
        sent_ms     INTEGER NOT NULL
    ) STRICT;
    CREATE INDEX inflight_by_account ON inflight (account);

    CREATE TABLE sync_lease (
        id          INTEGER PRIMARY KEY CHECK (id = 1),
        holder      TEXT NOT NULL,
        until_ms    INTEGER NOT NULL
    ) STRICT;

    CREATE TABLE remote_timers (
        entry_id    INTEGER PRIMARY KEY REFERENCES entries (id) ON DELETE CASCADE,
        account     TEXT NOT NULL,
        remote_id   TEXT NOT NULL
    ) STRICT;

    CREATE TABLE sync_status (
        id              INTEGER PRIMARY KEY CHECK (id = 1),
        last_pass_ms    INTEGER,
        last_error      TEXT
    ) STRICT;
    "#,
    // 4: `continue` and `toggle` look up the last changed entry on every call; without
    // this index that is a sort of the whole history.
    r#"
    CREATE INDEX entries_by_update ON entries (updated_ms) WHERE deleted_ms IS NULL;
    "#,
    // 5: the pending idle question (one at most), so the tray, the CLI and the window
    // ask and answer the same one. Purging its entry removes it.
    r#"
    CREATE TABLE idle_question (
        id        INTEGER PRIMARY KEY CHECK (id = 1),
        entry_id  INTEGER NOT NULL REFERENCES entries (id) ON DELETE CASCADE,
        since_ms  INTEGER NOT NULL,
        until_ms  INTEGER NOT NULL,
        cause     TEXT NOT NULL CHECK (cause IN ('idle', 'locked', 'sleep')),
        asked_ms  INTEGER NOT NULL,
        CHECK (until_ms > since_ms)
    ) STRICT;
    "#,
];

/// The version a fully migrated store has.
pub const LATEST: i64 = STEPS.len() as i64;

fn version(conn: &Connection) -> Result<i64> {
    Ok(conn.pragma_query_value(None, "user_version", |row| row.get(0))?)
}

/// Bring the store up to [`LATEST`]. Safe when several processes open a new store at
/// once: each step re-reads the version inside its write lock.
pub fn migrate(conn: &mut Connection) -> Result<()> {
    let current = version(conn)?;
    if current == LATEST {
        return Ok(());
    }
    if current > LATEST {
        return Err(too_new(current));
    }
    loop {
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let current = version(&tx)?;
        if current > LATEST {
            return Err(too_new(current));
        }
        let Some(step) = STEPS.get(current as usize) else {
            return Ok(());
        };
        tx.execute_batch(step)?;
        tx.pragma_update(None, "user_version", current + 1)?;
        tx.commit()?;
    }
}

fn too_new(version: i64) -> Error {
    Error::invalid(format!(
        "this store was written by a newer Punch (schema {version}, this build knows {LATEST}); update Punch"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migrates_once_and_refuses_newer_stores() {
        let mut conn = Connection::open_in_memory().unwrap();
        migrate(&mut conn).unwrap();
        assert_eq!(version(&conn).unwrap(), LATEST);
        migrate(&mut conn).unwrap(); // idempotent
        conn.pragma_update(None, "user_version", LATEST + 1)
            .unwrap();
        let err = migrate(&mut conn).unwrap_err();
        assert!(err.to_string().contains("newer Punch"), "{err}");
    }

    #[test]
    fn the_store_refuses_a_second_running_entry() {
        let mut conn = Connection::open_in_memory().unwrap();
        migrate(&mut conn).unwrap();
        let insert = "INSERT INTO entries (start_ms, date, sync_state, created_ms, updated_ms)
                      VALUES (?1, '2026-11-23', 'local_only', 0, 0)";
        conn.execute(insert, [1_000]).unwrap();
        let err = conn.execute(insert, [2_000]).unwrap_err();
        assert!(err.to_string().contains("UNIQUE"), "{err}");
    }
}
