//! `GET /oauth/user/info`: who the access token belongs to. The simulator's one user
//! is the first member of the first Projects portal, with People's signed-in email.

use std::sync::Arc;

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::json;

use crate::state::{Shared, lock};

pub async fn user_info(State(shared): State<Arc<Shared>>, headers: HeaderMap) -> Response {
    if !crate::auth::authorized(&shared, &headers) {
        return (
            StatusCode::UNAUTHORIZED,
            Json(json!({"error": "invalid_oauthtoken"})),
        )
            .into_response();
    }
    let zuid = lock(&shared.projects)
        .portals
        .first()
        .and_then(|p| p.users.first())
        .map_or(0, |u| u.id);
    let email = lock(&shared.people).signed_in.clone();
    Json(json!({
        "ZUID": zuid,
        "Email": email,
        "Display_Name": "Ada Lindqvist",
        "First_Name": "Ada",
        "Last_Name": "Lindqvist",
    }))
    .into_response()
}
