//! Answers to the idle question on a real store: each of the four, and each against an
//! entry that changed after the question (stopped before, during or after the stretch,
//! another timer running).

use chrono::TimeDelta;

use super::*;
use crate::idle::Cause;
use crate::store::outbox;
use crate::tracker::StartRequest;

struct Fixture {
    _home: tempfile::TempDir,
    tracker: Tracker,
    /// Everything happens in the few hours before this instant.
    base: DateTime<Utc>,
}

impl Fixture {
    fn new() -> Fixture {
        let home = tempfile::tempdir().unwrap();
        let tracker = Tracker::open(home.path()).unwrap();
        Fixture {
            _home: home,
            tracker,
            // Whole seconds: the store keeps milliseconds.
            base: DateTime::from_timestamp(Utc::now().timestamp() - 6 * 3600, 0).unwrap(),
        }
    }

    /// The instant `m` minutes after the base.
    fn t(&self, m: i64) -> DateTime<Utc> {
        self.base + TimeDelta::minutes(m)
    }

    fn start(&mut self, target: Option<&str>, at: i64) -> Entry {
        let request = StartRequest {
            target: target.map(|t| TargetRef::parse_arg(t).unwrap()),
            note: "work".into(),
            at: Some(self.t(at)),
            ..StartRequest::default()
        };
        self.tracker.start(request, self.t(at)).unwrap().started
    }

    /// The question "entry ran idle from `since` to `until`", asked at `until`.
    fn ask(&mut self, entry: &Entry, since: i64, until: i64) -> IdleQuestion {
        let question = Question {
            entry: entry.id,
            since: self.t(since),
            until: self.t(until),
            cause: Cause::Idle,
        };
        self.tracker
            .ask_idle(question, self.t(until))
            .unwrap()
            .expect("asked")
    }

    fn answer(&mut self, answer: IdleAnswer, at: i64) -> Result<IdleOutcome> {
        self.tracker.answer_idle(answer, self.t(at))
    }

    fn span(&self, entry: &Entry) -> (i64, Option<i64>) {
        let minutes = |t: DateTime<Utc>| (t - self.base).num_minutes();
        (minutes(entry.start().unwrap()), entry.end().map(minutes))
    }

    fn running(&self) -> Option<Entry> {
        entries::running(self.tracker.store().conn()).unwrap()
    }

    fn all(&self) -> Vec<Entry> {
        let today = self.tracker.today(self.t(0));
        let from = today.pred_opt().unwrap();
        let to = today.succ_opt().unwrap();
        self.tracker.entries(from, to).unwrap()
    }
}

#[test]
fn a_question_is_asked_only_about_an_entry_in_the_stretch_and_status_shows_it() {
    let mut f = Fixture::new();
    let entry = f.start(Some("people:7"), 0);
    let other = Question {
        entry: entry.id + 1,
        since: f.t(10),
        until: f.t(40),
        cause: Cause::Idle,
    };
    assert_eq!(f.tracker.ask_idle(other, f.t(40)).unwrap(), None);
    // A since before the entry began is moved to its start.
    let asked = f.ask(&entry, -30, 40);
    assert_eq!(asked.question.since, f.t(0));
    let status = f.tracker.status(f.t(41)).unwrap();
    let idle = status.to_json(f.t(41)).idle.expect("the question shows");
    assert_eq!(idle.minutes, 40);
    assert_eq!(idle.entry.id, entry.id);
    assert_eq!(idle.since, crate::entry::rfc3339(f.t(0)));

    let outcome = f.answer(IdleAnswer::Keep, 42).unwrap();
    assert_eq!(outcome.entry.unwrap().id, entry.id);
    assert_eq!(f.tracker.idle_question().unwrap(), None);
    assert_eq!(f.span(&f.running().unwrap()), (0, None), "kept as it was");
    let err = f.answer(IdleAnswer::Keep, 43).unwrap_err();
    assert_eq!(err.code(), "nothing_to_do");
    assert!(err.to_string().contains("no idle question"), "{err}");
}

#[test]
fn an_entry_stopped_before_the_question_is_asked_about_up_to_its_end() {
    let mut f = Fixture::new();
    let entry = f.start(None, 0);
    f.tracker.stop(None, f.t(100)).unwrap();
    let asked = f.ask(&entry, 60, 101);
    assert_eq!(asked.question.until, f.t(100));
    let outcome = f.answer(IdleAnswer::Discard, 102).unwrap();
    assert_eq!(f.span(&outcome.entry.unwrap()), (0, Some(60)));
    assert!(outcome.after.is_none());
    // Stopped at the stretch's start: nothing to ask.
    let mut f = Fixture::new();
    let entry = f.start(None, 0);
    f.tracker.stop(Some(f.t(60)), f.t(100)).unwrap();
    let question = Question {
        entry: entry.id,
        since: f.t(60),
        until: f.t(100),
        cause: Cause::Idle,
    };
    assert_eq!(f.tracker.ask_idle(question, f.t(100)).unwrap(), None);
}

#[test]
fn discard_ends_the_running_entry_at_since_and_queues_it() {
    let mut f = Fixture::new();
    let entry = f.start(Some("people:7"), 0);
    f.ask(&entry, 60, 120);
    let outcome = f.answer(IdleAnswer::Discard, 121).unwrap();
    let ended = outcome.entry.unwrap();
    assert_eq!(f.span(&ended), (0, Some(60)));
    assert_eq!(f.running(), None, "discard does not go on");
    assert!(outcome.after.is_none() && outcome.started.is_none());
    let rows = outbox::all(f.tracker.store().conn()).unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!((rows[0].entry_id, rows[0].op), (entry.id, Op::Create));
}

#[test]
fn continue_ends_at_since_and_starts_the_same_again_now() {
    let mut f = Fixture::new();
    let entry = f.start(Some("people:7"), 0);
    f.ask(&entry, 60, 120);
    let outcome = f.answer(IdleAnswer::Continue, 125).unwrap();
    assert_eq!(f.span(&outcome.entry.unwrap()), (0, Some(60)));
    let started = f.running().unwrap();
    assert_eq!(f.span(&started), (125, None));
    assert_eq!(started.target, entry.target);
    assert_eq!(started.note, "work");
    assert_eq!(started.billable, entry.billable);
    assert_eq!(outcome.started.unwrap().id, started.id);
}

#[test]
fn split_makes_the_stretch_its_own_entry_and_the_timer_goes_on_from_until() {
    let mut f = Fixture::new();
    let entry = f.start(Some("people:7"), 0);
    f.ask(&entry, 60, 120);
    let split = IdleAnswer::Split {
        target: Some(TargetRef::parse_arg("books:1/2").unwrap()),
        account: None,
    };
    let outcome = f.answer(split, 130).unwrap();
    assert_eq!(f.span(&outcome.entry.unwrap()), (0, Some(60)));
    let idle = outcome.idle.unwrap();
    assert_eq!(f.span(&idle), (60, Some(120)));
    assert_eq!(idle.target.unwrap().to_string(), "books:1/2");
    let running = f.running().unwrap();
    assert_eq!(f.span(&running), (120, None));
    assert_eq!(running.target, entry.target);
    assert_eq!(f.all().len(), 3);

    // Without a target the stretch stays on this machine.
    let mut f = Fixture::new();
    let entry = f.start(Some("people:7"), 0);
    f.ask(&entry, 60, 120);
    let split = IdleAnswer::Split {
        target: None,
        account: None,
    };
    let idle = f.answer(split, 130).unwrap().idle.unwrap();
    assert_eq!(idle.target, None);
    assert_eq!(idle.sync, SyncState::LocalOnly);
}

#[test]
fn answers_after_the_timer_was_stopped_after_the_stretch_keep_the_time_worked_since() {
    for answer in [IdleAnswer::Discard, IdleAnswer::Continue] {
        let mut f = Fixture::new();
        let entry = f.start(Some("people:7"), 0);
        f.ask(&entry, 60, 120);
        f.tracker.stop(None, f.t(180)).unwrap();
        let outcome = f.answer(answer.clone(), 185).unwrap();
        assert_eq!(f.span(&outcome.entry.unwrap()), (0, Some(60)));
        let after = outcome.after.expect("the hour after the return stays");
        assert_eq!(f.span(&after), (120, Some(180)));
        assert_eq!(after.target, entry.target);
        let started = f.running().map(|r| f.span(&r));
        match answer {
            IdleAnswer::Continue => assert_eq!(started, Some((185, None))),
            _ => assert_eq!(started, None),
        }
    }
}

#[test]
fn answers_after_the_timer_was_stopped_during_or_before_the_stretch() {
    // Stopped during the stretch: the rest of it was idle anyway.
    let mut f = Fixture::new();
    let entry = f.start(None, 0);
    f.ask(&entry, 60, 120);
    f.tracker.stop(Some(f.t(90)), f.t(125)).unwrap();
    let outcome = f.answer(IdleAnswer::Discard, 126).unwrap();
    assert_eq!(f.span(&outcome.entry.unwrap()), (0, Some(60)));
    assert!(outcome.after.is_none());

    // Stopped before the stretch began: nothing of it is idle, nothing changes.
    let mut f = Fixture::new();
    let entry = f.start(None, 0);
    f.ask(&entry, 60, 120);
    f.tracker.stop(Some(f.t(50)), f.t(125)).unwrap();
    let outcome = f.answer(IdleAnswer::Discard, 126).unwrap();
    assert_eq!(f.span(&outcome.entry.unwrap()), (0, Some(50)));
    assert_eq!(f.tracker.idle_question().unwrap(), None, "answered");
    assert_eq!(f.all().len(), 1);
}

#[test]
fn continue_is_refused_while_another_timer_runs_and_changes_nothing() {
    let mut f = Fixture::new();
    let entry = f.start(Some("people:7"), 0);
    f.ask(&entry, 60, 120);
    let other = f.start(Some("books:1/2"), 130); // a switch: the entry stops at 130
    let before = f.all();
    let err = f.answer(IdleAnswer::Continue, 140).unwrap_err();
    assert_eq!(err.code(), "conflict");
    assert!(err.to_string().contains(&other.id.to_string()), "{err}");
    assert_eq!(f.all(), before);
    assert!(
        f.tracker.idle_question().unwrap().is_some(),
        "still pending"
    );
    // Discard still works: the entry ends at since, the hour after stays, the other runs.
    let outcome = f.answer(IdleAnswer::Discard, 141).unwrap();
    assert_eq!(f.span(&outcome.entry.unwrap()), (0, Some(60)));
    assert_eq!(f.span(&outcome.after.unwrap()), (120, Some(130)));
    assert_eq!(f.running().unwrap().id, other.id);
}

#[test]
fn a_split_to_an_unknown_alias_is_refused_and_changes_nothing() {
    let mut f = Fixture::new();
    let entry = f.start(None, 0);
    f.ask(&entry, 60, 120);
    let split = IdleAnswer::Split {
        target: Some(TargetRef::parse_arg("nosuch").unwrap()),
        account: None,
    };
    let err = f.answer(split, 121).unwrap_err();
    assert_eq!(err.code(), "invalid_input");
    assert_eq!(f.span(&f.running().unwrap()), (0, None));
    assert!(f.tracker.idle_question().unwrap().is_some());
}

#[test]
fn pieces_under_a_minute_are_dropped() {
    let mut f = Fixture::new();
    let entry = f.start(None, 0);
    // Idle from 30 seconds after the start: what is left before it is under a minute.
    let question = Question {
        entry: entry.id,
        since: f.t(0) + TimeDelta::seconds(30),
        until: f.t(60),
        cause: Cause::Sleep,
    };
    f.tracker.ask_idle(question, f.t(60)).unwrap().unwrap();
    let outcome = f.answer(IdleAnswer::Discard, 61).unwrap();
    assert_eq!(outcome.entry, None);
    assert!(f.all().is_empty(), "the entry was all idle");
}

#[test]
fn a_newer_question_replaces_an_unanswered_one_and_a_deleted_entry_has_none() {
    let mut f = Fixture::new();
    let entry = f.start(None, 0);
    f.ask(&entry, 10, 30);
    f.ask(&entry, 60, 90);
    let pending = f.tracker.idle_question().unwrap().unwrap();
    assert_eq!(pending.question.since, f.t(60));
    f.tracker.delete(entry.id, f.t(95)).unwrap();
    assert_eq!(f.tracker.idle_question().unwrap(), None);
    assert!(f.tracker.status(f.t(96)).unwrap().idle.is_none());
}
