//! The simulator's state: its configuration, clock, tokens, faults, request log and one
//! store per product, each behind its own lock.

use std::sync::Mutex;
use std::time::Duration;

use serde::{Deserialize, Serialize};

use crate::auth::Tokens;
use crate::clock::Clock;
use crate::faults::Fault;

/// What a test (or demo) can tune.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SimConfig {
    /// How long an access token lives (Zoho: an hour).
    pub token_lifetime: Duration,
    /// People's lock after a threshold is passed (Zoho: five minutes).
    pub people_lock: Duration,
    /// Books' requests a minute per organization (Zoho: 100).
    pub books_per_minute: u32,
    /// The OAuth clients the simulator knows: (client_id, client_secret).
    pub clients: Vec<(String, String)>,
    /// Seed the catalogs (organizations, projects, tasks, jobs, portals, bugs).
    pub seed: bool,
}

impl Default for SimConfig {
    fn default() -> Self {
        SimConfig {
            token_lifetime: Duration::from_secs(3600),
            people_lock: Duration::from_secs(300),
            books_per_minute: 100,
            clients: vec![("1000.SIMCLIENT".into(), "sim-secret".into())],
            seed: true,
        }
    }
}

/// One request as the simulator received it, for tests to inspect.
#[derive(Debug, Clone, Serialize)]
pub struct Received {
    pub method: String,
    pub path: String,
    pub query: String,
    pub body: String,
    pub at_ms: i64,
}

#[derive(Debug)]
pub struct Shared {
    pub config: SimConfig,
    pub clock: Clock,
    pub tokens: Mutex<Tokens>,
    pub faults: Mutex<Vec<Fault>>,
    pub received: Mutex<Vec<Received>>,
    pub books: Mutex<crate::books::BooksDb>,
    pub people: Mutex<crate::people::PeopleDb>,
    pub projects: Mutex<crate::projects::ProjectsDb>,
}

impl Shared {
    pub fn new(config: SimConfig) -> Shared {
        let seed = config.seed;
        Shared {
            clock: Clock::default(),
            tokens: Mutex::new(Tokens::default()),
            faults: Mutex::new(Vec::new()),
            received: Mutex::new(Vec::new()),
            books: Mutex::new(if seed {
                crate::books::BooksDb::seeded()
            } else {
                Default::default()
            }),
            people: Mutex::new(if seed {
                crate::people::PeopleDb::seeded()
            } else {
                Default::default()
            }),
            projects: Mutex::new(if seed {
                crate::projects::ProjectsDb::seeded()
            } else {
                Default::default()
            }),
            config,
        }
    }
}

/// Lock a mutex even if a handler panicked while holding it: the simulator keeps serving.
pub fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}
