//! Shared by the contract tests: a simulator on a loopback port and a session signed in
//! to it, exactly as Punch would hold one.

#![allow(dead_code)]

use std::sync::Arc;

use zoho::limit::MemoryBudgets;
use zoho::{Credentials, Endpoints, Sensitive, Session};
use zoho_sim::{RunningSim, SimConfig};

pub fn client_id() -> String {
    SimConfig::default().clients[0].0.clone()
}

pub fn client_secret() -> String {
    SimConfig::default().clients[0].1.clone()
}

/// A running simulator and a session signed in to it.
pub fn signed_in(config: SimConfig) -> (RunningSim, Session) {
    let sim = RunningSim::start(config, 0).expect("the simulator starts");
    let session = session_for(&sim, &sim.sign_in());
    (sim, session)
}

pub fn session_for(sim: &RunningSim, refresh_token: &str) -> Session {
    let credentials = Credentials {
        client_id: client_id(),
        client_secret: Some(Sensitive::new(client_secret())),
        refresh_token: Sensitive::new(refresh_token.to_owned()),
    };
    Session::new(
        Endpoints::single(&sim.base_url()),
        credentials,
        Arc::new(MemoryBudgets::default()),
    )
}
