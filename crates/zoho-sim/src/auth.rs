//! Tokens the simulator issued, and the access check every product route makes: a
//! missing, unknown or expired access token gets that product's own 401 body.

use std::collections::HashMap;

use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::json;
use sha2::{Digest, Sha256};

use crate::state::{Shared, lock};

/// An authorization code waiting to be exchanged (browser flow or Self Client).
#[derive(Debug, Clone)]
pub struct CodeGrant {
    pub client_id: String,
    pub redirect_uri: Option<String>,
    /// PKCE: the S256 challenge the code was issued against, if any.
    pub challenge: Option<String>,
    pub used: bool,
    pub issued_ms: i64,
}

#[derive(Debug, Clone)]
pub struct RefreshGrant {
    pub client_id: String,
    pub revoked: bool,
}

#[derive(Debug, Default)]
pub struct Tokens {
    counter: u64,
    pub codes: HashMap<String, CodeGrant>,
    pub refresh: HashMap<String, RefreshGrant>,
    /// Access token → expiry (simulator ms).
    pub access: HashMap<String, i64>,
    /// Access token → the refresh token it was issued for, so that revoking a refresh
    /// token revokes its access tokens too, as Zoho does.
    pub issued_by: HashMap<String, String>,
}

impl Tokens {
    /// A fresh token in Zoho's `1000.<hex>.<hex>` shape.
    pub fn mint(&mut self, kind: &str) -> String {
        self.counter += 1;
        let digest = Sha256::digest(format!(
            "{kind}:{}:{:?}",
            self.counter,
            std::time::SystemTime::now()
        ));
        let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
        format!("1000.{}.{}", &hex[..32], &hex[32..64])
    }

    pub fn issue_access(&mut self, now_ms: i64, lifetime_ms: i64) -> String {
        let token = self.mint("access");
        self.access.insert(token.clone(), now_ms + lifetime_ms);
        token
    }

    pub fn issue_refresh(&mut self, client_id: &str) -> String {
        let token = self.mint("refresh");
        self.refresh.insert(
            token.clone(),
            RefreshGrant {
                client_id: client_id.to_owned(),
                revoked: false,
            },
        );
        token
    }

    /// Make every access token expire now (the "forced token expiry" fault).
    pub fn expire_all(&mut self) {
        self.access.values_mut().for_each(|t| *t = i64::MIN);
    }
}

/// Which product's error shape a rejection takes.
#[derive(Debug, Clone, Copy)]
pub enum Product {
    Books,
    People,
    Projects,
}

fn unauthorized(product: Product) -> Response {
    let body = match product {
        Product::Books => {
            json!({"code": 57, "message": "You are not authorized to perform this operation"})
        }
        Product::People => json!({"response": {
            "message": "Error occurred",
            "errors": {"code": 7202, "message": "Invalid OAuth access token"},
            "status": 1
        }}),
        Product::Projects => {
            json!({"error": {"code": 6401, "message": "Invalid OAuth access token."}})
        }
    };
    (StatusCode::UNAUTHORIZED, axum::Json(body)).into_response()
}

/// Check the `Authorization: Zoho-oauthtoken …` header: `Some` is the refusal to send.
/// Handlers start with `if let Some(no) = auth::denied(…) { return no; }`.
pub fn denied(shared: &Shared, headers: &HeaderMap, product: Product) -> Option<Response> {
    (!authorized(shared, headers)).then(|| unauthorized(product))
}

/// Does the request carry a live access token the simulator issued?
pub fn authorized(shared: &Shared, headers: &HeaderMap) -> bool {
    let token = headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Zoho-oauthtoken "));
    let now = shared.clock.now_ms();
    token.is_some_and(|t| {
        lock(&shared.tokens)
            .access
            .get(t)
            .is_some_and(|&exp| exp > now)
    })
}
