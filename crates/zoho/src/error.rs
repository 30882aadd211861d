//! One typed error for every Zoho product, parsed from each product's own error body,
//! with a stable kind that sync acts on and Zoho's own words kept verbatim for the user.
//!
//! Classification, HTTP status first, then the documented codes:
//! - `auth`: HTTP 401 (every product), or an OAuth `invalid_code`/`invalid_client` answer.
//! - `rate_limited`: HTTP 429; Books codes 44, 45 and 1070; People code 7209 (the
//!   five-minute lock after a per-minute threshold).
//! - `transient`: HTTP 5xx, timeouts, resets, refused connections.
//! - `not_found`: HTTP 404 without a more specific code.
//! - `rejected`: every other answer in which Zoho refused the data.

use std::fmt;
use std::time::Duration;

use serde_json::Value;

/// What Punch can do about an error.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// The access token is bad (refresh and retry once) or the refresh token is dead
    /// (the account needs login).
    Auth,
    /// Too many calls: wait `retry_after` before calling this group again.
    RateLimited {
        retry_after: Duration,
    },
    /// Zoho refused the data: future date, completed job, weekend… Not retried.
    Rejected,
    /// Might work later: 5xx, timeouts, resets, offline.
    Transient,
    NotFound,
}

impl ErrorKind {
    /// The stable word the store, CLI and UI use.
    pub fn code(self) -> &'static str {
        match self {
            ErrorKind::Auth => "auth",
            ErrorKind::RateLimited { .. } => "rate_limited",
            ErrorKind::Rejected => "rejected",
            ErrorKind::Transient => "transient",
            ErrorKind::NotFound => "not_found",
        }
    }
}

/// An error from Zoho or from the way to it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ZohoError {
    pub kind: ErrorKind,
    /// The HTTP status, when an answer arrived.
    pub status: Option<u16>,
    /// Zoho's numeric code, when it gave one.
    pub code: Option<i64>,
    /// Zoho's message, verbatim (or a description of the transport failure).
    pub message: String,
    /// What else the error body listed, when a caller needs it: People's bulk API puts
    /// one entry per refused log under `errors.erorLogs` (`None` for everything else).
    pub details: Option<Value>,
}

impl fmt::Display for ZohoError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.code {
            Some(code) => write!(f, "{} (Zoho code {code})", self.message),
            None => f.write_str(&self.message),
        }
    }
}

impl std::error::Error for ZohoError {}

/// People locks an API for five minutes once its per-minute threshold is passed.
pub const PEOPLE_LOCK: Duration = Duration::from_secs(5 * 60);
/// Books' per-minute limit resets within a minute.
pub const BOOKS_RETRY: Duration = Duration::from_secs(60);

impl ZohoError {
    pub fn new(
        kind: ErrorKind,
        status: Option<u16>,
        code: Option<i64>,
        message: impl Into<String>,
    ) -> Self {
        ZohoError {
            kind,
            status,
            code,
            message: message.into(),
            details: None,
        }
    }

    /// A failure before any answer arrived: the request may or may not have reached Zoho.
    pub fn transport(message: impl Into<String>) -> Self {
        ZohoError::new(ErrorKind::Transient, None, None, message)
    }

    pub fn is_auth(&self) -> bool {
        self.kind == ErrorKind::Auth
    }
}

/// Read a number that Zoho may send as a number or a string.
pub(crate) fn number(value: &Value) -> Option<i64> {
    match value {
        Value::Number(n) => n.as_i64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

fn text(value: Option<&Value>) -> Option<String> {
    match value? {
        Value::String(s) if !s.trim().is_empty() => Some(s.clone()),
        _ => None,
    }
}

/// The kind for an answer, from its status and code; `rate_code` says which codes of
/// this product mean "too many calls" and how long to wait.
fn classify(
    status: u16,
    code: Option<i64>,
    rate_code: impl Fn(i64) -> Option<Duration>,
) -> ErrorKind {
    if let Some(wait) = code.and_then(rate_code) {
        return ErrorKind::RateLimited { retry_after: wait };
    }
    match status {
        401 => ErrorKind::Auth,
        429 => ErrorKind::RateLimited {
            retry_after: BOOKS_RETRY,
        },
        500..=599 => ErrorKind::Transient,
        404 if code.is_none() => ErrorKind::NotFound,
        _ => ErrorKind::Rejected,
    }
}

fn unparsed(status: u16, body: &str) -> String {
    let body = body.trim();
    if body.is_empty() {
        format!("Zoho answered HTTP {status}")
    } else {
        format!(
            "Zoho answered HTTP {status}: {}",
            body.chars().take(300).collect::<String>()
        )
    }
}

/// Books: `{"code": 1002, "message": "…"}`.
pub fn books(status: u16, body: &str) -> ZohoError {
    let json: Value = serde_json::from_str(body).unwrap_or(Value::Null);
    let code = json.get("code").and_then(number);
    let message = text(json.get("message")).unwrap_or_else(|| unparsed(status, body));
    let kind = classify(status, code, |c| {
        matches!(c, 44 | 45 | 1070).then_some(BOOKS_RETRY)
    });
    ZohoError::new(kind, Some(status), code, message)
}

/// People: `{"response": {"errors": {code, message} | [{code, message}], "message", "status": 1}}`.
/// The bulk API nests per-log errors under `errors.erorLogs` (sic); the first is used here,
/// all of them by the bulk client.
pub fn people(status: u16, body: &str) -> ZohoError {
    let json: Value = serde_json::from_str(body).unwrap_or(Value::Null);
    let response = json.get("response").unwrap_or(&json);
    let errors = response.get("errors");
    let first = match errors {
        Some(Value::Array(list)) => list.first(),
        Some(Value::Object(map)) => match map.get("erorLogs").or_else(|| map.get("errorLogs")) {
            Some(Value::Array(logs)) => logs.first(),
            _ => errors,
        },
        _ => None,
    };
    let code = first
        .and_then(|e| e.get("code").or_else(|| e.get("errorCode")))
        .and_then(number);
    let message = first
        .and_then(|e| text(e.get("message")))
        .or_else(|| text(response.get("message")))
        .unwrap_or_else(|| unparsed(status, body));
    let kind = classify(status, code, |c| (c == 7209).then_some(PEOPLE_LOCK));
    let mut error = ZohoError::new(kind, Some(status), code, message);
    if let Some(Value::Object(map)) = errors {
        error.details = map
            .get("erorLogs")
            .or_else(|| map.get("errorLogs"))
            .filter(|logs| logs.is_array())
            .cloned();
    }
    error
}

/// Projects: `{"error": {"code": 6404, "message": "…"}}`.
pub fn projects(status: u16, body: &str) -> ZohoError {
    let json: Value = serde_json::from_str(body).unwrap_or(Value::Null);
    let error = json.get("error").unwrap_or(&json);
    let code = error.get("code").and_then(number);
    let message = text(error.get("message")).unwrap_or_else(|| unparsed(status, body));
    let kind = match code {
        // "Resource Not Found" for a portal, project, task, bug or log.
        Some(6404 | 6504) => ErrorKind::NotFound,
        _ => classify(status, code, |_| None),
    };
    ZohoError::new(kind, Some(status), code, message)
}

/// Accounts (OAuth): `{"error": "invalid_code"}`, sometimes with HTTP 200.
pub fn accounts(status: u16, body: &str) -> ZohoError {
    let json: Value = serde_json::from_str(body).unwrap_or(Value::Null);
    let error = text(json.get("error")).unwrap_or_else(|| unparsed(status, body));
    let kind = match error.as_str() {
        "invalid_code"
        | "invalid_client"
        | "invalid_client_secret"
        | "invalid_grant"
        | "invalid_token"
        | "access_denied" => ErrorKind::Auth,
        _ if status >= 500 => ErrorKind::Transient,
        "Access Denied" | "too_many_requests" => ErrorKind::RateLimited {
            retry_after: Duration::from_secs(10 * 60),
        },
        _ => ErrorKind::Rejected,
    };
    ZohoError::new(kind, Some(status), None, error)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn books_errors() {
        let e = books(
            400,
            r#"{"code": 1002, "message": "Time entry does not exist."}"#,
        );
        assert_eq!((e.kind, e.code), (ErrorKind::Rejected, Some(1002)));
        assert_eq!(e.message, "Time entry does not exist.");
        assert!(matches!(
            books(429, r#"{"code":44,"message":"x"}"#).kind,
            ErrorKind::RateLimited { .. }
        ));
        assert!(matches!(
            books(400, r#"{"code":"45","message":"x"}"#).kind,
            ErrorKind::RateLimited { .. }
        ));
        assert_eq!(
            books(401, r#"{"code":57,"message":"not authorized"}"#).kind,
            ErrorKind::Auth
        );
        assert_eq!(
            books(502, "<html>bad gateway</html>").kind,
            ErrorKind::Transient
        );
        assert!(
            books(502, "<html>bad gateway</html>")
                .message
                .contains("HTTP 502")
        );
    }

    #[test]
    fn people_errors_come_as_an_object_or_a_list() {
        let object = r#"{"response":{"message":"Error","errors":{"code":7209,"message":"Locked"},"status":1}}"#;
        let e = people(200, object);
        assert_eq!(
            e.kind,
            ErrorKind::RateLimited {
                retry_after: PEOPLE_LOCK
            }
        );
        let list = r#"{"response":{"errors":[{"code":8008,"message":"Cannot log time during Weekend/Holidays/Leave"}],"status":1}}"#;
        let e = people(200, list);
        assert_eq!((e.kind, e.code), (ErrorKind::Rejected, Some(8008)));
        assert_eq!(e.message, "Cannot log time during Weekend/Holidays/Leave");
        let bulk = r#"{"response":{"message":"Error in updating data","errors":{"erorLogs":[{"errorCode":9025,"message":"Cannot log time for a completed job"}]},"status":1}}"#;
        assert_eq!(people(200, bulk).code, Some(9025));
    }

    #[test]
    fn projects_and_accounts_errors() {
        let e = projects(
            400,
            r#"{"error":{"code":6831,"message":"Input Parameter Missing"}}"#,
        );
        assert_eq!(
            (e.kind, e.code, e.message.as_str()),
            (ErrorKind::Rejected, Some(6831), "Input Parameter Missing")
        );
        assert_eq!(
            projects(401, r#"{"error":{"code":6401,"message":"Invalid OAuth"}}"#).kind,
            ErrorKind::Auth
        );
        assert_eq!(
            accounts(200, r#"{"error":"invalid_code"}"#).kind,
            ErrorKind::Auth
        );
    }
}
