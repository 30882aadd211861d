//! The rate limiter on a clock the test controls: hundreds of Books calls are paced
//! under the group's per-minute limit in minutes of simulated time and milliseconds of
//! real time, and Zoho (the simulator, on the same clock) never has to refuse one.

mod support;

use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use zoho::limit::{BudgetState, BudgetStore, Group, MemoryBudgets};
use zoho::session::{Api, BudgetClock, Method, Request};
use zoho::{Credentials, Endpoints, Sensitive, Session};
use zoho_sim::state::{Shared, lock};
use zoho_sim::{RunningSim, SimConfig};

const ORG: &str = "10234695";
const CALLS: usize = 300;
/// More waiting than 300 calls can need at 90 a minute: a limiter that sleeps on this
/// clock but reads the time elsewhere never finds room, and would wait forever.
const MOST_SLEEP_MS: i64 = 10 * 60_000;

/// The simulator's clock, shared with the client: sleeping moves it forward, so the
/// simulator counts its per-minute limit in the same minutes the limiter does.
struct SimClock {
    shared: Arc<Shared>,
    slept_ms: AtomicI64,
}

impl BudgetClock for SimClock {
    fn now_ms(&self) -> i64 {
        self.shared.clock.now_ms()
    }

    fn sleep(&self, d: Duration) {
        let slept = self
            .slept_ms
            .fetch_add(d.as_millis() as i64, Ordering::SeqCst);
        assert!(
            slept < MOST_SLEEP_MS,
            "the limiter keeps waiting: does it read the time from its budget clock?"
        );
        self.shared.clock.advance(d);
    }
}

/// Memory budgets that also keep every instant a call was let through, which the
/// budget itself forgets after a minute.
#[derive(Default)]
struct Recorded {
    inner: MemoryBudgets,
    taken: Mutex<Vec<i64>>,
}

impl BudgetStore for Recorded {
    fn update(&self, key: &str, f: &mut dyn FnMut(&mut BudgetState)) -> Result<(), String> {
        let mut taken = None;
        self.inner.update(key, &mut |state| {
            // A take pushes its instant and pops only calls a minute old, which an
            // earlier take at the same instant already popped: a changed (length,
            // newest) is exactly one call let through.
            let before = (state.calls.len(), state.calls.back().copied());
            f(state);
            let after = (state.calls.len(), state.calls.back().copied());
            if after != before {
                taken = after.1;
            }
        })?;
        self.taken.lock().unwrap().extend(taken);
        Ok(())
    }
}

/// The most instants of `times` (sorted) in any minute, counted as Zoho and the
/// limiter count it: the minute ending at each instant, that instant included.
fn busiest_minute(times: &[i64]) -> usize {
    let mut first = 0;
    let mut most = 0;
    for (last, &t) in times.iter().enumerate() {
        while times[first] <= t - 60_000 {
            first += 1;
        }
        most = most.max(last + 1 - first);
    }
    most
}

fn paced_session(sim: &RunningSim) -> (Session, Arc<SimClock>, Arc<Recorded>) {
    let clock = Arc::new(SimClock {
        shared: sim.shared.clone(),
        slept_ms: AtomicI64::new(0),
    });
    let budgets = Arc::new(Recorded::default());
    let credentials = Credentials {
        client_id: support::client_id(),
        client_secret: Some(Sensitive::new(support::client_secret())),
        refresh_token: Sensitive::new(sim.sign_in()),
    };
    let session = Session::new(
        Endpoints::single(&sim.base_url()),
        credentials,
        budgets.clone(),
    )
    .with_budget_clock(clock.clone());
    (session, clock, budgets)
}

#[test]
fn three_hundred_books_calls_never_pass_the_limit_in_any_minute() {
    let sim = RunningSim::start(SimConfig::default(), 0).unwrap();
    let (session, clock, budgets) = paced_session(&sim);
    let group = Group::books(ORG);
    let started = clock.now_ms();
    for i in 0..CALLS {
        let request = Request::new(Api::Books, Method::Get, "/books/v3/projects")
            .query("organization_id", ORG)
            .limit(group.clone());
        if let Err(e) = session.send(&request) {
            panic!("call {i} failed: {e:?}");
        }
    }

    let taken = budgets.taken.lock().unwrap().clone();
    assert_eq!(taken.len(), CALLS, "every call took from the budget");
    let most = busiest_minute(&taken);
    assert!(
        most <= group.per_minute as usize,
        "{most} calls in one minute; the limit is {}",
        group.per_minute
    );
    // The limiter used the room it had: one minute's worth went at once.
    assert_eq!(most, group.per_minute as usize);

    // 300 calls at 90 a minute: the last starts at least three minutes after the first.
    let took = clock.now_ms() - started;
    assert!(took >= 180_000, "300 calls in {took} ms of simulated time");
    // Most of it waited on this clock, not on the wall (real time flows in it too).
    assert!(clock.slept_ms.load(Ordering::SeqCst) >= 120_000);

    // Zoho saw what the limiter let through, on the same clock, and refused none of it.
    let arrived: Vec<i64> = lock(&sim.shared.received)
        .iter()
        .filter(|r| r.path == "/books/v3/projects")
        .map(|r| r.at_ms)
        .collect();
    assert_eq!(arrived.len(), CALLS);
    assert!(busiest_minute(&arrived) < sim.shared.config.books_per_minute as usize);
}

#[test]
fn the_busiest_minute_counts_the_minute_ending_at_each_call() {
    assert_eq!(busiest_minute(&[]), 0);
    assert_eq!(busiest_minute(&[0, 59_999, 60_000, 119_999]), 2);
    assert_eq!(busiest_minute(&[0, 1, 2, 60_001]), 3);
}
