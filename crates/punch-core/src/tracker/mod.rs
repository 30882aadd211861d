//! The tracker: the one door into Punch's state. Every face (CLI, tray, window) calls
//! these methods; each is one store transaction that also queues what Zoho must hear.

mod change;
mod idle;
mod restore;
mod timer_commands;

use std::path::Path;

use chrono::{DateTime, Local, NaiveDate, Utc};
use rusqlite::Connection;
use serde::Serialize;

pub use change::{EditRequest, LogRequest, SpanChange};
pub use idle::{IdleAnswer, IdleJson, IdleOutcome, IdleQuestion};
pub use timer_commands::{StartOutcome, StartRequest, StopOutcome, ToggleOutcome};

use crate::clock::local_date;
use crate::entry::{Entry, EntryJson};
use crate::store::{Store, accounts, aliases, entries};
use crate::target::{Target, TargetRef};
use crate::{Error, Result};

/// Punch's state on this machine, seen through the local time zone.
#[derive(Debug)]
pub struct Tracker {
    store: Store,
    tz: Local,
}

/// What `punch status` reports.
#[derive(Debug, Clone)]
pub struct Status {
    pub running: Option<Entry>,
    pub today_minutes: u32,
    pub pending: u64,
    pub rejected: u64,
    /// The pending idle question.
    pub idle: Option<IdleQuestion>,
}

/// The JSON shape of `punch status --json`.
#[derive(Debug, Clone, Serialize)]
pub struct StatusJson {
    pub running: Option<EntryJson>,
    pub today_minutes: u32,
    pub pending: u64,
    pub rejected: u64,
    /// The pending idle question: `{"since", "minutes", "entry"}`.
    pub idle: Option<IdleJson>,
}

impl Status {
    pub fn to_json(&self, now: DateTime<Utc>) -> StatusJson {
        StatusJson {
            running: self.running.as_ref().map(|e| e.to_json(now)),
            today_minutes: self.today_minutes,
            pending: self.pending,
            rejected: self.rejected,
            idle: self.idle.as_ref().map(|q| q.to_json(now)),
        }
    }
}

impl Tracker {
    /// Open the store in `home` (`PUNCH_HOME`).
    pub fn open(home: &Path) -> Result<Tracker> {
        Ok(Tracker {
            store: Store::open(home)?,
            tz: Local,
        })
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    pub fn store_mut(&mut self) -> &mut Store {
        &mut self.store
    }

    /// The local date of `now`.
    pub fn today(&self, now: DateTime<Utc>) -> NaiveDate {
        local_date(now, &self.tz)
    }

    pub fn time_zone(&self) -> &Local {
        &self.tz
    }

    pub fn status(&self, now: DateTime<Utc>) -> Result<Status> {
        let conn = self.store.conn();
        let today = self.today(now);
        let today_minutes = entries::overlapping_dates(conn, today, today, &self.tz)?
            .iter()
            .map(|e| e.minutes_on(today, &self.tz, now))
            .sum();
        let (pending, rejected) = entries::sync_counts(conn)?;
        Ok(Status {
            running: entries::running(conn)?,
            today_minutes,
            pending,
            rejected,
            idle: self.idle_question()?,
        })
    }

    /// Entries with time on the local dates `from..=to`.
    pub fn entries(&self, from: NaiveDate, to: NaiveDate) -> Result<Vec<Entry>> {
        if to < from {
            return Err(Error::invalid(format!(
                "the range {from} to {to} ends before it starts"
            )));
        }
        entries::overlapping_dates(self.store.conn(), from, to, &self.tz)
    }

    pub fn entry(&self, id: i64) -> Result<Entry> {
        entries::get(self.store.conn(), id)?.ok_or_else(|| entries::no_such_entry(id))
    }

    /// `punch alias NAME TARGET`: the target may itself be an alias.
    pub fn set_alias(&mut self, name: &str, target: &TargetRef) -> Result<Target> {
        let name = crate::target::alias_name(name)
            .map_err(Error::InvalidInput)?
            .to_owned();
        self.store.write(|tx| {
            let target = resolve_target(tx, target)?;
            aliases::set(tx, &name, &target)?;
            Ok(target)
        })
    }

    pub fn aliases(&self) -> Result<Vec<(String, String)>> {
        aliases::list(self.store.conn())
    }
}

/// What a new entry is about, from what the user wrote: the target resolved (aliases
/// included), its account chosen, the note trimmed, billable by default.
pub(crate) fn template(
    conn: &Connection,
    target: Option<&TargetRef>,
    account: Option<&str>,
    note: &str,
    billable: Option<bool>,
) -> Result<crate::timer::Template> {
    let target = target.map(|t| resolve_target(conn, t)).transpose()?;
    let account = resolve_account(conn, target.as_ref(), account)?;
    Ok(crate::timer::Template {
        target,
        account,
        note: note.trim().to_owned(),
        billable: billable.unwrap_or(true),
    })
}

/// Turn what the user wrote into a target; an unknown alias is invalid input.
pub(crate) fn resolve_target(conn: &Connection, target: &TargetRef) -> Result<Target> {
    match target {
        TargetRef::Target(t) => Ok(t.clone()),
        TargetRef::Alias(name) => aliases::get(conn, name)?.ok_or_else(|| {
            Error::invalid(format!(
                "no alias `{name}` (set one with `punch alias {name} TARGET`)"
            ))
        }),
    }
}

/// The account an entry's time goes to: the one named, the only one of the product, or
/// none yet (the entry waits as pending until an account of its product is added).
pub(crate) fn resolve_account(
    conn: &Connection,
    target: Option<&Target>,
    named: Option<&str>,
) -> Result<Option<String>> {
    let Some(target) = target else {
        return match named {
            Some(name) => Err(Error::invalid(format!(
                "--account {name} needs a target: an entry without one stays on this machine"
            ))),
            None => Ok(None),
        };
    };
    let product = target.product();
    if let Some(name) = named {
        let account = accounts::get(conn, name)?.ok_or_else(|| {
            Error::invalid(format!(
                "no account named `{name}` (see `punch account list`)"
            ))
        })?;
        if account.product != product {
            return Err(Error::invalid(format!(
                "account `{name}` is a {} account, but {target} is a {product} target",
                account.product
            )));
        }
        return Ok(Some(account.name));
    }
    let mut candidates = accounts::of_product(conn, product)?;
    match candidates.len() {
        0 | 1 => Ok(candidates.pop().map(|a| a.name)),
        _ => {
            let names: Vec<_> = candidates.iter().map(|a| a.name.as_str()).collect();
            Err(Error::invalid(format!(
                "{} {product} accounts are connected ({}): choose one with --account",
                names.len(),
                names.join(", ")
            )))
        }
    }
}
