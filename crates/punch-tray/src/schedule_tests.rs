//! The sync schedule's rules, on a clock the tests move by hand.

use chrono::{DateTime, TimeDelta, TimeZone, Utc};
use proptest::prelude::*;

use super::*;

fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 2, 9, 0, 0).unwrap()
}

fn secs(n: i64) -> TimeDelta {
    TimeDelta::seconds(n)
}

/// A schedule whose start-up pass is over, at `now`.
fn settled(seed: u64, now: DateTime<Utc>) -> SyncSchedule {
    let mut schedule = SyncSchedule::new(ScheduleConfig::default(), seed, now);
    assert!(schedule.due(now), "the start-up pull is due at once");
    schedule.started();
    schedule.finished(PassResult::Done, now);
    schedule
}

fn wake_at(schedule: &SyncSchedule) -> DateTime<Utc> {
    match schedule.next_wake() {
        Wake::At(at) => at,
        Wake::Event => panic!("expected a wake-up instant"),
    }
}

#[test]
fn changes_are_pushed_two_seconds_after_the_last_one() {
    let mut s = settled(1, t0());
    s.changed(t0() + secs(10));
    s.changed(t0() + secs(11));
    s.changed(t0() + TimeDelta::milliseconds(11_500));
    assert_eq!(wake_at(&s), t0() + TimeDelta::milliseconds(13_500));
    assert!(!s.due(t0() + secs(13)));
    assert!(s.due(t0() + TimeDelta::milliseconds(13_500)));
}

#[test]
fn a_new_pull_interval_counts_from_the_last_pass() {
    let mut s = settled(1, t0());
    assert_eq!(wake_at(&s), t0() + TimeDelta::minutes(15));
    s.set_pull_every(TimeDelta::minutes(5));
    assert_eq!(wake_at(&s), t0() + TimeDelta::minutes(5));
    s.started();
    s.finished(PassResult::Done, t0() + TimeDelta::minutes(5));
    assert_eq!(wake_at(&s), t0() + TimeDelta::minutes(10));
}

#[test]
fn a_steady_stream_of_changes_still_syncs_within_thirty_seconds() {
    let mut s = settled(1, t0());
    let first = t0() + secs(60);
    for i in 0..120 {
        s.changed(first + secs(i));
        assert!(wake_at(&s) <= first + secs(30));
    }
    assert!(s.due(first + secs(30)));
}

#[test]
fn failures_back_off_exponentially_with_jitter_up_to_the_cap() {
    let config = ScheduleConfig::default();
    let mut s = settled(7, t0());
    let mut now = t0();
    let mut delays = Vec::new();
    for failure in 1..=12u32 {
        s.sync_now(now);
        assert!(s.due(now));
        s.started();
        s.finished(PassResult::Failed { offline: true }, now);
        let delay = wake_at(&s) - now;
        let full = (config.backoff_first * 2i32.pow(failure - 1)).min(config.backoff_cap);
        assert!(
            delay >= full / 2 && delay <= full,
            "failure {failure}: {delay} not in [{}, {full}]",
            full / 2
        );
        delays.push(delay);
        now += delay;
    }
    assert!(delays[0] <= secs(30));
    assert!(delays.iter().all(|d| *d <= TimeDelta::minutes(15)));
    assert!(delays[11] >= TimeDelta::minutes(7) + secs(30));
}

#[test]
fn the_jitter_is_replayed_by_its_seed_and_differs_between_seeds() {
    let delays = |seed| {
        let mut s = settled(seed, t0());
        (0..6)
            .map(|_| {
                s.started();
                s.finished(PassResult::Failed { offline: false }, t0());
                wake_at(&s) - t0()
            })
            .collect::<Vec<_>>()
    };
    assert_eq!(delays(42), delays(42));
    assert_ne!(delays(42), delays(43));
}

#[test]
fn success_resets_the_backoff_and_after_offline_means_the_network_came_back() {
    let mut s = settled(3, t0());
    for _ in 0..5 {
        s.started();
        assert!(!s.finished(PassResult::Failed { offline: true }, t0()));
    }
    assert!(s.is_offline());
    s.started();
    assert!(s.finished(PassResult::Done, t0() + secs(600)));
    assert!(!s.is_offline());
    assert_eq!(wake_at(&s), t0() + secs(600) + TimeDelta::minutes(15));
    s.started();
    s.finished(PassResult::Failed { offline: false }, t0() + secs(700));
    assert!(wake_at(&s) <= t0() + secs(730), "the backoff starts over");
}

#[test]
fn the_network_coming_back_retries_and_pulls_at_once() {
    let mut s = settled(3, t0());
    assert!(!s.due(t0() + secs(5)));
    s.network_back(t0() + secs(5));
    assert!(s.due(t0() + secs(5)), "a pull when the network returns");
    s.started();
    s.network_back(t0() + secs(6));
    assert_eq!(s.next_wake(), Wake::Event, "not while a pass runs");
    s.finished(PassResult::Failed { offline: true }, t0() + secs(10));
    assert!(!s.due(t0() + secs(11)), "offline: backing off");
    s.network_back(t0() + secs(11));
    assert!(s.due(t0() + secs(11)));
}

#[test]
fn zoho_is_pulled_every_fifteen_minutes_and_at_start_up() {
    let mut s = SyncSchedule::new(ScheduleConfig::default(), 0, t0());
    assert_eq!(s.next_wake(), Wake::At(t0()));
    let mut now = t0();
    for _ in 0..4 {
        assert!(s.due(now));
        s.started();
        s.finished(PassResult::Done, now);
        assert!(!s.due(now + TimeDelta::minutes(15) - secs(1)));
        now += TimeDelta::minutes(15);
    }
}

#[test]
fn what_needs_the_user_is_not_retried() {
    let mut s = settled(0, t0());
    s.started();
    s.finished(PassResult::NeedsUser, t0());
    assert_eq!(wake_at(&s), t0() + TimeDelta::minutes(15));
}

#[test]
fn while_a_pass_runs_nothing_wakes_and_changes_made_meanwhile_are_not_lost() {
    let mut s = settled(0, t0());
    s.sync_now(t0());
    s.started();
    assert_eq!(s.next_wake(), Wake::Event);
    s.changed(t0() + secs(1));
    assert_eq!(s.next_wake(), Wake::Event);
    assert!(!s.due(t0() + secs(100)));
    s.finished(PassResult::Done, t0() + secs(5));
    assert!(
        s.due(t0() + secs(5)),
        "the change made during the pass goes next"
    );
}

#[test]
fn idle_with_nothing_pending_wakes_at_most_once_a_minute_over_a_day() {
    let mut s = settled(9, t0());
    let mut now = t0();
    let mut wakes = 0;
    while now < t0() + TimeDelta::days(1) {
        let at = wake_at(&s);
        assert!(
            at - now >= TimeDelta::minutes(1),
            "woke again after {}",
            at - now
        );
        now = at;
        wakes += 1;
        assert!(s.due(now));
        s.started();
        s.finished(PassResult::Done, now);
    }
    assert!(wakes <= 24 * 4 + 1, "{wakes} wake-ups in a day");
}

#[derive(Debug, Clone)]
enum Step {
    Change,
    SyncNow,
    Wait(i64),
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        Just(Step::Change),
        Just(Step::SyncNow),
        (1i64..3_600).prop_map(Step::Wait),
    ]
}

fn result() -> impl Strategy<Value = PassResult> {
    prop_oneof![
        Just(PassResult::Done),
        Just(PassResult::NeedsUser),
        any::<bool>().prop_map(|offline| PassResult::Failed { offline }),
    ]
}

proptest! {
    /// Driven like the run loop: passes start only when due, and a pass nobody asked
    /// for (no change, no "Sync now") never follows the previous one closely.
    #[test]
    fn no_busy_polling(
        seed in any::<u64>(),
        steps in prop::collection::vec(step(), 1..60),
        results in prop::collection::vec(result(), 1..40),
        pass_secs in 0i64..20,
    ) {
        let config = ScheduleConfig::default();
        let mut s = SyncSchedule::new(config, seed, t0());
        let mut now = t0();
        let mut results = results.iter().cycle();
        let mut last_end: Option<DateTime<Utc>> = None;
        let mut asked = true;
        for step in steps {
            let until = match step {
                Step::Change => { s.changed(now); asked = true; now }
                Step::SyncNow => { s.sync_now(now); asked = true; now }
                Step::Wait(n) => now + secs(n),
            };
            while let Wake::At(at) = s.next_wake() {
                if at > until { break; }
                now = now.max(at);
                prop_assert!(s.due(now));
                if let (Some(end), false) = (last_end, asked) {
                    prop_assert!(now - end >= config.backoff_first / 2,
                        "an unasked pass {} after the last", now - end);
                }
                s.started();
                asked = false;
                now += secs(pass_secs);
                s.finished(*results.next().unwrap(), now);
                last_end = Some(now);
                prop_assert!(!s.due(now), "due again right after a pass nobody asked for");
            }
            now = now.max(until);
        }
    }
}
