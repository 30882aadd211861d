//! What People's answers carry, read leniently: ids and `type` as strings or numbers,
//! clock times as minutes of the day or as text, durations as `HH:MM` or seconds, and
//! work dates in the format asked for (with the stored `db_workDate` and the company
//! format `dd-MMM-yyyy` as fallbacks).

use std::time::Duration;

use chrono::{NaiveDate, NaiveTime};
use serde::{Deserialize, Deserializer};
use serde_json::Value;

use crate::error::number;
use crate::lenient;

/// How a log's time was entered (People's `type`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogKind {
    /// `0`: a number of hours.
    Hours,
    /// `1`: a start and an end time.
    StartEnd,
    /// `2`: recorded by the timer.
    Timer,
}

/// One time log as `gettimelogs` lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimeLog {
    pub timelog_id: String,
    pub job_id: String,
    pub job_name: String,
    pub project_id: Option<String>,
    pub project_name: String,
    pub work_date: NaiveDate,
    /// The logged time in minutes (from `totaltime` seconds, else from `hours`).
    pub minutes: u32,
    pub kind: LogKind,
    /// Start and end, for start-and-end logs only.
    pub from: Option<NaiveTime>,
    pub to: Option<NaiveTime>,
    pub billable: bool,
    /// People's "work item" (`taskName` in answers).
    pub work_item: String,
    pub description: String,
    /// The log's timer is running now.
    pub is_running: bool,
    /// The log was recorded by the timer (`timerLog`).
    pub timer_log: bool,
    pub approval_status: String,
}

/// A raw value kept for fields whose shape varies (numbers, text, absent).
fn any<'de, D: Deserializer<'de>>(d: D) -> Result<Value, D::Error> {
    Value::deserialize(d)
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RawTimeLog {
    #[serde(deserialize_with = "lenient::id", alias = "timeLogId")]
    timelog_id: String,
    #[serde(default, deserialize_with = "lenient::opt_id")]
    job_id: Option<String>,
    #[serde(default, deserialize_with = "lenient::text")]
    job_name: String,
    #[serde(default, deserialize_with = "lenient::opt_id")]
    project_id: Option<String>,
    #[serde(default, deserialize_with = "lenient::text")]
    project_name: String,
    #[serde(default, deserialize_with = "lenient::text")]
    work_date: String,
    #[serde(default, rename = "db_workDate", deserialize_with = "lenient::text")]
    db_work_date: String,
    #[serde(default, rename = "type", deserialize_with = "lenient::int")]
    kind: i64,
    #[serde(default, deserialize_with = "lenient::text")]
    hours: String,
    #[serde(default, rename = "totaltime", deserialize_with = "lenient::int")]
    total_seconds: i64,
    #[serde(default, deserialize_with = "any")]
    from_time: Value,
    #[serde(default, deserialize_with = "any")]
    to_time: Value,
    #[serde(default, deserialize_with = "lenient::text")]
    from_time_in_time_format: String,
    #[serde(default, deserialize_with = "lenient::text")]
    to_time_in_time_format: String,
    #[serde(default, deserialize_with = "lenient::text")]
    billing_status: String,
    #[serde(default, deserialize_with = "lenient::text")]
    task_name: String,
    #[serde(default, deserialize_with = "lenient::text")]
    description: String,
    #[serde(default, deserialize_with = "lenient::flag")]
    is_currently_running: bool,
    #[serde(default, deserialize_with = "lenient::flag")]
    timer_log: bool,
    #[serde(default, deserialize_with = "lenient::text")]
    approval_status: String,
}

impl<'de> Deserialize<'de> for TimeLog {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let raw = RawTimeLog::deserialize(d)?;
        let work_date = work_date(&raw.work_date)
            .or_else(|| work_date(&raw.db_work_date))
            .ok_or_else(|| {
                serde::de::Error::custom(format!(
                    "time log {} has no readable workDate ({:?})",
                    raw.timelog_id, raw.work_date
                ))
            })?;
        let kind = match raw.kind {
            1 => LogKind::StartEnd,
            2 => LogKind::Timer,
            _ => LogKind::Hours,
        };
        let (from, to) = if kind == LogKind::StartEnd {
            (
                clock_time(&raw.from_time, &raw.from_time_in_time_format),
                clock_time(&raw.to_time, &raw.to_time_in_time_format),
            )
        } else {
            (None, None)
        };
        let minutes = if raw.total_seconds > 0 {
            ((raw.total_seconds + 30) / 60) as u32
        } else {
            duration_minutes(&raw.hours).unwrap_or(0)
        };
        Ok(TimeLog {
            timelog_id: raw.timelog_id,
            job_id: raw.job_id.unwrap_or_default(),
            job_name: raw.job_name,
            project_id: raw.project_id,
            project_name: raw.project_name,
            work_date,
            minutes,
            kind,
            from,
            to,
            billable: billable(&raw.billing_status),
            work_item: raw.task_name,
            description: raw.description,
            is_running: raw.is_currently_running,
            timer_log: raw.timer_log || kind == LogKind::Timer,
            approval_status: raw.approval_status,
        })
    }
}

/// The timer running now, as `getcurrentlyrunningtimer` reports it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RunningTimer {
    pub timelog_id: String,
    pub timer_id: Option<String>,
    pub job_id: String,
    pub job_name: String,
    pub work_date: NaiveDate,
    /// Since this run of the timer started (`diff`).
    pub running_for: Duration,
    /// Everything logged on the time log so far (`totaltime`).
    pub total: Duration,
    pub billable: bool,
    pub work_item: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RawTimer {
    #[serde(deserialize_with = "lenient::id", alias = "timeLogId")]
    timelog_id: String,
    #[serde(default, deserialize_with = "lenient::opt_id")]
    timer_id: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_id")]
    job_id: Option<String>,
    #[serde(default, deserialize_with = "lenient::text")]
    job_name: String,
    #[serde(default, deserialize_with = "lenient::text")]
    work_date: String,
    #[serde(default, deserialize_with = "lenient::int")]
    diff: i64,
    #[serde(default, rename = "totaltime", deserialize_with = "lenient::int")]
    total_seconds: i64,
    #[serde(default, deserialize_with = "lenient::text")]
    billing_status: String,
    #[serde(default, deserialize_with = "lenient::text")]
    task_name: String,
}

impl<'de> Deserialize<'de> for RunningTimer {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let raw = RawTimer::deserialize(d)?;
        let work_date = work_date(&raw.work_date).ok_or_else(|| {
            serde::de::Error::custom(format!(
                "running timer has no readable workDate ({:?})",
                raw.work_date
            ))
        })?;
        Ok(RunningTimer {
            timelog_id: raw.timelog_id,
            timer_id: raw.timer_id,
            job_id: raw.job_id.unwrap_or_default(),
            job_name: raw.job_name,
            work_date,
            running_for: Duration::from_secs(raw.diff.max(0) as u64),
            total: Duration::from_secs(raw.total_seconds.max(0) as u64),
            billable: billable(&raw.billing_status),
            work_item: raw.task_name,
        })
    }
}

/// "billable" is billable; "non-billable", "non billable", "nonbillable" are not.
pub(crate) fn billable(status: &str) -> bool {
    status.trim().eq_ignore_ascii_case("billable")
}

/// A work date in the format asked for, or the forms People falls back to.
pub(crate) fn work_date(text: &str) -> Option<NaiveDate> {
    let text = text.trim();
    let head = text.get(..10).unwrap_or(text);
    NaiveDate::parse_from_str(head, "%Y-%m-%d")
        .or_else(|_| NaiveDate::parse_from_str(text, "%d-%b-%Y"))
        .ok()
}

/// `HH:MM` (or decimal hours) as minutes.
pub(crate) fn duration_minutes(text: &str) -> Option<u32> {
    let text = text.trim();
    if let Some((h, m)) = text.split_once(':') {
        let (h, m): (u32, u32) = (h.trim().parse().ok()?, m.trim().parse().ok()?);
        return (m < 60).then_some(h * 60 + m);
    }
    let hours: f64 = text.parse().ok()?;
    (hours >= 0.0 && hours.is_finite()).then(|| (hours * 60.0).round() as u32)
}

/// A clock time sent as minutes of the day, else as text like `10:00AM`.
fn clock_time(minutes: &Value, text: &str) -> Option<NaiveTime> {
    if let Some(m) = number(minutes).filter(|m| (0..24 * 60).contains(m)) {
        return NaiveTime::from_hms_opt((m / 60) as u32, (m % 60) as u32, 0);
    }
    let text = text.trim().to_ascii_uppercase().replace(' ', "");
    NaiveTime::parse_from_str(&text, "%I:%M%p")
        .or_else(|_| NaiveTime::parse_from_str(&text, "%H:%M"))
        .ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_documented_timer_log_parses() {
        let log: TimeLog = serde_json::from_value(json!({
            "erecno": "492688000000135005", "timerLog": true, "type": "2",
            "workDate": "2019-04-04", "fromTime": 666, "toTime": 667,
            "jobName": "Development Phase", "hours": "05:00",
            "db_workDate": "2019-04-04 00:00:00.0", "billingStatus": "billable",
            "jobId": "492688000000808246", "totaltime": 18015,
            "timelogId": "492688000000808276", "taskName": ""
        }))
        .unwrap();
        assert_eq!(log.kind, LogKind::Timer);
        assert_eq!(log.minutes, 300);
        assert_eq!((log.from, log.to), (None, None));
        assert!(log.billable && log.timer_log && !log.is_running);
        assert_eq!(log.work_date, NaiveDate::from_ymd_opt(2019, 4, 4).unwrap());
    }

    #[test]
    fn numbers_for_ids_and_type_and_text_times_parse_too() {
        let log: TimeLog = serde_json::from_value(json!({
            "timelogId": 492688000000808270_u64, "jobId": 492688000000808246_u64,
            "type": 1, "workDate": "2019-04-09", "fromTime": 600, "toTime": 1080,
            "hours": "08:00", "billingStatus": "non-billable", "projectId": ""
        }))
        .unwrap();
        assert_eq!(log.timelog_id, "492688000000808270");
        assert_eq!(log.job_id, "492688000000808246");
        assert_eq!(log.kind, LogKind::StartEnd);
        assert_eq!(log.from, NaiveTime::from_hms_opt(10, 0, 0));
        assert_eq!(log.to, NaiveTime::from_hms_opt(18, 0, 0));
        assert_eq!(
            (log.minutes, log.billable, log.project_id),
            (480, false, None)
        );

        let text_times: TimeLog = serde_json::from_value(json!({
            "timelogId": "1", "type": "1", "workDate": "2019-04-09",
            "fromTimeInTimeFormat": "10:00AM", "toTimeInTimeFormat": "06:30 PM"
        }))
        .unwrap();
        assert_eq!(text_times.to, NaiveTime::from_hms_opt(18, 30, 0));
    }

    #[test]
    fn work_dates_fall_back_to_the_stored_date_or_the_company_format() {
        let stored: TimeLog = serde_json::from_value(json!({
            "timelogId": "1", "workDate": "04-04-2019", "db_workDate": "2019-04-04 00:00:00.0"
        }))
        .unwrap();
        assert_eq!(
            stored.work_date,
            NaiveDate::from_ymd_opt(2019, 4, 4).unwrap()
        );
        assert_eq!(
            work_date("05-Mar-2025"),
            NaiveDate::from_ymd_opt(2025, 3, 5)
        );
        let unreadable = serde_json::from_value::<TimeLog>(json!({
            "timelogId": "1", "workDate": "someday"
        }));
        assert!(unreadable.is_err());
    }

    #[test]
    fn durations_as_clock_or_decimal() {
        assert_eq!(duration_minutes("05:00"), Some(300));
        assert_eq!(duration_minutes("2.5"), Some(150));
        assert_eq!(duration_minutes("1:75"), None);
        assert_eq!(duration_minutes(""), None);
    }

    #[test]
    fn running_timers_parse_leniently() {
        let timer: RunningTimer = serde_json::from_value(json!({
            "jobName": "UI designing", "date": 60574, "hours": 241, "diff": 573,
            "billingStatus": "billable", "timerId": "492688000000820013",
            "jobId": "492688000000790013", "workDate": "2019-04-06", "totaltime": 14495,
            "isRunning": true, "timelogId": "492688000000821095"
        }))
        .unwrap();
        assert_eq!(timer.running_for, Duration::from_secs(573));
        assert_eq!(timer.total, Duration::from_secs(14495));
        assert_eq!(timer.timer_id.as_deref(), Some("492688000000820013"));
    }
}
