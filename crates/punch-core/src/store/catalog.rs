//! The cached catalog: every target an account offers, with names for the picker, so
//! choosing what to work on never needs the network.

use chrono::{DateTime, Utc};
use rusqlite::{Connection, params};
use serde::Serialize;

use crate::Result;

/// One target the picker can offer (the `punch targets --json` shape).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CatalogItem {
    pub target: String,
    pub account: String,
    pub product: String,
    pub name: String,
    pub project: String,
    pub active: bool,
}

/// Replace an account's catalog with what Zoho listed just now.
pub fn replace(
    conn: &Connection,
    account: &str,
    items: &[CatalogItem],
    now: DateTime<Utc>,
) -> Result<()> {
    conn.execute("DELETE FROM catalog WHERE account = ?1", [account])?;
    let mut insert = conn.prepare(
        "INSERT OR REPLACE INTO catalog (account, target, name, project, active, fetched_ms)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?;
    for item in items {
        insert.execute(params![
            account,
            item.target,
            item.name,
            item.project,
            item.active,
            now.timestamp_millis()
        ])?;
    }
    Ok(())
}

/// The cached catalog, of one account or all, active targets first.
pub fn list(conn: &Connection, account: Option<&str>) -> Result<Vec<CatalogItem>> {
    let mut stmt = conn.prepare(
        "SELECT c.target, c.account, a.product, c.name, c.project, c.active
         FROM catalog c JOIN accounts a ON a.name = c.account
         WHERE ?1 IS NULL OR c.account = ?1
         ORDER BY c.active DESC, c.account, c.project, c.name",
    )?;
    let rows = stmt.query_map([account], |r| {
        Ok(CatalogItem {
            target: r.get(0)?,
            account: r.get(1)?,
            product: r.get(2)?,
            name: r.get(3)?,
            project: r.get(4)?,
            active: r.get(5)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}
