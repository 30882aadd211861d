//! One function per command: parse the arguments' values, call the tracker, render.
//! Each returns the whole stdout text, so a failure never leaves half an answer printed.

mod accounts;
mod entries;
mod idle;
mod sync;
mod timer;
mod tray;

use std::path::Path;

use chrono::{DateTime, NaiveDate, Utc};
use punch_core::forms;
use punch_core::target::TargetRef;
use punch_core::tracker::Tracker;
use punch_core::{Error, Result};

use crate::args::{Cli, Command, RangeArgs};

/// A command that failed, with what it still prints on stdout (`punch sync` prints its
/// summary even when it exits 1) and the stable code, when it is not the error's own.
#[derive(Debug)]
pub struct Failed {
    pub error: Box<Error>,
    pub code: Option<String>,
    pub stdout: Option<String>,
}

impl From<Error> for Failed {
    fn from(error: Error) -> Self {
        Failed {
            error: Box::new(error),
            code: None,
            stdout: None,
        }
    }
}

pub fn run(cli: &Cli, home: &Path, now: DateTime<Utc>) -> Result<String, Failed> {
    // The tray opens the store itself, once it knows no other tray has this home.
    if let Command::Tray { autostart } = &cli.command {
        return Ok(tray::run(home, *autostart, cli.json)?);
    }
    let mut tracker = Tracker::open(home)?;
    let json = cli.json;
    let output = match &cli.command {
        Command::Start(args) => timer::start(&mut tracker, args, json, now),
        Command::Stop { at } => timer::stop(&mut tracker, at.as_deref(), json, now),
        Command::Toggle => timer::toggle(&mut tracker, json, now),
        Command::Status => timer::status(&tracker, json, now),
        Command::Log(args) => entries::log(&mut tracker, args, json, now),
        Command::Entries(range) => entries::list(&tracker, range, json, now),
        Command::Edit(args) => entries::edit(&mut tracker, args, json, now),
        Command::Delete { id } => entries::delete(&mut tracker, *id, json, now),
        Command::Report(args) => entries::report(&tracker, args, json, now),
        Command::Alias { name, target } => alias(&mut tracker, name, target, json),
        Command::Idle {
            answer,
            target,
            account,
        } => idle::answer(
            &mut tracker,
            *answer,
            target.as_deref(),
            account.as_deref(),
            json,
            now,
        ),
        Command::Account(command) => accounts::run(&mut tracker, home, command, json, now),
        Command::Targets { account, refresh } => {
            accounts::targets(&mut tracker, home, account.as_deref(), *refresh, json, now)
        }
        Command::Sync => return sync::run(&mut tracker, home, json, now),
        Command::Tray { .. } => unreachable!("handled before the store is opened"),
    };
    Ok(output?)
}

fn alias(tracker: &mut Tracker, name: &str, target: &str, json: bool) -> Result<String> {
    let target = tracker.set_alias(name, &target_arg(target)?)?;
    Ok(if json {
        format!(
            "{}\n",
            serde_json::json!({ "alias": name, "target": target.to_string() })
        )
    } else {
        format!("@{name} → {target}\n")
    })
}

pub(crate) fn invalid(message: String) -> Error {
    Error::InvalidInput(message)
}

pub(crate) fn target_arg(text: &str) -> Result<TargetRef> {
    TargetRef::parse_arg(text).map_err(invalid)
}

pub(crate) fn instant_arg(text: &str, now: DateTime<Utc>) -> Result<DateTime<Utc>> {
    forms::parse_instant(text, now, &chrono::Local).map_err(invalid)
}

pub(crate) fn date_arg(text: &str, today: NaiveDate) -> Result<NaiveDate> {
    forms::parse_date(text, today).map_err(invalid)
}

/// `--from`/`--to` as dates; today by default, and `--to` alone means that one day.
pub(crate) fn date_range(range: &RangeArgs, today: NaiveDate) -> Result<(NaiveDate, NaiveDate)> {
    let to = range
        .to
        .as_deref()
        .map(|t| date_arg(t, today))
        .transpose()?;
    let from = match range.from.as_deref() {
        Some(f) => date_arg(f, today)?,
        None => to.unwrap_or(today),
    };
    let to = to.unwrap_or(today.max(from));
    if to < from {
        return Err(invalid(format!(
            "--to {to} is before --from {from}: the range must not end before it starts"
        )));
    }
    Ok((from, to))
}

pub(crate) fn to_json_line(value: &impl serde::Serialize) -> String {
    let mut text = serde_json::to_string(value).expect("JSON shapes always serialise");
    text.push('\n');
    text
}
