//! Books' records as Punch reads them: time entries, organizations, users, projects and
//! tasks. Parsing is lenient because Books' documents and answers disagree: ids come as
//! strings or numbers, blanks as `" "`, durations as `HH:mm` (or decimal hours when the
//! organization prefers them), and timer instants as `2013-09-18T18:05:27+0530`.

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveTime};
use serde::{Deserialize, Deserializer};
use serde_json::Value;

use crate::lenient::{self, PageContext};

/// One page of a Books list.
#[derive(Debug, Clone, PartialEq)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub page_context: PageContext,
}

impl<T> Page<T> {
    pub fn has_more(&self) -> bool {
        self.page_context.has_more_page
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Organization {
    #[serde(deserialize_with = "lenient::id")]
    pub organization_id: String,
    #[serde(default, deserialize_with = "lenient::text")]
    pub name: String,
    #[serde(default, deserialize_with = "lenient::flag")]
    pub is_default_org: bool,
}

/// The signed-in user in one organization (`GET /users/me`): time entries need its id.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct User {
    #[serde(deserialize_with = "lenient::id")]
    pub user_id: String,
    #[serde(default, deserialize_with = "lenient::text")]
    pub name: String,
    #[serde(default, deserialize_with = "lenient::text")]
    pub email: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Project {
    #[serde(deserialize_with = "lenient::id")]
    pub project_id: String,
    #[serde(default, deserialize_with = "lenient::text")]
    pub project_name: String,
    #[serde(default, deserialize_with = "lenient::opt_id")]
    pub customer_id: Option<String>,
    #[serde(default, deserialize_with = "lenient::text")]
    pub customer_name: String,
    /// `active` or `inactive`.
    #[serde(default, deserialize_with = "lenient::text")]
    pub status: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Task {
    #[serde(deserialize_with = "lenient::id")]
    pub task_id: String,
    #[serde(default, deserialize_with = "lenient::text")]
    pub task_name: String,
    #[serde(default, deserialize_with = "lenient::flag")]
    pub is_billable: bool,
    #[serde(default, deserialize_with = "lenient::text")]
    pub status: String,
}

/// A Books time entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimeEntry {
    pub time_entry_id: String,
    pub project_id: String,
    pub project_name: String,
    pub customer_name: String,
    pub task_id: String,
    pub task_name: String,
    pub user_id: String,
    pub user_name: String,
    pub log_date: NaiveDate,
    pub begin_time: Option<NaiveTime>,
    pub end_time: Option<NaiveTime>,
    /// The logged time in minutes (Books' `log_time`).
    pub log_minutes: u32,
    pub is_billable: bool,
    /// `unbilled` or `invoiced`; an invoiced entry is no longer Punch's to change.
    pub billed_status: String,
    pub invoice_id: Option<String>,
    /// Empty when Books sent `" "`.
    pub notes: String,
    /// Whether Books' timer runs on this entry.
    pub timer_running: bool,
    /// When the timer started, if it runs and Books' instant could be read.
    pub timer_started_at: Option<DateTime<FixedOffset>>,
    /// The raw `created_time`, kept as text: only shown, never computed with.
    pub created_time: String,
}

#[derive(Deserialize)]
struct RawTimeEntry {
    #[serde(deserialize_with = "lenient::id")]
    time_entry_id: String,
    #[serde(deserialize_with = "lenient::id")]
    project_id: String,
    #[serde(default, deserialize_with = "lenient::text")]
    project_name: String,
    #[serde(default, deserialize_with = "lenient::text")]
    customer_name: String,
    #[serde(deserialize_with = "lenient::id")]
    task_id: String,
    #[serde(default, deserialize_with = "lenient::text")]
    task_name: String,
    #[serde(deserialize_with = "lenient::id")]
    user_id: String,
    #[serde(default, deserialize_with = "lenient::text")]
    user_name: String,
    #[serde(deserialize_with = "log_date")]
    log_date: NaiveDate,
    #[serde(default, deserialize_with = "clock")]
    begin_time: Option<NaiveTime>,
    #[serde(default, deserialize_with = "clock")]
    end_time: Option<NaiveTime>,
    #[serde(default, deserialize_with = "minutes")]
    log_time: u32,
    #[serde(default, deserialize_with = "lenient::flag")]
    is_billable: bool,
    #[serde(default, deserialize_with = "lenient::text")]
    billed_status: String,
    #[serde(default, deserialize_with = "lenient::opt_id")]
    invoice_id: Option<String>,
    #[serde(default, deserialize_with = "lenient::text")]
    notes: String,
    #[serde(default, deserialize_with = "lenient::text")]
    timer_started_at: String,
    #[serde(default, deserialize_with = "lenient::text")]
    created_time: String,
}

impl<'de> Deserialize<'de> for TimeEntry {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let raw = RawTimeEntry::deserialize(d)?;
        Ok(TimeEntry {
            timer_running: !raw.timer_started_at.is_empty(),
            timer_started_at: instant(&raw.timer_started_at),
            time_entry_id: raw.time_entry_id,
            project_id: raw.project_id,
            project_name: raw.project_name,
            customer_name: raw.customer_name,
            task_id: raw.task_id,
            task_name: raw.task_name,
            user_id: raw.user_id,
            user_name: raw.user_name,
            log_date: raw.log_date,
            begin_time: raw.begin_time,
            end_time: raw.end_time,
            log_minutes: raw.log_time,
            is_billable: raw.is_billable,
            billed_status: raw.billed_status,
            invoice_id: raw.invoice_id,
            notes: raw.notes,
            created_time: raw.created_time,
        })
    }
}

/// Books' instant: `2013-09-18T18:05:27+0530`, or RFC 3339.
fn instant(text: &str) -> Option<DateTime<FixedOffset>> {
    DateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S%z")
        .or_else(|_| DateTime::parse_from_rfc3339(text))
        .ok()
}

/// `yyyy-MM-dd`, also when Books appends a time.
fn log_date<'de, D: Deserializer<'de>>(d: D) -> Result<NaiveDate, D::Error> {
    let text = String::deserialize(d)?;
    let day = text.trim().get(..10).unwrap_or(text.trim());
    NaiveDate::parse_from_str(day, "%Y-%m-%d")
        .map_err(|_| serde::de::Error::custom(format!("log_date `{text}` is not yyyy-MM-dd")))
}

/// A time of day: `HH:mm`, `HH:mm:ss` or `hh:mm AM`; blanks and oddities are `None`.
fn clock<'de, D: Deserializer<'de>>(d: D) -> Result<Option<NaiveTime>, D::Error> {
    let Value::String(text) = Value::deserialize(d)? else {
        return Ok(None);
    };
    let text = text.trim();
    Ok(["%H:%M", "%H:%M:%S", "%I:%M %p"]
        .iter()
        .find_map(|f| NaiveTime::parse_from_str(text, f).ok()))
}

/// Logged time in minutes from `HH:mm` (hours may pass 24), or from decimal hours
/// (`1.5`), the form Books uses when the organization shows time as decimals.
pub fn parse_minutes(text: &str) -> Option<u32> {
    let text = text.trim();
    if text.is_empty() {
        return Some(0);
    }
    if let Some((h, m)) = text.split_once(':') {
        let (h, m): (u32, u32) = (
            h.trim().parse().ok()?,
            m.trim().get(..2).unwrap_or(m).parse().ok()?,
        );
        return (m < 60)
            .then(|| h.checked_mul(60)?.checked_add(m))
            .flatten();
    }
    let hours: f64 = text.parse().ok()?;
    (hours.is_finite() && hours >= 0.0).then(|| (hours * 60.0).round() as u32)
}

fn minutes<'de, D: Deserializer<'de>>(d: D) -> Result<u32, D::Error> {
    Ok(match Value::deserialize(d)? {
        Value::String(s) => parse_minutes(&s).unwrap_or(0),
        Value::Number(n) => n
            .as_f64()
            .and_then(|h| parse_minutes(&h.to_string()))
            .unwrap_or(0),
        _ => 0,
    })
}

/// Minutes as Books wants durations: `HH:mm`.
pub fn format_minutes(minutes: u32) -> String {
    format!("{:02}:{:02}", minutes / 60, minutes % 60)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The document's sample, with its blanks and string ids.
    const DOCUMENTED: &str = r#"{
        "time_entry_id": "460000000044021", "project_id": "460000000044019",
        "project_name": "REAL TIME TRAFFIC FLUX", "customer_id": "460000000044001",
        "customer_name": "SAF Instruments Inc", "task_id": "460000000044009",
        "task_name": "Distribution Analysis", "user_id": "460000000024003",
        "user_name": "John David", "is_current_user": true, "log_date": "2013-09-17",
        "begin_time": "03:00", "end_time": "04:00", "log_time": "05:00",
        "is_billable": true, "billed_status": "unbilled", "invoice_id": "", "notes": " ",
        "timer_started_at": " ", "timer_started_at_utc_time": "",
        "timer_duration_in_minutes": " ", "timer_duration_in_seconds": "",
        "created_time": "2013-09-18T18:05:27+0530", "timesheet_custom_fields": ""
    }"#;

    #[test]
    fn the_documented_entry_parses() {
        let e: TimeEntry = serde_json::from_str(DOCUMENTED).unwrap();
        assert_eq!(e.time_entry_id, "460000000044021");
        assert_eq!(e.log_date, NaiveDate::from_ymd_opt(2013, 9, 17).unwrap());
        assert_eq!(e.begin_time, NaiveTime::from_hms_opt(3, 0, 0));
        assert_eq!(e.log_minutes, 300);
        assert_eq!(e.notes, "");
        assert_eq!(e.invoice_id, None);
        assert!(!e.timer_running);
        assert_eq!(e.timer_started_at, None);
    }

    #[test]
    fn numeric_ids_decimal_hours_and_a_running_timer_parse() {
        let json = r#"{"time_entry_id": 460000000044021, "project_id": 460000000044019,
            "task_id": 460000000044009, "user_id": 460000000024003,
            "log_date": "2013-09-17T00:00:00+0530", "begin_time": "", "end_time": null,
            "log_time": 1.5, "is_billable": "true", "notes": "Sprint review",
            "timer_started_at": "2013-09-17T10:15:00+0530"}"#;
        let e: TimeEntry = serde_json::from_str(json).unwrap();
        assert_eq!(e.time_entry_id, "460000000044021");
        assert_eq!(e.log_date, NaiveDate::from_ymd_opt(2013, 9, 17).unwrap());
        assert_eq!((e.begin_time, e.end_time), (None, None));
        assert_eq!(e.log_minutes, 90);
        assert!(e.is_billable && e.timer_running);
        assert_eq!(
            e.timer_started_at.map(|t| t.to_rfc3339()),
            Some("2013-09-17T10:15:00+05:30".to_owned())
        );
    }

    #[test]
    fn durations_read_both_ways() {
        assert_eq!(parse_minutes("05:00"), Some(300));
        assert_eq!(parse_minutes("7:05"), Some(425));
        assert_eq!(parse_minutes("30:15"), Some(1815));
        assert_eq!(parse_minutes("0.25"), Some(15));
        assert_eq!(parse_minutes(" "), Some(0));
        assert_eq!(parse_minutes("1:75"), None);
        assert_eq!(parse_minutes("soon"), None);
        assert_eq!(format_minutes(425), "07:05");
    }
}
