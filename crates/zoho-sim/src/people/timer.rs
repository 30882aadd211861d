//! The `timer` API (start a timer log; pause or resume one by `timeLogId`) and
//! `getcurrentlyrunningtimer`. One timer runs per user: starting or resuming another
//! pauses the running one, as People's web timer does.

use chrono::{DateTime, Timelike};
use serde_json::{Value, json};

use super::db::{PeopleDb, TimeLog, TimerRun};
use super::formats::COMPANY;
use super::rules::{self, Rule, refusal, success};
use super::{Call, billing};

fn second_of_day(ms: i64) -> u32 {
    DateTime::from_timestamp_millis(ms)
        .map(|t| t.num_seconds_from_midnight())
        .unwrap_or(0)
}

pub(super) fn timer(db: &mut PeopleDb, call: &Call) -> Result<Value, Value> {
    match call.param("timeLogId") {
        Some(id) => switch(db, call, id),
        None => start(db, call),
    }
}

fn start(db: &mut PeopleDb, call: &Call) -> Result<Value, Value> {
    let api = call.api;
    let fail = |rule: Rule| refusal(api, "Error in adding timelog", rule);
    for key in ["user", "jobId", "workDate", "billingStatus", "timer"] {
        if call.param(key).is_none() {
            return Err(fail(rules::NO_PARAMETER));
        }
    }
    let me = db.me().ok_or_else(|| fail(rules::LOGGED_IN_ONLY))?.clone();
    let user = db
        .user(call.param("user").unwrap_or_default())
        .ok_or_else(|| fail(rules::WRONG_VALUE))?;
    if user.erecno != me.erecno {
        return Err(fail(rules::LOGGED_IN_ONLY));
    }
    if call.param("timer") != Some("start") {
        return Err(fail(rules::WRONG_VALUE));
    }
    if me.timer_disabled {
        return Err(fail(rules::TIMER_DISABLED));
    }
    let format = call
        .date_format(COMPANY)
        .ok_or_else(|| fail(rules::WRONG_FORMAT))?;
    let work_date = format
        .parse(call.param("workDate").unwrap_or_default())
        .ok_or_else(|| fail(rules::WRONG_FORMAT))?;
    let billable = billing(call.param("billingStatus").unwrap_or_default())
        .map_err(|()| fail(rules::WRONG_VALUE))?;
    let too_long = |key: &str, max: usize| call.param(key).is_some_and(|t| t.chars().count() > max);
    if too_long("description", 250) || too_long("workItem", 500) {
        return Err(fail(rules::WRONG_VALUE));
    }
    let job = db
        .job(call.param("jobId").unwrap_or_default())
        .ok_or_else(|| fail(rules::WRONG_VALUE))?
        .clone();
    db.loggable(&me, &job, work_date, call.today(), false)
        .map_err(fail)?;
    db.pause_timers(&me.erecno, call.now_ms);
    let (id, timer_id) = (db.mint(), db.mint());
    db.logs.push(TimeLog {
        id: id.clone(),
        erecno: me.erecno.clone(),
        job_id: job.id.clone(),
        work_date,
        kind: 2,
        minutes: 0,
        from_min: None,
        to_min: None,
        billable: billable.unwrap_or(job.billable),
        work_item: call.param("workItem").unwrap_or_default().to_owned(),
        description: call.param("description").unwrap_or_default().to_owned(),
        runs: vec![TimerRun {
            timer_id,
            from_ms: call.now_ms,
            to_ms: None,
        }],
    });
    Ok(success(
        api,
        "Timelog entry added Successfully",
        Some(json!([{ "timeLogId": id }])),
    ))
}

/// Pause (`timer=stop`) or resume (`timer=start`) a timer log.
fn switch(db: &mut PeopleDb, call: &Call, id: &str) -> Result<Value, Value> {
    let api = call.api;
    let pause = match call.param("timer") {
        Some("stop") => true,
        Some("start") => false,
        Some(_) => return Err(refusal(api, "Error in adding timelog", rules::WRONG_VALUE)),
        None => return Err(refusal(api, "Error in adding timelog", rules::NO_PARAMETER)),
    };
    let top = if pause {
        "Error in pausing the timer"
    } else {
        "Error in restarting the timer"
    };
    let fail = |rule: Rule| refusal(api, top, rule);
    let me = db.me().ok_or_else(|| fail(rules::WRONG_VALUE))?.clone();
    let log = db
        .logs
        .iter()
        .find(|l| l.id == id && l.erecno == me.erecno && l.kind == 2)
        .ok_or_else(|| fail(rules::WRONG_VALUE))?;
    let running = log.running().is_some();
    if pause != running {
        return Err(fail(rules::WRONG_VALUE));
    }
    if !pause && me.timer_disabled {
        return Err(fail(rules::TIMER_DISABLED));
    }
    db.pause_timers(&me.erecno, call.now_ms);
    if pause {
        return Ok(success(api, "Timer Paused successfully", None));
    }
    let timer_id = db.mint();
    if let Some(log) = db.log_mut(id) {
        log.runs.push(TimerRun {
            timer_id,
            from_ms: call.now_ms,
            to_ms: None,
        });
    }
    Ok(success(api, "Timer resumed successfully", None))
}

/// `getcurrentlyrunningtimer`: a `result` only while the signed-in user's timer runs.
pub(super) fn running(db: &PeopleDb, call: &Call) -> Result<Value, Value> {
    let api = call.api;
    let message = "Running Timer information fetched successfully";
    let format = call
        .date_format(COMPANY)
        .ok_or_else(|| refusal(api, "Error in fetching data", rules::WRONG_FORMAT))?;
    let Some(me) = db.me() else {
        return Ok(success(api, message, None));
    };
    let found = db.logs.iter().find_map(|l| {
        let run = l.running()?;
        (l.erecno == me.erecno).then_some((l, run))
    });
    let Some((log, run)) = found else {
        return Ok(success(api, message, None));
    };
    let total = log.seconds(call.now_ms);
    let job = db.job(&log.job_id);
    let result = json!({
        "jobName": job.map(|j| j.name.as_str()).unwrap_or_default(),
        "date": second_of_day(call.now_ms),
        "hours": total / 60,
        "erecno": me.erecno,
        "diff": (call.now_ms - run.from_ms).max(0) / 1000,
        "billingStatus": if log.billable { "billable" } else { "nonbillable" },
        "timerId": run.timer_id,
        "jobId": log.job_id,
        "workDate": format.format(log.work_date),
        "totaltime": total,
        "isRunning": true,
        "timelogId": log.id,
        "fromTime": second_of_day(run.from_ms),
        "taskName": log.work_item,
        "employeename": format!("{} {}", me.first_name, me.last_name),
    });
    Ok(success(api, message, Some(result)))
}
