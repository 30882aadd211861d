//! Aliases: short names for targets, so `punch start web` and `@web` in a quick log work.

use rusqlite::{Connection, OptionalExtension, params};

use crate::Result;
use crate::target::Target;

pub fn set(conn: &Connection, name: &str, target: &Target) -> Result<()> {
    conn.execute(
        "INSERT INTO aliases (name, target) VALUES (?1, ?2)
         ON CONFLICT (name) DO UPDATE SET target = excluded.target",
        params![name, target.to_string()],
    )?;
    Ok(())
}

/// The target an alias names, if it exists. A stored target that no longer parses is
/// reported, not hidden.
pub fn get(conn: &Connection, name: &str) -> Result<Option<Target>> {
    let text: Option<String> = conn
        .query_row("SELECT target FROM aliases WHERE name = ?1", [name], |r| {
            r.get(0)
        })
        .optional()?;
    text.map(|t| t.parse().map_err(crate::Error::InvalidInput))
        .transpose()
}

pub fn list(conn: &Connection) -> Result<Vec<(String, String)>> {
    let mut stmt = conn.prepare("SELECT name, target FROM aliases ORDER BY name")?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<Result<_, _>>()?)
}
