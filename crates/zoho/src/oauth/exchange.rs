//! The rest of Zoho's token endpoint: trading an authorization code (from the browser
//! or a Self Client) for tokens, adopting a ready refresh token, revoking one, and
//! the list of data centers' accounts servers. Every path ends in a [`SignedIn`]: the
//! credentials and endpoints a `Session` needs.

use std::collections::BTreeMap;

use crate::dc::{DataCenter, Endpoints};
use crate::error::{ErrorKind, ZohoError};
use crate::secret::Sensitive;
use crate::session::{Api, Credentials, Method, Request, send_raw};

use super::{TokenSet, client_fields, refresh, token_set};

/// The OAuth client registered in Zoho's API console.
#[derive(Debug, Clone)]
pub struct Client {
    pub id: String,
    /// A desktop ("mobile and desktop apps") client using PKCE may have none; Self
    /// Clients and server-based clients have one.
    pub secret: Option<Sensitive<String>>,
}

impl Client {
    pub fn credentials(&self, refresh_token: Sensitive<String>) -> Credentials {
        Credentials {
            client_id: self.id.clone(),
            client_secret: self.secret.clone(),
            refresh_token,
        }
    }
}

/// A finished sign-in: everything an account keeps, plus the first access token.
#[derive(Debug, Clone)]
pub struct SignedIn {
    /// Ready for `Session::new`; the refresh token is the one secret to store.
    pub credentials: Credentials,
    /// Where this account's calls go, after what Zoho said about its data center.
    pub endpoints: Endpoints,
    /// From the redirect's `location`, else from the token answer's `api_domain`;
    /// `None` when Zoho said neither (or a simulator answered).
    pub data_center: Option<DataCenter>,
    pub api_domain: Option<String>,
    pub access_token: Sensitive<String>,
    /// Seconds.
    pub expires_in: u64,
}

/// `POST {accounts}/oauth/v2/token` with `grant_type=authorization_code`. A browser
/// code needs the `redirect_uri` it was issued for and the PKCE verifier; a Self
/// Client code needs neither. Codes are single-use and live minutes: an `auth` error
/// (`invalid_code`) means "get a new one".
pub fn exchange_code(
    agent: &ureq::Agent,
    endpoints: &Endpoints,
    client: &Client,
    code: &Sensitive<String>,
    redirect_uri: Option<&str>,
    verifier: Option<&Sensitive<String>>,
) -> Result<TokenSet, ZohoError> {
    let mut fields = client_fields(&client.id, client.secret.as_ref());
    fields.push(("grant_type".into(), "authorization_code".into()));
    fields.push(("code".into(), code.expose().clone()));
    if let Some(uri) = redirect_uri {
        fields.push(("redirect_uri".into(), uri.to_owned()));
    }
    if let Some(verifier) = verifier {
        fields.push(("code_verifier".into(), verifier.expose().clone()));
    }
    let request = Request::new(Api::Accounts, Method::Post, "/oauth/v2/token").form(fields);
    token_set(send_raw(agent, endpoints, &request, None)?)
}

/// Sign in with the grant code a user generated for a Self Client in the API console
/// (for people whose admins allow no other client). `endpoints` are those of the data
/// center whose console made the code.
pub fn sign_in_with_grant_code(
    agent: &ureq::Agent,
    endpoints: &Endpoints,
    client: &Client,
    code: &Sensitive<String>,
) -> Result<SignedIn, ZohoError> {
    let tokens = exchange_code(agent, endpoints, client, code, None, None)?;
    signed_in(client, endpoints, tokens, None, None)
}

/// Adopt a refresh token the user already has: one refresh proves it works and tells
/// the account's `api_domain`.
pub fn sign_in_with_refresh_token(
    agent: &ureq::Agent,
    endpoints: &Endpoints,
    client: &Client,
    refresh_token: Sensitive<String>,
) -> Result<SignedIn, ZohoError> {
    let credentials = client.credentials(refresh_token.clone());
    let tokens = refresh(agent, endpoints, &credentials)?;
    signed_in(client, endpoints, tokens, None, Some(refresh_token))
}

/// Revoke a refresh token (when an account is removed), and with it its access tokens.
/// The token travels in the form body, not in the URL Zoho's documents show
/// (`?token=`): Zoho reads its accounts parameters from either, and a URL ends up in
/// HTTP libraries' trace logs. An `auth` error means Zoho no longer knows the token
/// (HTTP 400): it is as good as revoked.
pub fn revoke(
    agent: &ureq::Agent,
    endpoints: &Endpoints,
    refresh_token: &Sensitive<String>,
) -> Result<(), ZohoError> {
    let request = Request::new(Api::Accounts, Method::Post, "/oauth/v2/token/revoke")
        .form(vec![("token".into(), refresh_token.expose().clone())]);
    let answer = send_raw(agent, endpoints, &request, None).map_err(|mut e| {
        if e.status == Some(400) {
            e.kind = ErrorKind::Auth;
        }
        // Zoho's error bodies are quoted verbatim; never let one echo the token.
        let token = refresh_token.expose();
        if !token.is_empty() && e.message.contains(token.as_str()) {
            e.message = e.message.replace(token.as_str(), "<redacted>");
        }
        e
    })?;
    match answer.get("status").and_then(|s| s.as_str()) {
        Some(s) if s.eq_ignore_ascii_case("success") => Ok(()),
        _ => Err(ZohoError::new(
            ErrorKind::Rejected,
            None,
            None,
            "Zoho did not confirm that the refresh token was revoked",
        )),
    }
}

/// `GET {accounts}/oauth/serverinfo`: each data center's accounts server, keyed by
/// Zoho's location word (`us`, `eu`, `in`, `au`, `jp`, `ca`, `sa`, `uk`, `cn`).
/// Assumed shape (the spec names the endpoint only):
/// `{"result": "success", "locations": {"us": "https://accounts.zoho.com", …}}`.
pub fn accounts_servers(
    agent: &ureq::Agent,
    endpoints: &Endpoints,
) -> Result<BTreeMap<String, String>, ZohoError> {
    let request = Request::new(Api::Accounts, Method::Get, "/oauth/serverinfo");
    let answer = send_raw(agent, endpoints, &request, None)?;
    let locations = answer
        .get("locations")
        .and_then(|l| l.as_object())
        .ok_or_else(|| {
            ZohoError::new(
                ErrorKind::Transient,
                None,
                None,
                "Zoho's serverinfo answer has no locations",
            )
        })?;
    Ok(locations
        .iter()
        .filter_map(|(k, v)| Some((k.clone(), v.as_str()?.trim_end_matches('/').to_owned())))
        .collect())
}

/// The data center's own hosts when `base` is some data center's defaults; a custom
/// base (a simulator, `PUNCH_ZOHO_ENDPOINT`) stays as it is.
pub(crate) fn relocate(base: &Endpoints, data_center: Option<DataCenter>) -> Endpoints {
    match data_center {
        Some(dc) if DataCenter::ALL.iter().any(|d| d.endpoints() == *base) => dc.endpoints(),
        _ => base.clone(),
    }
}

/// The data center of an `api_domain` such as `https://www.zohoapis.eu`.
pub fn data_center_of(api_domain: &str) -> Option<DataCenter> {
    let url = url::Url::parse(api_domain).ok()?;
    let host = url.host_str()?;
    let suffix = ["www.zohoapis.", "zohoapis.", "api.zoho."]
        .iter()
        .find_map(|prefix| host.strip_prefix(prefix))?;
    suffix.parse().ok()
}

/// Put a token answer together with what the sign-in learned about the account.
pub(crate) fn signed_in(
    client: &Client,
    at: &Endpoints,
    tokens: TokenSet,
    location: Option<DataCenter>,
    adopted: Option<Sensitive<String>>,
) -> Result<SignedIn, ZohoError> {
    let refresh_token = tokens.refresh_token.or(adopted).ok_or_else(|| {
        ZohoError::new(
            ErrorKind::Auth,
            None,
            None,
            "Zoho's answer has no refresh token (offline access was not granted)",
        )
    })?;
    let api_domain = tokens.api_domain;
    let data_center = location.or_else(|| api_domain.as_deref().and_then(data_center_of));
    let endpoints = relocate(at, data_center).with_sign_in(None, api_domain.as_deref());
    Ok(SignedIn {
        credentials: client.credentials(refresh_token),
        endpoints,
        data_center,
        api_domain,
        access_token: tokens.access_token,
        expires_in: tokens.expires_in,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn api_domains_name_their_data_center() {
        assert_eq!(
            data_center_of("https://www.zohoapis.eu"),
            Some(DataCenter::Eu)
        );
        assert_eq!(
            data_center_of("https://www.zohoapis.com.au/"),
            Some(DataCenter::ComAu)
        );
        assert_eq!(data_center_of("https://api.zoho.in"), Some(DataCenter::In));
        assert_eq!(data_center_of("http://127.0.0.1:8080"), None);
        assert_eq!(data_center_of("nonsense"), None);
    }

    #[test]
    fn a_data_center_moves_default_hosts_but_not_custom_ones() {
        let com = DataCenter::Com.endpoints();
        assert_eq!(
            relocate(&com, Some(DataCenter::Eu)),
            DataCenter::Eu.endpoints()
        );
        assert_eq!(relocate(&com, None), com);
        let sim = Endpoints::single("http://127.0.0.1:9");
        assert_eq!(relocate(&sim, Some(DataCenter::Eu)), sim);
    }

    #[test]
    fn signing_in_takes_the_books_host_from_api_domain() {
        let tokens = TokenSet {
            access_token: Sensitive::new("a".into()),
            refresh_token: Some(Sensitive::new("r".into())),
            expires_in: 3600,
            api_domain: Some("https://www.zohoapis.jp".into()),
        };
        let client = Client {
            id: "1000.X".into(),
            secret: None,
        };
        let done = signed_in(&client, &DataCenter::Com.endpoints(), tokens, None, None).unwrap();
        assert_eq!(done.data_center, Some(DataCenter::Jp));
        assert_eq!(done.endpoints.books, "https://www.zohoapis.jp");
        assert_eq!(done.endpoints.people, "https://people.zoho.jp");
        assert_eq!(done.credentials.refresh_token.expose(), "r");
    }
}
