//! A time entry's fields as Books reads and checks them: lenient values (ids as strings
//! or numbers, `" "` for nothing), then Books' rules in its order. Create and update share
//! these checks.

use axum::body::Bytes;
use axum::http::StatusCode;
use chrono::{NaiveDate, NaiveTime};
use serde_json::{Value, json};

use super::{Entry, Organization, Refusal, does_not_exist, invalid, missing, refuse};

/// Books' limit on a time entry's notes.
const NOTES_MAX: usize = 500;

/// A value as Books reads it: ids may be numbers, and `" "` means nothing.
pub(super) fn field(body: &Value, key: &str) -> Option<String> {
    match body.get(key)? {
        Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_owned()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

pub(super) fn flag(body: &Value, key: &str) -> Option<bool> {
    match body.get(key)? {
        Value::Bool(b) => Some(*b),
        Value::Number(n) => Some(n.as_i64() == Some(1)),
        Value::String(s) => match s.trim() {
            "true" | "1" => Some(true),
            "false" | "0" => Some(false),
            _ => None,
        },
        _ => None,
    }
}

pub(super) fn date(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()
}

pub(super) fn clock(s: &str) -> Option<NaiveTime> {
    NaiveTime::parse_from_str(s, "%H:%M").ok()
}

/// `HH:mm` of logged time, at most a day.
pub(super) fn duration(s: &str) -> Option<u32> {
    let (h, m) = s.split_once(':')?;
    let (h, m): (u32, u32) = (h.parse().ok()?, m.parse().ok()?);
    let total = h.checked_mul(60)?.checked_add(m)?;
    (m < 60 && total <= 24 * 60).then_some(total)
}

/// A time entry's fields, checked the way Books checks them, in its order.
pub(super) struct Checked {
    pub(super) project_id: String,
    pub(super) task_id: String,
    pub(super) user_id: String,
    pub(super) log_date: NaiveDate,
    pub(super) begin_time: Option<NaiveTime>,
    pub(super) end_time: Option<NaiveTime>,
    pub(super) log_minutes: u32,
    pub(super) is_billable: bool,
    pub(super) notes: String,
    pub(super) start_timer: bool,
}

pub(super) fn check(
    org: &Organization,
    body: &Value,
    today: NaiveDate,
) -> Result<Checked, Refusal> {
    let project_id =
        field(body, "project_id").ok_or_else(|| missing("Please select a project."))?;
    let project = org
        .project(&project_id)
        .ok_or_else(|| does_not_exist("Project"))?;
    let task_id = field(body, "task_id").ok_or_else(|| missing("Please select a task."))?;
    let task = project
        .tasks
        .iter()
        .find(|t| t.task_id == task_id)
        .ok_or_else(|| does_not_exist("Task"))?;
    let user_id = field(body, "user_id").ok_or_else(|| missing("Please select a user."))?;
    if org.user(&user_id).is_none() {
        return Err(does_not_exist("User"));
    }
    let log_date = field(body, "log_date").ok_or_else(|| missing("Please enter the date."))?;
    let log_date = date(&log_date).ok_or_else(|| invalid("log_date"))?;
    if log_date > today {
        return Err(refuse(
            StatusCode::BAD_REQUEST,
            1046,
            "You cannot log time for a future date.",
        ));
    }
    let start_timer = flag(body, "start_timer").unwrap_or(false);
    let parse_clock = |key: &str| match field(body, key) {
        None => Ok(None),
        Some(s) => clock(&s).map(Some).ok_or_else(|| invalid(key)),
    };
    let (begin_time, end_time) = (parse_clock("begin_time")?, parse_clock("end_time")?);
    let log_minutes = match (begin_time, end_time, field(body, "log_time")) {
        (Some(begin), Some(end), _) if end <= begin => {
            return Err(refuse(
                StatusCode::BAD_REQUEST,
                2,
                "The end time should be later than the begin time.",
            ));
        }
        (Some(begin), Some(end), _) => (end - begin).num_minutes() as u32,
        (Some(_), None, _) | (None, Some(_), _) => {
            return Err(missing(
                "Please enter both the begin time and the end time.",
            ));
        }
        (None, None, Some(log)) => match duration(&log) {
            Some(0) if !start_timer => return Err(invalid("log_time")),
            Some(m) => m,
            None => return Err(invalid("log_time")),
        },
        (None, None, None) if start_timer => 0,
        (None, None, None) => return Err(missing("Please enter the time spent.")),
    };
    let notes = body
        .get("notes")
        .and_then(Value::as_str)
        .map(str::trim)
        .unwrap_or_default()
        .to_owned();
    if notes.chars().count() > NOTES_MAX {
        return Err(refuse(
            StatusCode::BAD_REQUEST,
            2,
            format!("Notes cannot be more than {NOTES_MAX} characters."),
        ));
    }
    Ok(Checked {
        project_id,
        task_id,
        user_id,
        log_date,
        begin_time,
        end_time,
        log_minutes,
        is_billable: flag(body, "is_billable").unwrap_or(task.is_billable),
        notes,
        start_timer,
    })
}

pub(super) fn json_body(body: &Bytes) -> Result<Value, Refusal> {
    serde_json::from_slice::<Value>(body)
        .ok()
        .filter(Value::is_object)
        .ok_or_else(|| refuse(StatusCode::BAD_REQUEST, 1038, "JSON is not well formed"))
}
/// An entry in the request's shape, so an update can change some fields and keep the rest.
pub(super) fn as_request(entry: &Entry) -> Value {
    let mut v = json!({
        "project_id": entry.project_id,
        "task_id": entry.task_id,
        "user_id": entry.user_id,
        "log_date": entry.log_date.format("%Y-%m-%d").to_string(),
        "log_time": super::hours_minutes(entry.log_minutes),
        "is_billable": entry.is_billable,
        "notes": entry.notes,
    });
    if let (Some(b), Some(e)) = (entry.begin_time, entry.end_time) {
        v["begin_time"] = json!(b.format("%H:%M").to_string());
        v["end_time"] = json!(e.format("%H:%M").to_string());
    }
    v
}
