//! One signed-in account's way to Zoho: the HTTP agent, the access token (refreshed in
//! one place, one refresh at a time, on expiry and on a 401), the rate budgets, and the
//! mapping of every answer to a value or a typed [`ZohoError`].

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use serde_json::Value;

use crate::dc::Endpoints;
use crate::error::{self, ErrorKind, ZohoError};
use crate::limit::{BudgetState, BudgetStore, Group};
use crate::secret::Sensitive;

/// What an account signs in with. The refresh token never expires (but only 20 live
/// per client, so one is kept per account and reused).
#[derive(Debug, Clone)]
pub struct Credentials {
    pub client_id: String,
    /// Optional: a public desktop client using PKCE may have none.
    pub client_secret: Option<Sensitive<String>>,
    pub refresh_token: Sensitive<String>,
}

/// Which Zoho API a request goes to: it picks the base URL and the error format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Api {
    Accounts,
    Books,
    People,
    Projects,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    Get,
    Post,
    Put,
    Delete,
}

#[derive(Clone)]
pub enum Body {
    Json(Value),
    Form(Vec<(String, String)>),
}

/// Bodies carry tokens (refresh, revoke) and personal notes: Debug shows only their shape.
impl std::fmt::Debug for Body {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Body::Json(_) => f.write_str("Json(<redacted>)"),
            Body::Form(fields) => {
                let names: Vec<&str> = fields.iter().map(|(k, _)| k.as_str()).collect();
                write!(f, "Form(fields: {names:?}, values: <redacted>)")
            }
        }
    }
}

/// One call, described before it is sent (so it can be re-sent after a token refresh).
#[derive(Debug, Clone)]
pub struct Request {
    pub api: Api,
    pub method: Method,
    /// The path after the base URL, starting with `/`.
    pub path: String,
    pub query: Vec<(String, String)>,
    pub body: Option<Body>,
    pub group: Option<Group>,
}

impl Request {
    pub fn new(api: Api, method: Method, path: impl Into<String>) -> Request {
        Request {
            api,
            method,
            path: path.into(),
            query: Vec::new(),
            body: None,
            group: None,
        }
    }

    pub fn query(mut self, key: &str, value: impl ToString) -> Request {
        self.query.push((key.to_owned(), value.to_string()));
        self
    }

    pub fn json(mut self, body: Value) -> Request {
        self.body = Some(Body::Json(body));
        self
    }

    pub fn form(mut self, fields: Vec<(String, String)>) -> Request {
        self.body = Some(Body::Form(fields));
        self
    }

    pub fn limit(mut self, group: Group) -> Request {
        self.group = Some(group);
        self
    }
}

struct AccessToken {
    value: Sensitive<String>,
    /// Refresh a minute before Zoho's hour is up, so a call never carries a dying token.
    renew_at: Instant,
}

/// A signed-in account's connection to Zoho. Share it (`Arc`) between threads: the
/// token mutex makes concurrent callers wait for one refresh instead of each starting one.
pub struct Session {
    agent: ureq::Agent,
    endpoints: Endpoints,
    credentials: Credentials,
    token: Mutex<Option<AccessToken>>,
    budgets: Arc<dyn BudgetStore>,
    /// The longest the limiter sleeps for a budget before giving up with `rate_limited`.
    max_wait: Duration,
    /// What the rate limiter reads the time from and waits on.
    budget_clock: Arc<dyn BudgetClock>,
}

impl std::fmt::Debug for Session {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Session")
            .field("endpoints", &self.endpoints)
            .field("credentials", &self.credentials)
            .finish_non_exhaustive()
    }
}

/// The HTTP agent every Zoho call uses: answers of every status are read (Zoho's error
/// bodies matter), and nothing waits forever.
pub fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_connect(Some(Duration::from_secs(10)))
        .timeout_global(Some(Duration::from_secs(45)))
        .user_agent(concat!("punch/", env!("CARGO_PKG_VERSION")))
        .build()
        .into()
}

fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as i64)
}

/// The time the rate limiter counts budgets in and waits for them by. Budgets are
/// per minute, so honouring them on the wall clock takes minutes; a bench or test that
/// wants to see pacing over many minutes gives the session a clock it controls (and
/// moves the simulator's clock with it, so both sides count the same minute).
pub trait BudgetClock: Send + Sync {
    /// Milliseconds since the Unix epoch: the instants budgets store.
    fn now_ms(&self) -> i64;
    /// Wait `d` for room in a budget.
    fn sleep(&self, d: Duration);
}

/// The real clock: what every session uses unless told otherwise.
#[derive(Debug, Clone, Copy, Default)]
pub struct WallClock;

impl BudgetClock for WallClock {
    fn now_ms(&self) -> i64 {
        now_ms()
    }

    fn sleep(&self, d: Duration) {
        std::thread::sleep(d);
    }
}

/// Describe a transport failure without its URL: a revoke URL carries a token.
fn describe(err: &ureq::Error) -> String {
    match err {
        ureq::Error::Timeout(_) => "Zoho did not answer in time".into(),
        ureq::Error::HostNotFound => "can't reach Zoho: host not found (offline?)".into(),
        ureq::Error::ConnectionFailed => "can't reach Zoho: connection failed (offline?)".into(),
        ureq::Error::Io(io) => format!("can't reach Zoho: {}", io.kind()),
        _ => "can't reach Zoho: network error".into(),
    }
}

impl Session {
    pub fn new(
        endpoints: Endpoints,
        credentials: Credentials,
        budgets: Arc<dyn BudgetStore>,
    ) -> Session {
        Session {
            agent: agent(),
            endpoints,
            credentials,
            token: Mutex::new(None),
            budgets,
            max_wait: Duration::from_secs(75),
            budget_clock: Arc::new(WallClock),
        }
    }

    /// Count and wait for rate budgets on `clock` instead of the wall clock. The
    /// budgets' instants are in that clock's time, so a budget store should not be
    /// shared with sessions on another clock.
    pub fn with_budget_clock(mut self, clock: Arc<dyn BudgetClock>) -> Session {
        self.budget_clock = clock;
        self
    }

    /// How long a call may wait for its rate budget before failing `rate_limited`.
    pub fn with_max_wait(mut self, max_wait: Duration) -> Session {
        self.max_wait = max_wait;
        self
    }

    pub fn endpoints(&self) -> &Endpoints {
        &self.endpoints
    }

    pub fn credentials(&self) -> &Credentials {
        &self.credentials
    }

    /// A valid access token, refreshed if needed. Holding the lock across the refresh
    /// is the single flight: a second caller waits and then uses the fresh token.
    pub fn access_token(&self) -> Result<Sensitive<String>, ZohoError> {
        let mut slot = self.token.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(token) = slot.as_ref().filter(|t| t.renew_at > Instant::now()) {
            return Ok(token.value.clone());
        }
        let fresh = crate::oauth::refresh(&self.agent, &self.endpoints, &self.credentials)?;
        let lifetime = Duration::from_secs(fresh.expires_in.max(120) - 60);
        *slot = Some(AccessToken {
            value: fresh.access_token.clone(),
            renew_at: Instant::now() + lifetime,
        });
        Ok(fresh.access_token)
    }

    /// Forget `stale` after Zoho refused it, unless another caller already replaced it.
    fn invalidate(&self, stale: &Sensitive<String>) {
        let mut slot = self.token.lock().unwrap_or_else(|p| p.into_inner());
        if slot.as_ref().is_some_and(|t| &t.value == stale) {
            *slot = None;
        }
    }

    fn budget(
        &self,
        group: &Group,
        f: impl FnOnce(&mut BudgetState) -> Result<(), Duration>,
    ) -> Result<(), Duration> {
        let mut f = Some(f);
        let mut outcome = Ok(());
        let stored = self.budgets.update(&group.key, &mut |state| {
            if let Some(f) = f.take() {
                outcome = f(state);
            }
        });
        // A budget that can't be read must not stop work; Zoho's own limit still holds.
        if let Err(e) = stored {
            tracing::warn!(group = %group.key, error = %e, "rate budget unavailable");
        }
        outcome
    }

    /// Wait for room in `group`'s budget, or fail `rate_limited` if that takes too long.
    fn acquire(&self, group: &Group) -> Result<(), ZohoError> {
        loop {
            let now = self.budget_clock.now_ms();
            match self.budget(group, |s| s.take(group.per_minute, now)) {
                Ok(()) => return Ok(()),
                Err(wait) if wait <= self.max_wait => {
                    tracing::debug!(group = %group.key, wait_ms = wait.as_millis() as u64, "waiting for rate budget");
                    self.budget_clock.sleep(wait);
                }
                Err(wait) => {
                    return Err(ZohoError::new(
                        ErrorKind::RateLimited { retry_after: wait },
                        None,
                        None,
                        format!(
                            "Zoho's rate limit for {} is used up; trying again in {} s",
                            group.key,
                            wait.as_secs().max(1)
                        ),
                    ));
                }
            }
        }
    }

    /// Send `request` and return the answer's JSON. A 401 refreshes the token and
    /// retries once; a rate-limit answer locks the group for as long as Zoho said.
    pub fn send(&self, request: &Request) -> Result<Value, ZohoError> {
        let mut refreshed = false;
        loop {
            if let Some(group) = &request.group {
                self.acquire(group)?;
            }
            let token = self.access_token()?;
            let result = self.send_once(request, Some(&token));
            match result {
                Err(e) if e.is_auth() && !refreshed => {
                    tracing::debug!(path = %request.path, "access token refused; refreshing once");
                    self.invalidate(&token);
                    refreshed = true;
                }
                Err(e) => {
                    if let (ErrorKind::RateLimited { retry_after }, Some(group)) =
                        (e.kind, &request.group)
                    {
                        // On the budget clock: `take` compares the lock with its time.
                        let until = self.budget_clock.now_ms() + retry_after.as_millis() as i64;
                        let _ = self.budget(group, |s| {
                            s.lock(until);
                            Ok(())
                        });
                    }
                    return Err(e);
                }
                ok => return ok,
            }
        }
    }

    /// One HTTP exchange, with `token` as the bearer when given.
    pub(crate) fn send_once(
        &self,
        request: &Request,
        token: Option<&Sensitive<String>>,
    ) -> Result<Value, ZohoError> {
        send_raw(&self.agent, &self.endpoints, request, token)
    }
}

fn base(endpoints: &Endpoints, api: Api) -> &str {
    match api {
        Api::Accounts => &endpoints.accounts,
        Api::Books => &endpoints.books,
        Api::People => &endpoints.people,
        Api::Projects => &endpoints.projects,
    }
}

/// Send one request and map the answer: success JSON, or the product's typed error
/// (including the errors Zoho reports with HTTP 200).
pub(crate) fn send_raw(
    agent: &ureq::Agent,
    endpoints: &Endpoints,
    request: &Request,
    token: Option<&Sensitive<String>>,
) -> Result<Value, ZohoError> {
    let url = format!("{}{}", base(endpoints, request.api), request.path);
    tracing::debug!(method = ?request.method, path = %request.path, "zoho request");
    let auth = token.map(|t| format!("Zoho-oauthtoken {}", t.expose()));
    let pairs = request.query.iter().map(|(k, v)| (k.as_str(), v.as_str()));
    macro_rules! prepare {
        ($builder:expr) => {{
            let mut b = $builder.query_pairs(pairs);
            if let Some(auth) = &auth {
                b = b.header("Authorization", auth);
            }
            b
        }};
    }
    let response = match (request.method, &request.body) {
        (Method::Get, _) => prepare!(agent.get(&url)).call(),
        (Method::Delete, _) => prepare!(agent.delete(&url)).call(),
        (method, body) => {
            let b = match method {
                Method::Put => prepare!(agent.put(&url)),
                _ => prepare!(agent.post(&url)),
            };
            match body {
                Some(Body::Json(v)) => b.send_json(v),
                Some(Body::Form(fields)) => {
                    b.send_form(fields.iter().map(|(k, v)| (k.as_str(), v.as_str())))
                }
                None => b.send_empty(),
            }
        }
    };
    let mut response = response.map_err(|e| ZohoError::transport(describe(&e)))?;
    let status = response.status().as_u16();
    let body = response
        .body_mut()
        .read_to_string()
        .map_err(|e| ZohoError::transport(describe(&e)))?;
    tracing::debug!(path = %request.path, status, bytes = body.len(), "zoho answer");
    let parse_error = match request.api {
        Api::Accounts => error::accounts,
        Api::Books => error::books,
        Api::People => error::people,
        Api::Projects => error::projects,
    };
    if !(200..300).contains(&status) {
        return Err(parse_error(status, &body));
    }
    let json: Value = if body.trim().is_empty() {
        Value::Null
    } else {
        serde_json::from_str(&body).map_err(|_| {
            ZohoError::new(
                ErrorKind::Transient,
                Some(status),
                None,
                format!(
                    "Zoho sent an answer that is not JSON ({} bytes)",
                    body.len()
                ),
            )
        })?
    };
    let refused = match request.api {
        Api::Books => json
            .get("code")
            .and_then(error::number)
            .is_some_and(|c| c != 0),
        Api::People => json.pointer("/response/status").and_then(error::number) == Some(1),
        Api::Projects => json.get("error").is_some(),
        Api::Accounts => json.get("error").is_some(),
    };
    if refused {
        return Err(parse_error(status, &body));
    }
    Ok(json)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_request_never_shows_its_body() {
        let request = Request::new(Api::Accounts, Method::Post, "/oauth/v2/token")
            .form(vec![("refresh_token".into(), "1000.secret.value".into())]);
        let shown = format!("{request:?}");
        assert!(shown.contains("refresh_token"), "{shown}");
        assert!(!shown.contains("1000.secret.value"), "{shown}");
    }
}
