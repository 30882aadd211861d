//! Edits that move time: an entry keeps its length and shape when its date changes.

use chrono::{DateTime, Local, NaiveDate, TimeDelta, TimeZone, Utc};
use punch_core::tracker::{EditRequest, StartRequest, StopOutcome, Tracker};

fn local(date: &str, hh: u32, mm: u32) -> DateTime<Utc> {
    let day: NaiveDate = date.parse().unwrap();
    Local
        .from_local_datetime(&day.and_hms_opt(hh, mm, 0).unwrap())
        .earliest()
        .unwrap()
        .with_timezone(&Utc)
}

#[test]
fn moving_a_span_across_midnight_to_another_date_keeps_its_length() {
    let dir = tempfile::tempdir().unwrap();
    let mut tracker = Tracker::open(dir.path()).unwrap();
    let now = Utc::now();
    let start = local("2025-03-06", 22, 0);
    let end = local("2025-03-07", 1, 30);
    tracker
        .start(
            StartRequest {
                at: Some(start),
                ..Default::default()
            },
            now,
        )
        .unwrap();
    let StopOutcome::Stopped(entry) = tracker.stop(Some(end), now).unwrap() else {
        panic!("a 3.5-hour entry is kept");
    };

    let moved = tracker
        .edit(
            Some(entry.id),
            EditRequest {
                date: Some("2025-03-03".parse().unwrap()),
                ..Default::default()
            },
            now,
        )
        .unwrap();
    assert_eq!(moved.date, "2025-03-03".parse::<NaiveDate>().unwrap());
    assert_eq!(moved.start(), Some(local("2025-03-03", 22, 0)));
    assert_eq!(
        moved.end(),
        Some(local("2025-03-04", 1, 30)),
        "it still ends the next day"
    );
    assert_eq!(
        moved.end().unwrap() - moved.start().unwrap(),
        TimeDelta::minutes(210)
    );
}
