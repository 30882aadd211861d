//! One sync test world: a fresh zoho-sim, a fresh store with a Books, a People and a
//! Projects account signed in to it, the seeded catalog's targets, sessions the test
//! can take offline, and what each side holds at the end (Zoho's logs read straight
//! from the simulator's stores, Punch's from its entries).
//!
//! Shared by `sync_engine` and `sync_faults` (each uses part of it).
#![allow(dead_code)]

use std::cell::{Cell, RefCell};
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::{DateTime, NaiveDate, NaiveTime, TimeZone, Utc};
use punch_core::entry::Entry;
use punch_core::store::accounts::{self, Account};
use punch_core::sync::{PassOptions, SyncSummary, run_pass};
use punch_core::target::Product;
use punch_core::tracker::Tracker;
use punch_core::{Error, Result};

pub use super::catalog::Catalog;
use tempfile::TempDir;
use zoho::limit::MemoryBudgets;
use zoho::{Credentials, Endpoints, Sensitive, Session};
use zoho_sim::state::lock;
use zoho_sim::{RunningSim, SimConfig};

/// The People user every account logs as (the simulator's signed-in user).
pub const PEOPLE_USER: &str = "ana@zylker.test";
pub const PEOPLE_ERECNO: &str = "412762000000035001";
pub const BOOKS_ORG: &str = "10234695";
pub const PORTAL: &str = "brightline";
pub const PORTAL_ID: u64 = 20_063_927;
/// Ada Lindqvist, the portal's first user: the one the simulator signs in.
pub const PROJECTS_USER: u64 = 703_961_433;

/// The first local day of the test window (a Monday) and the last (a Sunday): two
/// weeks in March 2025, inside one month so People lists them in one call, long
/// before the simulator's today, and with none of the simulator's seeded logs of the
/// signed-in users.
pub fn window() -> (NaiveDate, NaiveDate) {
    (day(3), day(16))
}

/// A day of March 2025.
pub fn day(d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, 3, d).unwrap()
}

/// A local time on a day of March 2025.
pub fn at(d: u32, hour: u32, minute: u32) -> DateTime<Utc> {
    let time = NaiveTime::from_hms_opt(hour, minute, 0).unwrap();
    punch_core::clock::local_instant(day(d), time, &chrono::Local).unwrap()
}

/// "Now" for every change the tests make: after the window, still long past.
pub fn later() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2025, 3, 20, 12, 0, 0).unwrap()
}

/// What sessions are made from: the simulator's address (or a dead port while the
/// test keeps the client offline), the refresh token, and the client's rate budgets.
pub struct Link {
    pub sim: RunningSim,
    /// The refresh token every account holds.
    pub refresh: String,
    /// Fresh budgets replace these when the test lets time pass for the client.
    pub budgets: RefCell<Arc<MemoryBudgets>>,
    /// Sessions point at a closed port while set.
    pub offline: Cell<bool>,
    /// How long a call may wait for its rate budget before failing `rate_limited`.
    pub max_wait: Duration,
    dead_port: u16,
}

impl std::fmt::Debug for Link {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Link")
            .field("sim", &self.sim)
            .finish_non_exhaustive()
    }
}

impl Link {
    /// A fresh session for an account, as the CLI would build one.
    pub fn session(&self) -> Session {
        let base = if self.offline.get() {
            format!("http://127.0.0.1:{}", self.dead_port)
        } else {
            self.sim.base_url()
        };
        let (client_id, secret) = self.sim.shared.config.clients[0].clone();
        let credentials = Credentials {
            client_id,
            client_secret: Some(Sensitive::new(secret)),
            refresh_token: Sensitive::new(self.refresh.clone()),
        };
        let budgets: Arc<dyn zoho::limit::BudgetStore> = self.budgets.borrow().clone();
        Session::new(Endpoints::single(&base), credentials, budgets).with_max_wait(self.max_wait)
    }
}

/// A port nothing listens on: connections to it are refused at once. Port 1 (tcpmux)
/// is served nowhere in practice; a port freed after binding could be taken by another
/// test's simulator, which would then answer for Zoho.
fn dead_port() -> u16 {
    match std::net::TcpStream::connect(("127.0.0.1", 1)) {
        Err(e) if e.kind() == std::io::ErrorKind::ConnectionRefused => 1,
        _ => panic!("something listens on 127.0.0.1:1; the offline scenarios need a dead port"),
    }
}

/// A store directory in memory where the machine has one: the store syncs every commit
/// to disk, and hundreds of scenarios need not wear a disk.
fn home() -> TempDir {
    let shm = std::path::Path::new("/dev/shm");
    if shm.is_dir()
        && let Ok(dir) = tempfile::Builder::new()
            .prefix("punch-sync-")
            .tempdir_in(shm)
    {
        return dir;
    }
    tempfile::tempdir().expect("a temporary directory")
}

/// A simulator, a store with the three accounts, and the sessions a pass uses.
#[derive(Debug)]
pub struct World {
    pub link: Link,
    pub tracker: Tracker,
    pub catalog: Catalog,
    _home: TempDir,
}

impl World {
    pub fn new(config: SimConfig) -> World {
        let sim = RunningSim::start(config, 0).expect("the simulator starts");
        let catalog = Catalog::read(&sim);
        let refresh = sim.sign_in();
        let home = home();
        let mut tracker = Tracker::open(home.path()).expect("the store opens");
        let client_id = sim.shared.config.clients[0].0.clone();
        let accounts = [
            Account {
                org: Some(BOOKS_ORG.into()),
                user: Some(catalog.books_user.clone()),
                ..Account::new("books", Product::Books)
            },
            Account {
                user: Some(PEOPLE_USER.into()),
                ..Account::new("people", Product::People)
            },
            Account {
                portal: Some(PORTAL.into()),
                user: Some(PROJECTS_USER.to_string()),
                ..Account::new("projects", Product::Projects)
            },
        ];
        tracker
            .store_mut()
            .write(|tx| {
                for mut account in accounts {
                    account.client_id = client_id.clone();
                    accounts::add(tx, &account, later())?;
                }
                Ok(())
            })
            .expect("the accounts are added");
        World {
            link: Link {
                sim,
                refresh,
                budgets: RefCell::new(Arc::new(MemoryBudgets::default())),
                offline: Cell::new(false),
                max_wait: Duration::from_millis(20),
                dead_port: dead_port(),
            },
            tracker,
            catalog,
            _home: home,
        }
    }

    pub fn sim(&self) -> &RunningSim {
        &self.link.sim
    }

    /// The store's directory (`PUNCH_HOME`), for a second process's view of it.
    pub fn home(&self) -> &std::path::Path {
        self._home.path()
    }

    /// The client's rate budgets start afresh, as if a minute had passed for it.
    pub fn fresh_budgets(&self) {
        *self.link.budgets.borrow_mut() = Arc::new(MemoryBudgets::default());
    }

    /// Let a minute pass on both sides: the simulator's clock (its thresholds, locks
    /// and tokens) and the client's rate budgets.
    pub fn minute_passes(&self) {
        self.link.sim.advance(Duration::from_secs(61));
        self.fresh_budgets();
    }

    pub fn options() -> PassOptions {
        let (from, to) = window();
        PassOptions {
            pull_from: from,
            pull_to: to,
            deadline: Instant::now() + Duration::from_secs(120),
            holder: "test".into(),
        }
    }

    /// One sync pass at `now`.
    pub fn pass_at(&mut self, now: DateTime<Utc>) -> Result<SyncSummary> {
        let link = &self.link;
        let sessions = |_: &Account| -> Result<Session> { Ok(link.session()) };
        run_pass(&mut self.tracker, &sessions, &Self::options(), now)
    }

    /// One sync pass at `now` with other options (a pull window elsewhere).
    pub fn pass_with(&mut self, options: &PassOptions, now: DateTime<Utc>) -> SyncSummary {
        let link = &self.link;
        let sessions = |_: &Account| -> Result<Session> { Ok(link.session()) };
        run_pass(&mut self.tracker, &sessions, options, now).expect("the pass runs")
    }

    pub fn pass(&mut self) -> SyncSummary {
        self.pass_at(later()).expect("the pass runs")
    }

    /// How many requests since the `from`-th had this method and a path containing `path`.
    pub fn calls_since(&self, from: usize, method: &str, path: &str) -> usize {
        lock(&self.link.sim.shared.received)[from..]
            .iter()
            .filter(|r| r.method == method && r.path.contains(path))
            .count()
    }

    /// Requests the simulator has received so far.
    pub fn requests(&self) -> usize {
        lock(&self.link.sim.shared.received).len()
    }

    /// Requests that change something in Zoho (every create, update, delete, timer).
    pub fn writes_since(&self, from: usize) -> Vec<String> {
        lock(&self.link.sim.shared.received)[from..]
            .iter()
            .filter(|r| !r.path.starts_with("/oauth"))
            .filter(|r| {
                r.method != "GET"
                    && !(r.path.contains("gettimelogs")
                        || r.path.contains("getcurrentlyrunningtimer"))
            })
            .map(|r| format!("{} {}", r.method, r.path))
            .collect()
    }

    /// Every entry Punch holds (not deleted) with time in the window.
    pub fn entries(&self) -> Vec<Entry> {
        let (from, to) = window();
        self.tracker.entries(from, to).expect("entries")
    }

    /// Rows left in the outbox and in flight.
    pub fn queued(&self) -> (i64, i64) {
        self.tracker
            .store()
            .conn()
            .query_row(
                "SELECT (SELECT count(*) FROM outbox), (SELECT count(*) FROM inflight)",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .expect("the queue is readable")
    }
}

/// `Error::Conflict`'s message, or a panic naming what came instead.
pub fn conflict(result: Result<SyncSummary>) -> String {
    match result {
        Err(Error::Conflict(message)) => message,
        other => panic!("expected a lease conflict, got {other:?}"),
    }
}
