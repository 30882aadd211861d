//! Zoho People's time tracker as the simulator serves it, under
//! `/people/api/timetracker/{api}`: time logs (single and bulk), the timer, jobs and
//! projects, with People's validation, its per-API threshold and lock, and its dates in
//! the format asked for (the company's `dd-MMM-yyyy` when a call doesn't say).
//!
//! Choices where the documents are silent:
//! - Every API answers `GET` and `POST`, with parameters in the query or a form body.
//! - Thresholds per API a minute, on the simulator's clock: `timer` and
//!   `getcurrentlyrunningtimer` 20 (documented), `addupdatetimelogs` 30 (documented),
//!   the others 30. The call past the threshold and every call to that API during
//!   `SimConfig::people_lock` answer 7209; the lock starts a fresh minute when it ends.
//! - The signed-in user (`ana@zylker.test`) is an employee, not an administrator: she
//!   reads and writes only her own logs (9000 / 7038 for anyone else's).
//! - Saturdays and Sundays (`PeopleDb::weekend`) and the seeded holidays refuse time
//!   (8008); "today" for future dates is the simulator clock's date in UTC.
//! - `gettimelogs` refuses a range reaching the same day of the next month (9007): at
//!   most "one month's data" is `toDate < fromDate + 1 month`.
//!
//! Inspection: `GET /_sim/people` (everything stored), `GET /_sim/people/logs`, and
//! `POST /_sim/people/settings` (`{"user", "manual_log_disabled", "timer_disabled"}`).

mod bulk;
mod catalog;
mod db;
mod formats;
mod rules;
mod timelogs;
mod timer;

use std::collections::HashMap;
use std::sync::Arc;

use axum::extract::rejection::FormRejection;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Form, Json, Router};
use chrono::NaiveDate;
use serde::Deserialize;
use serde_json::{Value, json};

use crate::auth;
use crate::state::{Shared, lock};

pub use db::{Job, PeopleDb, Project, Throttle, TimeLog, TimerRun, User};
pub use formats::DateFormat;
pub use rules::Rule;

const WINDOW_MS: i64 = 60_000;

/// The APIs served, with their threshold of calls a minute.
const APIS: [(&str, usize); 9] = [
    ("gettimelogs", 30),
    ("addtimelog", 30),
    ("edittimelog", 30),
    ("deletetimelog", 30),
    ("timer", 20),
    ("getcurrentlyrunningtimer", 20),
    ("addupdatetimelogs", 30),
    ("getjobs", 30),
    ("getprojects", 30),
];

pub fn routes() -> Router<Arc<Shared>> {
    Router::new()
        .route(
            "/people/api/timetracker/{api}",
            get(timetracker).post(timetracker),
        )
        .route("/_sim/people", get(everything))
        .route("/_sim/people/logs", get(logs))
        .route("/_sim/people/settings", post(settings))
}

/// One call as a handler sees it: its parameters (query and form merged) and the time.
pub(crate) struct Call {
    pub api: &'static str,
    pub params: HashMap<String, String>,
    pub now_ms: i64,
}

impl Call {
    /// A parameter's value, trimmed; blank counts as absent.
    pub fn param(&self, key: &str) -> Option<&str> {
        self.params
            .get(key)
            .map(|v| v.trim())
            .filter(|v| !v.is_empty())
    }

    pub fn today(&self) -> NaiveDate {
        chrono::DateTime::from_timestamp_millis(self.now_ms)
            .unwrap_or_default()
            .date_naive()
    }

    /// The call's `dateFormat`, or `default`; `None` when the pattern is unreadable.
    pub fn date_format(&self, default: &str) -> Option<DateFormat> {
        DateFormat::java(self.param("dateFormat").unwrap_or(default))
    }

    /// A paging number (`sIndex`, `limit`), or `default` when absent or unreadable.
    pub fn number(&self, key: &str, default: usize) -> usize {
        self.param(key)
            .and_then(|v| v.parse().ok())
            .unwrap_or(default)
    }
}

/// Count a call against its API's threshold: `Err` is the 7209 answer.
fn throttle(
    db: &mut PeopleDb,
    api: &'static str,
    limit: usize,
    now_ms: i64,
    lock_ms: i64,
) -> Result<(), Value> {
    let state = db.throttles.entry(api.to_owned()).or_default();
    let locked = rules::refusal(api, "Error occurred", rules::LOCKED);
    if let Some(until) = state.locked_until {
        if until > now_ms {
            return Err(locked);
        }
        state.locked_until = None;
    }
    while state
        .calls
        .front()
        .is_some_and(|&t| t <= now_ms - WINDOW_MS)
    {
        state.calls.pop_front();
    }
    if state.calls.len() >= limit {
        state.calls.clear();
        state.locked_until = Some(now_ms + lock_ms);
        return Err(locked);
    }
    state.calls.push_back(now_ms);
    Ok(())
}

async fn timetracker(
    State(shared): State<Arc<Shared>>,
    Path(api): Path<String>,
    headers: HeaderMap,
    Query(query): Query<Vec<(String, String)>>,
    form: Result<Form<Vec<(String, String)>>, FormRejection>,
) -> Response {
    if let Some(no) = auth::denied(&shared, &headers, auth::Product::People) {
        return no;
    }
    let Some(&(api, limit)) = APIS.iter().find(|(name, _)| *name == api) else {
        return (
            StatusCode::NOT_FOUND,
            Json(json!({"response": {
                "message": "Invalid URL", "status": 1,
                "errors": [{"code": 7005, "message": "Invalid URL"}]
            }})),
        )
            .into_response();
    };
    let mut params: HashMap<String, String> = query.into_iter().collect();
    if let Ok(Form(fields)) = form {
        params.extend(fields);
    }
    let call = Call {
        api,
        params,
        now_ms: shared.clock.now_ms(),
    };
    let lock_ms = shared.config.people_lock.as_millis() as i64;
    let mut db = lock(&shared.people);
    if let Err(locked) = throttle(&mut db, api, limit, call.now_ms, lock_ms) {
        return Json(locked).into_response();
    }
    let answer = match api {
        "gettimelogs" => timelogs::list(&db, &call),
        "addtimelog" => timelogs::add(&mut db, &call),
        "edittimelog" => timelogs::edit(&mut db, &call),
        "deletetimelog" => timelogs::delete(&mut db, &call),
        "timer" => timer::timer(&mut db, &call),
        "getcurrentlyrunningtimer" => timer::running(&db, &call),
        "addupdatetimelogs" => bulk::add_update(&mut db, &call),
        "getjobs" => catalog::jobs(&db, &call),
        _ => catalog::projects(&db, &call),
    };
    Json(answer.unwrap_or_else(|refused| refused)).into_response()
}

async fn everything(State(shared): State<Arc<Shared>>) -> Json<Value> {
    Json(json!(*lock(&shared.people)))
}

async fn logs(State(shared): State<Arc<Shared>>) -> Json<Value> {
    Json(json!(lock(&shared.people).logs))
}

#[derive(Deserialize)]
struct Settings {
    user: String,
    manual_log_disabled: Option<bool>,
    timer_disabled: Option<bool>,
}

async fn settings(State(shared): State<Arc<Shared>>, Json(change): Json<Settings>) -> Response {
    let mut db = lock(&shared.people);
    let Some(user) = db.user_mut(&change.user) else {
        return (
            StatusCode::NOT_FOUND,
            Json(json!({"error": "no such user"})),
        )
            .into_response();
    };
    if let Some(flag) = change.manual_log_disabled {
        user.manual_log_disabled = flag;
    }
    if let Some(flag) = change.timer_disabled {
        user.timer_disabled = flag;
    }
    Json(json!(user)).into_response()
}

/// A billing status as People's parameters spell it: `Some(true)` billable,
/// `Some(false)` not, `None` for "all" (or the job's default).
pub(crate) fn billing(text: &str) -> Result<Option<bool>, ()> {
    match text.trim().to_ascii_lowercase().as_str() {
        "billable" | "1" => Ok(Some(true)),
        "non-billable" | "non billable" | "nonbillable" | "0" => Ok(Some(false)),
        "all" | "-1" => Ok(None),
        _ => Err(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_call_past_the_threshold_locks_the_api() {
        let mut db = PeopleDb::default();
        for i in 0..20 {
            assert!(throttle(&mut db, "timer", 20, i, 1_000).is_ok());
        }
        assert!(throttle(&mut db, "timer", 20, 100, 1_000).is_err());
        assert!(throttle(&mut db, "timer", 20, 1_099, 1_000).is_err());
        assert!(throttle(&mut db, "getjobs", 30, 1_099, 1_000).is_ok());
        assert!(throttle(&mut db, "timer", 20, 1_100, 1_000).is_ok());
    }

    #[test]
    fn calls_leave_the_window_after_a_minute() {
        let mut db = PeopleDb::default();
        for i in 0..20 {
            assert!(throttle(&mut db, "timer", 20, i, 1_000).is_ok());
        }
        assert!(throttle(&mut db, "timer", 20, 60_000, 1_000).is_ok());
    }
}
