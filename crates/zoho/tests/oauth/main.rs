//! Sign-in over real loopback HTTP against the simulator: the browser flow (the test
//! plays the browser), Self Client codes, adopted refresh tokens, revocation, and proof
//! that no token reaches Debug output, error messages or logs.

#[path = "../support/mod.rs"]
mod support;

mod browser;
mod codes;
mod tokens;

use std::time::Duration;

use zoho::oauth::pkce::Pkce;
use zoho::oauth::{self, Client};
use zoho::session::{Api, agent};
use zoho::{Endpoints, Sensitive};
use zoho_sim::{RunningSim, SimConfig};

fn sim() -> RunningSim {
    RunningSim::start(SimConfig::default(), 0).expect("the simulator starts")
}

fn client() -> Client {
    Client {
        id: support::client_id(),
        secret: Some(Sensitive::new(support::client_secret())),
    }
}

fn no_redirects() -> ureq::Agent {
    ureq::Agent::config_builder()
        .max_redirects(0)
        .http_status_as_error(false)
        .build()
        .into()
}

fn param(url: &str, name: &str) -> Option<String> {
    url::Url::parse(url)
        .unwrap()
        .query_pairs()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.into_owned())
}

fn set_param(mut url: url::Url, name: &str, value: &str) -> url::Url {
    let pairs: Vec<(String, String)> = url
        .query_pairs()
        .map(|(k, v)| {
            let v = if k == name {
                value.to_owned()
            } else {
                v.into_owned()
            };
            (k.into_owned(), v)
        })
        .collect();
    url.query_pairs_mut().clear().extend_pairs(pairs);
    url
}

fn token_requests(sim: &RunningSim) -> Vec<String> {
    let received = sim.shared.received.lock().unwrap();
    received
        .iter()
        .filter(|r| r.path == "/oauth/v2/token")
        .map(|r| r.body.clone())
        .collect()
}

/// A code from the consent page for `pkce`, redirected to a registered-looking URI.
fn consent_code(sim: &RunningSim, pkce: &Pkce, redirect_uri: &str) -> Sensitive<String> {
    let url = oauth::authorization_url(
        &sim.base_url(),
        &support::client_id(),
        oauth::scopes(Api::Books),
        redirect_uri,
        "s",
        &pkce.challenge,
    );
    let answer = no_redirects().get(&url).call().unwrap();
    let location = answer.headers()["location"].to_str().unwrap();
    Sensitive::new(param(location, "code").expect("a code"))
}

const REDIRECT: &str = "http://127.0.0.1:28417/callback";

fn exchange(
    sim: &RunningSim,
    code: &Sensitive<String>,
    redirect_uri: &str,
    verifier: Option<&Sensitive<String>>,
) -> Result<oauth::TokenSet, zoho::ZohoError> {
    let at = Endpoints::single(&sim.base_url());
    oauth::exchange_code(&agent(), &at, &client(), code, Some(redirect_uri), verifier)
}

fn self_client_code(sim: &RunningSim) -> Sensitive<String> {
    let url = format!("{}/_sim/oauth/self-client-code", sim.base_url());
    let answer: serde_json::Value = ureq::post(&url)
        .send_empty()
        .unwrap()
        .body_mut()
        .read_json()
        .unwrap();
    Sensitive::new(answer["code"].as_str().unwrap().to_owned())
}
