//! Turning an idle counter read now and then ("no input for 7 minutes") into signals:
//! what X11 and `GetSessionIdleTime` give, for the sources that must poll.

use std::time::Duration;

use chrono::{DateTime, TimeDelta, Utc};
use punch_core::idle::Signal;

/// How far two readings of the same stretch may disagree about its start (the counter
/// and the clock are read a moment apart) before it counts as input in between.
const SLACK: TimeDelta = TimeDelta::seconds(2);

#[derive(Debug, Clone)]
pub struct IdleCounter {
    notice: Duration,
    /// The start of the stretch reported as idle, while it lasts.
    idle_since: Option<DateTime<Utc>>,
    /// When the counter was last read.
    last: Option<DateTime<Utc>>,
}

impl IdleCounter {
    /// Idleness is reported once it reaches `notice`.
    pub fn new(notice: Duration) -> IdleCounter {
        IdleCounter {
            notice,
            idle_since: None,
            last: None,
        }
    }

    /// The counter read `idle` at `now`: the signals this reading means.
    pub fn reading(&mut self, idle: Duration, now: DateTime<Utc>) -> Vec<Signal> {
        let idle_for = TimeDelta::from_std(idle).unwrap_or(TimeDelta::MAX);
        let since = now.checked_sub_signed(idle_for).unwrap_or(now);
        let mut signals = Vec::new();
        if let Some(stretch) = self.idle_since
            && since > stretch + SLACK
        {
            // Input came somewhere between the last reading (still idle then) and
            // `since`; the earlier bound never counts working time as idle.
            let back = self.last.unwrap_or(since).max(stretch).min(since);
            signals.push(Signal::Active { at: back });
            self.idle_since = None;
        }
        if self.idle_since.is_none() && idle >= self.notice {
            self.idle_since = Some(since);
            signals.push(Signal::Idle { since });
        }
        self.last = Some(now);
        signals
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: i64) -> DateTime<Utc> {
        DateTime::from_timestamp(1_790_000_000 + s, 0).unwrap()
    }

    #[test]
    fn idle_is_said_once_and_the_return_at_the_last_idle_reading() {
        let mut counter = IdleCounter::new(Duration::from_secs(60));
        let secs = Duration::from_secs;
        assert_eq!(counter.reading(secs(30), t(100)), []);
        assert_eq!(
            counter.reading(secs(90), t(160)),
            [Signal::Idle { since: t(70) }]
        );
        assert_eq!(counter.reading(secs(120), t(191)), [], "same stretch");
        assert_eq!(
            counter.reading(secs(5), t(220)),
            [Signal::Active { at: t(191) }]
        );
        assert_eq!(counter.reading(secs(10), t(225)), []);
        // Back briefly, then gone again: the return, then a new stretch.
        counter.reading(secs(100), t(400));
        assert_eq!(
            counter.reading(secs(70), t(500)),
            [
                Signal::Active { at: t(400) },
                Signal::Idle { since: t(430) }
            ]
        );
    }
}
