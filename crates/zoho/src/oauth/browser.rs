//! The browser sign-in of a desktop app: authorization code with PKCE over a loopback
//! redirect. Punch opens Zoho's consent page, Zoho redirects the browser back to
//! 127.0.0.1 with a code, and the code and the verifier buy a refresh token.
//!
//! Parameters follow Zoho's "mobile and desktop apps" documentation: `response_type`,
//! `client_id`, `scope` (comma-separated), `redirect_uri`, `access_type=offline` (or no
//! refresh token comes back), `prompt=consent` (or a second sign-in of the same user
//! gets no new refresh token), `state`, `code_challenge`, `code_challenge_method=S256`.

use std::io;
use std::time::Duration;

use crate::dc::{DataCenter, Endpoints};
use crate::error::ZohoError;

use super::exchange::{self, Client, SignedIn};
use super::loopback::{self, Loopback};
use super::pkce::{self, Pkce};

/// Why a browser sign-in did not finish. Messages are for the user and carry no secret.
#[derive(Debug, thiserror::Error)]
pub enum SignInError {
    #[error(
        "can't listen for the sign-in on 127.0.0.1: ports {ports:?} are all in use ({source}); close the program using them and try again"
    )]
    NoFreePort { ports: Vec<u16>, source: io::Error },
    #[error("can't open the browser: {0}")]
    Browser(io::Error),
    #[error(
        "the sign-in in the browser was not finished within {} s; run the sign-in again",
        .0.as_secs().max(1)
    )]
    TimedOut(Duration),
    #[error(
        "refused an answer that does not belong to this sign-in (its state value differs); run the sign-in again"
    )]
    StateMismatch,
    #[error("Zoho did not give Punch access ({0})")]
    Denied(String),
    #[error("Zoho's answer carried no authorization code")]
    NoCode,
    #[error("Zoho's answer named an unexpected accounts server ({0}); refused")]
    UntrustedServer(String),
    #[error("the sign-in listener failed: {0}")]
    Io(io::Error),
    #[error(transparent)]
    Zoho(#[from] ZohoError),
}

/// Where and how long the browser sign-in listens.
#[derive(Debug, Clone)]
pub struct BrowserOptions {
    /// Tried in order; the redirect URI for each must be registered in the API console.
    pub ports: Vec<u16>,
    pub timeout: Duration,
}

impl Default for BrowserOptions {
    fn default() -> Self {
        BrowserOptions {
            ports: loopback::CALLBACK_PORTS.to_vec(),
            timeout: loopback::DEFAULT_TIMEOUT,
        }
    }
}

/// Zoho's consent page for this request.
pub fn authorization_url(
    accounts: &str,
    client_id: &str,
    scopes: &[&str],
    redirect_uri: &str,
    state: &str,
    challenge: &str,
) -> String {
    let query = url::form_urlencoded::Serializer::new(String::new())
        .append_pair("response_type", "code")
        .append_pair("client_id", client_id)
        .append_pair("scope", &scopes.join(","))
        .append_pair("redirect_uri", redirect_uri)
        .append_pair("access_type", "offline")
        .append_pair("prompt", "consent")
        .append_pair("state", state)
        .append_pair("code_challenge", challenge)
        .append_pair("code_challenge_method", pkce::METHOD)
        .finish();
    format!("{}/oauth/v2/auth?{query}", accounts.trim_end_matches('/'))
}

/// Sign in through the user's browser. `open` shows the consent page (the CLI runs
/// `xdg-open`; tests play the browser); it should also print the URL, for a user whose
/// browser doesn't open, and return `Err` only to give up. Blocks until Zoho redirects
/// back, the timeout passes, or the answer is refused.
pub fn sign_in_with_browser(
    agent: &ureq::Agent,
    endpoints: &Endpoints,
    client: &Client,
    scopes: &[&str],
    options: &BrowserOptions,
    open: impl FnOnce(&str) -> io::Result<()>,
) -> Result<SignedIn, SignInError> {
    let listener = Loopback::bind(&options.ports)?;
    let redirect_uri = listener.redirect_uri();
    let pkce = Pkce::new().map_err(SignInError::Io)?;
    let state = pkce::new_state().map_err(SignInError::Io)?;
    let url = authorization_url(
        &endpoints.accounts,
        &client.id,
        scopes,
        &redirect_uri,
        &state,
        &pkce.challenge,
    );
    open(&url).map_err(SignInError::Browser)?;
    let callback = listener.wait(&state, options.timeout)?;

    let data_center = callback
        .location
        .as_deref()
        .and_then(DataCenter::from_location);
    let mut at = exchange::relocate(endpoints, data_center);
    if let Some(server) = callback.accounts_server.as_deref() {
        if !trusted_accounts_server(server, &at, endpoints) {
            return Err(SignInError::UntrustedServer(server.to_owned()));
        }
        at = at.with_sign_in(Some(server), None);
    }
    let tokens = exchange::exchange_code(
        agent,
        &at,
        client,
        &callback.code,
        Some(&redirect_uri),
        Some(&pkce.verifier),
    )?;
    Ok(exchange::signed_in(client, &at, tokens, data_center, None)?)
}

/// The code and verifier go to the `accounts-server` of the redirect, so it must be a
/// Zoho accounts host (or the one this sign-in started at: a simulator or proxy).
fn trusted_accounts_server(server: &str, relocated: &Endpoints, asked: &Endpoints) -> bool {
    let server = server.trim_end_matches('/');
    if server == relocated.accounts || server == asked.accounts {
        return true;
    }
    let Ok(url) = url::Url::parse(server) else {
        return false;
    };
    let host = url.host_str().unwrap_or_default();
    url.scheme() == "https"
        && url.port().is_none()
        && matches!(url.path(), "" | "/")
        && url.query().is_none()
        && (host == "accounts.zohocloud.ca"
            || DataCenter::ALL
                .iter()
                .any(|dc| host == format!("accounts.zoho.{}", dc.suffix())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_authorization_url_carries_every_parameter() {
        let url = authorization_url(
            "https://accounts.zoho.com/",
            "1000.ID",
            &["ZohoBooks.projects.ALL", "ZohoBooks.settings.READ"],
            "http://127.0.0.1:28417/callback",
            "st",
            "ch",
        );
        assert_eq!(
            url,
            "https://accounts.zoho.com/oauth/v2/auth?response_type=code&client_id=1000.ID\
             &scope=ZohoBooks.projects.ALL%2CZohoBooks.settings.READ\
             &redirect_uri=http%3A%2F%2F127.0.0.1%3A28417%2Fcallback&access_type=offline\
             &prompt=consent&state=st&code_challenge=ch&code_challenge_method=S256"
        );
    }

    #[test]
    fn only_zoho_accounts_servers_are_trusted() {
        let com = DataCenter::Com.endpoints();
        let eu = DataCenter::Eu.endpoints();
        assert!(trusted_accounts_server(
            "https://accounts.zoho.eu",
            &eu,
            &com
        ));
        assert!(trusted_accounts_server(
            "https://accounts.zoho.com.au/",
            &com,
            &com
        ));
        assert!(trusted_accounts_server(
            "https://accounts.zohocloud.ca",
            &com,
            &com
        ));
        assert!(!trusted_accounts_server(
            "https://accounts.zoho.eu.evil.example",
            &com,
            &com
        ));
        assert!(!trusted_accounts_server(
            "http://accounts.zoho.eu",
            &com,
            &com
        ));
        assert!(!trusted_accounts_server("https://evil.example", &com, &com));
        let sim = Endpoints::single("http://127.0.0.1:9");
        assert!(trusted_accounts_server("http://127.0.0.1:9", &sim, &sim));
        assert!(!trusted_accounts_server("http://127.0.0.1:10", &sim, &sim));
    }
}
