//! An entry as the window draws it: the CLI's JSON shape (so scripts and the UI read the
//! same keys) plus what a person reads at a glance: the target's name, the times, the
//! duration in words and Zoho's refusal.

use chrono::{DateTime, Local, Utc};
use punch_core::entry::{Entry, EntryJson};
use punch_core::forms::format_duration;
use serde::Serialize;

use crate::labels::{Labels, TargetLabel};

#[derive(Debug, Clone, Serialize)]
pub struct EntryView {
    #[serde(flatten)]
    pub entry: EntryJson,
    /// `None` for local-only time (no target).
    pub label: Option<TargetLabel>,
    /// `09:00–10:30`, `09:00–now`, or `—` for a duration on a date.
    pub times: String,
    /// `1h30m`.
    pub duration: String,
    /// Start in local `HH:MM` (empty for a duration), for the edit form.
    pub from: String,
    /// End in local `HH:MM` (empty for a duration or while running).
    pub to: String,
}

pub fn clock_time(instant: DateTime<Utc>) -> String {
    instant.with_timezone(&Local).format("%H:%M").to_string()
}

impl EntryView {
    pub fn new(entry: &Entry, labels: &Labels, now: DateTime<Utc>) -> EntryView {
        let times = match (entry.start(), entry.end()) {
            (Some(start), Some(end)) => format!("{}–{}", clock_time(start), clock_time(end)),
            (Some(start), None) => format!("{}–now", clock_time(start)),
            _ => "—".into(),
        };
        EntryView {
            entry: entry.to_json(now),
            label: entry.target.as_ref().map(|t| labels.of(t)),
            times,
            duration: format_duration(entry.duration_minutes(now)),
            from: entry.start().map(clock_time).unwrap_or_default(),
            to: entry.end().map(clock_time).unwrap_or_default(),
        }
    }

    pub fn list(entries: &[Entry], labels: &Labels, now: DateTime<Utc>) -> Vec<EntryView> {
        let overlaps = punch_core::entry::overlaps(entries, now);
        entries
            .iter()
            .zip(overlaps)
            .map(|(entry, with)| {
                let mut view = EntryView::new(entry, labels, now);
                view.entry.overlaps = with;
                view
            })
            .collect()
    }
}
