//! Connected Zoho accounts as entries need them: which exist, of which product, and
//! whether their timer is mirrored in Zoho. Tokens never live here.

use rusqlite::{Connection, OptionalExtension};

use crate::Result;
use crate::target::Product;

/// How an account's running timer reaches Zoho.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimerMode {
    /// The entry is sent as a log when it stops.
    Log,
    /// Zoho's own timer runs while Punch's runs.
    Mirror,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Account {
    pub name: String,
    pub product: Product,
    pub timer_mode: TimerMode,
}

fn from_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<(String, String, String)> {
    Ok((row.get(0)?, row.get(1)?, row.get(2)?))
}

fn to_account((name, product, mode): (String, String, String)) -> Result<Account> {
    Ok(Account {
        name,
        product: product.parse().map_err(crate::Error::InvalidInput)?,
        timer_mode: if mode == "mirror" {
            TimerMode::Mirror
        } else {
            TimerMode::Log
        },
    })
}

/// Record a connected account; a name already in use is refused.
pub fn add(conn: &Connection, account: &Account, now: chrono::DateTime<chrono::Utc>) -> Result<()> {
    if get(conn, &account.name)?.is_some() {
        return Err(crate::Error::invalid(format!(
            "an account named `{}` already exists",
            account.name
        )));
    }
    conn.execute(
        "INSERT INTO accounts (name, product, timer_mode, created_ms) VALUES (?1, ?2, ?3, ?4)",
        rusqlite::params![
            account.name,
            account.product.as_str(),
            match account.timer_mode {
                TimerMode::Log => "log",
                TimerMode::Mirror => "mirror",
            },
            now.timestamp_millis()
        ],
    )?;
    Ok(())
}

pub fn get(conn: &Connection, name: &str) -> Result<Option<Account>> {
    conn.query_row(
        "SELECT name, product, timer_mode FROM accounts WHERE name = ?1",
        [name],
        from_row,
    )
    .optional()?
    .map(to_account)
    .transpose()
}

pub fn of_product(conn: &Connection, product: Product) -> Result<Vec<Account>> {
    let mut stmt = conn.prepare(
        "SELECT name, product, timer_mode FROM accounts WHERE product = ?1 ORDER BY name",
    )?;
    let rows = stmt.query_map([product.as_str()], from_row)?;
    rows.map(|row| to_account(row?)).collect()
}
