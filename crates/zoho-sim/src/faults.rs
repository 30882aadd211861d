//! Fault injection: a test queues faults that match requests by method and path, and the
//! middleware acts them out: an error status, a dropped connection before the handler
//! runs, an answer lost after the handler committed, a slow answer, expired tokens.
//! Every request is also recorded here for inspection.

use std::sync::Arc;
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};

use crate::state::{Received, Shared, lock};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FaultAction {
    /// Answer with this status and an empty body, without running the handler.
    Status(u16),
    /// Close the connection without an answer, without running the handler.
    Drop,
    /// Run the handler (its change is committed), then close the connection unanswered.
    LoseAnswer,
    /// Wait this many milliseconds, then answer normally.
    DelayMs(u64),
    /// Expire every access token, then answer normally (so this call gets a 401).
    ExpireTokens,
}

/// A fault for the next `times` requests whose path contains `path` (and whose method
/// is `method`, when given).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fault {
    #[serde(default)]
    pub method: Option<String>,
    pub path: String,
    pub action: FaultAction,
    #[serde(default = "once")]
    pub times: u32,
}

fn once() -> u32 {
    1
}

impl Fault {
    pub fn new(path: &str, action: FaultAction) -> Fault {
        Fault {
            method: None,
            path: path.to_owned(),
            action,
            times: 1,
        }
    }

    pub fn method(mut self, method: &str) -> Fault {
        self.method = Some(method.to_owned());
        self
    }

    pub fn times(mut self, times: u32) -> Fault {
        self.times = times;
        self
    }
}

/// A body whose first read fails, so the server closes the connection mid-answer and
/// the client never learns what happened.
struct BrokenBody;

impl http_body::Body for BrokenBody {
    type Data = Bytes;
    type Error = std::io::Error;

    fn poll_frame(
        self: std::pin::Pin<&mut Self>,
        _: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Result<http_body::Frame<Bytes>, std::io::Error>>> {
        std::task::Poll::Ready(Some(Err(std::io::Error::other(
            "connection dropped by fault injection",
        ))))
    }
}

fn broken() -> Response {
    Response::new(Body::new(BrokenBody))
}

pub async fn middleware(
    State(shared): State<Arc<Shared>>,
    request: Request,
    next: Next,
) -> Response {
    let (parts, body) = request.into_parts();
    let bytes = axum::body::to_bytes(body, 16 * 1024 * 1024)
        .await
        .unwrap_or_default();
    let path = parts.uri.path().to_owned();
    let method = parts.method.as_str().to_owned();
    if !path.starts_with("/_sim") {
        lock(&shared.received).push(Received {
            method: method.clone(),
            path: path.clone(),
            query: parts.uri.query().unwrap_or_default().to_owned(),
            body: String::from_utf8_lossy(&bytes).into_owned(),
            at_ms: shared.clock.now_ms(),
        });
    }
    let action = {
        let mut faults = lock(&shared.faults);
        let found = faults.iter().position(|f| {
            path.contains(&f.path)
                && f.method
                    .as_deref()
                    .is_none_or(|m| m.eq_ignore_ascii_case(&method))
        });
        found.map(|i| {
            let action = faults[i].action.clone();
            faults[i].times = faults[i].times.saturating_sub(1);
            if faults[i].times == 0 {
                faults.remove(i);
            }
            action
        })
    };
    let request = Request::from_parts(parts, Body::from(bytes));
    match action {
        None => next.run(request).await,
        Some(FaultAction::Status(code)) => StatusCode::from_u16(code)
            .unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
            .into_response(),
        Some(FaultAction::Drop) => broken(),
        Some(FaultAction::LoseAnswer) => {
            let _committed = next.run(request).await;
            broken()
        }
        Some(FaultAction::DelayMs(ms)) => {
            tokio::time::sleep(Duration::from_millis(ms)).await;
            next.run(request).await
        }
        Some(FaultAction::ExpireTokens) => {
            lock(&shared.tokens).expire_all();
            next.run(request).await
        }
    }
}
