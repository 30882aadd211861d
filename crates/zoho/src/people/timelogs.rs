//! Time logs one at a time: list (paged, and month by month for longer ranges), add,
//! edit and delete.

use chrono::{Datelike, Months, NaiveDate, NaiveTime};

use super::models::TimeLog;
use super::{
    PAGE_LIMIT, People, answered_id, billing_word, clock_24h, hh_mm, next_available, parse, results,
};
use crate::error::ZohoError;

/// Which logs' billing status to list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Billing {
    #[default]
    All,
    Billable,
    NonBillable,
}

impl Billing {
    fn wire(self) -> &'static str {
        match self {
            Billing::All => "all",
            Billing::Billable => "billable",
            Billing::NonBillable => "non-billable",
        }
    }
}

/// What `gettimelogs` lists: one user's logs between two dates (both included).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimeLogFilter {
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// Whose logs (`all`, an email, erecno or employee id); the client's user if `None`.
    pub user: Option<String>,
    pub job_id: Option<String>,
    pub billing: Billing,
}

impl TimeLogFilter {
    pub fn between(from: NaiveDate, to: NaiveDate) -> TimeLogFilter {
        TimeLogFilter {
            from,
            to,
            user: None,
            job_id: None,
            billing: Billing::All,
        }
    }

    pub fn job(mut self, job_id: impl Into<String>) -> TimeLogFilter {
        self.job_id = Some(job_id.into());
        self
    }

    pub fn billing(mut self, billing: Billing) -> TimeLogFilter {
        self.billing = billing;
        self
    }

    pub fn user(mut self, user: impl Into<String>) -> TimeLogFilter {
        self.user = Some(user.into());
        self
    }
}

/// One page of `gettimelogs`, and where the next starts if People has more.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimeLogPage {
    pub logs: Vec<TimeLog>,
    pub next_index: Option<u32>,
}

/// How much time a log holds: hours, or a start and an end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LoggedTime {
    Minutes(u32),
    Span { from: NaiveTime, to: NaiveTime },
}

impl LoggedTime {
    /// The length in minutes (a span that ends before it starts has none).
    pub fn minutes(self) -> u32 {
        match self {
            LoggedTime::Minutes(m) => m,
            LoggedTime::Span { from, to } => (to - from).num_minutes().max(0) as u32,
        }
    }

    fn fields(self, fields: &mut Vec<(&'static str, String)>) {
        match self {
            LoggedTime::Minutes(m) => fields.push(("hours", hh_mm(m))),
            LoggedTime::Span { from, to } => {
                fields.push(("fromTime", clock_24h(from)));
                fields.push(("toTime", clock_24h(to)));
            }
        }
    }
}

/// A log to add with `addtimelog`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewTimeLog {
    pub job_id: String,
    pub work_date: NaiveDate,
    pub time: LoggedTime,
    /// People's default for the job when `None`.
    pub billable: Option<bool>,
    pub work_item: Option<String>,
    pub description: Option<String>,
}

/// What `edittimelog` changes; `None` leaves a field as it is.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TimeLogChange {
    pub job_id: Option<String>,
    pub work_date: Option<NaiveDate>,
    pub time: Option<LoggedTime>,
    pub billable: Option<bool>,
    pub work_item: Option<String>,
    pub description: Option<String>,
}

fn date(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

/// `[from, to]` cut at calendar-month boundaries, in order, covering every day once.
/// A range that ends before it starts stays one window, for Zoho to refuse (9006).
pub fn month_windows(from: NaiveDate, to: NaiveDate) -> Vec<(NaiveDate, NaiveDate)> {
    if to < from {
        return vec![(from, to)];
    }
    let mut windows = Vec::new();
    let mut start = from;
    loop {
        let month_end = start
            .with_day(1)
            .and_then(|first| first.checked_add_months(Months::new(1)))
            .and_then(|next| next.pred_opt())
            .unwrap_or(NaiveDate::MAX);
        let end = month_end.min(to);
        windows.push((start, end));
        match end.succ_opt() {
            Some(next) if end < to => start = next,
            _ => return windows,
        }
    }
}

impl People<'_> {
    fn filter_query(&self, filter: &TimeLogFilter) -> Vec<(&'static str, String)> {
        vec![
            (
                "user",
                filter.user.clone().unwrap_or_else(|| self.user.clone()),
            ),
            ("fromDate", date(filter.from)),
            ("toDate", date(filter.to)),
            (
                "jobId",
                filter.job_id.clone().unwrap_or_else(|| "all".into()),
            ),
            ("billingStatus", filter.billing.wire().into()),
        ]
    }

    /// One page of logs from `s_index` (`limit` at most 200). The range must lie within
    /// a month: People refuses more with code 9007.
    pub fn gettimelogs_page(
        &self,
        filter: &TimeLogFilter,
        s_index: u32,
        limit: u32,
    ) -> Result<TimeLogPage, ZohoError> {
        let mut query = self.filter_query(filter);
        query.push(("sIndex", s_index.to_string()));
        query.push(("limit", limit.clamp(1, PAGE_LIMIT).to_string()));
        let answer = self.get("gettimelogs", query)?;
        let logs = results(&answer)
            .into_iter()
            .map(|v| parse(v, "gettimelogs"))
            .collect::<Result<Vec<TimeLog>, _>>()?;
        let next_index =
            (next_available(&answer) && !logs.is_empty()).then(|| s_index + logs.len() as u32);
        Ok(TimeLogPage { logs, next_index })
    }

    /// Every log in the filter's range, page by page. The range must lie within a month
    /// (People's code 9007 otherwise); [`People::gettimelogs_range`] takes any range.
    pub fn gettimelogs(&self, filter: &TimeLogFilter) -> Result<Vec<TimeLog>, ZohoError> {
        self.all_pages("gettimelogs", self.filter_query(filter))
    }

    /// Every log in a range of any length, fetched one calendar month at a time.
    pub fn gettimelogs_range(&self, filter: &TimeLogFilter) -> Result<Vec<TimeLog>, ZohoError> {
        let mut logs = Vec::new();
        for (from, to) in month_windows(filter.from, filter.to) {
            let window = TimeLogFilter {
                from,
                to,
                ..filter.clone()
            };
            logs.extend(self.gettimelogs(&window)?);
        }
        Ok(logs)
    }

    /// Add one log for the client's user; answers its `timeLogId`.
    pub fn addtimelog(&self, log: &NewTimeLog) -> Result<String, ZohoError> {
        let mut fields = vec![
            ("user", self.user.clone()),
            ("jobId", log.job_id.clone()),
            ("workDate", date(log.work_date)),
        ];
        log.time.fields(&mut fields);
        if let Some(billable) = log.billable {
            fields.push(("billingStatus", billing_word(billable).into()));
        }
        if let Some(item) = &log.work_item {
            fields.push(("workItem", item.clone()));
        }
        if let Some(text) = &log.description {
            fields.push(("description", text.clone()));
        }
        let answer = self.post("addtimelog", fields)?;
        answered_id(&answer, "addtimelog")
    }

    /// Change a log; answers its `timeLogId`.
    pub fn edittimelog(
        &self,
        timelog_id: &str,
        change: &TimeLogChange,
    ) -> Result<String, ZohoError> {
        let mut fields = vec![
            ("timeLogId", timelog_id.to_owned()),
            ("user", self.user.clone()),
        ];
        if let Some(job) = &change.job_id {
            fields.push(("jobId", job.clone()));
        }
        if let Some(d) = change.work_date {
            fields.push(("workDate", date(d)));
        }
        if let Some(time) = change.time {
            time.fields(&mut fields);
        }
        if let Some(billable) = change.billable {
            fields.push(("billingStatus", billing_word(billable).into()));
        }
        if let Some(item) = &change.work_item {
            fields.push(("workItem", item.clone()));
        }
        if let Some(text) = &change.description {
            fields.push(("description", text.clone()));
        }
        let answer = self.post("edittimelog", fields)?;
        answered_id(&answer, "edittimelog")
    }

    /// Delete logs by id, in one call. People skips a log whose timer runs and says so
    /// with code 8005 (the others are deleted all the same).
    pub fn deletetimelog<S: AsRef<str>>(&self, timelog_ids: &[S]) -> Result<(), ZohoError> {
        if timelog_ids.is_empty() {
            return Ok(());
        }
        let ids: Vec<&str> = timelog_ids.iter().map(AsRef::as_ref).collect();
        self.post("deletetimelog", vec![("timeLogId", ids.join(","))])?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn a_range_within_a_month_is_one_window() {
        assert_eq!(
            month_windows(d(2025, 3, 3), d(2025, 3, 28)),
            vec![(d(2025, 3, 3), d(2025, 3, 28))]
        );
        assert_eq!(
            month_windows(d(2025, 3, 3), d(2025, 3, 3)),
            vec![(d(2025, 3, 3), d(2025, 3, 3))]
        );
    }

    #[test]
    fn longer_ranges_are_cut_at_month_ends() {
        assert_eq!(
            month_windows(d(2024, 12, 15), d(2025, 3, 2)),
            vec![
                (d(2024, 12, 15), d(2024, 12, 31)),
                (d(2025, 1, 1), d(2025, 1, 31)),
                (d(2025, 2, 1), d(2025, 2, 28)),
                (d(2025, 3, 1), d(2025, 3, 2)),
            ]
        );
    }

    #[test]
    fn windows_cover_every_day_once_in_order() {
        let mut from = d(2023, 11, 7);
        for step in 0..200 {
            let to = from + chrono::Days::new((step * 7) % 400);
            let windows = month_windows(from, to);
            assert_eq!(windows.first().unwrap().0, from);
            assert_eq!(windows.last().unwrap().1, to);
            for pair in windows.windows(2) {
                assert_eq!(pair[0].1.succ_opt().unwrap(), pair[1].0);
            }
            for (a, b) in &windows {
                assert!(a <= b && (a.year(), a.month()) == (b.year(), b.month()));
            }
            from = from + chrono::Days::new(3);
        }
    }

    #[test]
    fn a_backwards_range_is_left_for_zoho_to_refuse() {
        assert_eq!(
            month_windows(d(2025, 3, 9), d(2025, 3, 1)),
            vec![(d(2025, 3, 9), d(2025, 3, 1))]
        );
    }

    #[test]
    fn spans_count_their_minutes() {
        let span = LoggedTime::Span {
            from: NaiveTime::from_hms_opt(9, 15, 0).unwrap(),
            to: NaiveTime::from_hms_opt(11, 0, 0).unwrap(),
        };
        assert_eq!(span.minutes(), 105);
        assert_eq!(LoggedTime::Minutes(30).minutes(), 30);
    }
}
