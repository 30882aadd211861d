//! Connected Zoho accounts: which product, where its calls go, as whom, and how its
//! timer reaches Zoho. Tokens never live here (see `secrets`).

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, Row, params};

use crate::target::Product;
use crate::{Error, Result};

/// How an account's running timer reaches Zoho.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimerMode {
    /// The entry is sent as a log when it stops.
    Log,
    /// Zoho's own timer runs while Punch's runs.
    Mirror,
}

impl TimerMode {
    pub fn as_str(self) -> &'static str {
        match self {
            TimerMode::Log => "log",
            TimerMode::Mirror => "mirror",
        }
    }
}

/// One connected product account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Account {
    pub name: String,
    pub product: Product,
    pub timer_mode: TimerMode,
    /// The data center's suffix: `com`, `eu`, …
    pub dc: String,
    /// Zoho Accounts host from the sign-in redirect, when it differs from the default.
    pub accounts_server: Option<String>,
    /// The token response's `api_domain` (the Books host).
    pub api_domain: Option<String>,
    pub client_id: String,
    /// Books: the organization id.
    pub org: Option<String>,
    /// Projects: the portal id or name.
    pub portal: Option<String>,
    /// People: whose time is logged (email or id); Books: optional user_id.
    pub user: Option<String>,
    /// The refresh token was refused: the user must sign in again.
    pub needs_login: bool,
}

impl Account {
    /// A new account with the defaults for everything not given.
    pub fn new(name: &str, product: Product) -> Account {
        Account {
            name: name.to_owned(),
            product,
            timer_mode: TimerMode::Log,
            dc: "com".into(),
            accounts_server: None,
            api_domain: None,
            client_id: String::new(),
            org: None,
            portal: None,
            user: None,
            needs_login: false,
        }
    }
}

const COLUMNS: &str = "name, product, timer_mode, dc, accounts_server, api_domain, client_id, \
                       org, portal, user, needs_login";

fn from_row(row: &Row<'_>) -> rusqlite::Result<(Account, String)> {
    let product: String = row.get(1)?;
    let mode: String = row.get(2)?;
    let account = Account {
        name: row.get(0)?,
        product: Product::Books,
        timer_mode: if mode == "mirror" {
            TimerMode::Mirror
        } else {
            TimerMode::Log
        },
        dc: row.get(3)?,
        accounts_server: row.get(4)?,
        api_domain: row.get(5)?,
        client_id: row.get(6)?,
        org: row.get(7)?,
        portal: row.get(8)?,
        user: row.get(9)?,
        needs_login: row.get(10)?,
    };
    Ok((account, product))
}

fn with_product((mut account, product): (Account, String)) -> Result<Account> {
    account.product = product.parse().map_err(Error::InvalidInput)?;
    Ok(account)
}

/// Record a connected account; a name already in use is refused.
pub fn add(conn: &Connection, account: &Account, now: DateTime<Utc>) -> Result<()> {
    if get(conn, &account.name)?.is_some() {
        return Err(Error::invalid(format!(
            "an account named `{}` already exists (choose another with --name)",
            account.name
        )));
    }
    conn.execute(
        &format!("INSERT INTO accounts ({COLUMNS}, created_ms) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)"),
        params![
            account.name,
            account.product.as_str(),
            account.timer_mode.as_str(),
            account.dc,
            account.accounts_server,
            account.api_domain,
            account.client_id,
            account.org,
            account.portal,
            account.user,
            account.needs_login,
            now.timestamp_millis()
        ],
    )?;
    Ok(())
}

/// Write back what can change after sign-in: where calls go, the timer mode, login state.
pub fn save(conn: &Connection, account: &Account) -> Result<()> {
    conn.execute(
        "UPDATE accounts SET timer_mode = ?2, dc = ?3, accounts_server = ?4, api_domain = ?5,
                client_id = ?6, org = ?7, portal = ?8, user = ?9, needs_login = ?10
         WHERE name = ?1",
        params![
            account.name,
            account.timer_mode.as_str(),
            account.dc,
            account.accounts_server,
            account.api_domain,
            account.client_id,
            account.org,
            account.portal,
            account.user,
            account.needs_login,
        ],
    )?;
    Ok(())
}

pub fn remove(conn: &Connection, name: &str) -> Result<()> {
    conn.execute("DELETE FROM accounts WHERE name = ?1", [name])?;
    Ok(())
}

pub fn get(conn: &Connection, name: &str) -> Result<Option<Account>> {
    conn.query_row(
        &format!("SELECT {COLUMNS} FROM accounts WHERE name = ?1"),
        [name],
        from_row,
    )
    .optional()?
    .map(with_product)
    .transpose()
}

pub fn list(conn: &Connection) -> Result<Vec<Account>> {
    let mut stmt = conn.prepare(&format!("SELECT {COLUMNS} FROM accounts ORDER BY name"))?;
    let rows = stmt.query_map([], from_row)?;
    rows.map(|row| with_product(row?)).collect()
}

pub fn of_product(conn: &Connection, product: Product) -> Result<Vec<Account>> {
    Ok(list(conn)?
        .into_iter()
        .filter(|a| a.product == product)
        .collect())
}
