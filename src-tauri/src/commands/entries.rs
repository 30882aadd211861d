//! A day's entries: list them, change one in place, delete one with undo.

use chrono::{DateTime, Local, NaiveDate, Utc};
use punch_core::entry::{Entry, When};
use punch_core::forms::{self, format_duration};
use punch_core::target::TargetRef;
use punch_core::tracker::{EditRequest, LogRequest, SpanChange, StartRequest, Tracker};
use serde::{Deserialize, Serialize};

use super::{given, target_arg};
use crate::entry_view::EntryView;
use crate::error::{CommandError, CommandResult};
use crate::labels::Labels;

/// The entries of a range of days (one day, normally), with the total.
#[derive(Debug, Clone, Serialize)]
pub struct DayView {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub is_today: bool,
    pub entries: Vec<EntryView>,
    pub total_minutes: u32,
    pub total: String,
}

/// An inline edit: each given field is a change; `target: ""` makes the entry local-only.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct EntryChange {
    pub target: Option<String>,
    pub account: Option<String>,
    /// `YYYY-MM-DD`, `today`, `yesterday`, a weekday.
    pub date: Option<String>,
    /// `1h30m`, `90m`, `1:30`: replaces the span (keeps the start of a timed entry).
    pub duration: Option<String>,
    /// `HH:MM`, with `to`: a new range on the entry's date.
    pub from: Option<String>,
    pub to: Option<String>,
    pub note: Option<String>,
    pub billable: Option<bool>,
}

/// Entries deleted from this window, so a delete can be undone while it is open.
#[derive(Debug, Default)]
pub struct Shelf {
    deleted: Vec<Entry>,
}

/// How many deletes can be undone.
const SHELF_SIZE: usize = 20;

fn date_arg(text: &str, today: NaiveDate) -> CommandResult<NaiveDate> {
    forms::parse_date(text.trim(), today).map_err(CommandError::invalid)
}

pub fn list(
    tracker: &Tracker,
    from: Option<&str>,
    to: Option<&str>,
    now: DateTime<Utc>,
) -> CommandResult<DayView> {
    let today = tracker.today(now);
    let from = given(from).map(|d| date_arg(d, today)).transpose()?;
    let to = given(to).map(|d| date_arg(d, today)).transpose()?;
    let from = from.or(to).unwrap_or(today);
    let to = to.unwrap_or(from);
    let entries = tracker.entries(from, to)?;
    let labels = Labels::read(tracker.store().conn())?;
    let tz = tracker.time_zone();
    let total_minutes = entries
        .iter()
        .map(|e| {
            from.iter_days()
                .take_while(|d| *d <= to)
                .map(|d| e.minutes_on(d, tz, now))
                .sum::<u32>()
        })
        .sum();
    Ok(DayView {
        from,
        to,
        is_today: from == today && to == today,
        entries: EntryView::list(&entries, &labels, now),
        total_minutes,
        total: format_duration(total_minutes),
    })
}

fn span_change(change: &EntryChange) -> CommandResult<Option<SpanChange>> {
    if let Some(duration) = given(change.duration.as_deref()) {
        return Ok(Some(SpanChange::Duration(
            forms::parse_duration(duration).map_err(CommandError::invalid)?,
        )));
    }
    match (given(change.from.as_deref()), given(change.to.as_deref())) {
        (Some(from), Some(to)) => Ok(Some(SpanChange::Range {
            from: forms::parse_time_of_day(from).map_err(CommandError::invalid)?,
            to: forms::parse_time_of_day(to).map_err(CommandError::invalid)?,
        })),
        (None, None) => Ok(None),
        _ => Err(CommandError::invalid(
            "a range needs both a start and an end (HH:MM)",
        )),
    }
}

pub fn edit(
    tracker: &mut Tracker,
    id: i64,
    change: EntryChange,
    now: DateTime<Utc>,
) -> CommandResult<EntryView> {
    let today = tracker.today(now);
    let request = EditRequest {
        target: change
            .target
            .as_deref()
            .map(|t| target_arg(Some(t)))
            .transpose()?,
        account: given(change.account.as_deref()).map(str::to_owned),
        date: given(change.date.as_deref())
            .map(|d| date_arg(d, today))
            .transpose()?,
        span: span_change(&change)?,
        start: None,
        note: change.note.clone(),
        billable: change.billable,
    };
    let entry = tracker.edit(Some(id), request, now)?;
    let labels = Labels::read(tracker.store().conn())?;
    Ok(EntryView::new(&entry, &labels, now))
}

pub fn delete(
    tracker: &mut Tracker,
    shelf: &mut Shelf,
    id: i64,
    now: DateTime<Utc>,
) -> CommandResult<EntryView> {
    let entry = tracker.delete(id, now)?;
    let labels = Labels::read(tracker.store().conn())?;
    let view = EntryView::new(&entry, &labels, now);
    shelf.deleted.push(entry);
    if shelf.deleted.len() > SHELF_SIZE {
        shelf.deleted.remove(0);
    }
    Ok(view)
}

/// Bring back an entry deleted from this window: the entry itself while its tombstone is
/// kept (so Zoho hears of no delete and create), else the same time, target, note and
/// billable flag as a new entry (a running one starts again from its start).
pub fn undo_delete(
    tracker: &mut Tracker,
    shelf: &mut Shelf,
    id: i64,
    now: DateTime<Utc>,
) -> CommandResult<EntryView> {
    let index = shelf
        .deleted
        .iter()
        .rposition(|e| e.id == id)
        .ok_or_else(|| {
            CommandError::new(
                "not_found",
                format!("entry {id} was not deleted here, so it can't be brought back"),
            )
        })?;
    let entry = shelf.deleted[index].clone();
    let restored = restore(tracker, &entry, now)?;
    shelf.deleted.remove(index);
    let labels = Labels::read(tracker.store().conn())?;
    Ok(EntryView::new(&restored, &labels, now))
}

fn restore(tracker: &mut Tracker, entry: &Entry, now: DateTime<Utc>) -> CommandResult<Entry> {
    if !entry.is_running() {
        match tracker.restore(entry.id, now) {
            Ok(restored) => return Ok(restored),
            // Purged (it never left this machine, or its delete reached Zoho): log it anew.
            Err(punch_core::Error::NotFound(_)) => {}
            Err(e) => return Err(e.into()),
        }
    }
    let target = entry.target.clone().map(TargetRef::Target);
    if let When::Span { start, end: None } = entry.when {
        let request = StartRequest {
            target,
            account: entry.account.clone(),
            note: entry.note.clone(),
            billable: Some(entry.billable),
            at: Some(start),
        };
        return Ok(tracker.start(request, now)?.started);
    }
    let span = match entry.when {
        When::Span {
            start,
            end: Some(end),
        } => {
            let (from, to) = (start.with_timezone(&Local), end.with_timezone(&Local));
            if from.date_naive() == to.date_naive() && to.time() > from.time() {
                SpanChange::Range {
                    from: from.time(),
                    to: to.time(),
                }
            } else {
                // Across midnight a range of times of day can't say it: keep the time.
                SpanChange::Duration(entry.duration_minutes(now))
            }
        }
        _ => SpanChange::Duration(entry.duration_minutes(now)),
    };
    let request = LogRequest {
        date: Some(entry.date),
        span,
        target,
        account: entry.account.clone(),
        note: entry.note.clone(),
        billable: Some(entry.billable),
    };
    Ok(tracker.log(request, now)?)
}
