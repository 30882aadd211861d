//! Human text: short lines a person reads at a glance, local times, `1h30m` durations.

use chrono::{DateTime, Local, Utc};
use punch_core::entry::{Entry, SyncState};
use punch_core::forms::format_duration;
use punch_core::timer::DiscardReason;
use punch_core::tracker::StopOutcome;

/// `books:1/2 · fix login`, or `(no target) · …` for local-only time.
pub fn what(entry: &Entry) -> String {
    let target = entry
        .target
        .as_ref()
        .map_or_else(|| "(no target)".to_owned(), ToString::to_string);
    if entry.note.is_empty() {
        target
    } else {
        format!("{target} · {}", entry.note)
    }
}

pub fn clock_time(instant: DateTime<Utc>) -> String {
    instant.with_timezone(&Local).format("%H:%M").to_string()
}

/// `1:05` for a running timer.
pub fn elapsed(minutes: u32) -> String {
    format!("{}:{:02}", minutes / 60, minutes % 60)
}

pub fn stop_line(outcome: &StopOutcome, now: DateTime<Utc>) -> String {
    match outcome {
        StopOutcome::Stopped(entry) => format!(
            "Stopped {}: {} ({}–{})\n",
            what(entry),
            format_duration(entry.duration_minutes(now)),
            clock_time(entry.start().unwrap_or(now)),
            clock_time(entry.end().unwrap_or(now)),
        ),
        StopOutcome::Discarded(entry, DiscardReason::TooShort) => format!(
            "Discarded {}: it ran under a minute (Zoho logs whole minutes)\n",
            what(entry)
        ),
        StopOutcome::Discarded(entry, DiscardReason::Requested) => {
            format!("Discarded {}\n", what(entry))
        }
    }
}

/// A stopped entry's JSON, with `"discarded": true` when it was thrown away.
pub fn stop_json(outcome: &StopOutcome, now: DateTime<Utc>) -> serde_json::Value {
    let (entry, discarded) = match outcome {
        StopOutcome::Stopped(entry) => (entry, false),
        StopOutcome::Discarded(entry, _) => (entry, true),
    };
    let mut doc = serde_json::to_value(entry.to_json(now)).unwrap_or_default();
    doc["discarded"] = discarded.into();
    doc
}

/// The sync column of `punch entries`.
pub fn sync_state(entry: &Entry) -> String {
    match &entry.sync {
        SyncState::LocalOnly => "local".into(),
        SyncState::Pending => "pending".into(),
        SyncState::Synced => "synced".into(),
        SyncState::Rejected(error) => match error.zoho_code {
            Some(code) => format!("rejected: {} ({code})", error.message),
            None => format!("rejected: {}", error.message),
        },
    }
}

/// `09:00–10:30` for a span, `—` for a duration on a date.
pub fn times(entry: &Entry) -> String {
    match (entry.start(), entry.end()) {
        (Some(start), Some(end)) => format!("{}–{}", clock_time(start), clock_time(end)),
        (Some(start), None) => format!("{}–now", clock_time(start)),
        _ => "—".into(),
    }
}
