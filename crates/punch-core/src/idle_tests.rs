//! The idle policy against a scripted desktop: a fake idle source replays what a
//! desktop would report, at instants of a clock the test holds.

use super::*;

fn t(minutes: i64) -> DateTime<Utc> {
    DateTime::from_timestamp(1_790_000_000, 0).unwrap() + TimeDelta::minutes(minutes)
}

const TEN: Option<TimeDelta> = Some(TimeDelta::minutes(10));

fn timer(entry: EntryId, start: i64) -> Option<RunningTimer> {
    Some(RunningTimer {
        entry,
        start: t(start),
    })
}

/// What a desktop reports, in order, each at a minute of the test's clock.
#[derive(Debug, Clone, Copy)]
enum Report {
    /// The idle counter reached the notice level; the user was idle since this minute.
    IdleSince(i64),
    Active,
    Lock,
    Unlock,
    Sleep,
    Resume,
}

/// A fake idle source: replays its script into the policy and collects the questions.
struct FakeSource {
    script: Vec<(i64, Report)>,
}

impl FakeSource {
    fn new(script: &[(i64, Report)]) -> FakeSource {
        FakeSource {
            script: script.to_vec(),
        }
    }

    fn replay(&self, policy: &mut IdlePolicy) -> Vec<Question> {
        self.script
            .iter()
            .filter_map(|&(minute, report)| {
                let at = t(minute);
                policy.observe(match report {
                    Report::IdleSince(since) => Signal::Idle { since: t(since) },
                    Report::Active => Signal::Active { at },
                    Report::Lock => Signal::Lock { at },
                    Report::Unlock => Signal::Unlock { at },
                    Report::Sleep => Signal::Sleep { at },
                    Report::Resume => Signal::Resume { at },
                })
            })
            .collect()
    }
}

fn question(entry: EntryId, since: i64, until: i64, cause: Cause) -> Question {
    Question {
        entry,
        since: t(since),
        until: t(until),
        cause,
    }
}

#[test]
fn idle_past_the_threshold_with_a_timer_running_asks_once_on_return() {
    let mut policy = IdlePolicy::new(TEN);
    policy.set_timer(timer(7, 0), t(0));
    let source = FakeSource::new(&[
        (61, Report::IdleSince(60)),
        (70, Report::IdleSince(60)), // a poll that still sees the same stretch
        (75, Report::Active),
        (76, Report::Active),
    ]);
    assert_eq!(
        source.replay(&mut policy),
        [question(7, 60, 75, Cause::Idle)]
    );
    assert!(!policy.is_away());
    assert!(!policy.awaits_return());
    policy.observe(Signal::Lock { at: t(80) });
    assert!(policy.awaits_return(), "away with a timer");
    policy.set_timer(None, t(81));
    assert!(policy.awaits_return(), "its return still counts");
}

#[test]
fn the_threshold_is_a_lower_bound_and_off_means_never() {
    let script = [(5, Report::IdleSince(1)), (10, Report::Active)];
    let mut policy = IdlePolicy::new(TEN);
    policy.set_timer(timer(1, 0), t(0));
    assert_eq!(
        FakeSource::new(&script).replay(&mut policy),
        [],
        "9 minutes"
    );

    let mut policy = IdlePolicy::new(TEN);
    policy.set_timer(timer(1, 0), t(0));
    let script = [(11, Report::IdleSince(1)), (11, Report::Active)];
    assert_eq!(
        FakeSource::new(&script).replay(&mut policy),
        [question(1, 1, 11, Cause::Idle)],
        "exactly ten minutes asks"
    );

    let mut policy = IdlePolicy::new(None);
    policy.set_timer(timer(1, 0), t(0));
    let script = [(30, Report::IdleSince(1)), (300, Report::Active)];
    assert_eq!(FakeSource::new(&script).replay(&mut policy), [], "off");
    let script = [(400, Report::Sleep), (900, Report::Resume)];
    assert_eq!(FakeSource::new(&script).replay(&mut policy), [], "off");
}

#[test]
fn no_timer_no_question() {
    let mut policy = IdlePolicy::new(TEN);
    let script = [(30, Report::IdleSince(1)), (60, Report::Active)];
    assert_eq!(FakeSource::new(&script).replay(&mut policy), []);
    policy.observe(Signal::Lock { at: t(70) });
    assert!(policy.is_away() && !policy.awaits_return());
}

#[test]
fn a_sleep_asks_whatever_the_threshold_and_logind_and_the_clock_ask_once() {
    let mut policy = IdlePolicy::new(Some(TimeDelta::hours(2)));
    policy.set_timer(timer(3, 0), t(0));
    // logind says it, then the wall clock's jump says the same sleep again.
    let source = FakeSource::new(&[
        (30, Report::Sleep),
        (45, Report::Resume),
        (30, Report::Sleep),
        (45, Report::Resume),
    ]);
    assert_eq!(
        source.replay(&mut policy),
        [question(3, 30, 45, Cause::Sleep)]
    );
}

#[test]
fn idle_then_sleep_is_one_stretch_from_the_first_idle_minute() {
    let mut policy = IdlePolicy::new(TEN);
    policy.set_timer(timer(3, 0), t(0));
    let source = FakeSource::new(&[
        (70, Report::IdleSince(60)),
        (75, Report::Sleep),
        (600, Report::Resume),
    ]);
    assert_eq!(
        source.replay(&mut policy),
        [question(3, 60, 600, Cause::Sleep)]
    );
}

#[test]
fn a_locked_resume_waits_for_the_unlock_and_lock_screen_mice_do_not_count() {
    let mut policy = IdlePolicy::new(TEN);
    policy.set_timer(timer(3, 0), t(0));
    let source = FakeSource::new(&[
        (60, Report::Lock),
        (61, Report::Sleep),
        (200, Report::Resume),
        (201, Report::Active),
        (203, Report::Unlock),
    ]);
    assert_eq!(
        source.replay(&mut policy),
        [question(3, 60, 203, Cause::Sleep)]
    );

    let source = FakeSource::new(&[
        (300, Report::Lock),
        (305, Report::Active),
        (320, Report::Unlock),
    ]);
    assert_eq!(
        source.replay(&mut policy),
        [question(3, 300, 320, Cause::Locked)]
    );
}

#[test]
fn repeated_idleness_asks_once_per_stretch() {
    let mut policy = IdlePolicy::new(TEN);
    policy.set_timer(timer(5, 0), t(0));
    let source = FakeSource::new(&[
        (40, Report::IdleSince(20)),
        (50, Report::Active),
        (55, Report::IdleSince(51)),
        (58, Report::Active), // 7 minutes: too short
        (100, Report::IdleSince(70)),
        (130, Report::Active),
    ]);
    assert_eq!(
        source.replay(&mut policy),
        [
            question(5, 20, 50, Cause::Idle),
            question(5, 70, 130, Cause::Idle)
        ]
    );
    // An idle counter that still reaches back into a stretch already asked about
    // only counts from where that stretch ended.
    let source = FakeSource::new(&[(150, Report::IdleSince(100)), (160, Report::Active)]);
    assert_eq!(
        source.replay(&mut policy),
        [question(5, 130, 160, Cause::Idle)]
    );
}

#[test]
fn the_question_starts_no_earlier_than_the_timer() {
    let mut policy = IdlePolicy::new(TEN);
    policy.set_timer(timer(9, 50), t(50));
    let source = FakeSource::new(&[(70, Report::IdleSince(30)), (80, Report::Active)]);
    assert_eq!(
        source.replay(&mut policy),
        [question(9, 50, 80, Cause::Idle)]
    );
}

#[test]
fn a_timer_stopped_or_switched_while_away_is_asked_about_up_to_the_stop() {
    // Back at 60, the person stops the timer before the idle source notices them.
    let mut policy = IdlePolicy::new(TEN);
    policy.set_timer(timer(1, 0), t(0));
    assert_eq!(policy.observe(Signal::Idle { since: t(10) }), None);
    policy.set_timer(None, t(60));
    assert_eq!(
        policy.observe(Signal::Active { at: t(61) }),
        Some(question(1, 10, 60, Cause::Idle))
    );
    // Switched to another target at 100: the question is about the first entry.
    policy.set_timer(timer(2, 61), t(61));
    assert_eq!(policy.observe(Signal::Idle { since: t(70) }), None);
    policy.set_timer(timer(3, 100), t(100));
    assert_eq!(
        policy.observe(Signal::Active { at: t(101) }),
        Some(question(2, 70, 100, Cause::Idle))
    );
    // Stopped soon after leaving: too little idle time on it to ask.
    policy.set_timer(timer(4, 101), t(101));
    assert_eq!(policy.observe(Signal::Idle { since: t(110) }), None);
    policy.set_timer(None, t(115));
    assert_eq!(policy.observe(Signal::Active { at: t(200) }), None);
}

#[test]
fn a_timer_started_while_away_is_asked_about_from_its_start() {
    let mut policy = IdlePolicy::new(TEN);
    assert_eq!(policy.observe(Signal::Idle { since: t(0) }), None);
    policy.set_timer(timer(4, 20), t(20));
    assert_eq!(
        policy.observe(Signal::Active { at: t(45) }),
        Some(question(4, 20, 45, Cause::Idle))
    );
}

#[test]
fn a_sleep_under_a_minute_is_not_asked_about() {
    let mut policy = IdlePolicy::new(TEN);
    policy.set_timer(timer(1, 0), t(0));
    let at = t(30);
    assert_eq!(policy.observe(Signal::Sleep { at }), None);
    let resume = at + TimeDelta::seconds(59);
    assert_eq!(policy.observe(Signal::Resume { at: resume }), None);
}

#[test]
fn the_wall_clock_jumping_past_the_awake_time_is_a_sleep() {
    let before = t(0);
    let awake = Duration::from_secs(30);
    assert_eq!(slept(before, awake, t(0) + TimeDelta::seconds(30)), None);
    assert_eq!(slept(before, awake, t(1)), None, "within the clock's slack");
    assert_eq!(
        slept(before, awake, t(120)),
        Some((t(0) + TimeDelta::seconds(30), t(120)))
    );
    // The clock set back is no sleep.
    assert_eq!(slept(before, awake, t(-60)), None);
}
