//! The model read from a real store in a temporary home.

use chrono::{DateTime, TimeDelta, TimeZone, Utc};
use punch_core::store::accounts::Account;
use punch_core::store::catalog::CatalogItem;
use punch_core::sync::ledger;
use punch_core::target::{Product, TargetRef};
use punch_core::tracker::{LogRequest, SpanChange, StartRequest, Tracker};

use super::*;

fn noon() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 2, 12, 0, 0).unwrap()
}

fn tracker(home: &tempfile::TempDir) -> Tracker {
    let mut tracker = Tracker::open(home.path()).unwrap();
    tracker.store_mut().set_change_pings(false);
    tracker
}

fn target(text: &str) -> Option<TargetRef> {
    Some(TargetRef::parse_arg(text).unwrap())
}

fn log(tracker: &mut Tracker, text: &str, now: DateTime<Utc>) {
    let request = LogRequest {
        date: None,
        span: SpanChange::Duration(30),
        target: target(text),
        account: None,
        note: String::new(),
        billable: None,
    };
    tracker.log(request, now).unwrap();
}

#[test]
fn an_empty_store_is_an_idle_tray() {
    let home = tempfile::tempdir().unwrap();
    let view = view(&tracker(&home), noon()).unwrap();
    assert_eq!(view.running, None);
    assert_eq!(view.model.running, None);
    assert_eq!(view.model.today, "Today 0m");
    assert_eq!(view.model.pending, 0);
    assert_eq!(view.model.attention, None);
    assert_eq!(view.model.last_error, None);
    assert_eq!(view.model.last, None);
    assert!(view.model.recent.is_empty());
}

#[test]
fn a_running_timer_reads_as_elapsed_time_catalog_name_and_note() {
    let home = tempfile::tempdir().unwrap();
    let mut tracker = tracker(&home);
    tracker
        .store_mut()
        .write(|tx| {
            accounts::add(tx, &Account::new("books", Product::Books), noon())?;
            let item = CatalogItem {
                target: "books:1/2".into(),
                account: "books".into(),
                product: "books".into(),
                name: "Design".into(),
                project: "Website".into(),
                active: true,
            };
            catalog::replace(tx, "books", &[item], noon())
        })
        .unwrap();
    let start = noon() - TimeDelta::minutes(83) - TimeDelta::seconds(59);
    let request = StartRequest {
        target: target("books:1/2"),
        note: "fix login".into(),
        at: Some(start),
        ..StartRequest::default()
    };
    let started = tracker.start(request, noon()).unwrap().started;
    let view = view(&tracker, noon()).unwrap();
    assert_eq!(
        view.model.running.as_deref(),
        Some("1:23 · Website / Design · fix login")
    );
    assert_eq!(view.running.map(|(id, _)| id), Some(started.id));
    assert_eq!(
        view.running_label.as_deref(),
        Some("Website / Design · fix login")
    );
    assert!(
        view.model.recent.is_empty(),
        "Start ▸ doesn't offer what already runs"
    );
}

#[test]
fn recent_targets_are_the_five_newest_distinct_ones() {
    let home = tempfile::tempdir().unwrap();
    let mut tracker = tracker(&home);
    let targets = [
        "people:1", "people:2", "people:3", "people:1", "people:4", "people:5", "people:6",
    ];
    for (i, text) in targets.iter().enumerate() {
        log(&mut tracker, text, noon() + TimeDelta::seconds(i as i64));
    }
    let model = model(&tracker, noon() + TimeDelta::minutes(1)).unwrap();
    let recent: Vec<_> = model.recent.iter().map(|r| r.target.as_str()).collect();
    assert_eq!(
        recent,
        ["people:6", "people:5", "people:4", "people:1", "people:3"]
    );
    assert_eq!(model.last.unwrap().target, "people:6");
    assert_eq!(model.pending, 7);

    // While people:5 runs, it makes way for the next newest.
    let request = StartRequest {
        target: target("people:5"),
        ..StartRequest::default()
    };
    tracker
        .start(request, noon() + TimeDelta::minutes(2))
        .unwrap();
    let running = super::model(&tracker, noon() + TimeDelta::minutes(3)).unwrap();
    let recent: Vec<_> = running.recent.iter().map(|r| r.target.as_str()).collect();
    assert_eq!(
        recent,
        ["people:6", "people:4", "people:1", "people:3", "people:2"]
    );
}

#[test]
fn refusals_and_sign_ins_ask_for_attention_and_the_last_error_is_shown() {
    let home = tempfile::tempdir().unwrap();
    let mut tracker = tracker(&home);
    log(&mut tracker, "people:1", noon());
    tracker
        .store_mut()
        .write(|tx| {
            accounts::add(tx, &Account::new("people", Product::People), noon())?;
            ledger::needs_login(tx, "people")?;
            ledger::record_pass(tx, noon(), Some("Zoho can't be reached"))?;
            tx.execute(
                "UPDATE entries SET sync_state = 'rejected', error_message = 'locked'",
                [],
            )?;
            Ok(())
        })
        .unwrap();
    let model = model(&tracker, noon()).unwrap();
    assert_eq!(
        model.attention.as_deref(),
        Some("Zoho refused an entry; account `people` needs login")
    );
    assert_eq!(model.last_error.as_deref(), Some("Zoho can't be reached"));
}
