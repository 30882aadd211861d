//! Books time entries (`/books/v3/projects/timeentries…`) as the simulator serves them:
//! the routes, and create, get, update and delete one or many. Listing is in `listing`,
//! the timer in `timer`, the field checks in `fields`. Dates are checked against the
//! simulator's clock (its today is the UTC date).

use std::collections::HashMap;
use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use chrono::NaiveDate;
use serde_json::{Value, json};

use super::fields::{as_request, check, field, json_body};
use super::listing::list;
use super::timer::{already_running, running_timer, start_timer, stop_timer};
use super::{Entry, Organization, Refusal, admit, does_not_exist, missing};
use crate::state::{Shared, lock};

pub fn routes() -> Router<Arc<Shared>> {
    Router::new()
        .route(
            "/books/v3/projects/timeentries",
            get(list).post(create).delete(delete_many),
        )
        .route(
            "/books/v3/projects/timeentries/{time_entry_id}",
            get(get_one).put(update).delete(delete_one),
        )
        .route(
            "/books/v3/projects/timeentries/{time_entry_id}/timer/start",
            post(start_timer),
        )
        .route(
            "/books/v3/projects/timeentries/timer/stop",
            post(stop_timer),
        )
        .route(
            "/books/v3/projects/timeentries/runningtimer/me",
            get(running_timer),
        )
}

pub(super) type Params = Query<HashMap<String, String>>;

/// Run `f` on the admitted organization, or answer the refusal.
pub(super) fn with_org(
    shared: &Shared,
    headers: &HeaderMap,
    query: &HashMap<String, String>,
    f: impl FnOnce(&mut Organization, i64) -> Result<Response, Refusal>,
) -> Response {
    let answer = admit(shared, headers, query).and_then(|id| {
        let now = shared.clock.now_ms();
        let mut db = lock(&shared.books);
        let org = db
            .organization_mut(&id)
            .ok_or_else(|| does_not_exist("Organization"))?;
        f(org, now)
    });
    answer.unwrap_or_else(IntoResponse::into_response)
}

pub(super) fn success(
    status: StatusCode,
    message: &str,
    entry: Option<Value>,
) -> Result<Response, Refusal> {
    let mut body = json!({ "code": 0, "message": message });
    if let Some(entry) = entry {
        body["time_entry"] = entry;
    }
    Ok((status, Json(body)).into_response())
}

pub(super) fn today(now_ms: i64) -> NaiveDate {
    chrono::DateTime::from_timestamp_millis(now_ms)
        .unwrap_or_default()
        .date_naive()
}

/// `POST /projects/timeentries`.
async fn create(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    Query(query): Params,
    body: Bytes,
) -> Response {
    // Minted up front: the handler below only sees the organization, not the id counter.
    let id = lock(&shared.books).mint();
    with_org(&shared, &headers, &query, |org, now| {
        let body = json_body(&body)?;
        let c = check(org, &body, today(now))?;
        if c.start_timer && org.running(&c.user_id).is_some() {
            return Err(already_running());
        }
        let entry = Entry {
            time_entry_id: id.clone(),
            project_id: c.project_id,
            task_id: c.task_id,
            user_id: c.user_id,
            log_date: c.log_date,
            begin_time: c.begin_time,
            end_time: c.end_time,
            log_minutes: c.log_minutes,
            is_billable: c.is_billable,
            billed_status: "unbilled".into(),
            notes: c.notes,
            timer_started_ms: c.start_timer.then_some(now),
            created_ms: now,
        };
        let rendered = org.render(&entry, now);
        org.entries.insert(id.clone(), entry);
        success(
            StatusCode::CREATED,
            "Your timesheet entry has been added.",
            Some(rendered),
        )
    })
}

/// `PUT /projects/timeentries/{id}`: the fields sent replace the stored ones.
async fn update(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    Path(entry_id): Path<String>,
    Query(query): Params,
    body: Bytes,
) -> Response {
    with_org(&shared, &headers, &query, |org, now| {
        let changes = json_body(&body)?;
        let Some(stored) = org.entries.get(&entry_id) else {
            return Err(does_not_exist("Time entry"));
        };
        let mut merged = as_request(stored);
        let sent = |k: &str| field(&changes, k).is_some();
        if sent("log_time") && !sent("begin_time") && !sent("end_time") {
            // A new duration replaces the old span.
            if let Some(map) = merged.as_object_mut() {
                map.remove("begin_time");
                map.remove("end_time");
            }
        }
        if let (Some(map), Some(new)) = (merged.as_object_mut(), changes.as_object()) {
            for (k, v) in new {
                if k != "start_timer" {
                    map.insert(k.clone(), v.clone());
                }
            }
        }
        let c = check(org, &merged, today(now))?;
        let Some(entry) = org.entries.get_mut(&entry_id) else {
            return Err(does_not_exist("Time entry"));
        };
        entry.project_id = c.project_id;
        entry.task_id = c.task_id;
        entry.user_id = c.user_id;
        entry.log_date = c.log_date;
        entry.begin_time = c.begin_time;
        entry.end_time = c.end_time;
        entry.log_minutes = c.log_minutes;
        entry.is_billable = c.is_billable;
        entry.notes = c.notes;
        let entry = entry.clone();
        success(
            StatusCode::OK,
            "The timesheet's information has been updated.",
            Some(org.render(&entry, now)),
        )
    })
}

/// `GET /projects/timeentries/{id}`.
async fn get_one(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    Path(entry_id): Path<String>,
    Query(query): Params,
) -> Response {
    with_org(&shared, &headers, &query, |org, now| {
        match org.entries.get(&entry_id) {
            Some(e) => success(StatusCode::OK, "success", Some(org.render(e, now))),
            None => Err(does_not_exist("Time entry")),
        }
    })
}

/// `DELETE /projects/timeentries/{id}`.
async fn delete_one(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    Path(entry_id): Path<String>,
    Query(query): Params,
) -> Response {
    with_org(&shared, &headers, &query, |org, _| {
        match org.entries.remove(&entry_id) {
            Some(_) => success(StatusCode::OK, "The time entry has been deleted.", None),
            None => Err(does_not_exist("Time entry")),
        }
    })
}

/// `DELETE /projects/timeentries?time_entry_ids=a,b`: all of them or none.
async fn delete_many(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    Query(query): Params,
) -> Response {
    let ids: Vec<String> = query
        .get("time_entry_ids")
        .map(|s| {
            s.split(',')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default();
    with_org(&shared, &headers, &query, |org, _| {
        if ids.is_empty() {
            return Err(missing("Please select the time entries to delete."));
        }
        if ids.iter().any(|id| !org.entries.contains_key(id)) {
            return Err(does_not_exist("Time entry"));
        }
        for id in &ids {
            org.entries.remove(id);
        }
        // Zoho's documented message has no full stop.
        success(
            StatusCode::OK,
            "The selected timesheet entries have been deleted",
            None,
        )
    })
}
