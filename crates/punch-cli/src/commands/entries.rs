//! `log`, `entries`, `edit`, `delete` and `report`.

use chrono::{DateTime, Utc};
use punch_core::Result;
use punch_core::entry::overlaps;
use punch_core::forms::{self, format_duration};
use punch_core::quicklog::{self, QuickLog, Span};
use punch_core::report::{self, GroupBy};
use punch_core::tracker::{EditRequest, LogRequest, SpanChange, Tracker};

use super::{date_arg, date_range, instant_arg, invalid, target_arg, to_json_line};
use crate::args::{By, EditArgs, LogArgs, RangeArgs, ReportArgs, SpanArgs};
use crate::render;

/// Put a flag's value into a part the expression may already have given; both is an
/// error, since guessing which one was meant could log the wrong time.
fn merge<T: PartialEq>(part: &str, from_text: Option<T>, flag: Option<T>) -> Result<Option<T>> {
    match (from_text, flag) {
        (Some(a), Some(b)) if a != b => Err(invalid(format!(
            "the {part} is given twice: in the expression and by a flag"
        ))),
        (a, b) => Ok(a.or(b)),
    }
}

/// The span given by `--duration` or `--from/--to`.
fn span_flags(span: &SpanArgs) -> Result<Option<SpanChange>> {
    if let Some(d) = span.duration.as_deref() {
        return Ok(Some(SpanChange::Duration(
            forms::parse_duration(d).map_err(invalid)?,
        )));
    }
    match (span.from.as_deref(), span.to.as_deref()) {
        (Some(from), Some(to)) => Ok(Some(SpanChange::Range {
            from: forms::parse_time_of_day(from).map_err(invalid)?,
            to: forms::parse_time_of_day(to).map_err(invalid)?,
        })),
        _ => Ok(None),
    }
}

pub fn log(
    tracker: &mut Tracker,
    args: &LogArgs,
    json: bool,
    now: DateTime<Utc>,
) -> Result<String> {
    let today = tracker.today(now);
    let expression = args.expression.join(" ");
    let parsed: QuickLog = quicklog::parse(&expression, today).map_err(invalid)?;
    let span_from_text = parsed.span.map(|s| match s {
        Span::Duration(m) => SpanChange::Duration(m),
        Span::Range { from, to } => SpanChange::Range { from, to },
    });
    let span = merge("time", span_from_text, span_flags(&args.span)?)?.ok_or_else(|| {
        invalid("a log needs a duration or a range: for example `1h30m` or `09:00-10:30`".into())
    })?;
    let date = merge(
        "date",
        parsed.date,
        args.span
            .date
            .as_deref()
            .map(|d| date_arg(d, today))
            .transpose()?,
    )?;
    let target = merge(
        "target",
        parsed.target,
        args.target.as_deref().map(target_arg).transpose()?,
    )?;
    let billable = merge("billable mark", parsed.billable, args.billable.choice())?;
    let note = match (&args.note, parsed.note.is_empty()) {
        (Some(_), false) => {
            return Err(invalid(
                "the note is given twice: in the expression and by --note".into(),
            ));
        }
        (Some(note), true) => note.clone(),
        (None, _) => parsed.note,
    };
    let entry = tracker.log(
        LogRequest {
            date,
            span,
            target,
            account: args.account.clone(),
            note,
            billable,
        },
        now,
    )?;
    Ok(if json {
        to_json_line(&entry.to_json(now))
    } else {
        format!(
            "Logged {} on {} ({}) · {}{} [id {}]\n",
            format_duration(entry.duration_minutes(now)),
            entry.date,
            render::times(&entry),
            render::what(&entry),
            if entry.billable {
                ""
            } else {
                " · non-billable"
            },
            entry.id
        )
    })
}

pub fn list(
    tracker: &Tracker,
    range: &RangeArgs,
    json: bool,
    now: DateTime<Utc>,
) -> Result<String> {
    let (from, to) = date_range(range, tracker.today(now))?;
    let entries = tracker.entries(from, to)?;
    let overlapping = overlaps(&entries, now);
    if json {
        let docs: Vec<_> = entries
            .iter()
            .zip(overlapping)
            .map(|(entry, with)| {
                let mut doc = entry.to_json(now);
                doc.overlaps = with;
                doc
            })
            .collect();
        return Ok(to_json_line(&docs));
    }
    if entries.is_empty() {
        return Ok(if from == to {
            format!("Nothing tracked on {from}.\n")
        } else {
            format!("Nothing tracked from {from} to {to}.\n")
        });
    }
    let mut out = String::new();
    for (entry, with) in entries.iter().zip(overlapping) {
        let mark = if with.is_empty() {
            String::new()
        } else {
            let ids: Vec<_> = with.iter().map(ToString::to_string).collect();
            format!("  ⚠ overlaps {}", ids.join(", "))
        };
        out.push_str(&format!(
            "{:>5}  {}  {:<13} {:>6}  {}{}  [{}]{mark}\n",
            entry.id,
            entry.date,
            render::times(entry),
            format_duration(entry.duration_minutes(now)),
            render::what(entry),
            if entry.billable {
                ""
            } else {
                " · non-billable"
            },
            render::sync_state(entry),
        ));
    }
    Ok(out)
}

pub fn edit(
    tracker: &mut Tracker,
    args: &EditArgs,
    json: bool,
    now: DateTime<Utc>,
) -> Result<String> {
    let id = match args.id.as_str() {
        "running" => None,
        text => Some(text.parse::<i64>().map_err(|_| {
            invalid(format!(
                "`{text}` is not an entry id (a number, or `running`)"
            ))
        })?),
    };
    let today = tracker.today(now);
    let request = EditRequest {
        target: match args.target.as_deref() {
            None => None,
            Some("none") => Some(None),
            Some(t) => Some(Some(target_arg(t)?)),
        },
        account: args.account.clone(),
        date: args
            .span
            .date
            .as_deref()
            .map(|d| date_arg(d, today))
            .transpose()?,
        span: span_flags(&args.span)?,
        start: args
            .start
            .as_deref()
            .map(|t| instant_arg(t, now))
            .transpose()?,
        note: args.note.clone(),
        billable: args.billable.choice(),
    };
    let entry = tracker.edit(id, request, now)?;
    Ok(if json {
        to_json_line(&entry.to_json(now))
    } else {
        format!(
            "Changed entry {}: {} {} ({}) · {} [{}]\n",
            entry.id,
            entry.date,
            format_duration(entry.duration_minutes(now)),
            render::times(&entry),
            render::what(&entry),
            render::sync_state(&entry)
        )
    })
}

pub fn delete(tracker: &mut Tracker, id: i64, json: bool, now: DateTime<Utc>) -> Result<String> {
    let entry = tracker.delete(id, now)?;
    Ok(if json {
        let mut doc = serde_json::to_value(entry.to_json(now)).unwrap_or_default();
        doc["deleted"] = true.into();
        to_json_line(&doc)
    } else {
        format!("Deleted entry {}: {}\n", entry.id, render::what(&entry))
    })
}

pub fn report(
    tracker: &Tracker,
    args: &ReportArgs,
    json: bool,
    now: DateTime<Utc>,
) -> Result<String> {
    let (from, to) = date_range(&args.range, tracker.today(now))?;
    let by = match args.by {
        By::Day => GroupBy::Day,
        By::Target => GroupBy::Target,
    };
    let entries = tracker.entries(from, to)?;
    let report = report::build(&entries, from, to, by, tracker.time_zone(), now);
    if json {
        return Ok(to_json_line(&report));
    }
    if args.csv {
        return Ok(report::to_csv(&report));
    }
    let width = report
        .rows
        .iter()
        .map(|r| r.key.as_deref().map_or(11, str::len))
        .max()
        .unwrap_or(10)
        .max(10);
    let mut out = format!("{:<width$}  {:>8}  {:>8}\n", "", "total", "billable");
    for row in &report.rows {
        out.push_str(&format!(
            "{:<width$}  {:>8}  {:>8}\n",
            row.key.as_deref().unwrap_or("(no target)"),
            format_duration(row.minutes),
            format_duration(row.billable_minutes)
        ));
    }
    out.push_str(&format!(
        "{:<width$}  {:>8}  {:>8}\n",
        "total",
        format_duration(report.total_minutes),
        format_duration(report.billable_minutes)
    ));
    Ok(out)
}
