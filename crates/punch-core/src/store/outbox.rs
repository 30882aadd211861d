//! The outbox: every change that Zoho must hear about, written in the same transaction as
//! the change itself, so nothing is lost between the store and the network.

use chrono::{DateTime, Utc};
use rusqlite::{Connection, params};

use super::{from_ms, to_ms};
use crate::Result;
use crate::entry::EntryId;
use crate::target::Target;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Op {
    Create,
    Update,
    Delete,
    TimerStart,
    TimerStop,
}

impl Op {
    pub fn as_str(self) -> &'static str {
        match self {
            Op::Create => "create",
            Op::Update => "update",
            Op::Delete => "delete",
            Op::TimerStart => "timer_start",
            Op::TimerStop => "timer_stop",
        }
    }

    fn from_db(text: &str) -> Op {
        match text {
            "create" => Op::Create,
            "update" => Op::Update,
            "delete" => Op::Delete,
            "timer_start" => Op::TimerStart,
            _ => Op::TimerStop,
        }
    }
}

/// One queued change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutboxRow {
    pub id: i64,
    pub entry_id: EntryId,
    pub op: Op,
    pub target: Option<String>,
    pub account: Option<String>,
    pub created: DateTime<Utc>,
}

pub fn push(
    conn: &Connection,
    entry_id: EntryId,
    op: Op,
    target: Option<&Target>,
    account: Option<&str>,
    now: DateTime<Utc>,
) -> Result<()> {
    conn.execute(
        "INSERT INTO outbox (entry_id, op, target, account, created_ms) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![
            entry_id,
            op.as_str(),
            target.map(Target::to_string),
            account,
            to_ms(now)
        ],
    )?;
    Ok(())
}

/// Every queued change, oldest first.
pub fn all(conn: &Connection) -> Result<Vec<OutboxRow>> {
    let mut stmt = conn
        .prepare("SELECT id, entry_id, op, target, account, created_ms FROM outbox ORDER BY id")?;
    let rows = stmt.query_map([], |r| {
        Ok(OutboxRow {
            id: r.get(0)?,
            entry_id: r.get(1)?,
            op: Op::from_db(&r.get::<_, String>(2)?),
            target: r.get(3)?,
            account: r.get(4)?,
            created: from_ms(r.get(5)?),
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Does this entry have queued changes? (An entry never sent and never queued can be
/// forgotten outright when it is thrown away.)
pub fn has_rows(conn: &Connection, entry_id: EntryId) -> Result<bool> {
    Ok(conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM outbox WHERE entry_id = ?1)",
        [entry_id],
        |r| r.get(0),
    )?)
}
