//! Authorization codes: the authorize page that issues one for the browser flow (the
//! simulated user consents at once, so tests and demos run the real loopback flow), the
//! Self Client code the API console would show, and the `authorization_code` grant
//! that redeems them.
//!
//! Where Zoho's documents are silent, the simulator assumes:
//! - an unknown `client_id` or a `redirect_uri` that is not loopback HTTP gets an HTML
//!   error page (HTTP 400), not a redirect, as for any OAuth server that can't trust
//!   the redirect target; other authorize errors redirect with `error=` and `state`;
//! - only `S256` is accepted (Zoho also takes `plain`, which Punch never sends);
//! - a failed PKCE check answers `invalid_code` (Zoho's word for a bad code), and a
//!   code is spent by any exchange attempt of its client, right or wrong.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use super::{base_url, client_ok, oauth_error};
use crate::auth::CodeGrant;
use crate::state::{Shared, lock};

/// Zoho: "an authorization code … which is valid for 2 minutes".
pub const BROWSER_CODE_LIFETIME: Duration = Duration::from_secs(2 * 60);
/// The API console lets a user pick 3 to 10 minutes for a Self Client code; the
/// simulator's codes get the shortest.
pub const SELF_CLIENT_CODE_LIFETIME: Duration = Duration::from_secs(3 * 60);

/// Percent-encode everything but RFC 3986's unreserved characters.
fn encode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// `http://127.0.0.1:PORT/…` or `http://localhost:PORT/…` (RFC 8252 §7.3).
fn is_loopback_redirect(uri: &str) -> bool {
    let Some(rest) = uri.strip_prefix("http://") else {
        return false;
    };
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let Some((host, port)) = authority.rsplit_once(':') else {
        return false;
    };
    matches!(host, "127.0.0.1" | "localhost" | "[::1]")
        && !port.is_empty()
        && port.bytes().all(|b| b.is_ascii_digit())
        && port.parse::<u16>().is_ok_and(|p| p != 0)
}

fn with_query(uri: &str, pairs: &[(&str, &str)]) -> String {
    let query: Vec<String> = pairs
        .iter()
        .map(|(k, v)| format!("{}={}", encode(k), encode(v)))
        .collect();
    let joiner = if uri.contains('?') { '&' } else { '?' };
    format!("{uri}{joiner}{}", query.join("&"))
}

fn found(location: String) -> Response {
    (StatusCode::FOUND, [(header::LOCATION, location)]).into_response()
}

fn error_page(title: &str, message: &str) -> Response {
    let page = format!(
        "<!doctype html><html><head><title>{title}</title></head>\
         <body><h1>{title}</h1><p>{message}</p></body></html>"
    );
    (StatusCode::BAD_REQUEST, Html(page)).into_response()
}

fn is_challenge(text: &str) -> bool {
    text.len() == 43
        && text
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// `GET /oauth/v2/auth`: the consent page. The simulated user always consents, so a
/// valid request is answered with the redirect the browser would follow.
pub(super) async fn authorize(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    let Some(client_id) = q
        .get("client_id")
        .filter(|id| client_ok(&shared, Some(id), None))
    else {
        return error_page("Invalid Client", "The client_id is not registered.");
    };
    let Some(redirect_uri) = q.get("redirect_uri").filter(|u| is_loopback_redirect(u)) else {
        return error_page(
            "Invalid Redirect Uri",
            "Redirect URI passed does not match with the one configured",
        );
    };
    let state = q.get("state").map(String::as_str);
    let refuse = |error: &str| {
        let mut pairs = vec![("error", error)];
        pairs.extend(state.map(|s| ("state", s)));
        found(with_query(redirect_uri, &pairs))
    };
    if q.get("response_type").map(String::as_str) != Some("code") {
        return refuse("unsupported_response_type");
    }
    if q.get("scope").is_none_or(|s| s.trim().is_empty()) {
        return refuse("invalid_scope");
    }
    if q.get("code_challenge_method").map(String::as_str) != Some("S256") {
        return refuse("invalid_request");
    }
    let Some(challenge) = q.get("code_challenge").filter(|c| is_challenge(c)) else {
        return refuse("invalid_request");
    };
    let code = {
        let mut tokens = lock(&shared.tokens);
        let code = tokens.mint("code");
        tokens.codes.insert(
            code.clone(),
            CodeGrant {
                client_id: client_id.clone(),
                redirect_uri: Some(redirect_uri.clone()),
                challenge: Some(challenge.clone()),
                used: false,
                issued_ms: shared.clock.now_ms(),
            },
        );
        code
    };
    let base = base_url(&headers);
    let mut pairs = vec![("code", code.as_str())];
    pairs.extend(state.map(|s| ("state", s)));
    pairs.extend([("location", "us"), ("accounts-server", base.as_str())]);
    found(with_query(redirect_uri, &pairs))
}

/// The code grant: a browser code must come with the redirect URI it was issued for
/// and the verifier of its challenge; a Self Client code has neither.
pub(super) fn redeem(shared: &Shared, params: &HashMap<String, String>, base: &str) -> Response {
    let now = shared.clock.now_ms();
    let mut tokens = lock(&shared.tokens);
    let Some(grant) = params.get("code").and_then(|c| tokens.codes.get_mut(c)) else {
        return oauth_error("invalid_code");
    };
    if Some(&grant.client_id) != params.get("client_id") {
        return oauth_error("invalid_client");
    }
    if grant.used {
        return oauth_error("invalid_code");
    }
    grant.used = true;
    let lifetime = if grant.redirect_uri.is_some() {
        BROWSER_CODE_LIFETIME
    } else {
        SELF_CLIENT_CODE_LIFETIME
    };
    if now > grant.issued_ms + lifetime.as_millis() as i64 {
        return oauth_error("invalid_code");
    }
    if grant
        .redirect_uri
        .as_ref()
        .is_some_and(|uri| params.get("redirect_uri") != Some(uri))
    {
        return oauth_error("invalid_redirect_uri");
    }
    if let Some(challenge) = &grant.challenge {
        let verified = params
            .get("code_verifier")
            .filter(|v| valid_verifier(v))
            .is_some_and(|v| URL_SAFE_NO_PAD.encode(Sha256::digest(v.as_bytes())) == *challenge);
        if !verified {
            return oauth_error("invalid_code");
        }
    }
    let client_id = grant.client_id.clone();
    let refresh_token = tokens.issue_refresh(&client_id);
    let lifetime = shared.config.token_lifetime;
    let access = tokens.issue_access(now, lifetime.as_millis() as i64);
    tokens
        .issued_by
        .insert(access.clone(), refresh_token.clone());
    Json(json!({
        "access_token": access,
        "refresh_token": refresh_token,
        "api_domain": base,
        "token_type": "Bearer",
        "expires_in": lifetime.as_secs(),
    }))
    .into_response()
}

/// RFC 7636 §4.1: 43–128 unreserved characters.
fn valid_verifier(verifier: &str) -> bool {
    (43..=128).contains(&verifier.len())
        && verifier
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~'))
}

/// `POST /_sim/oauth/self-client-code` with an optional `{"client_id": "…"}`: a grant
/// code as the API console's Self Client tab shows one (no redirect URI, no PKCE).
pub(super) async fn self_client_code(State(shared): State<Arc<Shared>>, body: Bytes) -> Response {
    let asked: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
    let client_id = match asked.get("client_id").and_then(Value::as_str) {
        Some(id) => id.to_owned(),
        None => shared.config.clients[0].0.clone(),
    };
    if !client_ok(&shared, Some(&client_id), None) {
        return (
            StatusCode::BAD_REQUEST,
            Json(json!({"error": "invalid_client"})),
        )
            .into_response();
    }
    let mut tokens = lock(&shared.tokens);
    let code = tokens.mint("self-client");
    tokens.codes.insert(
        code.clone(),
        CodeGrant {
            client_id: client_id.clone(),
            redirect_uri: None,
            challenge: None,
            used: false,
            issued_ms: shared.clock.now_ms(),
        },
    );
    Json(json!({
        "code": code,
        "client_id": client_id,
        "expires_in": SELF_CLIENT_CODE_LIFETIME.as_secs(),
    }))
    .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_loopback_http_redirects_are_accepted() {
        assert!(is_loopback_redirect("http://127.0.0.1:28417/callback"));
        assert!(is_loopback_redirect("http://localhost:5000/cb"));
        assert!(!is_loopback_redirect("https://127.0.0.1:28417/callback"));
        assert!(!is_loopback_redirect("http://127.0.0.1/callback"));
        assert!(!is_loopback_redirect("http://127.0.0.1:0/callback"));
        assert!(!is_loopback_redirect("http://127.0.0.1.evil.example:80/"));
        assert!(!is_loopback_redirect("http://evil.example:80/"));
    }

    #[test]
    fn redirect_queries_are_encoded() {
        assert_eq!(
            with_query(
                "http://127.0.0.1:1/cb",
                &[("accounts-server", "http://h:2")]
            ),
            "http://127.0.0.1:1/cb?accounts-server=http%3A%2F%2Fh%3A2"
        );
        assert_eq!(
            with_query("http://127.0.0.1:1/cb?a=1", &[("b", "x y")]),
            "http://127.0.0.1:1/cb?a=1&b=x%20y"
        );
    }
}
