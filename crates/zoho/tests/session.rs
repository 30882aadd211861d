//! The session over real loopback HTTP: tokens are fetched, reused, and refreshed
//! transparently when Zoho expires them.

mod support;

use zoho::ErrorKind;
use zoho::session::{Api, Method, Request};
use zoho_sim::SimConfig;

#[test]
fn an_access_token_is_fetched_once_and_reused() {
    let (sim, session) = support::signed_in(SimConfig::default());
    let first = session.access_token().unwrap();
    let second = session.access_token().unwrap();
    assert_eq!(first, second);
    let refreshes = sim
        .shared
        .received
        .lock()
        .unwrap()
        .iter()
        .filter(|r| r.path == "/oauth/v2/token")
        .count();
    assert_eq!(refreshes, 1);
}

#[test]
fn a_dead_refresh_token_is_an_auth_error() {
    let sim = zoho_sim::RunningSim::start(SimConfig::default(), 0).unwrap();
    let session = support::session_for(&sim, "1000.not.a.token");
    let err = session.access_token().unwrap_err();
    assert_eq!(err.kind, ErrorKind::Auth);
    assert_eq!(err.message, "invalid_code");
}

#[test]
fn an_unreachable_zoho_is_transient_and_names_no_url() {
    let sim = zoho_sim::RunningSim::start(SimConfig::default(), 0).unwrap();
    let token = sim.sign_in();
    let session = support::session_for(&sim, &token);
    drop(sim);
    let err = session
        .send(&Request::new(
            Api::Books,
            Method::Get,
            "/books/v3/organizations",
        ))
        .unwrap_err();
    assert_eq!(err.kind, ErrorKind::Transient);
    assert!(
        err.message.starts_with("can't reach Zoho"),
        "{}",
        err.message
    );
    assert!(!err.message.contains("127.0.0.1"), "{}", err.message);
}

#[test]
fn user_info_names_who_signed_in() {
    let (_sim, session) = support::signed_in(SimConfig::default());
    let me = zoho::oauth::user_info(&session).unwrap();
    assert_eq!(me.zuid, "703961433", "the sim's Projects owner id");
    assert_eq!(me.email, "ana@zylker.test");
}
