//! Logging past time, editing and deleting entries. Every change validates first and
//! writes nothing when refused; every accepted change queues what Zoho must hear.

use chrono::{DateTime, Local, NaiveDate, NaiveTime, TimeDelta, Utc};
use rusqlite::Connection;

use super::timer_commands::throw_away;
use super::{Tracker, resolve_account, resolve_target, template};
use crate::clock::{local_date, local_instant};
use crate::entry::{Entry, EntryId, Source, SyncState, When};
use crate::forms::format_duration;
use crate::store::entries::{self, Draft};
use crate::store::outbox::{self, Op};
use crate::target::{Target, TargetRef};
use crate::{Error, Result};

/// A new time span: a duration on a date, or a range of local times on a date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SpanChange {
    Duration(u32),
    Range { from: NaiveTime, to: NaiveTime },
}

/// `punch log`: a piece of past time.
#[derive(Debug, Clone)]
pub struct LogRequest {
    /// `None`: today.
    pub date: Option<NaiveDate>,
    pub span: SpanChange,
    pub target: Option<TargetRef>,
    pub account: Option<String>,
    pub note: String,
    pub billable: Option<bool>,
}

/// `punch edit`: each `Some` field is a change.
#[derive(Debug, Clone, Default)]
pub struct EditRequest {
    /// `Some(None)` makes the entry local-only.
    pub target: Option<Option<TargetRef>>,
    pub account: Option<String>,
    pub date: Option<NaiveDate>,
    pub span: Option<SpanChange>,
    pub start: Option<DateTime<Utc>>,
    pub note: Option<String>,
    pub billable: Option<bool>,
}

impl EditRequest {
    pub fn is_empty(&self) -> bool {
        self.target.is_none()
            && self.account.is_none()
            && self.date.is_none()
            && self.span.is_none()
            && self.start.is_none()
            && self.note.is_none()
            && self.billable.is_none()
    }
}

/// The longest piece of time one log may hold: Zoho logs per day.
const MAX_MINUTES: u32 = 24 * 60;

fn check_past(end: DateTime<Utc>, now: DateTime<Utc>) -> Result<()> {
    if end > now {
        return Err(Error::invalid(format!(
            "{} is in the future: only past time can be logged",
            end.with_timezone(&chrono::Local).format("%Y-%m-%d %H:%M")
        )));
    }
    Ok(())
}

fn check_minutes(minutes: u32) -> Result<u32> {
    if minutes == 0 || minutes > MAX_MINUTES {
        return Err(Error::invalid(format!(
            "{} is not a duration Zoho can log (1 minute to 24 hours)",
            format_duration(minutes)
        )));
    }
    Ok(minutes)
}

/// The instants of a range of local times on `date`.
fn range(tz: &Local, date: NaiveDate, from: NaiveTime, to: NaiveTime) -> Result<When> {
    if to <= from {
        return Err(Error::invalid(format!(
            "the range {}-{} does not end after it starts",
            from.format("%H:%M"),
            to.format("%H:%M")
        )));
    }
    let start = local_instant(date, from, tz).map_err(Error::InvalidInput)?;
    let end = local_instant(date, to, tz).map_err(Error::InvalidInput)?;
    Ok(When::Span {
        start,
        end: Some(end),
    })
}

fn when_of(tz: &Local, date: NaiveDate, span: SpanChange, now: DateTime<Utc>) -> Result<When> {
    match span {
        SpanChange::Duration(minutes) => {
            if date > local_date(now, tz) {
                return Err(Error::invalid(format!(
                    "{date} is in the future: only past time can be logged"
                )));
            }
            Ok(When::Duration {
                minutes: check_minutes(minutes)?,
            })
        }
        SpanChange::Range { from, to } => {
            let when = range(tz, date, from, to)?;
            if let When::Span { end: Some(end), .. } = when {
                check_past(end, now)?;
            }
            Ok(when)
        }
    }
}

impl Tracker {
    pub fn log(&mut self, request: LogRequest, now: DateTime<Utc>) -> Result<Entry> {
        let date = request.date.unwrap_or_else(|| self.today(now));
        let when = when_of(&self.tz, date, request.span, now)?;
        self.store.write(|tx| {
            let about = template(
                tx,
                request.target.as_ref(),
                request.account.as_deref(),
                &request.note,
                request.billable,
            )?;
            let draft = Draft {
                date,
                when,
                target: about.target,
                account: about.account,
                note: about.note,
                billable: about.billable,
                source: Source::Local,
            };
            let id = entries::insert(tx, &draft, now)?;
            if let Some(target) = &draft.target {
                outbox::push(
                    tx,
                    id,
                    Op::Create,
                    Some(target),
                    draft.account.as_deref(),
                    now,
                )?;
            }
            entries::get(tx, id)?.ok_or_else(|| entries::no_such_entry(id))
        })
    }

    /// Change an entry (or the running one, with `id = None`).
    pub fn edit(
        &mut self,
        id: Option<EntryId>,
        request: EditRequest,
        now: DateTime<Utc>,
    ) -> Result<Entry> {
        if request.is_empty() {
            return Err(Error::invalid(
                "nothing to change: give --target, --note, --date, --duration, --from/--to, --start, --account or --billable",
            ));
        }
        let tz = self.tz;
        self.store.write(|tx| {
            let before = match id {
                Some(id) => entries::get(tx, id)?.ok_or_else(|| entries::no_such_entry(id))?,
                None => entries::running(tx)?
                    .ok_or_else(|| Error::NothingToDo("no timer is running".into()))?,
            };
            let mut after = before.clone();
            change_time(&tz, &mut after, &request, now)?;
            after.date = match after.when {
                When::Span { start, .. } => local_date(start, &tz),
                When::Duration { .. } => after.date,
            };
            if let Some(target) = &request.target {
                after.target = target.as_ref().map(|t| resolve_target(tx, t)).transpose()?;
            }
            if request.target.is_some() || request.account.is_some() {
                after.account =
                    resolve_account(tx, after.target.as_ref(), request.account.as_deref())?;
            }
            if let Some(note) = &request.note {
                after.note = note.trim().to_owned();
            }
            if let Some(billable) = request.billable {
                after.billable = billable;
            }
            // Any edit sends the entry again: that is how a refused entry is fixed.
            after.sync = SyncState::for_target(after.target.as_ref());
            entries::save(tx, &after, now)?;
            if !after.is_running() {
                queue_edit(tx, &before, &after, now)?;
            }
            entries::get(tx, after.id)?.ok_or_else(|| entries::no_such_entry(after.id))
        })
    }

    /// Delete an entry; a running entry is discarded. Returns what was deleted.
    pub fn delete(&mut self, id: EntryId, now: DateTime<Utc>) -> Result<Entry> {
        self.store.write(|tx| {
            let entry = entries::get(tx, id)?.ok_or_else(|| entries::no_such_entry(id))?;
            if entry.target.is_some() && !entry.is_running() {
                // Stopped entries with a target may be in Zoho already, or on their way.
                entries::soft_delete(tx, id, now)?;
                outbox::push(
                    tx,
                    id,
                    Op::Delete,
                    entry.target.as_ref(),
                    entry.account.as_deref(),
                    now,
                )?;
            } else {
                throw_away(tx, &entry, now)?;
            }
            Ok(entry)
        })
    }
}

/// Apply the time fields of an edit to `entry`, refusing impossible results.
fn change_time(
    tz: &Local,
    entry: &mut Entry,
    request: &EditRequest,
    now: DateTime<Utc>,
) -> Result<()> {
    let running = entry.is_running();
    if running && (request.date.is_some() || request.span.is_some()) {
        return Err(Error::invalid(
            "the running entry has no end yet: change its --start, or stop it first",
        ));
    }
    if let Some(date) = request.date {
        entry.when = match entry.when {
            // Same local times of day, moved by as many days as the start moves, so a
            // span across midnight still ends the day after it starts.
            When::Span { start, end } => {
                let days = (date - start.with_timezone(tz).date_naive()).num_days();
                let shift = |instant: DateTime<Utc>| -> Result<DateTime<Utc>> {
                    let local = instant.with_timezone(tz);
                    let day = local.date_naive() + TimeDelta::days(days);
                    local_instant(day, local.time(), tz).map_err(Error::InvalidInput)
                };
                When::Span {
                    start: shift(start)?,
                    end: end.map(shift).transpose()?,
                }
            }
            When::Duration { minutes } => When::Duration { minutes },
        };
        entry.date = date;
    }
    if let Some(span) = request.span {
        entry.when = match (span, entry.when) {
            (SpanChange::Duration(minutes), When::Span { start, .. }) => When::Span {
                start,
                end: Some(start + TimeDelta::minutes(i64::from(check_minutes(minutes)?))),
            },
            (span, _) => when_of(tz, entry.date, span, now)?,
        };
    }
    if let Some(new_start) = request.start {
        let When::Span { end, .. } = entry.when else {
            return Err(Error::invalid(
                "this entry is a duration without times: give it --from and --to instead of --start",
            ));
        };
        if new_start > now {
            return Err(Error::invalid("the new start is in the future"));
        }
        if end.is_some_and(|end| end <= new_start) {
            return Err(Error::invalid(
                "the new start is not before the entry's end",
            ));
        }
        entry.when = When::Span {
            start: new_start,
            end,
        };
    }
    match entry.when {
        When::Span { end: Some(end), .. } => check_past(end, now),
        When::Span { start, end: None } if start > now => {
            Err(Error::invalid("the start is in the future"))
        }
        When::Duration { .. } if entry.date > local_date(now, tz) => Err(Error::invalid(format!(
            "{} is in the future: only past time can be logged",
            entry.date
        ))),
        _ => Ok(()),
    }
}

/// The outbox rows for an edit of a stopped entry: a move to another target or account
/// deletes at the old place and creates at the new one.
fn queue_edit(tx: &Connection, before: &Entry, after: &Entry, now: DateTime<Utc>) -> Result<()> {
    let moved = before.target != after.target || before.account != after.account;
    let queue = |op: Op, target: &Target, account: Option<&str>| {
        outbox::push(tx, after.id, op, Some(target), account, now)
    };
    if moved && let Some(old) = &before.target {
        // A stopped entry that was just running was queued at stop; either way the old
        // place must forget it.
        queue(Op::Delete, old, before.account.as_deref())?;
    }
    if let Some(new) = &after.target {
        let op = if !moved && entries::has_remote_logs(tx, after.id)? {
            Op::Update
        } else {
            Op::Create
        };
        queue(op, new, after.account.as_deref())?;
    }
    Ok(())
}
