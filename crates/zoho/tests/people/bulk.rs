//! Bulk adds and edits: batches within People's limits, and every answer mapped back to
//! the log it is about.

use std::collections::HashMap;

use chrono::NaiveTime;
use serde_json::Value;
use zoho::people::{BulkLog, BulkOutcome, LogKind, LoggedTime, People, TimeLogFilter};
use zoho::session::Method;
use zoho_sim::state::lock;

use super::*;

fn new_log(job: &str, date: NaiveDate, minutes: u32, note: String) -> BulkLog {
    BulkLog {
        timelog_id: None,
        job_id: job.into(),
        date,
        time: LoggedTime::Minutes(minutes),
        billable: None,
        work_item: None,
        description: Some(note),
    }
}

/// Descriptions of the user's logs in March 2025, by id.
fn march_notes(people: &People<'_>) -> HashMap<String, String> {
    people
        .gettimelogs(&TimeLogFilter::between(d(2025, 3, 1), d(2025, 3, 31)))
        .unwrap()
        .into_iter()
        .map(|l| (l.timelog_id, l.description))
        .collect()
}

/// The `timelogs` each bulk call carried.
fn sent_batches(sim: &RunningSim) -> Vec<Vec<Value>> {
    calls(sim, "addupdatetimelogs")
        .iter()
        .map(
            |c| match serde_json::from_str(&param(c, "timelogs").unwrap()).unwrap() {
                Value::Array(list) => list,
                other => panic!("timelogs is not a list: {other}"),
            },
        )
        .collect()
}

#[test]
fn one_hundred_and_one_logs_go_in_two_calls() {
    let (sim, session) = sim();
    let people = People::new(&session, ANA);
    let days = weekdays(d(2025, 3, 3), 20);
    let logs: Vec<BulkLog> = (0..101)
        .map(|i| new_log(DESIGN, days[i % 20], 15, format!("log {i}")))
        .collect();
    let outcomes = people.addupdatetimelogs(&logs);
    assert_eq!(outcomes.len(), 101);

    let batches = sent_batches(&sim);
    assert_eq!(batches.iter().map(Vec::len).collect::<Vec<_>>(), [100, 1]);
    for batch in &batches {
        let dates: Vec<NaiveDate> = batch
            .iter()
            .map(|l| NaiveDate::parse_from_str(l["date"].as_str().unwrap(), "%Y-%m-%d").unwrap())
            .collect();
        let span = *dates.iter().max().unwrap() - *dates.iter().min().unwrap();
        assert!(span.num_days() < 31);
        assert!(
            batch
                .iter()
                .all(|l| l["user"] == ANA && l["hours"] == "00:15")
        );
    }

    let notes = march_notes(&people);
    for (i, outcome) in outcomes.iter().enumerate() {
        let BulkOutcome::Created(id) = outcome else {
            panic!("log {i}: {outcome:?}")
        };
        assert_eq!(notes[id], format!("log {i}"), "id {id} mapped to its log");
    }
    assert_eq!(notes.len(), 101);
}

#[test]
fn one_refused_log_among_ninety_nine_is_mapped_to_its_input() {
    let (sim, session) = sim();
    let people = People::new(&session, ANA);
    let days = weekdays(d(2025, 3, 3), 20);
    let logs: Vec<BulkLog> = (0..100)
        .map(|i| {
            let job = if i == 42 { WORKSHOP } else { DESIGN };
            new_log(job, days[i % 20], 30, format!("log {i}"))
        })
        .collect();
    let outcomes = people.addupdatetimelogs(&logs);
    assert_eq!(calls(&sim, "addupdatetimelogs").len(), 1);
    assert_eq!(
        outcomes[42],
        BulkOutcome::Rejected {
            code: Some(9025),
            message: "Cannot log time for a completed job".into()
        }
    );
    let notes = march_notes(&people);
    assert_eq!(notes.len(), 99, "the other logs landed");
    for (i, outcome) in outcomes.iter().enumerate().filter(|(i, _)| *i != 42) {
        let BulkOutcome::Created(id) = outcome else {
            panic!("log {i}: {outcome:?}")
        };
        assert_eq!(notes[id], format!("log {i}"));
    }
}

#[test]
fn edits_adds_and_interleaved_refusals_each_find_their_log() {
    let (sim, session) = sim();
    let people = People::new(&session, ANA);
    let ids = seed_logs(&sim, DESIGN, &[d(2025, 3, 3), d(2025, 3, 4)]);
    let edit = |id: &str, job: &str, minutes: u32, note: &str| BulkLog {
        timelog_id: Some(id.to_owned()),
        ..new_log(job, d(2025, 3, 4), minutes, note.into())
    };
    let span = BulkLog {
        time: LoggedTime::Span {
            from: NaiveTime::from_hms_opt(13, 0, 0).unwrap(),
            to: NaiveTime::from_hms_opt(14, 45, 0).unwrap(),
        },
        ..new_log(FRONTEND, d(2025, 3, 7), 0, "afternoon".into())
    };
    let logs = vec![
        new_log(DESIGN, d(2025, 3, 8), 60, "saturday".into()), // refused: weekend
        edit(&ids[0], CONTENT, 45, "moved to content"),
        new_log(DESIGN, d(2025, 3, 5), 60, "wednesday".into()),
        edit(&ids[1], WORKSHOP, 60, "to the completed job"), // refused
        span,
        new_log(DESIGN, d(2025, 3, 5), 90, "wednesday, longer".into()),
    ];
    let outcomes = people.addupdatetimelogs(&logs);
    assert!(
        matches!(
            &outcomes[0],
            BulkOutcome::Rejected {
                code: Some(8008),
                ..
            }
        ),
        "{outcomes:?}"
    );
    assert_eq!(outcomes[1], BulkOutcome::Edited(ids[0].clone()));
    assert!(
        matches!(
            &outcomes[3],
            BulkOutcome::Rejected {
                code: Some(9025),
                ..
            }
        ),
        "{outcomes:?}"
    );
    let notes = march_notes(&people);
    for (i, note) in [(2, "wednesday"), (4, "afternoon"), (5, "wednesday, longer")] {
        let BulkOutcome::Created(id) = &outcomes[i] else {
            panic!("{i}: {outcomes:?}")
        };
        assert_eq!(notes[id], note);
    }
    assert_eq!(notes[&ids[0]], "moved to content");
    assert_eq!(notes[&ids[1]], "", "the refused edit changed nothing");

    let stored = people
        .gettimelogs(&TimeLogFilter::between(d(2025, 3, 7), d(2025, 3, 7)))
        .unwrap();
    assert_eq!(
        (stored[0].kind, stored[0].minutes),
        (LogKind::StartEnd, 105)
    );
    let sent = &sent_batches(&sim)[0];
    let afternoon = sent
        .iter()
        .find(|l| l["description"] == "afternoon")
        .unwrap();
    assert_eq!(
        (
            afternoon["startTime"].as_str(),
            afternoon["endTime"].as_str()
        ),
        (Some("01:00 PM"), Some("02:45 PM"))
    );
}

#[test]
fn when_every_log_is_refused_each_gets_its_own_reason() {
    let (sim, session) = sim();
    let people = People::new(&session, ANA);
    let logs = vec![
        new_log(WORKSHOP, d(2025, 3, 4), 60, "completed job".into()),
        new_log(DESIGN, d(2025, 3, 9), 60, "sunday".into()),
        new_log(DESIGN, d(2025, 3, 8), 30, "saturday".into()),
    ];
    let outcomes = people.addupdatetimelogs(&logs);
    let codes: Vec<Option<i64>> = outcomes
        .iter()
        .map(|o| match o {
            BulkOutcome::Rejected { code, .. } => *code,
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(codes, [Some(9025), Some(8008), Some(8008)]);
    // The simulator answered with its error form (`erorLogs`).
    assert!(
        lock(&sim.shared.people)
            .logs
            .iter()
            .all(|l| l.work_date.format("%m").to_string() == "02")
    );

    lock(&sim.shared.people)
        .user_mut(ANA)
        .unwrap()
        .manual_log_disabled = true;
    let outcomes = people.addupdatetimelogs(&[new_log(DESIGN, d(2025, 3, 4), 60, "x".into())]);
    assert_eq!(
        outcomes,
        [BulkOutcome::Rejected {
            code: Some(7038),
            message: "Manual Log is disabled in Settings. Contact your Administrator.".into()
        }]
    );
}

#[test]
fn people_refuses_a_call_beyond_its_limits() {
    let (sim, session) = sim();
    let log = |date: &str| {
        format!(r#"{{"user":"{ANA}","jobId":"{DESIGN}","date":"{date}","hours":"01:00"}}"#)
    };
    let many = format!("[{}]", vec![log("2025-03-04"); 101].join(","));
    let query = [("dateFormat", "yyyy-MM-dd")];
    assert_refused(
        raw(
            &session,
            Method::Post,
            "addupdatetimelogs",
            &query,
            &[("timelogs", &many)],
        ),
        Some(8001),
        "Only upto a 100 timelogs can be added or edited at a time",
    );
    let long = format!("[{},{}]", log("2025-03-03"), log("2025-04-03"));
    assert_refused(
        raw(
            &session,
            Method::Post,
            "addupdatetimelogs",
            &query,
            &[("timelogs", &long)],
        ),
        Some(8001),
        "Only the timelogs for a consecutive 31 days can be added or edited at a time",
    );
    let error = raw(
        &session,
        Method::Post,
        "addupdatetimelogs",
        &query,
        &[("timelogs", &long)],
    )
    .unwrap_err();
    assert!(
        error.details.as_ref().is_some_and(Value::is_array),
        "erorLogs kept: {error:?}"
    );
    assert_eq!(
        lock(&sim.shared.people).logs.len(),
        3,
        "only the seeded logs"
    );

    // The client never sends such a call: the same 32 days go in two.
    let people = People::new(&session, ANA);
    let spread = [d(2025, 3, 3), d(2025, 4, 3)].map(|day| new_log(DESIGN, day, 60, String::new()));
    let outcomes = people.addupdatetimelogs(&spread);
    assert!(
        outcomes
            .iter()
            .all(|o| matches!(o, BulkOutcome::Created(_))),
        "{outcomes:?}"
    );
    assert_eq!(calls(&sim, "addupdatetimelogs").len(), 5);
}
