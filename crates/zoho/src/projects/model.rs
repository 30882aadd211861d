//! A Projects time log as Punch needs it, read from any of the shapes Zoho sends: flat
//! (`timelogs.tasklogs[]`, task and bug lists, add, update, approve) or nested by day
//! (`timelogs.date[].tasklogs|buglogs|generallogs`, all logs and my logs, where the date
//! is the day's and not the log's), ids as numbers or strings.

use chrono::{DateTime, NaiveDate};
use serde::Deserialize;
use serde_json::Value;

use crate::error::number;
use crate::lenient;

/// What a log is kept on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LogKind {
    Task {
        id: String,
        name: String,
    },
    Bug {
        id: String,
        name: String,
    },
    /// A general log ("other tasks"), known only by its name.
    General {
        name: String,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ApprovalStatus {
    Pending,
    Approved,
    Rejected,
    /// A word Zoho added later; kept as sent.
    Other(String),
}

impl ApprovalStatus {
    fn parse(text: &str) -> ApprovalStatus {
        match text.to_ascii_lowercase().as_str() {
            "" | "pending" | "unapproved" => ApprovalStatus::Pending,
            "approved" => ApprovalStatus::Approved,
            "rejected" => ApprovalStatus::Rejected,
            _ => ApprovalStatus::Other(text.to_owned()),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimeLog {
    pub id: String,
    pub kind: LogKind,
    /// Empty only when neither the answer nor the request named the project.
    pub project_id: String,
    pub date: NaiveDate,
    pub minutes: u32,
    pub notes: String,
    /// `bill_status` is `Billable`; Zoho's samples also show `Non Billable` and `all`.
    pub billable: bool,
    pub approval_status: ApprovalStatus,
    pub owner_id: String,
    pub owner_name: String,
}

/// `{"id": 1708…, "id_string": "1708…", "name"|"title": …}`.
#[derive(Debug, Default, Deserialize)]
struct RawRef {
    #[serde(default, deserialize_with = "lenient::opt_id")]
    id: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_id")]
    id_string: Option<String>,
    #[serde(default, deserialize_with = "lenient::text")]
    name: String,
    #[serde(default, deserialize_with = "lenient::text")]
    title: String,
}

impl RawRef {
    /// `id_string` first: Zoho's numeric ids pass through JavaScript doubles on the way
    /// and its samples show them rounded (`170876000010826020` for `…021`).
    fn id(&self) -> Option<String> {
        self.id_string.clone().or_else(|| self.id.clone())
    }

    fn label(&self) -> String {
        if self.name.is_empty() {
            self.title.clone()
        } else {
            self.name.clone()
        }
    }
}

/// Read an id pair (`id`, `id_string`) from any object.
pub(crate) fn id_of(value: &Value) -> Option<String> {
    RawRef::deserialize(value).ok()?.id()
}

#[derive(Debug, Deserialize)]
struct RawLog {
    #[serde(flatten)]
    ident: RawRef,
    #[serde(default)]
    task: Option<RawRef>,
    #[serde(default)]
    bug: Option<RawRef>,
    #[serde(default)]
    project: Option<RawRef>,
    #[serde(default, deserialize_with = "lenient::text")]
    log_date: String,
    #[serde(default)]
    log_date_long: Option<Value>,
    #[serde(default)]
    total_minutes: Option<Value>,
    #[serde(default)]
    hours: Option<Value>,
    #[serde(default)]
    minutes: Option<Value>,
    #[serde(default, deserialize_with = "lenient::text")]
    hours_display: String,
    #[serde(default, deserialize_with = "lenient::text")]
    notes: String,
    #[serde(default, deserialize_with = "lenient::text")]
    bill_status: String,
    #[serde(default, deserialize_with = "lenient::text")]
    approval_status: String,
    #[serde(default, deserialize_with = "lenient::opt_id")]
    owner_id: Option<String>,
    #[serde(default, deserialize_with = "lenient::text")]
    owner_name: String,
    #[serde(default)]
    link: Option<Value>,
}

/// `MM-DD-YYYY`, possibly followed by a time (`05-26-2014 11:59 PM`).
pub(crate) fn mdy(text: &str) -> Option<NaiveDate> {
    let head = text.trim().get(..10)?;
    NaiveDate::parse_from_str(head, "%m-%d-%Y").ok()
}

/// `hh:mm` as minutes.
fn hhmm(text: &str) -> Option<u32> {
    let (h, m) = text.trim().split_once(':')?;
    Some(h.trim().parse::<u32>().ok()? * 60 + m.trim().parse::<u32>().ok()?)
}

/// The project id in a log's `link.self.url` (`…/projects/{id}/…`).
fn project_in_link(link: Option<&Value>) -> Option<String> {
    let url = link?.pointer("/self/url")?.as_str()?;
    let rest = url.split("/projects/").nth(1)?;
    let id = rest.split('/').next()?;
    (!id.is_empty()).then(|| id.to_owned())
}

fn minutes_of(raw: &RawLog) -> u32 {
    let whole = |v: &Option<Value>| v.as_ref().and_then(number);
    if let Some(total) = whole(&raw.total_minutes) {
        return total.max(0) as u32;
    }
    if raw.hours.is_some() || raw.minutes.is_some() {
        let total = whole(&raw.hours).unwrap_or(0) * 60 + whole(&raw.minutes).unwrap_or(0);
        return total.max(0) as u32;
    }
    hhmm(&raw.hours_display).unwrap_or(0)
}

/// One log from `value`, found under `key` (`tasklogs`, `buglogs`, `generallogs`).
/// `day` is the date of the group it sits in, `project` the one the request named.
fn parse_log(
    value: &Value,
    key: &str,
    day: Option<NaiveDate>,
    project: Option<&str>,
) -> Option<TimeLog> {
    let raw = match RawLog::deserialize(value) {
        Ok(raw) => raw,
        Err(e) => {
            tracing::warn!(error = %e, "skipping a Zoho Projects log that can't be read");
            return None;
        }
    };
    let id = raw.ident.id()?;
    let date = mdy(&raw.log_date).or(day).or_else(|| {
        let ms = raw.log_date_long.as_ref().and_then(number)?;
        DateTime::from_timestamp_millis(ms).map(|t| t.date_naive())
    });
    let Some(date) = date else {
        tracing::warn!(log = %id, "skipping a Zoho Projects log without a date");
        return None;
    };
    let item = |r: &Option<RawRef>| {
        let r = r.as_ref();
        (
            r.and_then(RawRef::id).unwrap_or_default(),
            r.map(RawRef::label).unwrap_or_default(),
        )
    };
    let kind = match key {
        "tasklogs" => {
            let (id, name) = item(&raw.task);
            LogKind::Task { id, name }
        }
        "buglogs" => {
            let (id, name) = item(&raw.bug);
            LogKind::Bug { id, name }
        }
        _ => LogKind::General {
            name: raw.ident.label(),
        },
    };
    let project_id = raw
        .project
        .as_ref()
        .and_then(RawRef::id)
        .or_else(|| project.map(str::to_owned))
        .or_else(|| project_in_link(raw.link.as_ref()))
        .unwrap_or_default();
    Some(TimeLog {
        id,
        kind,
        project_id,
        date,
        minutes: minutes_of(&raw),
        notes: raw.notes.clone(),
        billable: raw.bill_status.eq_ignore_ascii_case("billable"),
        approval_status: ApprovalStatus::parse(&raw.approval_status),
        owner_id: raw.owner_id.clone().unwrap_or_default(),
        owner_name: raw.owner_name.clone(),
    })
}

const KEYS: [&str; 3] = ["tasklogs", "buglogs", "generallogs"];

/// Every log in an answer, flat or nested by day (an empty answer has none).
pub(crate) fn logs(answer: &Value, project: Option<&str>) -> Vec<TimeLog> {
    let timelogs = answer.get("timelogs").unwrap_or(answer);
    let mut found = Vec::new();
    let mut take = |holder: &Value, day: Option<NaiveDate>| {
        for key in KEYS {
            if let Some(list) = holder.get(key).and_then(Value::as_array) {
                found.extend(list.iter().filter_map(|v| parse_log(v, key, day, project)));
            }
        }
    };
    take(timelogs, None);
    if let Some(days) = timelogs.get("date").and_then(Value::as_array) {
        for day in days {
            let date = day.get("date").and_then(Value::as_str).and_then(mdy);
            take(day, date);
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn day(m: u32, d: u32, y: i32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn a_nested_answer_takes_the_date_of_its_day() {
        let answer = json!({"timelogs": {"date": [{
            "date": "03-19-2021", "total_hours": "4:30",
            "tasklogs": [{"id": 170876000010969001u64, "id_string": "170876000010969001",
                "hours": 4, "minutes": 30, "owner_id": "703961433", "approval_status": "Approved",
                "bill_status": "Billable",
                "task": {"name": "Addition exercice", "id_string": "170876000010385343", "id": 170876000010385343u64},
                "link": {"self": {"url": "https://projectsapi.zoho.com/restapi/portal/zylker/projects/170876000010385143/tasks/1/logs/2/"}}}],
        }], "grandtotal": "04:30"}});
        let logs = logs(&answer, None);
        assert_eq!(logs.len(), 1);
        let log = &logs[0];
        assert_eq!(log.date, day(3, 19, 2021));
        assert_eq!(log.minutes, 270);
        assert_eq!(log.project_id, "170876000010385143");
        assert_eq!(log.approval_status, ApprovalStatus::Approved);
        assert!(log.billable);
        assert_eq!(
            log.kind,
            LogKind::Task {
                id: "170876000010385343".into(),
                name: "Addition exercice".into()
            }
        );
    }

    #[test]
    fn ids_come_as_strings_or_numbers_and_id_string_wins() {
        let rounded = json!({"timelogs": {"buglogs": [{
            "id": 170876000005413000u64, "id_string": "170876000005413005",
            "log_date": "07-18-2018", "hours_display": "05:00", "bill_status": "Non Billable",
            "bug": {"id": 170876000003237020u64, "id_string": "170876000003237035", "title": "Blurry hero"}}]}});
        let numeric = json!({"timelogs": {"buglogs": [{
            "id": 170876000001849055u64, "log_date": "05-26-2014 11:59 PM", "hours": 3, "minutes": 30,
            "owner_id": 2060758, "bug": {"id": 170876000001829171u64, "name": "UI Issue in Gantt"}}]}});
        let a = &logs(&rounded, Some("9"))[0];
        assert_eq!(a.id, "170876000005413005");
        assert_eq!(
            a.kind,
            LogKind::Bug {
                id: "170876000003237035".into(),
                name: "Blurry hero".into()
            }
        );
        assert_eq!(
            (a.minutes, a.billable, a.project_id.as_str()),
            (300, false, "9")
        );
        let b = &logs(&numeric, None)[0];
        assert_eq!(b.id, "170876000001849055");
        assert_eq!(b.owner_id, "2060758");
        assert_eq!(b.date, day(5, 26, 2014));
        assert_eq!(b.minutes, 210);
        assert_eq!(
            b.kind,
            LogKind::Bug {
                id: "170876000001829171".into(),
                name: "UI Issue in Gantt".into()
            }
        );
    }

    #[test]
    fn general_logs_are_named_and_odd_entries_are_skipped() {
        let answer = json!({"timelogs": {"generallogs": [
            {"id": "12", "name": "Client Call", "log_date_long": 1401157799000i64, "total_minutes": "150",
             "approval_status": "Pending"},
            {"id": "13", "name": "No date at all"},
            "not an object",
        ]}});
        let logs = logs(&answer, Some("1"));
        assert_eq!(logs.len(), 1);
        assert_eq!(
            logs[0].kind,
            LogKind::General {
                name: "Client Call".into()
            }
        );
        assert_eq!(logs[0].date, day(5, 27, 2014));
        assert_eq!(logs[0].minutes, 150);
        assert!(super::logs(&Value::Null, None).is_empty());
    }
}
