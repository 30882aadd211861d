//! The pending idle question's row: at most one, read and written by whichever face
//! asks or answers. What an answer means is the tracker's business.

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, params};

use super::{from_ms, to_ms};
use crate::Result;
use crate::idle::{Cause, Question};

/// Store `question`, replacing any older one: an unanswered question counts as kept.
pub fn put(conn: &Connection, question: &Question, now: DateTime<Utc>) -> Result<()> {
    conn.execute(
        "INSERT OR REPLACE INTO idle_question (id, entry_id, since_ms, until_ms, cause, asked_ms)
         VALUES (1, ?1, ?2, ?3, ?4, ?5)",
        params![
            question.entry,
            to_ms(question.since),
            to_ms(question.until),
            question.cause.as_str(),
            to_ms(now)
        ],
    )?;
    Ok(())
}

/// The pending question and when it was asked; one about a deleted entry is none.
pub fn get(conn: &Connection) -> Result<Option<(Question, DateTime<Utc>)>> {
    Ok(conn
        .query_row(
            "SELECT q.entry_id, q.since_ms, q.until_ms, q.cause, q.asked_ms
             FROM idle_question q JOIN entries e ON e.id = q.entry_id
             WHERE e.deleted_ms IS NULL",
            [],
            |r| {
                Ok((
                    Question {
                        entry: r.get(0)?,
                        since: from_ms(r.get(1)?),
                        until: from_ms(r.get(2)?),
                        cause: Cause::from_db(&r.get::<_, String>(3)?),
                    },
                    from_ms(r.get(4)?),
                ))
            },
        )
        .optional()?)
}

pub fn clear(conn: &Connection) -> Result<()> {
    conn.execute("DELETE FROM idle_question", [])?;
    Ok(())
}
