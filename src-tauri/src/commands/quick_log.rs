//! The quick-log box: the CLI's grammar (`yesterday 9:00-10:30 @website fix login $`),
//! a live preview of what it understood or why it can't be logged, and the log itself.

use chrono::{DateTime, Local, NaiveDate, Utc};
use punch_core::clock::local_instant;
use punch_core::quicklog::{self, QuickLog, Span};
use punch_core::target::TargetRef;
use punch_core::tracker::{LogRequest, SpanChange, Tracker};
use serde::Serialize;

use crate::entry_view::EntryView;
use crate::error::{CommandError, CommandResult};
use crate::labels::Labels;

/// What the box understood, as one sentence and in parts.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Preview {
    /// It can be logged as it stands.
    pub ok: bool,
    /// `Yesterday 09:00–10:30, 1 h 30 m, Website / Fix login · code review, billable`.
    pub summary: String,
    /// Why it can't be logged yet, in words.
    pub error: Option<String>,
    pub date: Option<NaiveDate>,
    pub minutes: Option<u32>,
    /// The target's text form, aliases resolved.
    pub target: Option<String>,
    pub target_label: Option<String>,
    pub note: String,
    pub billable: bool,
}

/// `1 h 30 m`, `45 m`, `2 h`.
pub fn spoken_duration(minutes: u32) -> String {
    match (minutes / 60, minutes % 60) {
        (0, m) => format!("{m} m"),
        (h, 0) => format!("{h} h"),
        (h, m) => format!("{h} h {m} m"),
    }
}

/// `Today`, `Yesterday`, a weekday within the last week, else `Mon 16 Nov 2026`.
pub fn day_name(date: NaiveDate, today: NaiveDate) -> String {
    match (today - date).num_days() {
        0 => "Today".into(),
        1 => "Yesterday".into(),
        2..=6 => date.format("%A").to_string(),
        _ => date.format("%a %-d %b %Y").to_string(),
    }
}

fn resolve(tracker: &Tracker, target: &TargetRef) -> CommandResult<String> {
    match target {
        TargetRef::Target(t) => Ok(t.to_string()),
        TargetRef::Alias(name) => tracker
            .aliases()?
            .into_iter()
            .find(|(alias, _)| alias == name)
            .map(|(_, target)| target)
            .ok_or_else(|| {
                CommandError::invalid(format!(
                    "no alias `@{name}` (set one with `punch alias {name} TARGET`)"
                ))
            }),
    }
}

/// Why a parsed log can't be written, checked the way the tracker will check it.
fn problem(
    log: &QuickLog,
    date: NaiveDate,
    today: NaiveDate,
    now: DateTime<Utc>,
) -> Option<String> {
    match &log.span {
        None => Some("add a duration (1h30m) or a range (09:00-10:30)".into()),
        Some(_) if date > today => Some(format!(
            "{date} is in the future: only past time can be logged"
        )),
        Some(Span::Range { to, .. }) => match local_instant(date, *to, &Local) {
            Ok(end) if end > now => Some(format!(
                "{} is in the future: only past time can be logged",
                to.format("%H:%M")
            )),
            Ok(_) => None,
            Err(e) => Some(e),
        },
        Some(Span::Duration(_)) => None,
    }
}

pub fn preview(tracker: &Tracker, text: &str, now: DateTime<Utc>) -> CommandResult<Preview> {
    let today = tracker.today(now);
    if text.trim().is_empty() {
        return Ok(Preview {
            error: Some("type a duration or a range, a target or @alias, and a note".into()),
            billable: true,
            ..Preview::default()
        });
    }
    let log = match quicklog::parse(text, today) {
        Ok(log) => log,
        Err(message) => {
            return Ok(Preview {
                error: Some(message),
                billable: true,
                ..Preview::default()
            });
        }
    };
    let date = log.date.unwrap_or(today);
    let billable = log.billable.unwrap_or(true);
    let (target, target_error) = match log.target.as_ref().map(|t| resolve(tracker, t)) {
        None => (None, None),
        Some(Ok(target)) => (Some(target), None),
        Some(Err(e)) => (None, Some(e.message)),
    };
    let labels = Labels::read(tracker.store().conn())?;
    let target_label = target.as_deref().map(|t| labels.of_text(t).full);
    let minutes = log.span.as_ref().map(|span| match span {
        Span::Duration(m) => *m,
        Span::Range { from, to } => u32::try_from((*to - *from).num_minutes()).unwrap_or(0),
    });
    let mut parts = vec![match &log.span {
        Some(Span::Range { from, to }) => format!(
            "{} {}–{}",
            day_name(date, today),
            from.format("%H:%M"),
            to.format("%H:%M")
        ),
        _ => day_name(date, today),
    }];
    if let Some(minutes) = minutes {
        parts.push(spoken_duration(minutes));
    }
    let what = target_label
        .clone()
        .unwrap_or_else(|| "no target (stays on this machine)".into());
    parts.push(if log.note.is_empty() {
        what
    } else {
        format!("{what} · {}", log.note)
    });
    parts.push(if billable { "billable" } else { "non-billable" }.into());
    let error = target_error.or_else(|| problem(&log, date, today, now));
    Ok(Preview {
        ok: error.is_none(),
        summary: parts.join(", "),
        error,
        date: Some(date),
        minutes,
        target,
        target_label,
        note: log.note,
        billable,
    })
}

pub fn log(tracker: &mut Tracker, text: &str, now: DateTime<Utc>) -> CommandResult<EntryView> {
    let today = tracker.today(now);
    let parsed = quicklog::parse(text, today).map_err(CommandError::invalid)?;
    let span = match parsed.span {
        Some(Span::Duration(m)) => SpanChange::Duration(m),
        Some(Span::Range { from, to }) => SpanChange::Range { from, to },
        None => {
            return Err(CommandError::invalid(
                "a log needs a duration or a range: for example `1h30m` or `09:00-10:30`",
            ));
        }
    };
    let entry = tracker.log(
        LogRequest {
            date: parsed.date,
            span,
            target: parsed.target,
            account: None,
            note: parsed.note,
            billable: parsed.billable,
        },
        now,
    )?;
    let labels = Labels::read(tracker.store().conn())?;
    Ok(EntryView::new(&entry, &labels, now))
}
