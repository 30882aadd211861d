//! The local store: one SQLite file per `PUNCH_HOME`, shared by the tray, the window and
//! the CLI. SQLite serialises their writes; every change is one immediate transaction.

pub mod accounts;
pub mod aliases;
pub mod budgets;
pub mod catalog;
pub mod entries;
pub mod idle;
mod migrations;
pub mod outbox;

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, OpenFlags, Transaction, TransactionBehavior};

pub use migrations::LATEST as SCHEMA_VERSION;

use crate::{Error, Result};

/// How long a writer waits for another process's transaction before giving up. Writes
/// are milliseconds long, so reaching this means something is badly stuck.
const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

/// The file name of the store inside `PUNCH_HOME`.
pub const FILE_NAME: &str = "punch.db";

/// An open store. One per process and thread; SQLite coordinates between processes.
#[derive(Debug)]
pub struct Store {
    conn: Connection,
    path: PathBuf,
    /// Tells a running tray about each commit (`None`: this store keeps quiet).
    changes: Option<crate::changes::Pinger>,
}

impl Store {
    /// Open (creating if needed) the store in `home`, migrated to the latest schema.
    pub fn open(home: &Path) -> Result<Store> {
        std::fs::create_dir_all(home).map_err(|source| Error::Io {
            context: format!("can't create {}", home.display()),
            source,
        })?;
        let path = home.join(FILE_NAME);
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let started = std::time::Instant::now();
        let conn = loop {
            match prepare(&path, flags) {
                // Setting up a brand-new store races another process doing the same;
                // SQLite answers some of those steps "busy" without its busy timeout.
                Err(Error::Store(rusqlite::Error::SqliteFailure(e, _)))
                    if e.code == rusqlite::ErrorCode::DatabaseBusy
                        && started.elapsed() < BUSY_TIMEOUT =>
                {
                    std::thread::sleep(Duration::from_millis(5));
                }
                other => break other?,
            }
        };
        Ok(Store {
            conn,
            path,
            changes: Some(crate::changes::Pinger::for_home(home)),
        })
    }

    /// Whether commits ping the change socket (on by default). The tray turns its own
    /// stores' pings off: it knows what it wrote, and its sync pass must not wake it.
    pub fn set_change_pings(&mut self, on: bool) {
        match (on, &self.changes) {
            (false, _) => self.changes = None,
            (true, None) => {
                let home = self.path.parent().unwrap_or(Path::new("."));
                self.changes = Some(crate::changes::Pinger::for_home(home));
            }
            (true, Some(_)) => {}
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Copy the WAL's commits into the database file and fsync it, without waiting for
    /// readers or writers (what they hold is copied next time). Commands never fsync
    /// (see `open`); the tray calls this after each sync pass, which bounds what a
    /// sudden power loss can take. Returns how many WAL frames are now in the database.
    pub fn checkpoint(&self) -> Result<u64> {
        let (_busy, _log, copied): (i64, i64, i64) =
            self.conn
                .query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |r| {
                    Ok((r.get(0)?, r.get(1)?, r.get(2)?))
                })?;
        Ok(u64::try_from(copied).unwrap_or(0))
    }

    /// Read-only access for queries.
    pub fn conn(&self) -> &Connection {
        &self.conn
    }

    /// Run `f` in one immediate (write-locked from the start) transaction and commit it.
    /// Immediate, because a deferred transaction that reads and then writes can fail with
    /// SQLITE_BUSY at once, without waiting, when another process wrote in between.
    pub fn write<T>(&mut self, f: impl FnOnce(&Transaction<'_>) -> Result<T>) -> Result<T> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let value = f(&tx)?;
        tx.commit()?;
        if let Some(changes) = &self.changes {
            changes.ping();
        }
        Ok(value)
    }
}

/// Open the store file and bring it to a usable state: write-ahead logging, durable
/// commits, foreign keys, the latest schema.
fn prepare(path: &Path, flags: OpenFlags) -> Result<Connection> {
    let mut conn = Connection::open_with_flags(path, flags)?;
    conn.busy_timeout(BUSY_TIMEOUT)?;
    // WAL lets readers (the window, `punch status`) run beside a writer.
    let mode: String = conn.pragma_update_and_check(None, "journal_mode", "WAL", |r| r.get(0))?;
    if !mode.eq_ignore_ascii_case("wal") {
        return Err(Error::Io {
            context: format!("{} can't use write-ahead logging", path.display()),
            source: std::io::Error::other(format!("journal_mode is {mode}")),
        });
    }
    // Durability: a commit is in the WAL before the command answers, so a crash or a
    // kill -9 of any Punch process loses nothing, and the store is never corrupted.
    // NORMAL leaves the fsync to checkpoints: on this class of disk an fsync costs
    // ~4 ms, ten times a whole command, so on sudden power loss the last moments of
    // commands the OS had not yet written back can be lost (the tray checkpoints
    // often, which keeps that window short).
    conn.pragma_update(None, "synchronous", "NORMAL")?;
    // The last process to close would otherwise checkpoint and fsync on the way out,
    // which is every short-lived CLI command; commits checkpoint as the WAL grows.
    conn.set_db_config(
        rusqlite::config::DbConfig::SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE,
        true,
    )?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    migrations::migrate(&mut conn)?;
    Ok(conn)
}

/// Milliseconds since the Unix epoch, as the store keeps instants.
pub(crate) fn to_ms(instant: chrono::DateTime<chrono::Utc>) -> i64 {
    instant.timestamp_millis()
}

pub(crate) fn from_ms(ms: i64) -> chrono::DateTime<chrono::Utc> {
    chrono::DateTime::from_timestamp_millis(ms).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_checkpoint_copies_the_commits_into_the_database_file() {
        let home = tempfile::tempdir().unwrap();
        let mut store = Store::open(home.path()).unwrap();
        store
            .write(|tx| {
                tx.execute("CREATE TABLE scratch (n INTEGER)", [])?;
                tx.execute("INSERT INTO scratch VALUES (1)", [])?;
                Ok(())
            })
            .unwrap();
        assert!(
            store.checkpoint().unwrap() > 0,
            "the commits were in the WAL"
        );
    }

    #[test]
    fn the_store_opens_in_wal_without_fsync_per_commit_or_checkpoint_on_close() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).unwrap();
        let conn = store.conn();
        let mode: String = conn
            .pragma_query_value(None, "journal_mode", |r| r.get(0))
            .unwrap();
        assert_eq!(mode, "wal");
        // 1 = NORMAL: commits reach the WAL; fsync waits for a checkpoint.
        let sync: i64 = conn
            .pragma_query_value(None, "synchronous", |r| r.get(0))
            .unwrap();
        assert_eq!(sync, 1);
        let no_checkpoint = conn
            .db_config(rusqlite::config::DbConfig::SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE)
            .unwrap();
        assert!(no_checkpoint);
        let foreign_keys: i64 = conn
            .pragma_query_value(None, "foreign_keys", |r| r.get(0))
            .unwrap();
        assert_eq!(foreign_keys, 1);
    }
}
