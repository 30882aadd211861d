//! Refresh tokens: adopted, revoked, and never shown in Debug output, errors or logs.

use std::io::Write;
use std::sync::{Arc, Mutex};

use zoho::{DataCenter, ErrorKind};

use super::*;

#[test]
fn a_ready_refresh_token_is_adopted_and_a_dead_one_refused() {
    let sim = sim();
    let at = Endpoints::single(&sim.base_url());
    let token = sim.sign_in();
    let adopted =
        oauth::sign_in_with_refresh_token(&agent(), &at, &client(), Sensitive::new(token.clone()))
            .unwrap();
    assert_eq!(adopted.credentials.refresh_token.expose(), &token);
    assert_eq!(adopted.endpoints, at);
    let dead = Sensitive::new("1000.dead.token".to_owned());
    let err = oauth::sign_in_with_refresh_token(&agent(), &at, &client(), dead).unwrap_err();
    assert_eq!(err.kind, ErrorKind::Auth);
}

#[test]
fn a_revoked_refresh_token_no_longer_refreshes() {
    let sim = sim();
    let at = Endpoints::single(&sim.base_url());
    let signed_in =
        oauth::sign_in_with_grant_code(&agent(), &at, &client(), &self_client_code(&sim)).unwrap();
    let refresh_token = signed_in.credentials.refresh_token.clone();
    oauth::revoke(&agent(), &at, &refresh_token).expect("revoked");

    let err = oauth::refresh(&agent(), &at, &signed_in.credentials).unwrap_err();
    assert_eq!(
        (err.kind, err.message.as_str()),
        (ErrorKind::Auth, "invalid_code")
    );
    // Its access tokens went with it.
    let access = signed_in.access_token.expose();
    assert!(
        !sim.shared
            .tokens
            .lock()
            .unwrap()
            .access
            .contains_key(access)
    );

    let again = oauth::revoke(&agent(), &at, &refresh_token).unwrap_err();
    assert_eq!((again.kind, again.status), (ErrorKind::Auth, Some(400)));
    assert!(!again.to_string().contains(refresh_token.expose().as_str()));
    // Never in a URL: the token travels in the body.
    let received = sim.shared.received.lock().unwrap();
    let revokes: Vec<_> = received
        .iter()
        .filter(|r| r.path == "/oauth/v2/token/revoke")
        .collect();
    assert_eq!(revokes.len(), 2);
    assert!(
        revokes
            .iter()
            .all(|r| !r.query.contains(refresh_token.expose().as_str()))
    );
}

#[test]
fn serverinfo_lists_every_data_center() {
    let sim = sim();
    let servers = oauth::accounts_servers(&agent(), &Endpoints::single(&sim.base_url())).unwrap();
    assert_eq!(servers.len(), 9);
    assert_eq!(servers.get("us"), Some(&sim.base_url()));
    for location in servers.keys() {
        assert!(DataCenter::from_location(location).is_some(), "{location}");
    }
}

#[test]
fn debug_output_shows_no_token() {
    let sim = sim();
    let pkce = Pkce::new().unwrap();
    let code = consent_code(&sim, &pkce, REDIRECT);
    let tokens = exchange(&sim, &code, REDIRECT, Some(&pkce.verifier)).unwrap();
    let refresh = tokens.refresh_token.clone().unwrap();
    let shown = format!("{tokens:?} {pkce:?} {code:?}");
    for secret in [
        tokens.access_token.expose(),
        refresh.expose(),
        pkce.verifier.expose(),
        code.expose(),
    ] {
        assert!(!shown.contains(secret.as_str()), "{shown}");
    }
    let signed_in = oauth::sign_in_with_refresh_token(
        &agent(),
        &Endpoints::single(&sim.base_url()),
        &client(),
        refresh.clone(),
    )
    .unwrap();
    let shown = format!("{signed_in:?}");
    for secret in [
        signed_in.access_token.expose(),
        refresh.expose(),
        &support::client_secret(),
    ] {
        assert!(!shown.contains(secret.as_str()), "{shown}");
    }
}

/// Collects everything logged in this process.
#[derive(Clone, Default)]
struct Capture(Arc<Mutex<Vec<u8>>>);

impl Write for Capture {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[test]
fn tracing_at_trace_shows_no_secret() {
    let capture = Capture::default();
    let writer = capture.clone();
    tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_writer(move || writer.clone())
        .try_init()
        .expect("the only test that installs a subscriber");
    let sim = sim();
    let at = Endpoints::single(&sim.base_url());
    let code = self_client_code(&sim);
    let signed_in = oauth::sign_in_with_grant_code(&agent(), &at, &client(), &code).unwrap();
    let refresh_token = signed_in.credentials.refresh_token.clone();
    oauth::revoke(&agent(), &at, &refresh_token).unwrap();
    let _ = oauth::revoke(&agent(), &at, &refresh_token).unwrap_err();
    let _ = oauth::refresh(&agent(), &at, &signed_in.credentials).unwrap_err();

    let logged = String::from_utf8_lossy(&capture.0.lock().unwrap()).into_owned();
    assert!(
        logged.contains("/oauth/v2/token/revoke"),
        "nothing was captured: {logged}"
    );
    for secret in [
        code.expose(),
        refresh_token.expose(),
        signed_in.access_token.expose(),
        &support::client_secret(),
    ] {
        assert!(!logged.contains(secret.as_str()), "a secret was logged");
    }
}
