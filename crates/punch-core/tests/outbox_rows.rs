//! The outbox rows each change queues: sync (a later layer) trusts them completely, so
//! they are checked here change by change.

use chrono::{DateTime, TimeDelta, Utc};
use punch_core::store::accounts::{self, Account, TimerMode};
use punch_core::store::outbox::{self, Op};
use punch_core::target::{Product, TargetRef};
use punch_core::tracker::{
    EditRequest, LogRequest, SpanChange, StartRequest, StopOutcome, Tracker,
};

fn now() -> DateTime<Utc> {
    Utc::now() - TimeDelta::days(1)
}

fn target(text: &str) -> Option<TargetRef> {
    Some(TargetRef::parse_arg(text).unwrap())
}

fn ops(tracker: &Tracker) -> Vec<(i64, Op, Option<String>, Option<String>)> {
    outbox::all(tracker.store().conn())
        .unwrap()
        .into_iter()
        .map(|r| (r.entry_id, r.op, r.target, r.account))
        .collect()
}

fn open() -> (tempfile::TempDir, Tracker) {
    let dir = tempfile::tempdir().unwrap();
    let tracker = Tracker::open(dir.path()).unwrap();
    (dir, tracker)
}

fn log(tracker: &mut Tracker, t: Option<TargetRef>, at: DateTime<Utc>) -> i64 {
    tracker
        .log(
            LogRequest {
                date: None,
                span: SpanChange::Duration(30),
                target: t,
                account: None,
                note: "n".into(),
                billable: None,
            },
            at,
        )
        .unwrap()
        .id
}

#[test]
fn a_timer_in_log_mode_is_queued_once_when_it_stops() {
    let (_dir, mut tracker) = open();
    let t0 = now();
    let started = tracker
        .start(
            StartRequest {
                target: target("people:7"),
                ..Default::default()
            },
            t0,
        )
        .unwrap()
        .started;
    assert!(
        ops(&tracker).is_empty(),
        "nothing is sent while a log-mode timer runs"
    );
    let StopOutcome::Stopped(stopped) = tracker.stop(None, t0 + TimeDelta::minutes(5)).unwrap()
    else {
        panic!("a five-minute entry is kept");
    };
    assert_eq!(stopped.id, started.id);
    assert_eq!(
        ops(&tracker),
        vec![(started.id, Op::Create, Some("people:7".into()), None)]
    );
}

#[test]
fn local_only_time_queues_nothing_and_a_short_timer_leaves_no_trace() {
    let (_dir, mut tracker) = open();
    let t0 = now();
    log(&mut tracker, None, t0);
    tracker.start(StartRequest::default(), t0).unwrap();
    tracker.stop(None, t0 + TimeDelta::minutes(3)).unwrap();
    tracker
        .start(
            StartRequest {
                target: target("people:7"),
                ..Default::default()
            },
            t0 + TimeDelta::minutes(4),
        )
        .unwrap();
    let outcome = tracker
        .stop(None, t0 + TimeDelta::minutes(4) + TimeDelta::seconds(30))
        .unwrap();
    assert!(matches!(outcome, StopOutcome::Discarded(..)));
    assert!(ops(&tracker).is_empty(), "{:?}", ops(&tracker));
    let count: i64 = tracker
        .store()
        .conn()
        .query_row("SELECT count(*) FROM entries", [], |r| r.get(0))
        .unwrap();
    assert_eq!(count, 2, "the discarded timer is gone, tombstone and all");
}

#[test]
fn edits_queue_update_create_or_delete_by_what_changed() {
    let (_dir, mut tracker) = open();
    let t0 = now();
    let id = log(&mut tracker, target("books:1/2"), t0);
    let edit =
        |tracker: &mut Tracker, request: EditRequest| tracker.edit(Some(id), request, t0).unwrap();

    edit(
        &mut tracker,
        EditRequest {
            note: Some("better".into()),
            ..Default::default()
        },
    );
    edit(
        &mut tracker,
        EditRequest {
            target: Some(target("people:9")),
            ..Default::default()
        },
    );
    let local = edit(
        &mut tracker,
        EditRequest {
            target: Some(None),
            ..Default::default()
        },
    );
    assert_eq!(local.sync.as_str(), "local_only");
    let back = edit(
        &mut tracker,
        EditRequest {
            target: Some(target("people:9")),
            ..Default::default()
        },
    );
    assert_eq!(back.sync.as_str(), "pending");
    tracker.delete(id, t0).unwrap();

    let b = Some("books:1/2".to_owned());
    let p = Some("people:9".to_owned());
    assert_eq!(
        ops(&tracker),
        vec![
            (id, Op::Create, b.clone(), None),
            // Never sent yet, so a note change is (another) create that coalescing merges.
            (id, Op::Create, b.clone(), None),
            // A move: the old place forgets it, the new one learns it.
            (id, Op::Delete, b, None),
            (id, Op::Create, p.clone(), None),
            (id, Op::Delete, p.clone(), None),
            (id, Op::Create, p.clone(), None),
            (id, Op::Delete, p, None),
        ]
    );
    assert!(
        tracker.entry(id).is_err(),
        "a deleted entry is gone from reads"
    );
}

#[test]
fn accounts_are_implied_named_or_refused() {
    let (_dir, mut tracker) = open();
    let t0 = now();
    let add = |tracker: &mut Tracker, name: &str, product, mode| {
        tracker
            .store_mut()
            .write(|tx| {
                accounts::add(
                    tx,
                    &Account {
                        timer_mode: mode,
                        ..Account::new(name, product)
                    },
                    t0,
                )
            })
            .unwrap()
    };
    add(&mut tracker, "work", Product::People, TimerMode::Log);
    let id = log(&mut tracker, target("people:7"), t0);
    assert_eq!(
        tracker.entry(id).unwrap().account.as_deref(),
        Some("work"),
        "one account is implied"
    );

    add(&mut tracker, "side", Product::People, TimerMode::Mirror);
    let err = tracker
        .log(
            LogRequest {
                date: None,
                span: SpanChange::Duration(5),
                target: target("people:7"),
                account: None,
                note: String::new(),
                billable: None,
            },
            t0,
        )
        .unwrap_err();
    assert_eq!(err.exit_code(), 2);
    assert!(
        err.to_string().contains("choose one with --account"),
        "{err}"
    );

    let err = tracker
        .start(
            StartRequest {
                target: target("books:1/2"),
                account: Some("side".into()),
                ..Default::default()
            },
            t0,
        )
        .unwrap_err();
    assert!(err.to_string().contains("is a people account"), "{err}");

    // A mirrored account runs Zoho's own timer alongside Punch's.
    let started = tracker
        .start(
            StartRequest {
                target: target("people:7"),
                account: Some("side".into()),
                ..Default::default()
            },
            t0,
        )
        .unwrap()
        .started;
    tracker.stop(None, t0 + TimeDelta::minutes(10)).unwrap();
    let mirrored: Vec<_> = ops(&tracker)
        .into_iter()
        .filter(|r| r.0 == started.id)
        .map(|r| r.1)
        .collect();
    assert_eq!(mirrored, vec![Op::TimerStart, Op::TimerStop]);
}

#[test]
fn a_refused_change_writes_nothing() {
    let (_dir, mut tracker) = open();
    let t0 = now();
    let id = log(&mut tracker, target("books:1/2"), t0);
    let before = ops(&tracker);
    let err = tracker
        .edit(
            Some(id),
            EditRequest {
                target: Some(target("@nope")),
                note: Some("x".into()),
                ..Default::default()
            },
            t0,
        )
        .unwrap_err();
    assert_eq!(err.code(), "invalid_input");
    assert_eq!(ops(&tracker), before);
    assert_eq!(tracker.entry(id).unwrap().note, "n");
}
