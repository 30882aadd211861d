//! The timer through the `punch` command: start, switch, stop, discard, toggle, status,
//! editing the running entry and deleting.

mod common;

use chrono::TimeDelta;
use common::*;
use serde_json::Value;

fn running(punch: &Punch) -> Value {
    let status = punch.json(&["status"]);
    assert_status_shape(&status);
    status["running"].clone()
}

#[test]
fn start_while_running_switches_at_the_same_instant() {
    let punch = Punch::new();
    let t = now();
    let first = punch.json(&[
        "start",
        "people:777",
        "--note",
        "a",
        "--at",
        &rfc(t - TimeDelta::hours(2)),
    ]);
    assert_entry_shape(&first);
    assert_eq!(first["running"], true);
    assert_eq!(first["switched_from"], Value::Null);
    assert_eq!(instant(&first["start"]), t - TimeDelta::hours(2));

    let second = punch.json(&[
        "start",
        "books:1/2",
        "--note",
        "b",
        "--at",
        &rfc(t - TimeDelta::hours(1)),
    ]);
    let switched = &second["switched_from"];
    assert_eq!(switched["id"], first["id"]);
    assert_eq!(switched["discarded"], false);
    assert_eq!(switched["running"], false);
    assert_eq!(
        switched["end"], second["start"],
        "stopped at the same instant"
    );
    assert_eq!(instant(&second["start"]), t - TimeDelta::hours(1));
    assert_eq!(switched["duration_minutes"], 60);

    // Without --at the switch happens at the command's now, still one instant (what
    // `start --json` prints of it is checked by `a_switch_prints_the_instant_it_stored`).
    let third = punch.json(&["start", "--note", "c"]);
    assert_eq!(third["switched_from"]["id"], second["id"]);
    assert!(instant(&third["start"]) >= t);

    let entries = punch.entries(days_ago(1), today());
    let by_id = |v: &Value| entries.iter().find(|e| e["id"] == *v).unwrap().clone();
    assert_eq!(by_id(&first["id"])["end"], second["start"]);
    assert_eq!(by_id(&second["id"])["end"], third["start"]);
    assert_eq!(by_id(&third["id"])["running"], true);
    let runs: Vec<_> = entries.iter().filter(|e| e["running"] == true).collect();
    assert_eq!(runs.len(), 1, "one running entry: {entries:?}");
    assert_eq!(running(&punch)["id"], third["id"]);

    // The human form says both halves of the switch.
    let out = punch.ok(&["start", "--note", "d"]);
    assert!(out.stdout.contains("Started"), "{out:?}");
}

/// The stopped half of a switch and the started half are one instant, so `start --json`
/// must print the same text for both, and `stop --json` the end that `entries` lists.
#[test]
fn a_switch_prints_the_instant_it_stored() {
    let punch = Punch::new();
    punch.json(&["start", "--at", &rfc(now() - TimeDelta::hours(1))]);
    // Switch half an hour back, so the entry it starts is long enough to keep on stop.
    let switched = punch.json(&[
        "start",
        "--note",
        "next",
        "--at",
        &rfc(now() - TimeDelta::minutes(30)),
    ]);
    let stored = punch.entry(id(&switched["switched_from"])).unwrap();
    assert_eq!(
        stored["end"], switched["start"],
        "the store has one instant for both halves"
    );
    assert_eq!(
        switched["switched_from"]["end"], switched["start"],
        "`start --json` prints the switch instant twice, differently"
    );
    let stopped = punch.json(&["stop"]);
    let stored = punch.entry(id(&stopped)).unwrap();
    assert_eq!(
        stopped["end"], stored["end"],
        "`stop --json` prints an end that is not the stored one"
    );
}

#[test]
fn a_timer_under_a_minute_is_discarded() {
    let punch = Punch::new();
    let t = now();
    let started = punch.json(&[
        "start",
        "--note",
        "short",
        "--at",
        &rfc(t - TimeDelta::seconds(50)),
    ]);
    let stopped = punch.json(&["stop", "--at", &rfc(t - TimeDelta::seconds(20))]);
    assert_eq!(stopped["id"], started["id"]);
    assert_eq!(stopped["discarded"], true);
    assert_eq!(running(&punch), Value::Null);
    assert!(
        punch.entry(id(&started)).is_none(),
        "a discarded entry is gone"
    );

    // Exactly one minute is kept.
    let kept = punch.json(&["start", "--at", &rfc(t - TimeDelta::seconds(120))]);
    let stopped = punch.json(&["stop", "--at", &rfc(t - TimeDelta::seconds(60))]);
    assert_eq!(stopped["discarded"], false);
    assert_eq!(stopped["duration_minutes"], 1);
    assert!(punch.entry(id(&kept)).is_some());

    // A switch after under a minute discards the first entry, too.
    let first = punch.json(&[
        "start",
        "people:1",
        "--at",
        &rfc(t - TimeDelta::seconds(50)),
    ]);
    let second = punch.json(&[
        "start",
        "people:2",
        "--at",
        &rfc(t - TimeDelta::seconds(20)),
    ]);
    assert_eq!(second["switched_from"]["id"], first["id"]);
    assert_eq!(second["switched_from"]["discarded"], true);
    // (SQLite may give the new entry the discarded one's id, so look by target.)
    let today_targets: Vec<_> = punch
        .entries(today(), today())
        .iter()
        .map(|e| e["target"].clone())
        .collect();
    assert!(
        !today_targets.contains(&Value::from("people:1")),
        "{today_targets:?}"
    );
    assert_eq!(running(&punch)["id"], second["id"]);
    let out = punch.ok(&["stop"]);
    assert!(out.stdout.contains("under a minute"), "{out:?}");
}

#[test]
fn status_reports_the_running_entry_and_what_waits() {
    let punch = Punch::new();
    let status = punch.json(&["status"]);
    assert_status_shape(&status);
    assert_eq!(status["running"], Value::Null);
    assert_eq!(status["pending"], 0);
    assert_eq!(status["rejected"], 0);
    assert_eq!(status["idle"], Value::Null);
    assert!(punch.ok(&["status"]).stdout.contains("Not running"));

    let since = now() - TimeDelta::minutes(30);
    let started = punch.json(&[
        "start",
        "projects:5/bug/11",
        "--note",
        "crash",
        "--at",
        &rfc(since),
    ]);
    assert_eq!(started["target"], "projects:5/bug/11");
    assert_eq!(started["account"], Value::Null);
    // Accepted offline, before any catalog: it waits as pending.
    assert_eq!(started["sync"]["state"], "pending");
    punch.json(&[
        "log",
        "--date",
        &days_ago(2).to_string(),
        "--duration",
        "1h",
        "--target",
        "people:9",
    ]);
    punch.json(&[
        "log",
        "--date",
        &days_ago(2).to_string(),
        "--duration",
        "1h",
    ]);
    let status = punch.json(&["status"]);
    let entry = &status["running"];
    assert_eq!(entry["id"], started["id"]);
    assert_eq!(entry["running"], true);
    assert_eq!(entry["end"], Value::Null);
    assert_eq!(entry["note"], "crash");
    assert_eq!(instant(&entry["start"]), since);
    assert!(entry["duration_minutes"].as_u64().unwrap() >= 30);
    // The running entry and the logged one with a target; not the local-only one.
    assert_eq!(status["pending"], 2, "{status}");
    let out = punch.ok(&["status"]);
    assert!(out.stdout.contains("Running"), "{out:?}");
    assert!(out.stdout.contains("projects:5/bug/11"), "{out:?}");
}

#[test]
fn toggle_stops_then_continues_the_last_entry() {
    let punch = Punch::new();
    let t = now();
    let started = punch.json(&[
        "start",
        "people:777",
        "--note",
        "standup",
        "--non-billable",
        "--at",
        &rfc(t - TimeDelta::minutes(10)),
    ]);
    assert_eq!(started["billable"], false);
    let stopped = punch.json(&["toggle"]);
    assert_eq!(stopped["id"], started["id"]);
    assert_eq!(stopped["discarded"], false);
    assert_eq!(stopped["running"], false);
    assert!(stopped["duration_minutes"].as_u64().unwrap() >= 10);
    assert_eq!(running(&punch), Value::Null);

    let continued = punch.json(&["toggle"]);
    assert_ne!(continued["id"], started["id"], "a new entry");
    assert_eq!(continued["running"], true);
    assert_eq!(continued["target"], "people:777");
    assert_eq!(continued["note"], "standup");
    assert_eq!(continued["billable"], false);
    assert!(instant(&continued["start"]) >= instant(&stopped["end"]));
    assert_eq!(running(&punch)["id"], continued["id"]);
    let out = punch.ok(&["toggle"]);
    assert!(out.stdout.contains("people:777"), "{out:?}");
    assert_eq!(running(&punch), Value::Null);
    let out = punch.ok(&["toggle"]);
    assert!(out.stdout.contains("Continued"), "{out:?}");
}

#[test]
fn edit_running_moves_its_start() {
    let punch = Punch::new();
    let t = now();
    let started = punch.json(&[
        "start",
        "--note",
        "x",
        "--at",
        &rfc(t - TimeDelta::minutes(30)),
    ]);
    let edited = punch.json(&[
        "edit",
        "running",
        "--start",
        &rfc(t - TimeDelta::minutes(45)),
    ]);
    assert_eq!(edited["id"], started["id"]);
    assert_eq!(edited["running"], true);
    assert_eq!(instant(&edited["start"]), t - TimeDelta::minutes(45));
    let now_running = running(&punch);
    assert_eq!(instant(&now_running["start"]), t - TimeDelta::minutes(45));
    assert_eq!(now_running["note"], "x");

    // By id works the same; a note and a target change keep it running.
    let edited = punch.json(&[
        "edit",
        &id(&started).to_string(),
        "--note",
        "y",
        "--target",
        "books:1/2",
    ]);
    assert_eq!(edited["running"], true);
    assert_eq!(edited["note"], "y");
    assert_eq!(edited["target"], "books:1/2");
    assert_eq!(edited["sync"]["state"], "pending");
    assert_eq!(instant(&edited["start"]), t - TimeDelta::minutes(45));

    // Moving the start a day back moves the entry's date with it.
    let yesterday_evening = berlin(days_ago(1), 20, 0);
    let edited = punch.json(&["edit", "running", "--start", &rfc(yesterday_evening)]);
    assert_eq!(edited["date"], days_ago(1).to_string());
    let stopped = punch.json(&["stop"]);
    assert_eq!(instant(&stopped["start"]), yesterday_evening);
}

#[test]
fn delete_removes_an_entry_and_discards_a_running_one() {
    let punch = Punch::new();
    let date = days_ago(2);
    let keep = punch.json(&["log", "--date", &date.to_string(), "--duration", "30m"]);
    let gone = punch.json(&[
        "log",
        "--date",
        &date.to_string(),
        "--duration",
        "45m",
        "--target",
        "people:7",
    ]);
    let local = punch.json(&["log", "--date", &date.to_string(), "--duration", "15m"]);
    let deleted = punch.json(&["delete", &id(&gone).to_string()]);
    assert_eq!(deleted["id"], gone["id"]);
    assert_eq!(deleted["deleted"], true);
    let out = punch.ok(&["delete", &id(&local).to_string()]);
    assert!(out.stdout.contains("Deleted"), "{out:?}");
    let ids: Vec<_> = punch.entries(date, date).iter().map(id).collect();
    assert_eq!(ids, vec![id(&keep)]);
    assert_eq!(
        punch.json(&["status"])["pending"],
        0,
        "a deleted entry waits no more"
    );

    let started = punch.json(&["start", "--at", &rfc(now() - TimeDelta::minutes(20))]);
    punch.json(&["delete", &id(&started).to_string()]);
    assert_eq!(running(&punch), Value::Null);
    assert!(punch.entry(id(&started)).is_none());
    assert!(punch.entry(id(&keep)).is_some());
}
