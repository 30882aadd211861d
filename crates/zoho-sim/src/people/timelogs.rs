//! `gettimelogs`, `addtimelog`, `edittimelog` and `deletetimelog`.

use chrono::{DateTime, Months, NaiveDate, Timelike};
use serde_json::{Value, json};

use super::db::{PeopleDb, TimeLog, User};
use super::formats::{self, COMPANY, DateFormat, ISO};
use super::rules::{self, Rule, refusal, success};
use super::{Call, billing};

const LIMIT: usize = 200;
const TEXT_LIMIT: usize = 15_000;

/// Seconds of the day of a simulator instant.
fn second_of_day(ms: i64) -> u32 {
    DateTime::from_timestamp_millis(ms)
        .map(|t| t.num_seconds_from_midnight())
        .unwrap_or(0)
}

/// A log as `gettimelogs` answers it, dates in `format`.
pub(super) fn render(db: &PeopleDb, log: &TimeLog, format: &DateFormat, now_ms: i64) -> Value {
    let user = db.users.iter().find(|u| u.erecno == log.erecno);
    let job = db.job(&log.job_id);
    let project = job.and_then(|j| db.project(&j.project_id));
    let seconds = log.seconds(now_ms);
    let (from_min, to_min) = match log.kind {
        2 => (
            log.runs.first().map(|r| second_of_day(r.from_ms) / 60),
            log.runs
                .last()
                .map(|r| second_of_day(r.to_ms.unwrap_or(now_ms)) / 60),
        ),
        _ => (log.from_min, log.to_min),
    };
    let mut value = json!({
        "erecno": log.erecno,
        "employeeMailId": user.map(|u| u.email.as_str()).unwrap_or_default(),
        "employeeFirstName": user.map(|u| u.first_name.as_str()).unwrap_or_default(),
        "employeeLastName": user.map(|u| u.last_name.as_str()).unwrap_or_default(),
        "timerLog": log.kind == 2,
        "timelogId": log.id,
        "type": log.kind.to_string(),
        "workDate": format.format(log.work_date),
        "db_workDate": format!("{} 00:00:00.0", log.work_date.format("%Y-%m-%d")),
        "hours": formats::hh_mm((seconds / 60) as u32),
        "totaltime": seconds,
        "taskName": log.work_item,
        "description": log.description,
        "jobId": log.job_id,
        "jobName": job.map(|j| j.name.as_str()).unwrap_or_default(),
        "jobIsActive": job.is_some_and(|j| !j.completed),
        "jobIsCompleted": i32::from(job.is_some_and(|j| j.completed)),
        "jobBillableStatus": if job.is_some_and(|j| j.billable) { "1" } else { "0" },
        "projectId": project.map(|p| p.id.as_str()).unwrap_or_default(),
        "projectName": project.map(|p| p.name.as_str()).unwrap_or_default(),
        "clientId": project.map(|p| p.client_id.as_str()).unwrap_or_default(),
        "billingStatus": if log.billable { "billable" } else { "non-billable" },
        "billedStatus": "not billed",
        "approvalStatus": "notsubmitted",
        "isDeleteAllowed": true,
        "isEditAllowed": true,
        "isTimelogPushedToQBO": false,
        "isTimelogPushedToZF": false,
    });
    if let Value::Object(map) = &mut value {
        if let (Some(from), Some(to)) = (from_min, to_min) {
            map.insert("fromTime".into(), json!(from));
            map.insert("toTime".into(), json!(to));
            map.insert(
                "fromTimeInTimeFormat".into(),
                json!(formats::twelve_hour(from)),
            );
            map.insert("toTimeInTimeFormat".into(), json!(formats::twelve_hour(to)));
        }
        if log.running().is_some() {
            map.insert("isCurrentlyRunning".into(), json!(true));
        }
        if log.kind == 2 {
            let runs: Vec<Value> = log
                .runs
                .iter()
                .map(|r| {
                    let (from, to) = (
                        second_of_day(r.from_ms),
                        second_of_day(r.to_ms.unwrap_or(now_ms)),
                    );
                    let mut run = json!({
                        "timerId": r.timer_id, "fromTime": from, "toTime": to,
                        "fromTimeInTimeFormat": formats::twelve_hour(from / 60),
                        "toTimeInTimeFormat": formats::twelve_hour(to / 60),
                    });
                    if let (None, Value::Object(m)) = (r.to_ms, &mut run) {
                        m.insert("isRunning".into(), json!(true));
                    }
                    run
                })
                .collect();
            map.insert("timearr".into(), json!(runs));
        }
    }
    value
}

/// `gettimelogs`: the signed-in user's logs in a range of at most a month, paged.
pub(super) fn list(db: &PeopleDb, call: &Call) -> Result<Value, Value> {
    let api = call.api;
    let fail = |rule: Rule| refusal(api, "Error in fetching data", rule);
    for key in ["user", "fromDate", "toDate"] {
        if call.params.contains_key(key) && call.param(key).is_none() {
            return Err(fail(rules::LIST_NO_PARAMETER));
        }
    }
    let format = call
        .date_format(COMPANY)
        .ok_or_else(|| fail(rules::LIST_DATE_FORMAT))?;
    let me = db.me().ok_or_else(|| fail(rules::LIST_DENIED))?;
    let user = match call.param("user") {
        None => me,
        Some(key) => db.user(key).ok_or_else(|| fail(rules::LIST_DENIED))?,
    };
    if user.erecno != me.erecno {
        return Err(fail(rules::LIST_DENIED));
    }
    let date = |key: &str| match call.param(key) {
        None => Ok(call.today()),
        Some(text) => format
            .parse(text)
            .ok_or_else(|| fail(rules::LIST_DATE_FORMAT)),
    };
    let (from, to) = (date("fromDate")?, date("toDate")?);
    if to < from {
        return Err(fail(rules::LIST_BACKWARDS));
    }
    if from
        .checked_add_months(Months::new(1))
        .is_none_or(|limit| to >= limit)
    {
        return Err(fail(rules::LIST_TOO_LONG));
    }
    let job = call.param("jobId").filter(|j| *j != "all");
    let project = call.param("projectId").filter(|p| *p != "all");
    let billable = call
        .param("billingStatus")
        .map_or(Ok(None), billing)
        .unwrap_or(None);
    let mut found: Vec<&TimeLog> = db
        .logs
        .iter()
        .filter(|l| l.erecno == user.erecno && l.work_date >= from && l.work_date <= to)
        .filter(|l| job.is_none_or(|j| l.job_id == j))
        .filter(|l| project.is_none_or(|p| db.job(&l.job_id).is_some_and(|j| j.project_id == p)))
        .filter(|l| billable.is_none_or(|b| l.billable == b))
        .collect();
    found.sort_by(|a, b| (a.work_date, &a.id).cmp(&(b.work_date, &b.id)));
    let start = call.number("sIndex", 0);
    // People's limit is 200 at most; larger asks get 200.
    let limit = call.number("limit", LIMIT).clamp(1, LIMIT);
    let page: Vec<Value> = found
        .iter()
        .skip(start)
        .take(limit)
        .map(|l| render(db, l, &format, call.now_ms))
        .collect();
    let mut answer = success(api, "Data fetched successfully", Some(json!(page)));
    if start + limit < found.len() {
        answer["response"]["isNextAvailable"] = json!(true);
    }
    Ok(answer)
}

/// The time a call logs: `hours`, or `fromTime` and `toTime`. `Ok(None)`: none given.
#[allow(clippy::type_complexity)]
fn logged_time(call: &Call) -> Result<Option<(u32, Option<(u32, u32)>)>, Rule> {
    match (call.param("fromTime"), call.param("toTime")) {
        (Some(from), Some(to)) => {
            let from = formats::clock(from).ok_or(rules::WRONG_FORMAT)?;
            let to = formats::clock(to).ok_or(rules::WRONG_FORMAT)?;
            if to <= from {
                return Err(rules::WRONG_VALUE);
            }
            Ok(Some((to - from, Some((from, to)))))
        }
        (Some(_), None) | (None, Some(_)) => Err(rules::NO_PARAMETER),
        (None, None) => match call.param("hours") {
            None => Ok(None),
            Some(text) => {
                let minutes = formats::hours(text).ok_or(rules::WRONG_FORMAT)?;
                if minutes == 0 || minutes > 24 * 60 {
                    return Err(rules::WRONG_VALUE);
                }
                Ok(Some((minutes, None)))
            }
        },
    }
}

/// The user a write names: it must be the signed-in one.
fn writer<'a>(db: &'a PeopleDb, call: &Call, required: bool) -> Result<&'a User, Rule> {
    let me = db.me().ok_or(rules::PERMISSION_DENIED)?;
    match call.param("user") {
        None if required => Err(rules::NO_PARAMETER),
        None => Ok(me),
        Some(key) => {
            let user = db.user(key).ok_or(rules::WRONG_VALUE)?;
            if user.erecno == me.erecno {
                Ok(me)
            } else {
                Err(rules::PERMISSION_DENIED)
            }
        }
    }
}

fn texts(call: &Call) -> Result<(), Rule> {
    let long = ["workItem", "description"].iter().any(|k| {
        call.param(k)
            .is_some_and(|t| t.chars().count() > TEXT_LIMIT)
    });
    if long {
        Err(rules::WRONG_VALUE)
    } else {
        Ok(())
    }
}

/// `addtimelog`: one hours or start-and-end log for the signed-in user.
pub(super) fn add(db: &mut PeopleDb, call: &Call) -> Result<Value, Value> {
    let api = call.api;
    let fail = |rule: Rule| refusal(api, "Error in adding data", rule);
    for key in ["user", "jobId", "workDate"] {
        if call.param(key).is_none() {
            return Err(fail(rules::NO_PARAMETER));
        }
    }
    let user = writer(db, call, true).map_err(fail)?.clone();
    let format = call
        .date_format(ISO)
        .ok_or_else(|| fail(rules::WRONG_FORMAT))?;
    let work_date: NaiveDate = format
        .parse(call.param("workDate").unwrap_or_default())
        .ok_or_else(|| fail(rules::WRONG_FORMAT))?;
    let (minutes, span) = logged_time(call)
        .map_err(fail)?
        .ok_or_else(|| fail(rules::NO_PARAMETER))?;
    let billable = call
        .param("billingStatus")
        .map_or(Ok(None), billing)
        .map_err(|()| fail(rules::WRONG_VALUE))?;
    texts(call).map_err(fail)?;
    let job = db
        .job(call.param("jobId").unwrap_or_default())
        .ok_or_else(|| fail(rules::WRONG_VALUE))?
        .clone();
    db.loggable(&user, &job, work_date, call.today(), true)
        .map_err(fail)?;
    let id = db.mint();
    db.logs.push(TimeLog {
        id: id.clone(),
        erecno: user.erecno.clone(),
        job_id: job.id.clone(),
        work_date,
        kind: if span.is_some() { 1 } else { 0 },
        minutes,
        from_min: span.map(|s| s.0),
        to_min: span.map(|s| s.1),
        billable: billable.unwrap_or(job.billable),
        work_item: call.param("workItem").unwrap_or_default().to_owned(),
        description: call.param("description").unwrap_or_default().to_owned(),
        runs: Vec::new(),
    });
    Ok(success(
        api,
        "Timelog entry added Successfully",
        Some(json!([{ "timeLogId": id }])),
    ))
}

/// `edittimelog`: change a log of the signed-in user; the result must still be loggable.
pub(super) fn edit(db: &mut PeopleDb, call: &Call) -> Result<Value, Value> {
    let api = call.api;
    let fail = |rule: Rule| refusal(api, "Error in modifying data", rule);
    let id = call
        .param("timeLogId")
        .ok_or_else(|| fail(rules::NO_PARAMETER))?
        .to_owned();
    let user = writer(db, call, false).map_err(fail)?.clone();
    let format = call
        .date_format(ISO)
        .ok_or_else(|| fail(rules::WRONG_FORMAT))?;
    let mut log = db
        .logs
        .iter()
        .find(|l| l.id == id && l.erecno == user.erecno)
        .ok_or_else(|| fail(rules::WRONG_VALUE))?
        .clone();
    if let Some(text) = call.param("workDate") {
        log.work_date = format
            .parse(text)
            .ok_or_else(|| fail(rules::WRONG_FORMAT))?;
    }
    if let Some((minutes, span)) = logged_time(call).map_err(fail)? {
        if log.kind == 2 {
            return Err(fail(rules::WRONG_VALUE));
        }
        log.kind = if span.is_some() { 1 } else { 0 };
        log.minutes = minutes;
        log.from_min = span.map(|s| s.0);
        log.to_min = span.map(|s| s.1);
    }
    if let Some(job) = call.param("jobId") {
        log.job_id = db
            .job(job)
            .ok_or_else(|| fail(rules::WRONG_VALUE))?
            .id
            .clone();
    }
    if let Some(b) = call.param("billingStatus") {
        let b = billing(b).map_err(|()| fail(rules::WRONG_VALUE))?;
        log.billable = b.unwrap_or(log.billable);
    }
    texts(call).map_err(fail)?;
    if let Some(item) = call.param("workItem") {
        item.clone_into(&mut log.work_item);
    }
    if let Some(text) = call.param("description") {
        text.clone_into(&mut log.description);
    }
    let job = db
        .job(&log.job_id)
        .ok_or_else(|| fail(rules::WRONG_VALUE))?;
    db.loggable(&user, job, log.work_date, call.today(), log.kind != 2)
        .map_err(fail)?;
    if let Some(stored) = db.log_mut(&id) {
        *stored = log;
    }
    Ok(success(
        api,
        "Timelog entry modified Successfully",
        Some(json!([{ "timeLogId": id }])),
    ))
}

/// `deletetimelog`: comma-separated ids; a log whose timer runs is skipped (8005).
pub(super) fn delete(db: &mut PeopleDb, call: &Call) -> Result<Value, Value> {
    let api = call.api;
    let top = "Error occured";
    let Some(list) = call.param("timeLogId") else {
        return Err(refusal(
            api,
            top,
            Rule {
                message: "No timeLogId specified",
                ..rules::NO_PARAMETER
            },
        ));
    };
    let me = db.me().map(|u| u.erecno.clone()).unwrap_or_default();
    let ids: Vec<&str> = list
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect();
    let mine = |id: &str| db.logs.iter().find(|l| l.id == id && l.erecno == me);
    if ids.is_empty() || ids.iter().any(|id| mine(id).is_none()) {
        return Err(refusal(
            api,
            top,
            Rule {
                message: "Wrong value for timeLogId",
                ..rules::WRONG_VALUE
            },
        ));
    }
    let running: Vec<String> = ids
        .iter()
        .filter(|id| mine(id).is_some_and(|l| l.running().is_some()))
        .map(|id| (*id).to_owned())
        .collect();
    let deleted: Vec<Value> = ids
        .iter()
        .filter(|id| !running.iter().any(|r| r == *id))
        .map(|id| json!({ "timeLogId": id }))
        .collect();
    db.logs
        .retain(|l| !ids.contains(&l.id.as_str()) || running.contains(&l.id));
    if !running.is_empty() {
        return Err(refusal(api, top, rules::TIMER_RUNNING));
    }
    Ok(success(
        api,
        "Timelog(s) deleted successfully",
        Some(json!(deleted)),
    ))
}
