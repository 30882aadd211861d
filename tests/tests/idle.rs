//! The idle question in the window: a timer ran through half an hour nobody was at the
//! keyboard, the question waits on the timer view, and each of the four answers, clicked
//! in the window, leaves the entries it promises (README, "Idle time and sleep") and no
//! question behind.
//!
//! The tray asks the question only after real idleness, which no test should wait for,
//! so the test asks it the way the tray does: `Tracker::ask_idle` on the rig's store.

use std::path::PathBuf;

use chrono::{DateTime, SubsecRound, TimeDelta, Utc};
use punch_core::idle::{Cause, Question};
use punch_core::target::TargetRef;
use punch_core::tracker::{StartRequest, Tracker};
use punch_e2e::page::id;
use punch_e2e::{Page, Rig};
use serde_json::Value;

const TARGET: &str = "books:1001/2002";
const MEETING: &str = "people:777";

/// The instants of the story: the timer started an hour ago, nobody was there from 50
/// to 20 minutes ago.
struct Story {
    entry: i64,
    start: DateTime<Utc>,
    since: DateTime<Utc>,
    until: DateTime<Utc>,
}

/// The rig's `PUNCH_HOME`, read from the environment of the processes it started on its
/// own display (the rig keeps its directories to itself).
fn home_of(rig: &Rig) -> PathBuf {
    let display = format!("DISPLAY={}", rig.display());
    let procs = std::fs::read_dir("/proc").expect("/proc lists processes");
    for proc in procs.flatten() {
        let Ok(environ) = std::fs::read(proc.path().join("environ")) else {
            continue;
        };
        let vars: Vec<&[u8]> = environ.split(|b| *b == 0).collect();
        if !vars.contains(&display.as_bytes()) {
            continue;
        }
        let home = vars
            .iter()
            .find_map(|v| v.strip_prefix(b"PUNCH_HOME".as_slice()))
            .and_then(|v| v.strip_prefix(b"=".as_slice()));
        if let Some(home) = home {
            return PathBuf::from(String::from_utf8_lossy(home).into_owned());
        }
    }
    panic!(
        "no process of the rig on {} names its PUNCH_HOME",
        rig.display()
    );
}

/// A timer on TARGET through an idle stretch, and the question about it, written as
/// the tray writes them; then a change through the CLI, which tells the open window.
fn ask(rig: &Rig, cause: Cause) -> Story {
    let now = Utc::now().trunc_subsecs(0);
    let minutes = TimeDelta::minutes;
    let mut tracker = Tracker::open(&home_of(rig)).expect("the rig's store opens");
    let request = StartRequest {
        target: Some(TargetRef::parse_arg(TARGET).expect("a target")),
        account: None,
        note: "fix login".into(),
        billable: None,
        at: None,
    };
    let start = now - minutes(60);
    let entry = tracker
        .start(request, start)
        .expect("the timer starts")
        .started
        .id;
    let (since, until) = (now - minutes(50), now - minutes(20));
    let question = Question {
        entry,
        since,
        until,
        cause,
    };
    tracker
        .ask_idle(question, until)
        .expect("the question is stored")
        .expect("the question is asked");
    drop(tracker);
    rig.punch(&["alias", "standup", MEETING]);
    Story {
        entry,
        start,
        since,
        until,
    }
}

fn rfc(instant: DateTime<Utc>) -> String {
    punch_core::entry::rfc3339(instant)
}

fn entries(rig: &Rig) -> Vec<Value> {
    let text = rig.punch(&["entries", "--json", "--from", "yesterday"]);
    match serde_json::from_str(&text).expect("entries --json is JSON") {
        Value::Array(entries) => entries,
        other => panic!("entries --json is not a list: {other}"),
    }
}

fn status(rig: &Rig) -> Value {
    serde_json::from_str(&rig.punch(&["status", "--json"])).expect("status --json is JSON")
}

/// The window with the question on its timer view, saying what it is about.
async fn question_shows(rig: &Rig, page: &Page<'_>, words: &str) {
    page.get("view-timer").await;
    let summary = page.until_text(&id("idle-summary"), words).await;
    assert!(summary.starts_with("The timer ran "), "{summary}");
    assert!(summary.contains("(30 min)"), "{summary}");
    assert!(!status(rig)["idle"].is_null(), "the question is pending");
}

/// After the click: the question is gone from the window and from the store.
async fn answered(rig: &Rig, page: &Page<'_>) {
    page.until_gone(&id("idle-question")).await;
    let status = status(rig);
    assert!(status["idle"].is_null(), "still asked: {status}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "drives the built window: run with `cargo xtask e2e`"]
async fn keep_leaves_the_timer_running_from_its_start() {
    let rig = Rig::start().await;
    let page = Page::new(&rig.client);
    let story = ask(&rig, Cause::Idle);
    question_shows(&rig, &page, "while you were away").await;

    page.press("idle-keep").await;
    answered(&rig, &page).await;
    let running = &status(&rig)["running"];
    assert_eq!(running["id"], story.entry, "{running}");
    assert_eq!(running["start"], rfc(story.start), "{running}");
    assert_eq!(entries(&rig).len(), 1);
    rig.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "drives the built window: run with `cargo xtask e2e`"]
async fn discard_ends_the_entry_when_the_idleness_began() {
    let rig = Rig::start().await;
    let page = Page::new(&rig.client);
    let story = ask(&rig, Cause::Locked);
    question_shows(&rig, &page, "while the screen was locked").await;

    page.press("idle-discard").await;
    answered(&rig, &page).await;
    assert!(status(&rig)["running"].is_null(), "the timer stopped");
    let entries = entries(&rig);
    assert_eq!(entries.len(), 1, "{entries:?}");
    assert_eq!(entries[0]["id"], story.entry);
    assert_eq!(entries[0]["start"], rfc(story.start));
    assert_eq!(entries[0]["end"], rfc(story.since));
    assert_eq!(entries[0]["duration_minutes"], 10);
    page.get("timer-idle").await;
    rig.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "drives the built window: run with `cargo xtask e2e`"]
async fn discard_and_continue_starts_the_same_target_again_now() {
    let rig = Rig::start().await;
    let page = Page::new(&rig.client);
    let story = ask(&rig, Cause::Sleep);
    question_shows(&rig, &page, "while the computer slept").await;

    page.press("idle-continue").await;
    answered(&rig, &page).await;
    let entries = entries(&rig);
    assert_eq!(entries.len(), 2, "{entries:?}");
    let old = entries
        .iter()
        .find(|e| e["id"] == story.entry)
        .expect("the old entry");
    assert_eq!(old["end"], rfc(story.since), "{old}");
    let running = &status(&rig)["running"];
    assert_ne!(running["id"], story.entry, "{running}");
    assert_eq!(running["target"], TARGET);
    assert_eq!(running["note"], "fix login");
    let started: DateTime<Utc> = running["start"]
        .as_str()
        .and_then(|s| s.parse().ok())
        .expect("the new timer has a start");
    assert!(
        started >= story.until,
        "started now, not back then: {running}"
    );
    page.get("timer-running").await;
    rig.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "drives the built window: run with `cargo xtask e2e`"]
async fn split_puts_the_time_away_on_a_target_chosen_in_the_picker() {
    let rig = Rig::start().await;
    let page = Page::new(&rig.client);
    let story = ask(&rig, Cause::Idle);
    question_shows(&rig, &page, "while you were away").await;

    page.press("idle-split").await;
    page.get("picker-no-target").await;
    page.fill("picker-search", "standup").await;
    page.click(&format!("{}[data-target=\"{MEETING}\"]", id("picker-item")))
        .await;
    answered(&rig, &page).await;

    let entries = entries(&rig);
    assert_eq!(entries.len(), 3, "{entries:?}");
    let old = entries
        .iter()
        .find(|e| e["id"] == story.entry)
        .expect("the old entry");
    assert_eq!(
        (&old["start"], &old["end"]),
        (
            &Value::from(rfc(story.start)),
            &Value::from(rfc(story.since))
        ),
        "{old}"
    );
    let away = entries
        .iter()
        .find(|e| e["target"] == MEETING)
        .expect("the time away is an entry on the meeting");
    assert_eq!(
        (&away["start"], &away["end"]),
        (
            &Value::from(rfc(story.since)),
            &Value::from(rfc(story.until))
        ),
        "{away}"
    );
    let running = &status(&rig)["running"];
    assert_eq!(running["target"], TARGET, "the work goes on: {running}");
    assert_eq!(running["start"], rfc(story.until), "{running}");
    page.get("timer-running").await;
    rig.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "drives the built window: run with `cargo xtask e2e`"]
async fn continue_while_another_timer_runs_says_why_and_keeps_asking() {
    let rig = Rig::start().await;
    let page = Page::new(&rig.client);
    let story = ask(&rig, Cause::Idle);
    question_shows(&rig, &page, "while you were away").await;
    rig.punch(&["start", "standup"]);
    page.until(
        "the window shows the new timer",
        &format!(
            "document.querySelector('{}')?.title === '{MEETING}'",
            id("timer-target")
        ),
    )
    .await;

    page.press("idle-continue").await;
    let said = page
        .until_text(&id("toast-message"), "another timer is running")
        .await;
    assert!(said.contains("Choose Discard"), "{said}");
    assert!(
        !said.contains('`'),
        "the CLI's words stay in the CLI: {said}"
    );
    page.get("idle-question").await;
    assert_eq!(status(&rig)["idle"]["entry"]["id"], story.entry);

    page.press("idle-discard").await;
    answered(&rig, &page).await;
    assert_eq!(status(&rig)["running"]["target"], MEETING);
    rig.close().await;
}
