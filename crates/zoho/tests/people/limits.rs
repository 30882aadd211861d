//! People's per-API threshold and lock (code 7209), and `dateFormat` on every call.

use std::collections::BTreeSet;
use std::time::Duration;

use zoho::ErrorKind;
use zoho::people::{
    BulkLog, LoggedTime, NewTimeLog, NewTimer, People, Status, TimeLogChange, TimeLogFilter,
};
use zoho::session::Method;

use super::*;

const RUNNING: &str = "getcurrentlyrunningtimer";

/// Use up the running-timer API's 20 calls of this minute, bypassing the client's budget
/// (as another device of the same user would).
fn use_up_threshold(session: &Session) {
    for _ in 0..20 {
        raw(
            session,
            Method::Get,
            RUNNING,
            &[("dateFormat", "yyyy-MM-dd")],
            &[],
        )
        .unwrap();
    }
}

#[track_caller]
fn assert_locked(result: Result<impl std::fmt::Debug, ZohoError>) {
    let error = result.expect_err("the API should be locked");
    assert!(
        matches!(error.kind, ErrorKind::RateLimited { .. }),
        "{error:?}"
    );
    assert_eq!(error.code, Some(7209));
    assert_eq!(
        error.message,
        "API access blocked since threshold limit exceeded. Please try after some time"
    );
}

#[test]
fn a_lock_is_waited_out() {
    let config = SimConfig {
        people_lock: Duration::from_secs(2),
        ..SimConfig::default()
    };
    let (sim, session) = support::signed_in(config);
    use_up_threshold(&session);
    let people = People::new(&session, ANA);
    assert_locked(people.getcurrentlyrunningtimer());

    // The client now keeps off the locked API without asking Zoho.
    let sent = calls(&sim, RUNNING).len();
    let error = people.getcurrentlyrunningtimer().unwrap_err();
    assert!(
        matches!(error.kind, ErrorKind::RateLimited { .. }),
        "{error:?}"
    );
    assert_eq!(calls(&sim, RUNNING).len(), sent);

    sim.advance(Duration::from_secs(3));
    let later = support::session_for(&sim, &sim.sign_in());
    assert_eq!(
        People::new(&later, ANA).getcurrentlyrunningtimer().unwrap(),
        None
    );
}

#[test]
fn a_locked_api_refuses_every_call_until_the_lock_ends() {
    let (sim, session) = sim();
    use_up_threshold(&session);
    let fresh = || support::session_for(&sim, &sim.sign_in());
    let (first, second) = (fresh(), fresh());
    assert_locked(People::new(&first, ANA).getcurrentlyrunningtimer());
    assert_locked(People::new(&second, ANA).getcurrentlyrunningtimer());
    // Other APIs have their own threshold.
    assert!(
        !People::new(&second, ANA)
            .getjobs(Status::All)
            .unwrap()
            .is_empty()
    );

    sim.advance(Duration::from_secs(4 * 60));
    assert_locked(People::new(&fresh(), ANA).getcurrentlyrunningtimer());
    sim.advance(Duration::from_secs(61));
    assert_eq!(
        People::new(&fresh(), ANA)
            .getcurrentlyrunningtimer()
            .unwrap(),
        None
    );
}

#[test]
fn every_call_asks_for_yyyy_mm_dd() {
    let (sim, session) = sim();
    let people = People::new(&session, ANA);
    let day = d(2025, 3, 4);
    people.getjobs(Status::InProgress).unwrap();
    people.getprojects(Status::All).unwrap();
    let id = people
        .addtimelog(&NewTimeLog {
            job_id: DESIGN.into(),
            work_date: day,
            time: LoggedTime::Minutes(30),
            billable: Some(true),
            work_item: None,
            description: None,
        })
        .unwrap();
    people
        .edittimelog(
            &id,
            &TimeLogChange {
                work_date: Some(d(2025, 3, 5)),
                ..TimeLogChange::default()
            },
        )
        .unwrap();
    people
        .gettimelogs_range(&TimeLogFilter::between(d(2025, 2, 1), d(2025, 3, 31)))
        .unwrap();
    people.deletetimelog(&[id]).unwrap();
    let timer = people
        .start_timer(&NewTimer {
            job_id: DESIGN.into(),
            work_date: day,
            billable: false,
            work_item: None,
            description: None,
        })
        .unwrap();
    people.getcurrentlyrunningtimer().unwrap();
    people.pause_timer(&timer).unwrap();
    people.resume_timer(&timer).unwrap();
    let bulk = BulkLog {
        timelog_id: None,
        job_id: DESIGN.into(),
        date: day,
        time: LoggedTime::Minutes(60),
        billable: None,
        work_item: None,
        description: None,
    };
    people.addupdatetimelogs(&[bulk]);

    let received: Vec<Received> = lock(&sim.shared.received)
        .iter()
        .filter(|r| r.path.starts_with("/people/"))
        .cloned()
        .collect();
    let apis: BTreeSet<&str> = received
        .iter()
        .filter_map(|r| r.path.rsplit('/').next())
        .collect();
    assert_eq!(apis.len(), 9, "every People API: {apis:?}");
    for call in &received {
        assert!(
            call.query.split('&').any(|p| p == "dateFormat=yyyy-MM-dd"),
            "{} {}?{}",
            call.method,
            call.path,
            call.query
        );
    }
}
