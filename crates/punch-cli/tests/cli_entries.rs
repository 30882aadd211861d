//! Logging, listing and reporting through the `punch` command: local-only entries,
//! text-form targets, overlaps, midnight, DST, quick-log and the report formats.

mod common;

use chrono::{Datelike, TimeDelta};
use common::*;
use serde_json::{Value, json};

#[test]
fn local_only_entries_get_a_target_and_lose_it_again() {
    let punch = Punch::new();
    let date = days_ago(2).to_string();
    let entry = punch.json(&[
        "log",
        "--date",
        &date,
        "--duration",
        "30m",
        "--note",
        "solo",
    ]);
    assert_entry_shape(&entry);
    assert_eq!(entry["target"], Value::Null);
    assert_eq!(entry["account"], Value::Null);
    assert_eq!(entry["sync"]["state"], "local_only");
    assert_eq!(entry["sync"]["remote_id"], Value::Null);
    assert_eq!(entry["sync"]["error"], Value::Null);
    assert_eq!(entry["source"], "local");
    assert_eq!(entry["date"], date);
    assert_eq!(entry["duration_minutes"], 30);
    assert_eq!(entry["billable"], true, "billable is the default");
    assert_eq!(entry["start"], Value::Null, "a duration has no times");
    let n = id(&entry).to_string();

    let edited = punch.json(&["edit", &n, "--target", "projects:5/general/Team meeting"]);
    assert_eq!(edited["target"], "projects:5/general/Team meeting");
    assert_eq!(edited["sync"]["state"], "pending");
    assert_eq!(edited["note"], "solo");
    let edited = punch.json(&["edit", &n, "--target", "none"]);
    assert_eq!(edited["target"], Value::Null);
    assert_eq!(edited["sync"]["state"], "local_only");
    let listed = punch.entry(id(&entry)).unwrap();
    assert_eq!(listed["target"], Value::Null);
    assert_eq!(listed["sync"]["state"], "local_only");
    assert_eq!(punch.json(&["status"])["pending"], 0);
}

#[test]
fn text_form_targets_are_accepted_offline_as_pending() {
    let punch = Punch::new();
    let date = days_ago(3).to_string();
    for target in [
        "books:1001/2002",
        "people:777",
        "projects:5/task/9",
        "projects:5/bug/11",
        "projects:5/general/Team meeting",
    ] {
        let entry = punch.json(&[
            "log",
            "--date",
            &date,
            "--duration",
            "1h",
            "--target",
            target,
        ]);
        assert_eq!(entry["target"], target);
        assert_eq!(entry["sync"]["state"], "pending");
        assert_eq!(
            entry["account"],
            Value::Null,
            "no account of the product yet"
        );
    }
    assert_eq!(punch.json(&["status"])["pending"], 5);
    let entry = punch.json(&["log", "--date", &date, "--duration", "1h", "--non-billable"]);
    assert_eq!(entry["billable"], false);
    let entries = punch.entries(days_ago(3), days_ago(3));
    assert_eq!(entries.len(), 6);
}

#[test]
fn overlapping_entries_are_allowed_and_marked() {
    let punch = Punch::new();
    let date = days_ago(2).to_string();
    let log =
        |from: &str, to: &str| punch.json(&["log", "--date", &date, "--from", from, "--to", to]);
    let a = log("09:00", "10:00");
    let b = log("09:30", "10:30");
    let c = log("10:30", "11:00"); // touches b's end: no overlap
    let d = punch.json(&["log", "--date", &date, "--duration", "2h"]); // no times
    let entries = punch.entries(days_ago(2), days_ago(2));
    let overlaps = |e: &Value| {
        let entry = entries.iter().find(|x| x["id"] == e["id"]).unwrap();
        entry["overlaps"].clone()
    };
    assert_eq!(overlaps(&a), json!([id(&b)]));
    assert_eq!(overlaps(&b), json!([id(&a)]));
    assert_eq!(overlaps(&c), json!([]));
    assert_eq!(overlaps(&d), json!([]));
    let out = punch.ok(&["entries", "--from", &date, "--to", &date]);
    let marked: Vec<_> = out
        .stdout
        .lines()
        .filter(|l| l.contains("overlaps"))
        .collect();
    assert_eq!(marked.len(), 2, "{}", out.stdout);
}

#[test]
fn entries_and_report_default_to_today() {
    let punch = Punch::new();
    let earlier = punch.json(&[
        "log",
        "--date",
        &days_ago(1).to_string(),
        "--duration",
        "1h",
    ]);
    let today_entry = punch.json(&["log", "--duration", "20m"]);
    assert_eq!(today_entry["date"], today().to_string());
    let listed = punch.json(&["entries"]);
    let ids: Vec<_> = listed.as_array().unwrap().iter().map(id).collect();
    assert_eq!(ids, vec![id(&today_entry)]);
    assert!(!ids.contains(&id(&earlier)));
    let report = punch.json(&["report"]);
    assert_report_shape(&report);
    assert_eq!(report["from"], today().to_string());
    assert_eq!(report["to"], today().to_string());
    assert_eq!(report["total_minutes"], 20);
    assert_eq!(
        report["rows"],
        json!([{"key": today().to_string(), "minutes": 20, "billable_minutes": 20}])
    );
}

#[test]
fn durations_and_dates_in_every_form() {
    let punch = Punch::new();
    let date = days_ago(2).to_string();
    for (text, minutes) in [
        ("1h30m", 90),
        ("1h", 60),
        ("90m", 90),
        ("1:30", 90),
        ("1.5h", 90),
    ] {
        let entry = punch.json(&["log", "--date", &date, "--duration", text]);
        assert_eq!(entry["duration_minutes"], minutes, "{text}");
        let entry = punch.json(&["log", &date, text]);
        assert_eq!(entry["duration_minutes"], minutes, "quick-log {text}");
    }
    let today = today();
    for (word, date) in [
        ("today", today),
        ("yesterday", today - TimeDelta::days(1)),
        (
            // The most recent such day, today included.
            "monday",
            today - TimeDelta::days(i64::from(today.weekday().num_days_from_monday())),
        ),
    ] {
        let entry = punch.json(&["log", "--date", word, "--duration", "5m"]);
        assert_eq!(entry["date"], date.to_string(), "{word}");
    }
}

#[test]
fn quick_log_with_an_alias() {
    let punch = Punch::new();
    let alias = punch.json(&["alias", "website", "books:1001/2002"]);
    assert_eq!(alias["target"], "books:1001/2002");
    let entry = punch.json(&["log", "yesterday 9:00-10:30 @website fix login $"]);
    let yesterday = days_ago(1);
    assert_eq!(entry["target"], "books:1001/2002");
    assert_eq!(entry["date"], yesterday.to_string());
    assert_eq!(instant(&entry["start"]), berlin(yesterday, 9, 0));
    assert_eq!(instant(&entry["end"]), berlin(yesterday, 10, 30));
    assert_eq!(entry["duration_minutes"], 90);
    assert_eq!(entry["note"], "fix login");
    assert_eq!(entry["billable"], true);
    assert_eq!(entry["sync"]["state"], "pending");
    // Several words are joined; an alias without `@` works as a flag value.
    let entry = punch.json(&[
        "log",
        "45m",
        "standup",
        "!$",
        "--target",
        "website",
        "--date",
        "yesterday",
    ]);
    assert_eq!(entry["duration_minutes"], 45);
    assert_eq!(entry["note"], "standup");
    assert_eq!(entry["billable"], false);
    assert_eq!(entry["target"], "books:1001/2002");
    // An alias can name another alias; redefining one changes later entries only.
    punch.ok(&["alias", "site", "@website"]);
    let entry = punch.json(&["log", "1h", "@site", "yesterday"]);
    assert_eq!(entry["target"], "books:1001/2002");
    punch.ok(&["alias", "website", "people:9"]);
    let later = punch.json(&["log", "1h", "@website", "yesterday"]);
    assert_eq!(later["target"], "people:9");
    assert_eq!(
        punch.entry(id(&entry)).unwrap()["target"],
        "books:1001/2002"
    );
    let human = punch.ok(&["log", "\"2h\" 1h yesterday"]);
    assert!(human.stdout.contains("Logged 1h"), "{human:?}");
}

#[test]
fn report_as_csv_and_json() {
    let punch = Punch::new();
    let date = days_ago(2).to_string();
    punch.ok(&[
        "log",
        "--date",
        &date,
        "--duration",
        "1h",
        "--target",
        "projects:5/general/a, b",
    ]);
    punch.ok(&[
        "log",
        "--date",
        &date,
        "--duration",
        "30m",
        "--non-billable",
    ]);
    punch.ok(&[
        "log",
        "--date",
        &date,
        "--duration",
        "2h",
        "--target",
        "people:7",
    ]);
    let out = punch.ok(&[
        "report", "--from", &date, "--to", &date, "--by", "target", "--csv",
    ]);
    assert_eq!(
        out.stdout,
        "key,minutes,billable_minutes\npeople:7,120,120\n\"projects:5/general/a, b\",60,60\n,30,0\n"
    );
    let out = punch.ok(&["report", "--from", &date, "--to", &date, "--csv"]);
    assert_eq!(
        out.stdout,
        format!("key,minutes,billable_minutes\n{date},210,180\n")
    );
    let report = punch.json(&["report", "--from", &date, "--to", &date, "--by", "target"]);
    assert_report_shape(&report);
    assert_eq!(report["from"], date);
    assert_eq!(report["to"], date);
    assert_eq!(report["total_minutes"], 210);
    assert_eq!(report["billable_minutes"], 180);
    assert_eq!(
        report["rows"][2],
        json!({"key": null, "minutes": 30, "billable_minutes": 0})
    );
    // By day, every date of the range has a row.
    let from = days_ago(3).to_string();
    let report = punch.json(&["report", "--from", &from, "--to", &date]);
    assert_eq!(
        report["rows"][0],
        json!({"key": from, "minutes": 0, "billable_minutes": 0})
    );
    assert_eq!(report["rows"][1]["minutes"], 210);
}
