//! Books' timer as the simulator runs it: one running timer per user, started on an
//! entry, stopped into the entry's logged time, and read back as "the running timer".

use std::sync::Arc;

use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use serde_json::json;

use super::time_entries::{Params, success, with_org};
use super::{Refusal, does_not_exist, refuse};
use crate::state::Shared;

pub(super) fn already_running() -> Refusal {
    refuse(
        StatusCode::BAD_REQUEST,
        1001,
        "A timer is already running. Stop it before starting another one.",
    )
}

/// `POST /projects/timeentries/{id}/timer/start`.
pub(super) async fn start_timer(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    Path(entry_id): Path<String>,
    Query(query): Params,
) -> Response {
    with_org(&shared, &headers, &query, |org, now| {
        let Some(user) = org.entries.get(&entry_id).map(|e| e.user_id.clone()) else {
            return Err(does_not_exist("Time entry"));
        };
        if org.running(&user).is_some() {
            return Err(already_running());
        }
        let Some(entry) = org.entries.get_mut(&entry_id) else {
            return Err(does_not_exist("Time entry"));
        };
        entry.timer_started_ms = Some(now);
        let entry = entry.clone();
        success(
            StatusCode::OK,
            "The timer has been started.",
            Some(org.render(&entry, now)),
        )
    })
}

/// `POST /projects/timeentries/timer/stop`: the signed-in user's timer; its time (to the
/// nearest minute) is added to the entry.
pub(super) async fn stop_timer(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    Query(query): Params,
) -> Response {
    with_org(&shared, &headers, &query, |org, now| {
        let Some(id) = org.running(&org.me).map(|e| e.time_entry_id.clone()) else {
            return Err(does_not_exist("Timer"));
        };
        let Some(entry) = org.entries.get_mut(&id) else {
            return Err(does_not_exist("Timer"));
        };
        let started = entry.timer_started_ms.take().unwrap_or(now);
        let minutes = ((now - started).max(0) + 30_000) / 60_000;
        entry.log_minutes = entry.log_minutes.saturating_add(minutes as u32);
        let entry = entry.clone();
        success(
            StatusCode::OK,
            "Timer has been stopped successfully.",
            Some(org.render(&entry, now)),
        )
    })
}

/// `GET /projects/timeentries/runningtimer/me`. Zoho documents only the running case; with
/// no timer the simulator answers success with an empty `time_entry` object (assumed).
pub(super) async fn running_timer(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    Query(query): Params,
) -> Response {
    with_org(&shared, &headers, &query, |org, now| {
        let entry = org
            .running(&org.me)
            .map_or_else(|| json!({}), |e| org.render(e, now));
        success(StatusCode::OK, "success", Some(entry))
    })
}
