//! `punch idle` and the idle question in `punch status`, as CLI.md has them. The tray
//! asks the question; here it is asked through punch-core on the same store, as the
//! tray would.

mod common;

use chrono::{DateTime, TimeDelta, Utc};
use common::*;
use punch_core::idle::{Cause, Question};
use punch_core::tracker::Tracker;
use serde_json::Value;

/// A timer on people:7 started two hours ago, idle from 90 to 30 minutes ago.
struct Idle {
    punch: Punch,
    entry: i64,
    start: DateTime<Utc>,
    since: DateTime<Utc>,
    until: DateTime<Utc>,
}

fn asked() -> Idle {
    let punch = Punch::new();
    let t = now();
    let start = t - TimeDelta::hours(2);
    let started = punch.json(&["start", "people:7", "--note", "api", "--at", &rfc(start)]);
    let (since, until) = (t - TimeDelta::minutes(90), t - TimeDelta::minutes(30));
    let mut tracker = Tracker::open(&punch.home()).unwrap();
    let question = Question {
        entry: id(&started),
        since,
        until,
        cause: Cause::Idle,
    };
    tracker
        .ask_idle(question, until)
        .unwrap()
        .expect("the running entry is asked about");
    Idle {
        entry: id(&started),
        punch,
        start,
        since,
        until,
    }
}

fn status_idle(punch: &Punch) -> Value {
    let status = punch.json(&["status"]);
    assert_status_shape(&status);
    status["idle"].clone()
}

#[test]
fn without_a_question_status_says_null_and_answers_exit_1() {
    let punch = Punch::new();
    assert_eq!(status_idle(&punch), Value::Null);
    for answer in ["keep", "discard", "continue", "split"] {
        let message = punch.fails(&["idle", answer], 1, "nothing_to_do");
        assert!(message.contains("no idle question"), "{message}");
    }
    let human = punch.ok(&["status"]).stdout;
    assert!(!human.contains("Idle"), "{human}");
}

#[test]
fn status_shows_the_pending_question() {
    let idle = asked();
    let question = status_idle(&idle.punch);
    assert_eq!(instant(&question["since"]), idle.since);
    assert_eq!(question["minutes"], 60);
    assert_entry_shape(&question["entry"]);
    assert_eq!(question["entry"]["id"], idle.entry);
    assert_eq!(question["entry"]["running"], true);
    let human = idle.punch.ok(&["status"]).stdout;
    assert!(human.contains("Idle: people:7 · api ran"), "{human}");
    assert!(
        human.contains("punch idle keep|discard|continue|split"),
        "{human}"
    );
}

#[test]
fn keep_leaves_the_entry_running() {
    let idle = asked();
    let before = idle.punch.snapshot();
    let doc = idle.punch.json(&["idle", "keep"]);
    assert_eq!(doc["answer"], "keep");
    assert_eq!(doc["entry"]["id"], idle.entry);
    assert_eq!(idle.punch.snapshot(), before);
    assert_eq!(status_idle(&idle.punch), Value::Null);
    idle.punch.fails(&["idle", "keep"], 1, "nothing_to_do");
}

#[test]
fn discard_ends_the_entry_when_idleness_began() {
    let idle = asked();
    let out = idle.punch.ok(&["idle", "discard"]).stdout;
    assert!(out.contains("people:7 · api ends at"), "{out}");
    let entry = idle.punch.entry(idle.entry).unwrap();
    assert_eq!(instant(&entry["start"]), idle.start);
    assert_eq!(instant(&entry["end"]), idle.since);
    assert_eq!(entry["duration_minutes"], 30);
    assert_eq!(idle.punch.json(&["status"])["running"], Value::Null);
    assert_eq!(status_idle(&idle.punch), Value::Null);
}

#[test]
fn continue_starts_the_same_again_now() {
    let idle = asked();
    let doc = idle.punch.json(&["idle", "continue"]);
    assert_eq!(instant(&doc["entry"]["end"]), idle.since);
    let running = idle.punch.json(&["status"])["running"].clone();
    assert_eq!(running["id"], doc["started"]["id"]);
    assert_eq!(running["target"], "people:7");
    assert_eq!(running["note"], "api");
    assert!(instant(&running["start"]) >= idle.until);
}

#[test]
fn split_gives_the_time_away_its_own_target_and_the_timer_goes_on() {
    let idle = asked();
    idle.punch.ok(&["alias", "meetings", "books:1/2"]);
    let doc = idle.punch.json(&["idle", "split", "meetings"]);
    assert_entry_shape(&doc["idle"]);
    assert_eq!(doc["idle"]["target"], "books:1/2");
    assert_eq!(instant(&doc["idle"]["start"]), idle.since);
    assert_eq!(instant(&doc["idle"]["end"]), idle.until);
    assert_eq!(instant(&doc["entry"]["end"]), idle.since);
    let running = idle.punch.json(&["status"])["running"].clone();
    assert_eq!(running["id"], doc["after"]["id"]);
    assert_eq!(instant(&running["start"]), idle.until);
    assert_eq!(running["target"], "people:7");
}

#[test]
fn split_without_a_target_stays_local_and_bad_targets_change_nothing() {
    let idle = asked();
    let before = idle.punch.snapshot();
    idle.punch
        .fails(&["idle", "split", "nosuch"], 2, "invalid_input");
    idle.punch
        .fails(&["idle", "keep", "books:1/2"], 2, "invalid_input");
    assert_eq!(idle.punch.snapshot(), before);
    assert!(status_idle(&idle.punch).is_object(), "still pending");
    let out = idle.punch.ok(&["idle", "split"]).stdout;
    assert!(out.contains("as (no target)"), "{out}");
}

#[test]
fn an_answer_after_the_timer_was_stopped_keeps_the_time_after_the_return() {
    let idle = asked();
    idle.punch.ok(&["stop"]);
    let doc = idle.punch.json(&["idle", "discard"]);
    assert_eq!(instant(&doc["entry"]["end"]), idle.since);
    assert_eq!(instant(&doc["after"]["start"]), idle.until);
    assert_eq!(doc["after"]["running"], false);
    assert_eq!(doc["after"]["duration_minutes"], 30);
}

#[test]
fn continue_is_refused_while_another_timer_runs() {
    let idle = asked();
    idle.punch.ok(&["start", "books:1/2"]);
    let before = idle.punch.snapshot();
    let message = idle.punch.fails(&["idle", "continue"], 1, "conflict");
    assert!(message.contains("another timer runs"), "{message}");
    assert_eq!(idle.punch.snapshot(), before);
}
