//! `addupdatetimelogs`: up to 100 logs within 31 consecutive days, added or edited one
//! by one. A log People refuses becomes an `errorLogs` entry and the others still land;
//! when none lands the answer is the error form, with `erorLogs` (sic, as documented).
//! A call that breaks the limits is refused whole, with one `erorLogs` entry.

use chrono::NaiveDate;
use serde_json::{Value, json};

use super::db::{PeopleDb, TimeLog};
use super::formats::{self, DateFormat, ISO};
use super::rules::{self, Rule, bulk_refusal, success};
use super::{Call, billing};

const MAX_LOGS: usize = 100;
const MAX_DAYS: i64 = 31;
const TEXT_LIMIT: usize = 15_000;

/// A field of one log, as text, whether sent as text or a number.
fn field(log: &Value, key: &str) -> Option<String> {
    match log.get(key)? {
        Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_owned()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn whole(rule: Rule) -> Value {
    bulk_refusal(vec![
        json!({"errorCode": rule.code, "message": rule.message}),
    ])
}

/// The time a log holds: `(minutes, start and end)`.
fn logged(log: &Value) -> Result<(u32, Option<(u32, u32)>), Rule> {
    if let (Some(start), Some(end)) = (field(log, "startTime"), field(log, "endTime")) {
        let start = formats::clock(&start).ok_or(rules::WRONG_FORMAT)?;
        let end = formats::clock(&end).ok_or(rules::WRONG_FORMAT)?;
        if end <= start {
            return Err(rules::WRONG_VALUE);
        }
        return Ok((end - start, Some((start, end))));
    }
    let hours = field(log, "hours").ok_or(rules::NO_PARAMETER)?;
    let minutes = formats::hours(&hours).ok_or(rules::WRONG_FORMAT)?;
    if minutes == 0 || minutes > 24 * 60 {
        return Err(rules::WRONG_VALUE);
    }
    Ok((minutes, None))
}

/// One log checked against the store: the log as it will be stored, or the refusal.
fn check(db: &PeopleDb, call: &Call, format: &DateFormat, log: &Value) -> Result<TimeLog, Rule> {
    let me = db.me().ok_or(rules::PERMISSION_DENIED)?;
    let user = db
        .user(&field(log, "user").ok_or(rules::NO_PARAMETER)?)
        .ok_or(rules::WRONG_VALUE)?;
    if user.erecno != me.erecno {
        return Err(rules::PERMISSION_DENIED);
    }
    let job_id = field(log, "jobId").ok_or(rules::NO_PARAMETER)?;
    let date = field(log, "date").ok_or(rules::NO_PARAMETER)?;
    let work_date = format.parse(&date).ok_or(rules::WRONG_FORMAT)?;
    let (minutes, span) = logged(log)?;
    let billable = match field(log, "billableStatus") {
        Some(b) => billing(&b).map_err(|()| rules::WRONG_VALUE)?,
        None => None,
    };
    let work_item = field(log, "workItem").unwrap_or_default();
    let description = field(log, "description").unwrap_or_default();
    if work_item.chars().count() > TEXT_LIMIT || description.chars().count() > TEXT_LIMIT {
        return Err(rules::WRONG_VALUE);
    }
    let job = db.job(&job_id).ok_or(rules::WRONG_VALUE)?;
    let id = match field(log, "timelogId") {
        Some(id) => {
            let stored = db
                .logs
                .iter()
                .find(|l| l.id == id && l.erecno == me.erecno)
                .ok_or(rules::WRONG_VALUE)?;
            if stored.kind == 2 {
                return Err(rules::BULK_TIMER_LOG);
            }
            id
        }
        None => String::new(),
    };
    db.loggable(me, job, work_date, call.today(), true)?;
    Ok(TimeLog {
        id,
        erecno: me.erecno.clone(),
        job_id: job.id.clone(),
        work_date,
        kind: if span.is_some() { 1 } else { 0 },
        minutes,
        from_min: span.map(|s| s.0),
        to_min: span.map(|s| s.1),
        billable: billable.unwrap_or(job.billable),
        work_item,
        description,
        runs: Vec::new(),
    })
}

/// An `errorLogs` entry, naming the log as it was sent.
fn entry(log: &Value, rule: Rule) -> Value {
    let hours = match logged(log) {
        Ok((minutes, Some(_))) => formats::hh_mm(minutes),
        _ => field(log, "hours").unwrap_or_default(),
    };
    json!({
        "errorCode": rule.code,
        "message": rule.message,
        "user": log.get("user").cloned().unwrap_or(Value::Null),
        "date": log.get("date").cloned().unwrap_or(Value::Null),
        "jobId": log.get("jobId").cloned().unwrap_or(Value::Null),
        "hours": hours,
    })
}

/// Ids as the bulk document shows them: numbers.
fn number(id: &str) -> Value {
    id.parse::<u64>().map_or_else(|_| json!(id), |n| json!(n))
}

pub(super) fn add_update(db: &mut PeopleDb, call: &Call) -> Result<Value, Value> {
    let text = call
        .param("timelogs")
        .ok_or_else(|| whole(rules::NO_PARAMETER))?;
    let Ok(Value::Array(logs)) = serde_json::from_str::<Value>(text) else {
        return Err(whole(rules::WRONG_FORMAT));
    };
    if logs.is_empty() {
        return Err(whole(rules::NO_PARAMETER));
    }
    if logs.len() > MAX_LOGS {
        return Err(whole(rules::BULK_TOO_MANY));
    }
    let format = call
        .date_format(ISO)
        .ok_or_else(|| whole(rules::WRONG_FORMAT))?;
    let dates: Vec<NaiveDate> = logs
        .iter()
        .filter_map(|l| format.parse(&field(l, "date")?))
        .collect();
    if let (Some(first), Some(last)) = (dates.iter().min(), dates.iter().max())
        && (*last - *first).num_days() >= MAX_DAYS
    {
        return Err(whole(rules::BULK_TOO_LONG));
    }
    let (mut added, mut edited, mut errors) = (Vec::new(), Vec::new(), Vec::new());
    for log in &logs {
        match check(db, call, &format, log) {
            Err(rule) => errors.push(entry(log, rule)),
            Ok(mut checked) if checked.id.is_empty() => {
                checked.id = db.mint();
                added.push(number(&checked.id));
                db.logs.push(checked);
            }
            Ok(checked) => {
                edited.push(number(&checked.id));
                if let Some(stored) = db.log_mut(&checked.id.clone()) {
                    *stored = checked;
                }
            }
        }
    }
    if added.is_empty() && edited.is_empty() {
        return Err(bulk_refusal(errors));
    }
    let mut result = json!({"addedTimelogIds": added, "editedTimelogIds": edited});
    if !errors.is_empty() {
        result["errorLogs"] = json!(errors);
    }
    Ok(success(call.api, "Data updated successfully", Some(result)))
}
