//! Reports: totals per day or per target over a range of local dates, billable apart.
//! A pure function of the entries, so the CLI, the window's week chart and the bench
//! all count the same way.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use serde::Serialize;

use crate::entry::{Entry, When};
use crate::split::split_by_day;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GroupBy {
    Day,
    Target,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Row {
    /// A date (`YYYY-MM-DD`) or a target's text form; `null` for time without a target.
    pub key: Option<String>,
    pub minutes: u32,
    pub billable_minutes: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Report {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub total_minutes: u32,
    pub billable_minutes: u32,
    pub rows: Vec<Row>,
}

/// Each (date, minutes) piece of an entry, as Zoho would be sent it.
fn pieces<Z: TimeZone>(entry: &Entry, tz: &Z, now: DateTime<Utc>) -> Vec<(NaiveDate, u32)> {
    match entry.when {
        When::Span { start, end } => split_by_day(start, end.unwrap_or(now), tz)
            .into_iter()
            .map(|p| (p.date, p.minutes))
            .collect(),
        When::Duration { minutes } => vec![(entry.date, minutes)],
    }
}

/// Build the report of `entries` over `from..=to`. Time outside the range is left out,
/// so an entry across the range's edge counts only its inside part. By day, every date
/// of the range has a row, in order; by target, the largest total comes first.
pub fn build<Z: TimeZone>(
    entries: &[Entry],
    from: NaiveDate,
    to: NaiveDate,
    by: GroupBy,
    tz: &Z,
    now: DateTime<Utc>,
) -> Report {
    let mut totals: BTreeMap<Option<String>, (u32, u32)> = BTreeMap::new();
    if by == GroupBy::Day {
        for date in from.iter_days().take_while(|d| *d <= to) {
            totals.insert(Some(date.to_string()), (0, 0));
        }
    }
    for entry in entries {
        for (date, minutes) in pieces(entry, tz, now) {
            if date < from || date > to {
                continue;
            }
            let key = match by {
                GroupBy::Day => Some(date.to_string()),
                GroupBy::Target => entry.target.as_ref().map(ToString::to_string),
            };
            let total = totals.entry(key).or_default();
            total.0 += minutes;
            if entry.billable {
                total.1 += minutes;
            }
        }
    }
    let mut rows: Vec<Row> = totals
        .into_iter()
        .map(|(key, (minutes, billable_minutes))| Row {
            key,
            minutes,
            billable_minutes,
        })
        .collect();
    if by == GroupBy::Target {
        rows.sort_by(|a, b| b.minutes.cmp(&a.minutes).then_with(|| a.key.cmp(&b.key)));
    }
    Report {
        from,
        to,
        total_minutes: rows.iter().map(|r| r.minutes).sum(),
        billable_minutes: rows.iter().map(|r| r.billable_minutes).sum(),
        rows,
    }
}

/// CSV with a header, minutes as numbers; keys are quoted when they need it.
pub fn to_csv(report: &Report) -> String {
    let mut out = String::from("key,minutes,billable_minutes\n");
    for row in &report.rows {
        let key = row.key.as_deref().unwrap_or("");
        let key = if key.contains([',', '"', '\n']) {
            format!("\"{}\"", key.replace('"', "\"\""))
        } else {
            key.to_owned()
        };
        out.push_str(&format!("{key},{},{}\n", row.minutes, row.billable_minutes));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::entry::{Source, SyncState};

    fn entry(id: i64, when: When, date: &str, target: Option<&str>, billable: bool) -> Entry {
        Entry {
            id,
            date: date.parse().unwrap(),
            when,
            target: target.map(|t| t.parse().unwrap()),
            account: None,
            note: String::new(),
            billable,
            source: Source::Local,
            sync: SyncState::LocalOnly,
            remote_ids: vec![],
        }
    }

    fn at(text: &str) -> DateTime<Utc> {
        text.parse().unwrap()
    }

    #[test]
    fn days_split_at_midnight_and_clip_to_the_range() {
        let across = When::Span {
            start: at("2026-11-20T23:00:00Z"),
            end: Some(at("2026-11-21T01:30:00Z")),
        };
        let logged = When::Duration { minutes: 45 };
        let entries = [
            entry(1, across, "2026-11-20", Some("people:7"), true),
            entry(2, logged, "2026-11-21", None, false),
        ];
        let d = |s: &str| s.parse::<NaiveDate>().unwrap();
        let now = at("2026-11-23T12:00:00Z");
        let report = build(
            &entries,
            d("2026-11-21"),
            d("2026-11-22"),
            GroupBy::Day,
            &Utc,
            now,
        );
        assert_eq!(report.rows.len(), 2);
        assert_eq!(report.rows[0].minutes, 90 + 45);
        assert_eq!(report.rows[0].billable_minutes, 90);
        assert_eq!(report.rows[1].minutes, 0);
        assert_eq!(report.total_minutes, 135);

        let by_target = build(
            &entries,
            d("2026-11-20"),
            d("2026-11-21"),
            GroupBy::Target,
            &Utc,
            now,
        );
        assert_eq!(by_target.rows[0].key.as_deref(), Some("people:7"));
        assert_eq!(by_target.rows[0].minutes, 150);
        assert_eq!(by_target.rows[1].key, None);
        assert_eq!(by_target.total_minutes, 195);
        assert_eq!(
            to_csv(&by_target),
            "key,minutes,billable_minutes\npeople:7,150,150\n,45,0\n"
        );
    }
}
