//! The browser flow end to end: the test opens the consent page, follows the redirect
//! to the loopback listener, and sometimes tampers with it on the way.

use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};

use zoho::DataCenter;
use zoho::oauth::loopback::Loopback;
use zoho::oauth::{BrowserOptions, SignInError, SignedIn};

use super::*;

fn quick(timeout_ms: u64) -> BrowserOptions {
    BrowserOptions {
        ports: vec![0],
        timeout: Duration::from_millis(timeout_ms),
    }
}

/// What the test browser saw: the consent page's redirect and the loopback's answer.
#[derive(Debug, Default, Clone)]
struct Visit {
    redirect: String,
    status: u16,
    page: String,
}

/// Be the browser: open the consent page, take its redirect, let `tamper` change it,
/// and follow it to the loopback listener.
fn browse(url: &str, tamper: impl FnOnce(url::Url) -> url::Url) -> Visit {
    let http = no_redirects();
    let consent = http.get(url).call().expect("the consent page answers");
    assert_eq!(consent.status().as_u16(), 302, "consent page: {url}");
    let redirect = consent.headers()["location"].to_str().unwrap().to_owned();
    let target = tamper(url::Url::parse(&redirect).unwrap());
    let mut answer = http
        .get(target.as_str())
        .call()
        .expect("the loopback answers");
    Visit {
        redirect,
        status: answer.status().as_u16(),
        page: answer.body_mut().read_to_string().unwrap(),
    }
}

/// Run the browser sign-in; its `open` starts a browser thread that visits with
/// `tamper`. Returns the outcome, what the browser saw, and the URL it was given.
fn sign_in_through_browser(
    sim: &RunningSim,
    scopes: &[&str],
    tamper: impl FnOnce(url::Url) -> url::Url + Send + 'static,
) -> (Result<SignedIn, SignInError>, Visit, String) {
    let visit = Arc::new(Mutex::new(None));
    let seen = Arc::new(Mutex::new(String::new()));
    let (slot, opened) = (visit.clone(), seen.clone());
    let mut browser = None;
    let result = oauth::sign_in_with_browser(
        &agent(),
        &Endpoints::single(&sim.base_url()),
        &client(),
        scopes,
        &quick(10_000),
        |url| {
            *opened.lock().unwrap() = url.to_owned();
            let url = url.to_owned();
            browser = Some(std::thread::spawn(move || {
                *slot.lock().unwrap() = Some(browse(&url, tamper));
            }));
            Ok(())
        },
    );
    browser
        .unwrap()
        .join()
        .expect("the browser thread finishes");
    let visit = visit.lock().unwrap().clone().unwrap_or_default();
    let opened = seen.lock().unwrap().clone();
    (result, visit, opened)
}

#[test]
fn the_browser_flow_signs_in_with_pkce() {
    let sim = sim();
    let (result, visit, opened) =
        sign_in_through_browser(&sim, oauth::scopes(Api::Projects), |u| u);
    let signed_in = result.expect("signed in");

    assert!(opened.starts_with(&format!("{}/oauth/v2/auth?", sim.base_url())));
    for (name, value) in [
        ("response_type", "code"),
        ("client_id", "1000.SIMCLIENT"),
        ("access_type", "offline"),
        ("prompt", "consent"),
        ("code_challenge_method", "S256"),
        (
            "scope",
            "ZohoProjects.timesheets.ALL,ZohoProjects.portals.READ,ZohoProjects.projects.READ,ZohoProjects.tasks.READ,ZohoProjects.bugs.READ,AaaServer.profile.Read",
        ),
    ] {
        assert_eq!(param(&opened, name).as_deref(), Some(value), "{name}");
    }
    let redirect_uri = param(&opened, "redirect_uri").unwrap();
    assert!(redirect_uri.starts_with("http://127.0.0.1:") && redirect_uri.ends_with("/callback"));
    assert_eq!(param(&visit.redirect, "state"), param(&opened, "state"));

    assert_eq!(visit.status, 200);
    assert!(
        visit
            .page
            .contains("You can close this tab and return to Punch")
    );

    // The verifier went to the token endpoint and matched the challenge the sim stored.
    let verifier = token_requests(&sim)
        .iter()
        .find_map(|body| param(&format!("http://x/?{body}"), "code_verifier"))
        .expect("a code_verifier was sent");
    let challenge = param(&opened, "code_challenge").unwrap();
    assert_eq!(Pkce::from_verifier(&verifier).unwrap().challenge, challenge);

    assert_eq!(signed_in.data_center, Some(DataCenter::Com));
    assert_eq!(signed_in.endpoints, Endpoints::single(&sim.base_url()));
    assert_eq!(
        signed_in.api_domain.as_deref(),
        Some(sim.base_url().as_str())
    );
    let session = support::session_for(&sim, signed_in.credentials.refresh_token.expose());
    session.access_token().expect("the refresh token works");

    // Single use: the listener is gone.
    let port: u16 = redirect_uri[17..]
        .trim_end_matches("/callback")
        .parse()
        .unwrap();
    assert!(TcpStream::connect(("127.0.0.1", port)).is_err());
}

#[test]
fn a_state_mismatch_is_refused_and_the_code_not_spent() {
    let sim = sim();
    let (result, visit, _) = sign_in_through_browser(&sim, oauth::scopes(Api::Books), |u| {
        set_param(u, "state", "forged")
    });
    assert!(
        matches!(result, Err(SignInError::StateMismatch)),
        "{result:?}"
    );
    assert_eq!(visit.status, 400);
    assert!(visit.page.contains("refused"), "{}", visit.page);
    assert!(token_requests(&sim).is_empty());
}

#[test]
fn the_data_center_comes_from_the_redirect() {
    let sim = sim();
    let (result, _, _) = sign_in_through_browser(&sim, oauth::scopes(Api::People), |u| {
        set_param(u, "location", "eu")
    });
    let signed_in = result.unwrap();
    assert_eq!(signed_in.data_center, Some(DataCenter::Eu));
    // A custom base (the simulator) keeps its hosts; Zoho's own hosts would move to .eu.
    assert_eq!(signed_in.endpoints.people, sim.base_url());
}

#[test]
fn a_foreign_accounts_server_is_refused() {
    let sim = sim();
    let (result, _, _) = sign_in_through_browser(&sim, oauth::scopes(Api::Books), |u| {
        set_param(
            u,
            "accounts-server",
            "https://accounts.zoho.eu.evil.example",
        )
    });
    assert!(
        matches!(result, Err(SignInError::UntrustedServer(_))),
        "{result:?}"
    );
    assert!(token_requests(&sim).is_empty());
}

#[test]
fn zoho_refusing_the_request_ends_the_sign_in() {
    let sim = sim();
    let (result, visit, _) = sign_in_through_browser(&sim, &[], |u| u);
    assert!(
        matches!(&result, Err(SignInError::Denied(e)) if e == "invalid_scope"),
        "{result:?}"
    );
    assert_eq!(visit.status, 400);
}

#[test]
fn other_paths_get_404_and_the_wait_goes_on() {
    let sim = sim();
    let (result, visit, _) = sign_in_through_browser(&sim, oauth::scopes(Api::Books), |u| {
        let mut favicon = u.clone();
        favicon.set_path("/favicon.ico");
        favicon.set_query(None);
        let answer = no_redirects().get(favicon.as_str()).call().unwrap();
        assert_eq!(answer.status().as_u16(), 404);
        u
    });
    result.expect("signed in after the favicon request");
    assert_eq!(visit.status, 200);
}

#[test]
fn nobody_calling_back_times_out() {
    let sim = sim();
    let mut port = 0;
    let result = oauth::sign_in_with_browser(
        &agent(),
        &Endpoints::single(&sim.base_url()),
        &client(),
        oauth::scopes(Api::Books),
        &quick(200),
        |url| {
            port = param(url, "redirect_uri").unwrap()[17..]
                .trim_end_matches("/callback")
                .parse()
                .unwrap();
            Ok(())
        },
    );
    let err = result.unwrap_err();
    assert!(matches!(err, SignInError::TimedOut(_)), "{err:?}");
    assert!(err.to_string().contains("not finished"), "{err}");
    assert!(TcpStream::connect(("127.0.0.1", port)).is_err());
}

#[test]
fn the_first_free_port_of_the_list_is_used() {
    let taken = TcpListener::bind("127.0.0.1:0").unwrap();
    let busy = taken.local_addr().unwrap().port();
    let err = Loopback::bind(&[busy]).unwrap_err();
    assert!(matches!(err, SignInError::NoFreePort { .. }), "{err:?}");
    let listener = Loopback::bind(&[busy, 0]).unwrap();
    assert_ne!(listener.port(), busy);
    assert_eq!(
        listener.redirect_uri(),
        format!("http://127.0.0.1:{}/callback", listener.port())
    );
    assert_eq!(
        BrowserOptions::default().ports,
        oauth::loopback::CALLBACK_PORTS
    );
}
