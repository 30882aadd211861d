//! Books: time entries of the organization, and Books' own timer.

use std::time::Duration;

use punch_core::store::accounts::Account;
use punch_core::sync::plan::LogBody;
use punch_core::sync::remotes::remote_for;
use punch_core::target::{Product, Target};
use zoho::ErrorKind;
use zoho::books::Books;

use super::support::{
    future, known, landed, listed, log, lost_answer, refused, round_trip, signed_in,
};

const ORG: &str = "10234695";

fn account() -> Account {
    // No user: the remote asks Books who is signed in.
    Account {
        org: Some(ORG.into()),
        ..Account::new("books", Product::Books)
    }
}

/// Two tasks of "Website relaunch", from the sim's seeded catalog.
fn targets(session: &zoho::Session) -> (Target, Target) {
    let books = Books::new(session, ORG);
    let project = books
        .active_projects()
        .unwrap()
        .into_iter()
        .find(|p| p.project_name == "Website relaunch")
        .unwrap();
    let tasks = books.tasks(&project.project_id).unwrap();
    let target = |i: usize| Target::Books {
        project_id: project.project_id.clone(),
        task_id: tasks[i].task_id.clone(),
    };
    (target(0), target(1))
}

#[test]
fn entries_round_trip_and_refusals_keep_zohos_words() {
    let (sim, session) = signed_in();
    let account = account();
    let remote = remote_for(&account, &session);
    let (design, build) = targets(&session);
    let same = log(&account, &design, 90, "Café menu, v2", true);
    let other = log(&account, &build, 45, "", false);
    let changed = log(&account, &build, 60, "Header, after review", true);
    // The colleague's entry seeded on the same day is not listed: only the user's are.
    let [kept, edited] = round_trip(
        remote.as_ref(),
        &[same.clone(), same.clone(), other],
        &changed,
    );

    let late = log(&account, &design, 30, "", true);
    let late = LogBody {
        date: future(),
        ..late
    };
    let error = refused(&remote.create(&[late])[0]).clone();
    assert_eq!((error.kind, error.code), (ErrorKind::Rejected, Some(1046)));
    assert_eq!(error.message, "You cannot log time for a future date.");

    // An entry deleted in Zoho is not_found on update (the engine creates it afresh);
    // an unknown task stays a refusal of the data.
    remote.delete(&[known(&kept, &same)]);
    assert_eq!(
        refused(&remote.update(&[(kept, same.clone())])[0]).kind,
        ErrorKind::NotFound
    );
    let nowhere = Target::Books {
        project_id: match &design {
            Target::Books { project_id, .. } => project_id.clone(),
            _ => unreachable!(),
        },
        task_id: "1".into(),
    };
    let moved = log(&account, &nowhere, 60, "", true);
    let error = refused(&remote.update(&[(edited, moved)])[0]).clone();
    assert_eq!(
        (error.kind, error.message.as_str()),
        (ErrorKind::Rejected, "Task does not exist.")
    );

    lost_answer(
        &sim,
        remote.as_ref(),
        "/books/v3/projects/timeentries",
        &same,
    );
}

#[test]
fn a_dead_login_stops_the_rest_of_the_list() {
    let (sim, session) = signed_in();
    let account = Account {
        user: Some("460000000044001".into()),
        ..account()
    };
    let remote = remote_for(&account, &session);
    let (design, _) = targets(&session);
    let one = log(&account, &design, 15, "", true);
    sim.inject(
        zoho_sim::Fault::new(
            "/books/v3/projects/timeentries",
            zoho_sim::FaultAction::Status(401),
        )
        .times(2),
    );
    let received = sim.shared.received.lock().unwrap().len();
    let outcomes = remote.create(&[one.clone(), one.clone(), one]);
    for outcome in &outcomes {
        assert_eq!(refused(outcome).kind, ErrorKind::Auth, "{outcomes:?}");
    }
    // The first create and the session's one retry after a refresh; nothing more.
    let sent = sim.shared.received.lock().unwrap()[received..]
        .iter()
        .filter(|r| r.method == "POST" && r.path.ends_with("/timeentries"))
        .count();
    assert_eq!(sent, 2);
}

#[test]
fn books_timer_starts_shows_and_stops() {
    let (sim, session) = signed_in();
    let account = account();
    let remote = remote_for(&account, &session);
    let (design, _) = targets(&session);
    let body = log(&account, &design, 0, "Pairing on the header", false);
    let before = sim.shared.clock.now();
    let id = remote.start_timer(&body, before).unwrap();
    let running = remote.running_timer().unwrap().expect("a running timer");
    assert_eq!(running.remote_id, id);
    assert_eq!(running.target, design);
    assert_eq!(
        (running.note.as_str(), running.billable),
        ("Pairing on the header", false)
    );
    let started = (running.started - before).num_seconds();
    assert!(
        (-1..=2).contains(&started),
        "started {started}s after the call"
    );
    assert!(
        listed(remote.as_ref()).is_empty(),
        "a running entry is not finished"
    );

    sim.advance(Duration::from_secs(30 * 60));
    remote.stop_timer(&id).unwrap();
    assert_eq!(remote.running_timer().unwrap(), None);
    remote
        .stop_timer(&id)
        .expect("stopping a stopped timer is done");
    let logs = listed(remote.as_ref());
    assert_eq!(logs.len(), 1);
    assert_eq!(
        (logs[0].remote_id.as_str(), logs[0].log.minutes),
        (id.as_str(), 30)
    );
    assert_eq!(
        landed(&remote.update(&[(id.clone(), logs[0].log.clone())])[0]),
        id
    );
}
