//! Zoho Accounts as the simulator serves it: the token endpoint. (The authorization-code
//! grant with PKCE, the authorize page and revocation are added with the browser flow.)

use std::sync::Arc;

use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::{Form, Json, Router};
use serde_json::json;
use std::collections::HashMap;

use crate::state::{Shared, lock};

pub fn routes() -> Router<Arc<Shared>> {
    Router::new().route("/oauth/v2/token", post(token))
}

/// Zoho answers token errors with HTTP 200 and `{"error": "…"}`; so does the simulator.
fn oauth_error(error: &str) -> Response {
    (StatusCode::OK, Json(json!({ "error": error }))).into_response()
}

fn client_ok(shared: &Shared, id: Option<&String>, secret: Option<&String>) -> bool {
    shared
        .config
        .clients
        .iter()
        .any(|(cid, csecret)| Some(cid) == id && secret.is_none_or(|s| s == csecret))
}

/// `POST /oauth/v2/token`: parameters in the query (as Zoho's examples) or the form body.
async fn token(
    State(shared): State<Arc<Shared>>,
    Query(query): Query<HashMap<String, String>>,
    form: Result<Form<HashMap<String, String>>, axum::extract::rejection::FormRejection>,
) -> Response {
    let mut params = query;
    if let Ok(Form(body)) = form {
        params.extend(body);
    }
    if !client_ok(
        &shared,
        params.get("client_id"),
        params.get("client_secret"),
    ) {
        return oauth_error("invalid_client");
    }
    match params.get("grant_type").map(String::as_str) {
        Some("refresh_token") => refresh(&shared, &params),
        _ => oauth_error("unsupported_grant_type"),
    }
}

fn refresh(shared: &Shared, params: &HashMap<String, String>) -> Response {
    let mut tokens = lock(&shared.tokens);
    let valid = params
        .get("refresh_token")
        .and_then(|t| tokens.refresh.get(t))
        .is_some_and(|grant| !grant.revoked && Some(&grant.client_id) == params.get("client_id"));
    if !valid {
        return oauth_error("invalid_code");
    }
    let lifetime = shared.config.token_lifetime;
    let access = tokens.issue_access(shared.clock.now_ms(), lifetime.as_millis() as i64);
    Json(json!({
        "access_token": access,
        "api_domain": "https://www.zohoapis.com",
        "token_type": "Bearer",
        "expires_in": lifetime.as_secs(),
    }))
    .into_response()
}
