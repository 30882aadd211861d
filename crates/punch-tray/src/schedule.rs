//! When the tray runs a sync pass. Pure: it is told what happened and when, and answers
//! with the next instant worth waking for, so the loop sleeps in between instead of
//! polling, and the rules can be tested without a clock.
//!
//! - A change is pushed soon, but not at once: a burst of edits is one pass, sent
//!   `debounce` after the last change (and never later than `max_delay` after the
//!   first, so steady typing still syncs).
//! - A pass that failed for a reason that may pass (offline, Zoho busy, the lease held
//!   by `punch sync`) is retried with exponential backoff and jitter, capped.
//! - Zoho's own changes are pulled every `pull_every`; a pass that succeeds after
//!   offline ones is the network coming back, and it pulls too.

use chrono::{DateTime, TimeDelta, Utc};

/// The timings; the defaults are what a person expects of a tray.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ScheduleConfig {
    /// Quiet time after the last change before pushing.
    pub debounce: TimeDelta,
    /// The longest a change waits while changes keep coming.
    pub max_delay: TimeDelta,
    /// How often to pull Zoho's side when nothing else syncs.
    pub pull_every: TimeDelta,
    /// The first retry's delay (before jitter); each failure doubles it.
    pub backoff_first: TimeDelta,
    pub backoff_cap: TimeDelta,
}

impl Default for ScheduleConfig {
    fn default() -> Self {
        ScheduleConfig {
            debounce: TimeDelta::seconds(2),
            max_delay: TimeDelta::seconds(30),
            pull_every: TimeDelta::minutes(15),
            backoff_first: TimeDelta::seconds(30),
            backoff_cap: TimeDelta::minutes(15),
        }
    }
}

/// How a pass ended, as far as scheduling cares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PassResult {
    /// Everything that could go went.
    Done,
    /// It may work later: no network (`offline`), Zoho busy or failing, the lease held.
    Failed { offline: bool },
    /// Only the user can fix it (an account to sign in again): retrying won't help.
    NeedsUser,
}

/// What the loop should sleep until.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Wake {
    At(DateTime<Utc>),
    /// Nothing is scheduled: sleep until something happens (a change, a pass ending).
    Event,
}

#[derive(Debug, Clone)]
pub struct SyncSchedule {
    config: ScheduleConfig,
    rng: u64,
    /// When to push the changes seen since the last pass began, and when the first came.
    push_at: Option<DateTime<Utc>>,
    first_change: Option<DateTime<Utc>>,
    retry_at: Option<DateTime<Utc>>,
    failures: u32,
    pull_at: Option<DateTime<Utc>>,
    offline: bool,
    running: bool,
}

impl SyncSchedule {
    /// A tray that just started: the first pass (a pull) is due at once. `seed` drives
    /// the jitter, so a test can replay it.
    pub fn new(config: ScheduleConfig, seed: u64, now: DateTime<Utc>) -> SyncSchedule {
        SyncSchedule {
            config,
            rng: seed,
            push_at: None,
            first_change: None,
            retry_at: None,
            failures: 0,
            pull_at: Some(now),
            offline: false,
            running: false,
        }
    }

    /// Something was committed that Zoho may need to hear.
    pub fn changed(&mut self, now: DateTime<Utc>) {
        let first = *self.first_change.get_or_insert(now);
        self.push_at = Some((now + self.config.debounce).min(first + self.config.max_delay));
    }

    /// The user asked for a pass ("Sync now").
    /// New settings: the next pull moves to the new interval from the last pass.
    pub fn set_pull_every(&mut self, every: TimeDelta) {
        if let Some(at) = self.pull_at {
            self.pull_at = Some(at - self.config.pull_every + every);
        }
        self.config.pull_every = every;
    }

    pub fn sync_now(&mut self, now: DateTime<Utc>) {
        self.push_at = Some(now);
    }

    /// The network came back (NetworkManager says so): retry now instead of after the
    /// backoff, and pull now, since Zoho may have changed while this machine couldn't
    /// hear of it. While a pass runs, its end schedules the next as usual.
    pub fn network_back(&mut self, now: DateTime<Utc>) {
        if self.running {
            return;
        }
        if self.offline || self.retry_at.is_some() {
            self.retry_at = Some(now);
        }
        self.pull_at = Some(self.pull_at.map_or(now, |at| at.min(now)));
    }

    /// Whether a pass should start now.
    pub fn due(&self, now: DateTime<Utc>) -> bool {
        !self.running && matches!(self.next_wake(), Wake::At(at) if at <= now)
    }

    pub fn is_running(&self) -> bool {
        self.running
    }

    pub fn is_offline(&self) -> bool {
        self.offline
    }

    /// A pass began: it covers every change and retry so far.
    pub fn started(&mut self) {
        self.running = true;
        self.push_at = None;
        self.first_change = None;
        self.retry_at = None;
        self.pull_at = None;
    }

    /// A pass ended. Returns `true` when this is the network coming back (a pass that
    /// worked after offline ones).
    pub fn finished(&mut self, result: PassResult, now: DateTime<Utc>) -> bool {
        self.running = false;
        self.pull_at = Some(now + self.config.pull_every);
        let was_offline = self.offline;
        match result {
            PassResult::Done | PassResult::NeedsUser => {
                self.failures = 0;
                self.offline = false;
            }
            PassResult::Failed { offline } => {
                self.failures = self.failures.saturating_add(1);
                self.offline = offline;
                self.retry_at = Some(now + self.backoff());
            }
        }
        was_offline && result == PassResult::Done
    }

    /// The next instant a pass may be due, or [`Wake::Event`] while one runs.
    pub fn next_wake(&self) -> Wake {
        if self.running {
            return Wake::Event;
        }
        [self.push_at, self.retry_at, self.pull_at]
            .into_iter()
            .flatten()
            .min()
            .map_or(Wake::Event, Wake::At)
    }

    /// The delay before the next retry: the first delay doubled per failure so far,
    /// capped, then "equal jitter" (half fixed, half random) so trays that lost the
    /// network together don't all come back in the same second.
    fn backoff(&mut self) -> TimeDelta {
        let cap = self.config.backoff_cap.num_milliseconds().max(1);
        let doublings = self.failures.saturating_sub(1).min(32);
        let full = self
            .config
            .backoff_first
            .num_milliseconds()
            .max(1)
            .saturating_mul(1 << doublings)
            .min(cap);
        let half = full / 2;
        let jitter = (next_random(&mut self.rng) % (full - half + 1) as u64) as i64;
        TimeDelta::milliseconds(half + jitter)
    }
}

/// splitmix64: tiny, good enough for jitter, and deterministic from the seed.
fn next_random(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

#[cfg(test)]
#[path = "schedule_tests.rs"]
mod tests;
