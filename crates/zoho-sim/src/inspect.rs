//! Inspection and control under `/_sim/`: what the simulator was sent, its clock, its
//! faults and its tokens, for tests that drive it over HTTP (e2e, other processes).

use std::sync::Arc;
use std::time::Duration;

use axum::extract::State;
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::{Value, json};

use crate::faults::Fault;
use crate::state::{Shared, lock};

pub fn routes() -> Router<Arc<Shared>> {
    Router::new()
        .route("/_sim/requests", get(requests).delete(clear_requests))
        .route("/_sim/faults", post(add_fault).delete(clear_faults))
        .route("/_sim/clock/advance", post(advance))
        .route("/_sim/tokens/expire", post(expire_tokens))
}

async fn requests(State(shared): State<Arc<Shared>>) -> Json<Value> {
    Json(json!(*lock(&shared.received)))
}

async fn clear_requests(State(shared): State<Arc<Shared>>) -> Json<Value> {
    lock(&shared.received).clear();
    Json(json!({"ok": true}))
}

async fn add_fault(State(shared): State<Arc<Shared>>, Json(fault): Json<Fault>) -> Json<Value> {
    lock(&shared.faults).push(fault);
    Json(json!({"ok": true}))
}

async fn clear_faults(State(shared): State<Arc<Shared>>) -> Json<Value> {
    lock(&shared.faults).clear();
    Json(json!({"ok": true}))
}

#[derive(Deserialize)]
struct Advance {
    ms: u64,
}

async fn advance(State(shared): State<Arc<Shared>>, Json(by): Json<Advance>) -> Json<Value> {
    shared.clock.advance(Duration::from_millis(by.ms));
    Json(json!({"now_ms": shared.clock.now_ms()}))
}

async fn expire_tokens(State(shared): State<Arc<Shared>>) -> Json<Value> {
    lock(&shared.tokens).expire_all();
    Json(json!({"ok": true}))
}
