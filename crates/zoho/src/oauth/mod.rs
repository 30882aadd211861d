//! Zoho OAuth for a desktop app: a public client signs in with an authorization code
//! and PKCE over a loopback redirect, or with a Self Client grant code, and keeps one
//! refresh token per account. Access tokens last an hour and are refreshed here only.

pub mod browser;
pub mod exchange;
pub mod loopback;
pub mod pkce;
pub mod user;

use serde::Deserialize;

use crate::dc::Endpoints;
use crate::error::ZohoError;
use crate::secret::Sensitive;
use crate::session::{Api, Credentials, Method, Request, send_raw};

pub use browser::{BrowserOptions, SignInError, authorization_url, sign_in_with_browser};
pub use exchange::{
    Client, SignedIn, accounts_servers, exchange_code, revoke, sign_in_with_grant_code,
    sign_in_with_refresh_token,
};
pub use user::{UserInfo, user_info};

/// The scopes Punch asks for, per product: what its calls need and nothing more.
/// - Books: `ZohoBooks.projects.ALL` covers time entries, timers, projects and their
///   tasks; `ZohoBooks.settings.READ` lists organizations.
/// - People: every call is under `/people/api/timetracker/` (time logs, timers, jobs,
///   projects), all covered by `ZOHOPEOPLE.timetracker.ALL`.
/// - Projects: `ZohoProjects.timesheets.ALL` for logs (including layout and custom
///   fields, which the timesheet documents put under the same module); the picker reads
///   portals, projects, tasks and bugs.
///
/// Names as Zoho's API documents spell them.
pub fn scopes(api: Api) -> &'static [&'static str] {
    match api {
        Api::Books => &["ZohoBooks.projects.ALL", "ZohoBooks.settings.READ"],
        Api::People => &["ZOHOPEOPLE.timetracker.ALL"],
        Api::Projects => &[
            "ZohoProjects.timesheets.ALL",
            "ZohoProjects.portals.READ",
            "ZohoProjects.projects.READ",
            "ZohoProjects.tasks.READ",
            "ZohoProjects.bugs.READ",
            user::PROFILE_SCOPE,
        ],
        Api::Accounts => &[],
    }
}

/// What the token endpoint answers. Debug shows no token.
#[derive(Debug, Clone)]
pub struct TokenSet {
    pub access_token: Sensitive<String>,
    /// Present when a code is exchanged; absent on refresh.
    pub refresh_token: Option<Sensitive<String>>,
    /// Seconds.
    pub expires_in: u64,
    /// Where Books calls go for this account (`https://www.zohoapis.eu`…).
    pub api_domain: Option<String>,
}

#[derive(Deserialize)]
struct RawTokens {
    access_token: String,
    #[serde(default)]
    refresh_token: Option<String>,
    #[serde(default = "an_hour", deserialize_with = "crate::lenient::int")]
    expires_in: i64,
    #[serde(default)]
    api_domain: Option<String>,
}

fn an_hour() -> i64 {
    3600
}

/// Parse a token answer; the raw strings go straight into `Sensitive`.
pub(crate) fn token_set(json: serde_json::Value) -> Result<TokenSet, ZohoError> {
    let raw: RawTokens = serde_json::from_value(json).map_err(|_| {
        ZohoError::new(
            crate::ErrorKind::Transient,
            None,
            None,
            "Zoho's token answer has no access_token",
        )
    })?;
    Ok(TokenSet {
        access_token: Sensitive::new(raw.access_token),
        refresh_token: raw.refresh_token.map(Sensitive::new),
        expires_in: raw.expires_in.max(0) as u64,
        api_domain: raw.api_domain,
    })
}

fn client_fields(
    credentials_id: &str,
    secret: Option<&Sensitive<String>>,
) -> Vec<(String, String)> {
    let mut fields = vec![("client_id".to_owned(), credentials_id.to_owned())];
    if let Some(secret) = secret {
        fields.push(("client_secret".to_owned(), secret.expose().clone()));
    }
    fields
}

/// Trade the refresh token for a new access token. An `auth` error here means the
/// refresh token is dead: the account needs to sign in again.
pub fn refresh(
    agent: &ureq::Agent,
    endpoints: &Endpoints,
    credentials: &Credentials,
) -> Result<TokenSet, ZohoError> {
    let mut fields = client_fields(&credentials.client_id, credentials.client_secret.as_ref());
    fields.push(("grant_type".into(), "refresh_token".into()));
    fields.push((
        "refresh_token".into(),
        credentials.refresh_token.expose().clone(),
    ));
    let request = Request::new(Api::Accounts, Method::Post, "/oauth/v2/token").form(fields);
    token_set(send_raw(agent, endpoints, &request, None)?)
}
