//! Time zones through the `punch` command (`TZ=Europe/Berlin`): entries across local
//! midnight, the spring gap and the autumn fold.

mod common;

use common::*;
use serde_json::json;

#[test]
fn an_entry_across_midnight_is_one_entry_split_by_day() {
    let punch = Punch::new();
    // A logged range that ends just before midnight stays on its day.
    let d3 = days_ago(3);
    let late = punch.json(&[
        "log",
        "--date",
        &d3.to_string(),
        "--from",
        "22:00",
        "--to",
        "23:59",
    ]);
    assert_eq!(late["duration_minutes"], 119);
    assert_eq!(late["date"], d3.to_string());
    assert_eq!(instant(&late["start"]), berlin(d3, 22, 0));
    assert_eq!(instant(&late["end"]), berlin(d3, 23, 59));

    // A timer from 22:00 to 01:30 the next day.
    let d2 = days_ago(2);
    let d1 = days_ago(1);
    let started = punch.json(&["start", "people:7", "--at", &rfc(berlin(d2, 22, 0))]);
    let stopped = punch.json(&["stop", "--at", &rfc(berlin(d1, 1, 30))]);
    assert_eq!(stopped["id"], started["id"]);
    assert_eq!(stopped["date"], d2.to_string(), "the start's local date");
    assert_eq!(stopped["duration_minutes"], 210);
    assert!(stopped["sync"]["remote_ids"].is_array());
    // Listed on both days it touches, as one entry.
    for day in [d2, d1] {
        let ids: Vec<_> = punch.entries(day, day).iter().map(id).collect();
        assert!(ids.contains(&id(&started)), "{day}: {ids:?}");
    }
    let (from, to) = (d2.to_string(), d1.to_string());
    let report = punch.json(&["report", "--from", &from, "--to", &to, "--by", "day"]);
    assert_report_shape(&report);
    assert_eq!(
        report["rows"],
        json!([
            {"key": from, "minutes": 120, "billable_minutes": 120},
            {"key": to, "minutes": 90, "billable_minutes": 90},
        ])
    );
    assert_eq!(report["total_minutes"], 210);
    let report = punch.json(&["report", "--from", &to, "--to", &to]);
    assert_eq!(
        report["total_minutes"], 90,
        "only the part inside the range"
    );
    let report = punch.json(&[
        "report",
        "--from",
        &d3.to_string(),
        "--to",
        &to,
        "--by",
        "target",
    ]);
    assert_eq!(
        report["rows"],
        json!([
            {"key": "people:7", "minutes": 210, "billable_minutes": 210},
            {"key": null, "minutes": 119, "billable_minutes": 119},
        ])
    );

    // And a timer started yesterday evening, stopped now.
    let evening = berlin(d1, 22, 0);
    let started = punch.json(&["start", "--at", &rfc(evening)]);
    let stopped = punch.json(&["stop"]);
    assert_eq!(stopped["id"], started["id"]);
    assert_eq!(stopped["date"], d1.to_string());
    let total = stopped["duration_minutes"].as_u64().unwrap();
    let report = punch.json(&["report", "--from", &to, "--to", &today().to_string()]);
    let rows = report["rows"].as_array().unwrap();
    assert_eq!(
        rows[0]["minutes"],
        90 + 120,
        "yesterday: 00:00-01:30 and 22:00-24:00"
    );
    assert_eq!(rows[1]["key"], today().to_string());
    assert_eq!(rows[1]["minutes"], total - 120, "today: the rest");
}

#[test]
fn dst_spring_forward_has_no_two_thirty() {
    let punch = Punch::new();
    // Berlin, 2026-03-29: the clocks jump from 02:00 to 03:00.
    let entry = punch.json(&[
        "log",
        "--date",
        "2026-03-29",
        "--from",
        "01:30",
        "--to",
        "03:30",
    ]);
    assert_eq!(entry["duration_minutes"], 60);
    assert_eq!(
        instant(&entry["start"]),
        "2026-03-29T00:30:00Z"
            .parse::<chrono::DateTime<chrono::Utc>>()
            .unwrap()
    );
    assert_eq!(
        instant(&entry["end"]),
        "2026-03-29T01:30:00Z"
            .parse::<chrono::DateTime<chrono::Utc>>()
            .unwrap()
    );
    let before = punch.snapshot();
    for args in [
        &[
            "log",
            "--date",
            "2026-03-29",
            "--from",
            "02:30",
            "--to",
            "03:30",
        ][..],
        &["log", "2026-03-29", "02:30-03:30"],
    ] {
        let message = punch.fails(args, 2, "invalid_input");
        assert!(
            message.contains("02:30") && message.contains("2026-03-29"),
            "{message}"
        );
    }
    assert_eq!(punch.snapshot(), before);
    // Autumn, 2026-10-25: 02:00-03:00 happens twice, so 01:30-03:30 is three hours.
    let entry = punch.json(&[
        "log",
        "--date",
        "2026-10-25",
        "--from",
        "01:30",
        "--to",
        "03:30",
    ]);
    assert_eq!(entry["duration_minutes"], 180);
    let report = punch.json(&["report", "--from", "2026-03-29", "--to", "2026-03-29"]);
    assert_eq!(report["total_minutes"], 60);
}

/// `clock::local_instant` promises that a time in the autumn fold is its first
/// occurrence (summer time). Berlin, 2026-10-25: 02:00-02:59 happen twice, first at
/// 00:00-00:59 UTC, then at 01:00-01:59 UTC.
#[test]
fn dst_fold_times_are_their_first_occurrence() {
    let punch = Punch::new();
    let entry = punch.json(&[
        "log",
        "--date",
        "2026-10-25",
        "--from",
        "01:59",
        "--to",
        "02:00",
    ]);
    assert_eq!(
        instant(&entry["end"]),
        "2026-10-25T00:00:00Z"
            .parse::<chrono::DateTime<chrono::Utc>>()
            .unwrap(),
        "02:00 on the fold day is its first occurrence: {entry}"
    );
    assert_eq!(entry["duration_minutes"], 1, "01:59 to 02:00 is a minute");
    let entry = punch.json(&["log", "2026-10-25", "02:30-02:45"]);
    assert_eq!(
        instant(&entry["start"]),
        "2026-10-25T00:30:00Z"
            .parse::<chrono::DateTime<chrono::Utc>>()
            .unwrap(),
        "{entry}"
    );
}
