//! Zoho Accounts as the simulator serves it: the token endpoint (`authorization_code`
//! with PKCE, `refresh_token`), revocation and `serverinfo`; the authorize page and the
//! codes it and the Self Client hand out are in `codes.rs`.
//!
//! Where Zoho's documents are silent, the simulator assumes that a revoke of an unknown
//! token answers HTTP 400 `{"error": "invalid_token"}`, and that every data center's
//! accounts server and every account's `api_domain` is the simulator itself.

mod codes;
mod user;

use std::collections::HashMap;
use std::sync::Arc;

use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Form, Json, Router};
use serde_json::{Value, json};

use crate::state::{Shared, lock};

pub use codes::{BROWSER_CODE_LIFETIME, SELF_CLIENT_CODE_LIFETIME};

/// Zoho's location words, every one played by this simulator.
const LOCATIONS: [&str; 9] = ["us", "eu", "in", "au", "jp", "ca", "sa", "uk", "cn"];

pub fn routes() -> Router<Arc<Shared>> {
    Router::new()
        .route("/oauth/v2/auth", get(codes::authorize))
        .route("/oauth/v2/token", post(token))
        .route("/oauth/v2/token/revoke", post(revoke))
        .route("/oauth/serverinfo", get(server_info))
        .route("/oauth/user/info", get(user::user_info))
        .route(
            "/_sim/oauth/self-client-code",
            post(codes::self_client_code),
        )
        .route("/_sim/oauth/grants", get(grants))
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

/// The simulator's own address as the caller reached it: it is every data center's
/// accounts server and every account's `api_domain`.
fn base_url(headers: &HeaderMap) -> String {
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("127.0.0.1");
    format!("http://{host}")
}

/// `POST /oauth/v2/token`: parameters in the query (as Zoho's examples) or the form body.
async fn token(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
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
    let base = base_url(&headers);
    match params.get("grant_type").map(String::as_str) {
        Some("refresh_token") => refresh(&shared, &params, &base),
        Some("authorization_code") => codes::redeem(&shared, &params, &base),
        _ => oauth_error("unsupported_grant_type"),
    }
}

fn refresh(shared: &Shared, params: &HashMap<String, String>, base: &str) -> Response {
    let mut tokens = lock(&shared.tokens);
    let Some(refresh_token) = params.get("refresh_token").filter(|t| {
        tokens
            .refresh
            .get(*t)
            .is_some_and(|g| !g.revoked && Some(&g.client_id) == params.get("client_id"))
    }) else {
        return oauth_error("invalid_code");
    };
    let lifetime = shared.config.token_lifetime;
    let access = tokens.issue_access(shared.clock.now_ms(), lifetime.as_millis() as i64);
    tokens
        .issued_by
        .insert(access.clone(), refresh_token.clone());
    Json(json!({
        "access_token": access,
        "api_domain": base,
        "token_type": "Bearer",
        "expires_in": lifetime.as_secs(),
    }))
    .into_response()
}

/// `POST /oauth/v2/token/revoke?token=…` (the token may also come in the form body).
/// A refresh token takes its access tokens with it.
async fn revoke(
    State(shared): State<Arc<Shared>>,
    Query(query): Query<HashMap<String, String>>,
    form: Result<Form<HashMap<String, String>>, axum::extract::rejection::FormRejection>,
) -> Response {
    let mut params = query;
    if let Ok(Form(body)) = form {
        params.extend(body);
    }
    let token = params.get("token").cloned().unwrap_or_default();
    let mut tokens = lock(&shared.tokens);
    let known = match tokens.refresh.get_mut(&token) {
        Some(grant) if !grant.revoked => {
            grant.revoked = true;
            let issued: Vec<String> = tokens
                .issued_by
                .iter()
                .filter(|(_, by)| **by == token)
                .map(|(access, _)| access.clone())
                .collect();
            for access in issued {
                tokens.access.remove(&access);
                tokens.issued_by.remove(&access);
            }
            true
        }
        Some(_) => false,
        None => tokens.access.remove(&token).is_some(),
    };
    if known {
        Json(json!({"status": "success"})).into_response()
    } else {
        (
            StatusCode::BAD_REQUEST,
            Json(json!({"error": "invalid_token"})),
        )
            .into_response()
    }
}

/// `GET /oauth/serverinfo`: every data center's accounts server. The simulator plays
/// them all, so each location points back at it.
async fn server_info(headers: HeaderMap) -> Json<Value> {
    let base = base_url(&headers);
    let locations: serde_json::Map<String, Value> = LOCATIONS
        .iter()
        .map(|l| ((*l).to_owned(), Value::String(base.clone())))
        .collect();
    Json(json!({"result": "success", "locations": locations}))
}

/// `GET /_sim/oauth/grants`: the codes and refresh tokens the simulator issued.
async fn grants(State(shared): State<Arc<Shared>>) -> Json<Value> {
    let tokens = lock(&shared.tokens);
    let codes: Vec<Value> = tokens
        .codes
        .iter()
        .map(|(code, g)| {
            json!({
                "code": code,
                "client_id": g.client_id,
                "redirect_uri": g.redirect_uri,
                "code_challenge": g.challenge,
                "used": g.used,
                "issued_ms": g.issued_ms,
            })
        })
        .collect();
    let refresh: Vec<Value> = tokens
        .refresh
        .iter()
        .map(|(token, g)| json!({"refresh_token": token, "client_id": g.client_id, "revoked": g.revoked}))
        .collect();
    Json(json!({"codes": codes, "refresh_tokens": refresh}))
}
