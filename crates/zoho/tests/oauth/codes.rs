//! The consent page and the code grant as the simulator enforces them: PKCE, the
//! redirect URI, expiry and single use; and Self Client codes.

use zoho::ErrorKind;

use super::*;

#[test]
fn the_sim_checks_the_verifier_redirect_expiry_and_single_use() {
    let sim = sim();
    let pkce = Pkce::new().unwrap();
    let other = Pkce::new().unwrap();

    let code = consent_code(&sim, &pkce, REDIRECT);
    let err = exchange(&sim, &code, REDIRECT, Some(&other.verifier)).unwrap_err();
    assert_eq!(
        (err.kind, err.message.as_str()),
        (ErrorKind::Auth, "invalid_code")
    );

    let code = consent_code(&sim, &pkce, REDIRECT);
    assert_eq!(
        exchange(&sim, &code, REDIRECT, None).unwrap_err().kind,
        ErrorKind::Auth
    );

    let code = consent_code(&sim, &pkce, REDIRECT);
    let err = exchange(
        &sim,
        &code,
        "http://127.0.0.1:28418/callback",
        Some(&pkce.verifier),
    );
    assert_eq!(err.unwrap_err().message, "invalid_redirect_uri");

    let code = consent_code(&sim, &pkce, REDIRECT);
    let tokens = exchange(&sim, &code, REDIRECT, Some(&pkce.verifier)).expect("the right verifier");
    assert!(tokens.refresh_token.is_some());
    let again = exchange(&sim, &code, REDIRECT, Some(&pkce.verifier)).unwrap_err();
    assert_eq!(
        (again.kind, again.message.as_str()),
        (ErrorKind::Auth, "invalid_code")
    );

    let code = consent_code(&sim, &pkce, REDIRECT);
    sim.advance(Duration::from_secs(2 * 60 + 1));
    let late = exchange(&sim, &code, REDIRECT, Some(&pkce.verifier)).unwrap_err();
    assert_eq!(late.message, "invalid_code");
}

#[test]
fn the_consent_page_validates_its_request() {
    let sim = sim();
    let pkce = Pkce::new().unwrap();
    let good = oauth::authorization_url(
        &sim.base_url(),
        &support::client_id(),
        &["ZohoBooks.projects.ALL"],
        REDIRECT,
        "s",
        &pkce.challenge,
    );
    let http = no_redirects();
    let page = |url: url::Url| {
        let mut answer = http.get(url.as_str()).call().unwrap();
        let location = answer
            .headers()
            .get("location")
            .map(|l| l.to_str().unwrap().to_owned());
        (
            answer.status().as_u16(),
            location,
            answer.body_mut().read_to_string().unwrap(),
        )
    };
    let good = url::Url::parse(&good).unwrap();
    let (status, _, body) = page(set_param(good.clone(), "client_id", "1000.UNKNOWN"));
    assert_eq!((status, body.contains("Invalid Client")), (400, true));
    let (status, _, body) = page(set_param(
        good.clone(),
        "redirect_uri",
        "https://evil.example/cb",
    ));
    assert_eq!((status, body.contains("Invalid Redirect Uri")), (400, true));
    for (name, value, error) in [
        ("code_challenge_method", "plain", "invalid_request"),
        ("code_challenge", "short", "invalid_request"),
        ("response_type", "token", "unsupported_response_type"),
        ("scope", "", "invalid_scope"),
    ] {
        let (status, location, _) = page(set_param(good.clone(), name, value));
        let location = location.unwrap_or_default();
        assert_eq!(status, 302, "{name}");
        assert!(location.starts_with(REDIRECT), "{location}");
        assert_eq!(param(&location, "error").as_deref(), Some(error), "{name}");
        assert_eq!(param(&location, "state").as_deref(), Some("s"));
    }
    let (status, location, _) = page(good);
    assert_eq!(status, 302);
    let location = location.unwrap();
    assert_eq!(param(&location, "location").as_deref(), Some("us"));
    assert_eq!(param(&location, "accounts-server"), Some(sim.base_url()));
}

#[test]
fn a_self_client_code_signs_in_once_and_expires() {
    let sim = sim();
    let at = Endpoints::single(&sim.base_url());
    let code = self_client_code(&sim);
    let signed_in = oauth::sign_in_with_grant_code(&agent(), &at, &client(), &code).unwrap();
    assert_eq!(signed_in.endpoints, at);
    let session = support::session_for(&sim, signed_in.credentials.refresh_token.expose());
    session.access_token().expect("the refresh token works");
    let again = oauth::sign_in_with_grant_code(&agent(), &at, &client(), &code).unwrap_err();
    assert_eq!(
        (again.kind, again.message.as_str()),
        (ErrorKind::Auth, "invalid_code")
    );

    let code = self_client_code(&sim);
    let wrong = Client {
        secret: Some(Sensitive::new("not-it".into())),
        ..client()
    };
    let err = oauth::sign_in_with_grant_code(&agent(), &at, &wrong, &code).unwrap_err();
    assert_eq!(
        (err.kind, err.message.as_str()),
        (ErrorKind::Auth, "invalid_client")
    );

    let code = self_client_code(&sim);
    sim.advance(Duration::from_secs(3 * 60 + 1));
    let late = oauth::sign_in_with_grant_code(&agent(), &at, &client(), &code).unwrap_err();
    assert_eq!(late.message, "invalid_code");
}
