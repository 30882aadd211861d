//! The running timer: what it shows (`status`), start (a switch when one runs), stop,
//! continue an entry, discard, and changes to the running entry.

use chrono::{DateTime, Utc};
use punch_core::forms::format_duration;
use punch_core::store::entries;
use punch_core::tracker::{EditRequest, StartRequest, StopOutcome, Tracker};
use serde::{Deserialize, Serialize};

use super::idle::IdleView;
use super::{given, target_arg};
use crate::entry_view::EntryView;
use crate::error::CommandResult;
use crate::labels::Labels;

/// The timer view: the running entry, today's total, what waits for Zoho.
#[derive(Debug, Clone, Serialize)]
pub struct TimerView {
    pub running: Option<EntryView>,
    /// The last finished entry, offered to continue when nothing runs.
    pub last: Option<EntryView>,
    pub today_minutes: u32,
    /// `3h15m`.
    pub today: String,
    pub pending: u64,
    pub rejected: u64,
    /// The idle question waiting for an answer (`None`: none).
    pub idle: Option<IdleView>,
    /// When this was read, so the UI can tick the running timer from here.
    pub now: String,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct StartInput {
    /// Text form, `@alias` or alias; blank or absent: local-only time.
    pub target: Option<String>,
    pub account: Option<String>,
    pub note: Option<String>,
    /// Absent: billable, the default.
    pub billable: Option<bool>,
}

/// What became of the stopped entry.
#[derive(Debug, Clone, Serialize)]
pub struct StopView {
    pub entry: EntryView,
    /// Thrown away: it ran under a minute.
    pub discarded: bool,
}

/// A change to the running entry; each given field is changed.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct RunningChange {
    /// `""` makes it local-only.
    pub target: Option<String>,
    /// With several accounts of the target's product, which one.
    pub account: Option<String>,
    pub note: Option<String>,
    pub billable: Option<bool>,
    /// Local `HH:MM` today or an RFC 3339 instant.
    pub start: Option<String>,
}

pub fn status(tracker: &Tracker, now: DateTime<Utc>) -> CommandResult<TimerView> {
    let status = tracker.status(now)?;
    let conn = tracker.store().conn();
    let labels = Labels::read(conn)?;
    let last = match &status.running {
        Some(_) => None,
        None => entries::last_finished(conn)?,
    };
    Ok(TimerView {
        running: status
            .running
            .as_ref()
            .map(|e| EntryView::new(e, &labels, now)),
        last: last.as_ref().map(|e| EntryView::new(e, &labels, now)),
        today_minutes: status.today_minutes,
        today: format_duration(status.today_minutes),
        pending: status.pending,
        rejected: status.rejected,
        idle: tracker
            .idle_question()?
            .map(|asked| IdleView::new(&asked, &labels, now)),
        now: punch_core::entry::rfc3339(now),
    })
}

pub fn start(
    tracker: &mut Tracker,
    input: StartInput,
    now: DateTime<Utc>,
) -> CommandResult<EntryView> {
    let request = StartRequest {
        target: target_arg(input.target.as_deref())?,
        account: given(input.account.as_deref()).map(str::to_owned),
        note: input.note.unwrap_or_default(),
        billable: input.billable,
        at: None,
    };
    let outcome = tracker.start(request, now)?;
    let labels = Labels::read(tracker.store().conn())?;
    Ok(EntryView::new(&outcome.started, &labels, now))
}

pub fn stop(tracker: &mut Tracker, now: DateTime<Utc>) -> CommandResult<StopView> {
    let outcome = tracker.stop(None, now)?;
    let labels = Labels::read(tracker.store().conn())?;
    Ok(match outcome {
        StopOutcome::Stopped(entry) => StopView {
            entry: EntryView::new(&entry, &labels, now),
            discarded: false,
        },
        StopOutcome::Discarded(entry, _) => StopView {
            entry: EntryView::new(&entry, &labels, now),
            discarded: true,
        },
    })
}

/// Start again on an entry's target, account, note and billable flag (a switch when a
/// timer runs).
pub fn continue_entry(
    tracker: &mut Tracker,
    id: i64,
    now: DateTime<Utc>,
) -> CommandResult<EntryView> {
    let entry = tracker.entry(id)?;
    let request = StartRequest {
        target: entry
            .target
            .clone()
            .map(punch_core::target::TargetRef::Target),
        account: entry.account.clone(),
        note: entry.note.clone(),
        billable: Some(entry.billable),
        at: None,
    };
    let outcome = tracker.start(request, now)?;
    let labels = Labels::read(tracker.store().conn())?;
    Ok(EntryView::new(&outcome.started, &labels, now))
}

pub fn discard(tracker: &mut Tracker, now: DateTime<Utc>) -> CommandResult<EntryView> {
    let entry = tracker.discard(now)?;
    let labels = Labels::read(tracker.store().conn())?;
    Ok(EntryView::new(&entry, &labels, now))
}

pub fn edit_running(
    tracker: &mut Tracker,
    change: RunningChange,
    now: DateTime<Utc>,
) -> CommandResult<EntryView> {
    let request = EditRequest {
        target: change
            .target
            .as_deref()
            .map(|t| target_arg(Some(t)))
            .transpose()?,
        account: given(change.account.as_deref()).map(str::to_owned),
        note: change.note,
        billable: change.billable,
        start: given(change.start.as_deref())
            .map(|t| punch_core::forms::parse_instant(t, now, &chrono::Local))
            .transpose()
            .map_err(crate::error::CommandError::invalid)?,
        ..EditRequest::default()
    };
    let entry = tracker.edit(None, request, now)?;
    let labels = Labels::read(tracker.store().conn())?;
    Ok(EntryView::new(&entry, &labels, now))
}
