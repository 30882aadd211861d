//! The idle question through the window's commands, without Tauri: how it reads, and
//! what each of the four answers leaves in the store.

mod support;

use chrono::{DateTime, Utc};
use punch_app::commands::entries;
use punch_app::commands::idle::{self, AnswerInput};
use punch_app::commands::timer::{self, StartInput};
use punch_core::idle::{Cause, Question};
use punch_core::tracker::Tracker;
use support::{minutes, now, seed_catalog, tracker};

/// A timer on "Fix login" since 13:00 that ran through 13:02–13:58 unattended; it is
/// 15:00 when the answer comes.
fn asked(tracker: &mut Tracker, cause: Cause) -> i64 {
    seed_catalog(tracker);
    let input = StartInput {
        target: Some("books:1001/2002".into()),
        note: Some("fix login".into()),
        ..StartInput::default()
    };
    let started = timer::start(tracker, input, now() - minutes(120)).unwrap();
    let question = Question {
        entry: started.entry.id,
        since: now() - minutes(118),
        until: now() - minutes(62),
        cause,
    };
    tracker
        .ask_idle(question, now() - minutes(61))
        .unwrap()
        .expect("the question is asked");
    started.entry.id
}

fn answer(word: &str) -> AnswerInput {
    AnswerInput {
        answer: word.into(),
        ..AnswerInput::default()
    }
}

fn rfc(instant: DateTime<Utc>) -> String {
    punch_core::entry::rfc3339(instant)
}

#[test]
fn the_question_reads_as_a_sentence_in_the_timer_view_with_words_for_each_cause() {
    let (_home, mut tracker) = tracker();
    asked(&mut tracker, Cause::Idle);
    let view = timer::status(&tracker, now()).unwrap();
    let question = view.idle.expect("the timer view carries the question");
    assert_eq!(
        question.summary,
        "The timer ran 13:02–13:58 (56 min) while you were away"
    );
    assert_eq!(question.minutes, 56);
    assert_eq!(question.entry.label.unwrap().name, "Fix login");

    for (cause, words) in [
        (Cause::Locked, "while the screen was locked"),
        (Cause::Sleep, "while the computer slept"),
    ] {
        let (_home, mut tracker) = support::tracker();
        asked(&mut tracker, cause);
        let question = idle::question(&tracker, now()).unwrap().unwrap();
        assert!(question.summary.ends_with(words), "{}", question.summary);
    }
    assert_eq!(idle::spoken_minutes(65), "1 h 5 min");
    assert_eq!(idle::spoken_minutes(120), "2 h");
}

#[test]
fn keep_leaves_the_entry_running_and_the_question_goes() {
    let (_home, mut tracker) = tracker();
    let id = asked(&mut tracker, Cause::Idle);
    let done = idle::answer(&mut tracker, answer("keep"), now()).unwrap();
    assert_eq!(done.answer, "keep");
    assert_eq!(done.message, "Kept 13:02–13:58 (56 min)");
    let view = timer::status(&tracker, now()).unwrap();
    assert!(view.idle.is_none());
    let running = view.running.unwrap();
    assert_eq!(
        (running.entry.id, running.entry.duration_minutes),
        (id, 120)
    );
}

#[test]
fn discard_ends_the_entry_when_the_idleness_began_and_stops_the_timer() {
    let (_home, mut tracker) = tracker();
    let id = asked(&mut tracker, Cause::Idle);
    let done = idle::answer(&mut tracker, answer("discard"), now()).unwrap();
    let entry = done.entry.unwrap();
    assert_eq!(entry.entry.id, id);
    assert_eq!(
        entry.entry.end.as_deref(),
        Some(rfc(now() - minutes(118)).as_str())
    );
    assert!(done.started.is_none() && done.after.is_none());
    let view = timer::status(&tracker, now()).unwrap();
    assert!(view.running.is_none() && view.idle.is_none());
    assert_eq!(view.today_minutes, 2);
}

#[test]
fn continue_ends_the_entry_and_starts_the_same_target_now() {
    let (_home, mut tracker) = tracker();
    let id = asked(&mut tracker, Cause::Sleep);
    let done = idle::answer(&mut tracker, answer("continue"), now()).unwrap();
    assert_eq!(done.entry.unwrap().entry.duration_minutes, 2);
    let started = done.started.unwrap();
    assert_ne!(started.entry.id, id);
    assert_eq!(started.entry.start.as_deref(), Some(rfc(now()).as_str()));
    assert_eq!(started.entry.target.as_deref(), Some("books:1001/2002"));
    assert_eq!(started.entry.note, "fix login");
    let view = timer::status(&tracker, now()).unwrap();
    assert_eq!(view.running.unwrap().entry.id, started.entry.id);
    assert!(view.idle.is_none());
}

#[test]
fn continue_while_another_timer_runs_is_refused_in_plain_words_and_changes_nothing() {
    let (_home, mut tracker) = tracker();
    asked(&mut tracker, Cause::Idle);
    let other = StartInput {
        target: Some("people:777".into()),
        ..StartInput::default()
    };
    timer::start(&mut tracker, other, now() - minutes(30)).unwrap();
    let error = idle::answer(&mut tracker, answer("continue"), now()).unwrap_err();
    assert_eq!(error.code, "conflict");
    assert!(
        error.message.contains("another timer is running"),
        "{error}"
    );
    assert!(error.message.contains("Choose Discard"), "{error}");
    assert!(!error.message.contains('`'), "no CLI words: {error}");
    assert!(idle::question(&tracker, now()).unwrap().is_some());
}

#[test]
fn split_makes_the_time_away_an_entry_of_its_own_and_the_timer_goes_on() {
    let (_home, mut tracker) = tracker();
    let id = asked(&mut tracker, Cause::Locked);
    let input = AnswerInput {
        answer: "split".into(),
        target: Some("people:777".into()),
        account: Some("people".into()),
    };
    let done = idle::answer(&mut tracker, input, now()).unwrap();
    assert_eq!(done.message, "Split 13:02–13:58 (56 min) onto Standup");
    let away = done.idle.unwrap();
    assert_eq!(away.entry.target.as_deref(), Some("people:777"));
    assert_eq!(away.entry.account.as_deref(), Some("people"));
    assert_eq!(away.entry.duration_minutes, 56);
    assert_eq!(done.entry.unwrap().entry.id, id);
    let after = done.after.unwrap();
    assert!(after.entry.running);
    assert_eq!(
        after.entry.start.as_deref(),
        Some(rfc(now() - minutes(62)).as_str())
    );
    let day = entries::list(&tracker, None, None, now()).unwrap();
    assert_eq!(day.entries.len(), 3);
    assert_eq!(day.total_minutes, 120);
}

#[test]
fn split_without_a_target_keeps_the_time_away_on_this_machine() {
    let (_home, mut tracker) = tracker();
    asked(&mut tracker, Cause::Idle);
    let input = AnswerInput {
        answer: "split".into(),
        target: Some("  ".into()),
        account: None,
    };
    let done = idle::answer(&mut tracker, input, now()).unwrap();
    let away = done.idle.unwrap();
    assert!(away.entry.target.is_none());
    assert_eq!(away.entry.sync.state, "local_only");
    assert_eq!(done.message, "Split 13:02–13:58 (56 min) onto no target");
}

#[test]
fn an_answer_with_nothing_asked_or_an_unknown_word_is_refused() {
    let (_home, mut tracker) = tracker();
    let error = idle::answer(&mut tracker, answer("keep"), now()).unwrap_err();
    assert_eq!(error.code, "nothing_to_do");
    asked(&mut tracker, Cause::Idle);
    let error = idle::answer(&mut tracker, answer("snooze"), now()).unwrap_err();
    assert_eq!(error.code, "invalid_input");
    assert!(idle::question(&tracker, now()).unwrap().is_some());
}
