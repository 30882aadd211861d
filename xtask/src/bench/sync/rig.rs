//! One sync bench setup: a zoho-sim in this process, a store of its own on disk with one
//! account signed in to the simulator, sessions whose rate limiter runs on the
//! simulator's clock, and what the simulator received.

use std::path::Path;
use std::sync::atomic::{AtomicI64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use chrono::{NaiveDate, Utc};
use punch_core::entry::SyncState;
use punch_core::store::accounts::{self, Account};
use punch_core::sync::{PassOptions, SyncSummary, run_pass};
use punch_core::target::{Target, TargetRef};
use punch_core::tracker::{LogRequest, SpanChange, Tracker};
use zoho::limit::{BudgetState, BudgetStore, MemoryBudgets};
use zoho::session::BudgetClock;
use zoho::{Credentials, Endpoints, Sensitive, Session};
use zoho_sim::state::{Received, Shared, lock};
use zoho_sim::{RunningSim, SimConfig};

/// The rate limiter's clock is the simulator's: waiting for a budget moves the
/// simulator's time forward instead of sleeping, so Books' 100 a minute is honoured in
/// simulated minutes that pass in milliseconds, and the simulator counts its own
/// per-minute limit in the very minutes the limiter counts (real time flows in both).
#[derive(Debug)]
pub struct SimClock {
    shared: Arc<Shared>,
    waited_ms: AtomicI64,
}

impl SimClock {
    /// Simulated time spent waiting for rate budgets.
    pub fn waited_ms(&self) -> i64 {
        self.waited_ms.load(Ordering::SeqCst)
    }
}

impl BudgetClock for SimClock {
    fn now_ms(&self) -> i64 {
        self.shared.clock.now_ms()
    }

    fn sleep(&self, d: Duration) {
        self.waited_ms
            .fetch_add(d.as_millis() as i64, Ordering::SeqCst);
        self.shared.clock.advance(d);
    }
}

/// The client's budgets, also keeping what they forget: the instant of every call the
/// limiter let through (a budget keeps only the last minute's), and how many times
/// Zoho's answer locked a group (the only way a budget gets a lock is a rate-limit
/// answer, Books' 429).
#[derive(Debug, Default)]
pub struct WatchedBudgets {
    inner: MemoryBudgets,
    locks: AtomicUsize,
    taken: Mutex<Vec<i64>>,
}

impl WatchedBudgets {
    pub fn locks(&self) -> usize {
        self.locks.load(Ordering::SeqCst)
    }

    pub fn taken(&self) -> Vec<i64> {
        lock(&self.taken).clone()
    }
}

impl BudgetStore for WatchedBudgets {
    fn update(&self, key: &str, f: &mut dyn FnMut(&mut BudgetState)) -> Result<(), String> {
        self.inner.update(key, &mut |state| {
            let locked = state.locked_until;
            // A take pushes its instant and pops only calls a minute old, which an
            // earlier take at the same instant already popped: a changed (length,
            // newest) is exactly one call let through.
            let calls = (state.calls.len(), state.calls.back().copied());
            f(state);
            if state.locked_until.is_some() && state.locked_until != locked {
                self.locks.fetch_add(1, Ordering::SeqCst);
            }
            let now = (state.calls.len(), state.calls.back().copied());
            if let (true, Some(at)) = (now != calls, now.1) {
                lock(&self.taken).push(at);
            }
        })
    }
}

/// What sessions are made from, apart from the store so a pass can borrow both.
#[derive(Debug)]
pub struct Link {
    pub sim: RunningSim,
    refresh: String,
    pub budgets: Arc<WatchedBudgets>,
    pub clock: Arc<SimClock>,
}

impl Link {
    fn session(&self) -> Session {
        let (client_id, secret) = self.sim.shared.config.clients[0].clone();
        let credentials = Credentials {
            client_id,
            client_secret: Some(Sensitive::new(secret)),
            refresh_token: Sensitive::new(self.refresh.clone()),
        };
        let budgets: Arc<dyn BudgetStore> = self.budgets.clone();
        Session::new(
            Endpoints::single(&self.sim.base_url()),
            credentials,
            budgets,
        )
        .with_budget_clock(self.clock.clone())
    }
}

#[derive(Debug)]
pub struct Rig {
    pub link: Link,
    pub tracker: Tracker,
}

impl Rig {
    /// A fresh simulator and a fresh store in `work/name`, with no account yet: which
    /// account to add depends on what the simulator seeded.
    pub fn start(work: &Path, name: &str) -> Result<Rig, String> {
        let sim = RunningSim::start(SimConfig::default(), 0)
            .map_err(|e| format!("the simulator does not start: {e}"))?;
        let home = work.join(name);
        std::fs::create_dir_all(&home)
            .map_err(|e| format!("can't create {}: {e}", home.display()))?;
        let tracker = Tracker::open(&home).map_err(|e| format!("can't open the store: {e}"))?;
        Ok(Rig {
            link: Link {
                refresh: sim.sign_in(),
                clock: Arc::new(SimClock {
                    shared: sim.shared.clone(),
                    waited_ms: AtomicI64::new(0),
                }),
                budgets: Arc::default(),
                sim,
            },
            tracker,
        })
    }

    /// Add `account`, signed in with the simulator's client.
    pub fn add_account(&mut self, mut account: Account) -> Result<(), String> {
        account.client_id = self.shared().config.clients[0].0.clone();
        self.tracker
            .store_mut()
            .write(|tx| accounts::add(tx, &account, Utc::now()))
            .map_err(|e| format!("can't add the account: {e}"))
    }

    pub fn shared(&self) -> &Shared {
        &self.link.sim.shared
    }

    /// Log `minutes` on `date`: a pending entry, as `punch log` makes one.
    pub fn log(
        &mut self,
        date: NaiveDate,
        target: &Target,
        minutes: u32,
        note: String,
    ) -> Result<(), String> {
        let request = LogRequest {
            date: Some(date),
            span: SpanChange::Duration(minutes),
            target: Some(TargetRef::Target(target.clone())),
            account: None,
            note,
            billable: None,
        };
        self.tracker
            .log(request, Utc::now())
            .map(drop)
            .map_err(|e| format!("can't log an entry: {e}"))
    }

    /// One sync pass, and its wall time in milliseconds.
    pub fn pass(&mut self, options: &PassOptions) -> Result<(SyncSummary, f64), String> {
        let link = &self.link;
        let sessions = |_: &Account| -> punch_core::Result<Session> { Ok(link.session()) };
        let started = Instant::now();
        let summary = run_pass(&mut self.tracker, &sessions, options, Utc::now())
            .map_err(|e| format!("the sync pass failed: {e}"))?;
        Ok((summary, started.elapsed().as_secs_f64() * 1000.0))
    }

    /// How many requests the simulator has received.
    pub fn requests(&self) -> usize {
        lock(&self.shared().received).len()
    }

    /// The requests received since the `from`-th.
    pub fn received_since(&self, from: usize) -> Vec<Received> {
        lock(&self.shared().received)[from..].to_vec()
    }

    /// Entries of `from..=to` that hold Zoho's ids, and all entries there.
    pub fn synced(&self, from: NaiveDate, to: NaiveDate) -> Result<(usize, usize), String> {
        let entries = self
            .tracker
            .entries(from, to)
            .map_err(|e| format!("can't read the entries: {e}"))?;
        let synced = entries
            .iter()
            .filter(|e| e.sync == SyncState::Synced && !e.remote_ids.is_empty())
            .count();
        Ok((synced, entries.len()))
    }
}

/// The most of `times` in any minute, as Zoho and the limiter count one: the 60 s
/// ending at each instant, that instant included.
pub fn busiest_minute(times: &[i64]) -> usize {
    let mut sorted = times.to_vec();
    sorted.sort_unstable();
    let mut first = 0;
    let mut most = 0;
    for (last, &t) in sorted.iter().enumerate() {
        while sorted[first] <= t - 60_000 {
            first += 1;
        }
        most = most.max(last + 1 - first);
    }
    most
}

/// Requests among `received` whose path ends with `path`, with `method` if one is given.
pub fn count(received: &[Received], method: Option<&str>, path: &str) -> usize {
    received
        .iter()
        .filter(|r| method.is_none_or(|m| r.method == m) && r.path.ends_with(path))
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_busiest_minute_counts_the_minute_ending_at_each_call() {
        assert_eq!(busiest_minute(&[]), 0);
        assert_eq!(busiest_minute(&[60_000, 0, 119_999, 59_999]), 2);
        assert_eq!(busiest_minute(&[0, 1, 2, 60_001]), 3);
    }
}
