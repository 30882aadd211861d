//! The week view: one bar per day, billable and non-billable apart, with the totals and
//! where the time went. Counted by `punch_core::report`, as `punch report` counts.

use chrono::{DateTime, Datelike, NaiveDate, TimeDelta, Utc};
use punch_core::forms::format_duration;
use punch_core::report::{self, GroupBy};
use punch_core::tracker::Tracker;
use serde::Serialize;

use crate::error::CommandResult;
use crate::labels::Labels;

#[derive(Debug, Clone, Serialize)]
pub struct DayBar {
    pub date: NaiveDate,
    /// `Mon`.
    pub weekday: String,
    pub minutes: u32,
    pub billable_minutes: u32,
    pub is_today: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct TargetTotal {
    pub target: Option<String>,
    /// `Project / Task`, or `No target` for local-only time.
    pub label: String,
    pub minutes: u32,
    pub billable_minutes: u32,
    pub total: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct WeekView {
    /// Monday.
    pub from: NaiveDate,
    /// Sunday.
    pub to: NaiveDate,
    /// `23–29 Nov 2026`.
    pub title: String,
    /// 0 is this week, -1 the one before.
    pub offset: i32,
    pub days: Vec<DayBar>,
    pub total_minutes: u32,
    pub billable_minutes: u32,
    pub total: String,
    pub billable: String,
    pub targets: Vec<TargetTotal>,
}

fn title(from: NaiveDate, to: NaiveDate) -> String {
    if from.month() == to.month() {
        format!("{}–{}", from.format("%-d"), to.format("%-d %b %Y"))
    } else if from.year() == to.year() {
        format!("{} – {}", from.format("%-d %b"), to.format("%-d %b %Y"))
    } else {
        format!("{} – {}", from.format("%-d %b %Y"), to.format("%-d %b %Y"))
    }
}

/// The week `offset` weeks from this one (Monday to Sunday, local dates).
pub fn week(tracker: &Tracker, offset: i32, now: DateTime<Utc>) -> CommandResult<WeekView> {
    let today = tracker.today(now);
    let monday = today - TimeDelta::days(i64::from(today.weekday().num_days_from_monday()))
        + TimeDelta::weeks(i64::from(offset));
    let sunday = monday + TimeDelta::days(6);
    let entries = tracker.entries(monday, sunday)?;
    let tz = tracker.time_zone();
    let by_day = report::build(&entries, monday, sunday, GroupBy::Day, tz, now);
    let by_target = report::build(&entries, monday, sunday, GroupBy::Target, tz, now);
    let labels = Labels::read(tracker.store().conn())?;
    let days = by_day
        .rows
        .iter()
        .zip(monday.iter_days())
        .map(|(row, date)| DayBar {
            date,
            weekday: date.format("%a").to_string(),
            minutes: row.minutes,
            billable_minutes: row.billable_minutes,
            is_today: date == today,
        })
        .collect();
    let targets = by_target
        .rows
        .iter()
        .map(|row| TargetTotal {
            target: row.key.clone(),
            label: row
                .key
                .as_deref()
                .map_or_else(|| "No target".to_owned(), |k| labels.of_text(k).full),
            minutes: row.minutes,
            billable_minutes: row.billable_minutes,
            total: format_duration(row.minutes),
        })
        .collect();
    Ok(WeekView {
        from: monday,
        to: sunday,
        title: title(monday, sunday),
        offset,
        days,
        total_minutes: by_day.total_minutes,
        billable_minutes: by_day.billable_minutes,
        total: format_duration(by_day.total_minutes),
        billable: format_duration(by_day.billable_minutes),
        targets,
    })
}
