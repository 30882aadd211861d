//! When to ask about idle time: a pure policy over what the desktop reports (idle,
//! active, lock, unlock, sleep, resume) and which timer runs, with every instant passed
//! in. A timer that ran through lunch or a night with the lid closed is the most common
//! way a time tracker lies; this decides when Punch asks, once per stretch away.
//!
//! Everything here is wall-clock instants. Sleep is never measured with a monotonic
//! counter (which stops while the machine sleeps): it is reported by logind, or found
//! by [`slept`] when the wall clock moved much further than the process was awake.

use std::time::Duration;

use chrono::{DateTime, TimeDelta, Utc};

use crate::entry::EntryId;
use crate::timer::MIN_ENTRY;

/// What a desktop reports about the person in front of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Signal {
    /// No input since `since` (reported once the idleness is long enough to notice).
    Idle {
        since: DateTime<Utc>,
    },
    /// Input again, at `at`.
    Active {
        at: DateTime<Utc>,
    },
    /// The session was locked (the screen saver or the lock screen came on).
    Lock {
        at: DateTime<Utc>,
    },
    Unlock {
        at: DateTime<Utc>,
    },
    /// The machine is about to sleep.
    Sleep {
        at: DateTime<Utc>,
    },
    /// The machine woke.
    Resume {
        at: DateTime<Utc>,
    },
}

/// The running timer, as far as the policy cares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RunningTimer {
    pub entry: EntryId,
    pub start: DateTime<Utc>,
}

/// Why the person was away.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Cause {
    Idle,
    Locked,
    Sleep,
}

impl Cause {
    pub fn as_str(self) -> &'static str {
        match self {
            Cause::Idle => "idle",
            Cause::Locked => "locked",
            Cause::Sleep => "sleep",
        }
    }

    pub fn from_db(text: &str) -> Cause {
        match text {
            "sleep" => Cause::Sleep,
            "locked" => Cause::Locked,
            _ => Cause::Idle,
        }
    }
}

/// The question: entry `entry` ran from `since` to `until` while nobody was there.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Question {
    pub entry: EntryId,
    pub since: DateTime<Utc>,
    pub until: DateTime<Utc>,
    pub cause: Cause,
}

/// One stretch away from the machine, from its first sign to the person's return.
#[derive(Debug, Clone, Copy)]
struct Away {
    since: DateTime<Utc>,
    locked: bool,
    asleep: bool,
    slept: bool,
    was_locked: bool,
    /// The timer that ran when the stretch began (or started during it).
    timer: Option<RunningTimer>,
    /// When that timer was seen stopped, if it was.
    stopped: Option<DateTime<Utc>>,
}

/// The policy's state between signals.
#[derive(Debug, Clone)]
pub struct IdlePolicy {
    /// Idle or locked at least this long makes a question; `None`: never ask.
    threshold: Option<TimeDelta>,
    timer: Option<RunningTimer>,
    away: Option<Away>,
    /// Where the last stretch ended: time before it was asked about already, so a
    /// second report of the same sleep (logind and the wall clock both see it) or an
    /// idle counter that still includes it never asks twice.
    settled: Option<DateTime<Utc>>,
}

impl IdlePolicy {
    pub fn new(threshold: Option<TimeDelta>) -> IdlePolicy {
        IdlePolicy {
            threshold,
            timer: None,
            away: None,
            settled: None,
        }
    }

    pub fn threshold(&self) -> Option<TimeDelta> {
        self.threshold
    }

    pub fn set_threshold(&mut self, threshold: Option<TimeDelta>) {
        self.threshold = threshold;
    }

    /// Whether the person is away now, as far as the policy knows.
    pub fn is_away(&self) -> bool {
        self.away.is_some()
    }

    /// Whether a question may come of the stretch under way: the person is away and a
    /// timer ran meanwhile, so their return matters.
    pub fn awaits_return(&self) -> bool {
        self.away.is_some_and(|away| away.timer.is_some())
    }

    /// The timer that runs at `now` (`None`: none). A timer started while away is the
    /// one the stretch is about; one stopped while away (typically by the person back
    /// at the keyboard before an idle source noticed them) is asked about up to then.
    pub fn set_timer(&mut self, timer: Option<RunningTimer>, now: DateTime<Utc>) {
        self.timer = timer;
        let Some(away) = &mut self.away else {
            return;
        };
        match away.timer {
            None => away.timer = timer,
            Some(asked) if timer.map(|t| t.entry) != Some(asked.entry) => {
                away.stopped.get_or_insert(now);
            }
            Some(_) => {}
        }
    }

    /// Take in one signal; returns the question when a stretch away ends that a timer
    /// ran through for long enough.
    pub fn observe(&mut self, signal: Signal) -> Option<Question> {
        match signal {
            Signal::Idle { since } => {
                self.begin(since);
                None
            }
            Signal::Lock { at } => {
                let away = self.begin(at);
                away.locked = true;
                away.was_locked = true;
                None
            }
            Signal::Sleep { at } => {
                let away = self.begin(at);
                away.asleep = true;
                away.slept = true;
                None
            }
            Signal::Resume { at } => {
                let away = self.away.as_mut()?;
                if !away.asleep {
                    return None;
                }
                away.asleep = false;
                // Waking the machine is someone opening the lid or pressing a key;
                // when the session is locked, they are back once it is unlocked.
                if away.locked { None } else { self.end(at) }
            }
            Signal::Unlock { at } => {
                let away = self.away.as_mut()?;
                away.locked = false;
                if away.asleep { None } else { self.end(at) }
            }
            Signal::Active { at } => {
                let away = self.away.as_ref()?;
                // Moving the mouse on a lock screen is not being back yet.
                if away.locked || away.asleep {
                    None
                } else {
                    self.end(at)
                }
            }
        }
    }

    /// The stretch away, begun at `at` unless one is under way (an earlier start wins).
    fn begin(&mut self, at: DateTime<Utc>) -> &mut Away {
        let at = self.settled.map_or(at, |settled| at.max(settled));
        let timer = self.timer;
        let away = self.away.get_or_insert(Away {
            since: at,
            locked: false,
            asleep: false,
            slept: false,
            was_locked: false,
            timer,
            stopped: None,
        });
        away.since = away.since.min(at);
        away
    }

    fn end(&mut self, until: DateTime<Utc>) -> Option<Question> {
        let away = self.away.take()?;
        self.settled = Some(self.settled.map_or(until, |s| s.max(until)));
        let threshold = self.threshold?;
        let timer = away.timer?;
        let until = away.stopped.map_or(until, |stopped| stopped.min(until));
        let since = away.since.max(timer.start);
        let long_enough = if away.slept { MIN_ENTRY } else { threshold };
        if until - since < long_enough.max(MIN_ENTRY) {
            return None;
        }
        let cause = if away.slept {
            Cause::Sleep
        } else if away.was_locked {
            Cause::Locked
        } else {
            Cause::Idle
        };
        Some(Question {
            entry: timer.entry,
            since,
            until,
            cause,
        })
    }
}

/// How far the wall clock may run ahead of the time the process was awake before it
/// counts as a sleep: more than clock adjustments do, less than any nap worth asking
/// about.
pub const CLOCK_JUMP: TimeDelta = TimeDelta::seconds(60);

/// A sleep found from the wall clock: the process saw the wall clock at `before`, was
/// awake `awake` since (a monotonic measure, which stops while the machine sleeps), and
/// now sees `now`. Returns when the sleep began and ended, or `None` when the wall
/// clock moved about as far as the process was awake.
pub fn slept(
    before: DateTime<Utc>,
    awake: Duration,
    now: DateTime<Utc>,
) -> Option<(DateTime<Utc>, DateTime<Utc>)> {
    let awake = TimeDelta::from_std(awake).unwrap_or(TimeDelta::MAX);
    let fell_asleep = before.checked_add_signed(awake)?;
    (now - fell_asleep > CLOCK_JUMP).then_some((fell_asleep, now))
}

#[cfg(test)]
#[path = "idle_tests.rs"]
mod tests;
