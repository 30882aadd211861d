//! Start, stop, toggle and discard: the timer state machine's effects applied to the
//! store in one transaction, with the outbox rows each account's timer mode calls for.

use chrono::{DateTime, Utc};
use rusqlite::Connection;

use super::{Tracker, template};
use crate::clock::local_date;
use crate::entry::{Entry, Source, When};
use crate::store::accounts::{self, TimerMode};
use crate::store::entries::{self, Draft};
use crate::store::outbox::{self, Op};
use crate::target::TargetRef;
use crate::timer::{self, DiscardReason, Effect, Template, TimerCommand, TimerState};
use crate::{Error, Result};

/// `punch start`: what to work on, from when.
#[derive(Debug, Clone, Default)]
pub struct StartRequest {
    pub target: Option<TargetRef>,
    pub account: Option<String>,
    pub note: String,
    /// `None`: billable, the default.
    pub billable: Option<bool>,
    /// An explicit earlier start; `None` is now.
    pub at: Option<DateTime<Utc>>,
}

/// What became of the running entry when it stopped.
#[derive(Debug, Clone)]
pub enum StopOutcome {
    Stopped(Entry),
    /// Dropped, because it was shorter than a minute or the user asked.
    Discarded(Entry, DiscardReason),
}

#[derive(Debug, Clone)]
pub struct StartOutcome {
    pub started: Entry,
    /// The entry that was running before, if this start was a switch.
    pub switched_from: Option<StopOutcome>,
}

#[derive(Debug, Clone)]
pub enum ToggleOutcome {
    Stopped(StopOutcome),
    Started(Entry),
}

fn template_of(entry: &Entry) -> Template {
    Template {
        target: entry.target.clone(),
        account: entry.account.clone(),
        note: entry.note.clone(),
        billable: entry.billable,
    }
}

fn timer_mode(conn: &Connection, account: Option<&str>) -> Result<TimerMode> {
    Ok(match account {
        Some(name) => accounts::get(conn, name)?.map_or(TimerMode::Log, |a| a.timer_mode),
        None => TimerMode::Log,
    })
}

impl Tracker {
    pub fn start(&mut self, request: StartRequest, now: DateTime<Utc>) -> Result<StartOutcome> {
        let mut outcome = self.store.write(|tx| {
            let template = template(
                tx,
                request.target.as_ref(),
                request.account.as_deref(),
                &request.note,
                request.billable,
            )?;
            let at = request.at;
            apply(tx, |_| Ok(TimerCommand::Start { template, at }), now)
        })?;
        Ok(StartOutcome {
            started: outcome
                .started
                .take()
                .expect("a start always starts an entry"),
            switched_from: outcome.stopped,
        })
    }

    pub fn stop(&mut self, at: Option<DateTime<Utc>>, now: DateTime<Utc>) -> Result<StopOutcome> {
        let outcome = self
            .store
            .write(|tx| apply(tx, |_| Ok(TimerCommand::Stop { at }), now))?;
        Ok(outcome
            .stopped
            .expect("a stop always ends the running entry"))
    }

    /// Stop if a timer runs, else continue the last entry.
    pub fn toggle(&mut self, now: DateTime<Utc>) -> Result<ToggleOutcome> {
        let mut outcome = self.store.write(|tx| {
            apply(
                tx,
                |state| {
                    Ok(if state.running.is_some() {
                        TimerCommand::Stop { at: None }
                    } else {
                        TimerCommand::Continue { at: None }
                    })
                },
                now,
            )
        })?;
        Ok(match outcome.started.take() {
            Some(started) => ToggleOutcome::Started(started),
            None => ToggleOutcome::Stopped(outcome.stopped.expect("toggle stops or starts")),
        })
    }

    /// Start the last entry's target, note and billable flag again.
    pub fn continue_last(
        &mut self,
        at: Option<DateTime<Utc>>,
        now: DateTime<Utc>,
    ) -> Result<Entry> {
        let outcome = self
            .store
            .write(|tx| apply(tx, |_| Ok(TimerCommand::Continue { at }), now))?;
        Ok(outcome.started.expect("a continue always starts an entry"))
    }

    /// Throw the running entry away.
    pub fn discard(&mut self, now: DateTime<Utc>) -> Result<Entry> {
        let outcome = self
            .store
            .write(|tx| apply(tx, |_| Ok(TimerCommand::Discard), now))?;
        match outcome.stopped {
            Some(StopOutcome::Discarded(entry, _)) => Ok(entry),
            _ => unreachable!("discard always discards"),
        }
    }
}

#[derive(Debug, Default)]
struct Applied {
    stopped: Option<StopOutcome>,
    started: Option<Entry>,
}

/// Read the timer's state, run one transition and write its effects, all inside `tx`.
fn apply(
    tx: &Connection,
    command: impl FnOnce(&TimerState) -> Result<TimerCommand>,
    now: DateTime<Utc>,
) -> Result<Applied> {
    let running = entries::running(tx)?;
    let state = TimerState {
        running: running.as_ref().map(|e| timer::Running {
            start: e.start().expect("a running entry has a start"),
            template: template_of(e),
        }),
        last: entries::last_finished(tx)?.map(|e| template_of(&e)),
    };
    let (_, effects) = timer::apply(&state, command(&state)?, now)?;
    let tz = chrono::Local;
    let mut applied = Applied::default();
    for effect in effects {
        match effect {
            Effect::Stopped { start, end } => {
                let mut entry = running.clone().ok_or_else(not_running)?;
                entry.when = When::Span {
                    start,
                    end: Some(end),
                };
                entries::save(tx, &entry, now)?;
                // Report what was stored (instants in whole milliseconds), not the
                // in-memory copy.
                let entry = entries::get(tx, entry.id)?.unwrap_or(entry);
                if let Some(target) = &entry.target {
                    let op = match timer_mode(tx, entry.account.as_deref())? {
                        TimerMode::Log => Op::Create,
                        TimerMode::Mirror => Op::TimerStop,
                    };
                    outbox::push(
                        tx,
                        entry.id,
                        op,
                        Some(target),
                        entry.account.as_deref(),
                        now,
                    )?;
                }
                applied.stopped = Some(StopOutcome::Stopped(entry));
            }
            Effect::Discarded(reason) => {
                let entry = running.clone().ok_or_else(not_running)?;
                throw_away(tx, &entry, now)?;
                applied.stopped = Some(StopOutcome::Discarded(entry, reason));
            }
            Effect::Started { start, template } => {
                let draft = Draft {
                    date: local_date(start, &tz),
                    when: When::Span { start, end: None },
                    target: template.target,
                    account: template.account,
                    note: template.note,
                    billable: template.billable,
                    source: Source::Local,
                };
                let id = entries::insert(tx, &draft, now)?;
                if let Some(target) = &draft.target
                    && timer_mode(tx, draft.account.as_deref())? == TimerMode::Mirror
                {
                    outbox::push(
                        tx,
                        id,
                        Op::TimerStart,
                        Some(target),
                        draft.account.as_deref(),
                        now,
                    )?;
                }
                applied.started = entries::get(tx, id)?;
            }
        }
    }
    Ok(applied)
}

fn not_running() -> Error {
    Error::NothingToDo("no timer is running".into())
}

/// Remove an entry: forgotten outright if Zoho never heard of it, otherwise kept as a
/// tombstone with a delete queued so its remote logs go too.
pub(crate) fn throw_away(tx: &Connection, entry: &Entry, now: DateTime<Utc>) -> Result<()> {
    let known_remotely = outbox::has_rows(tx, entry.id)? || entries::has_remote_logs(tx, entry.id)?;
    if !known_remotely {
        return entries::purge(tx, entry.id);
    }
    entries::soft_delete(tx, entry.id, now)?;
    outbox::push(
        tx,
        entry.id,
        Op::Delete,
        entry.target.as_ref(),
        entry.account.as_deref(),
        now,
    )
}
