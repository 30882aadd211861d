//! People: the user's time logs in bulk, deletes by id list, and People's timer.

use std::time::Duration;

use chrono::Utc;
use punch_core::store::accounts::Account;
use punch_core::sync::plan::LogBody;
use punch_core::sync::remotes::remote_for;
use punch_core::target::{Product, Target};
use zoho::ErrorKind;

use super::support::{
    future, known, landed, listed, log, lost_answer, refused, round_trip, signed_in,
};

fn account() -> Account {
    Account {
        user: Some("ana@zylker.test".into()),
        ..Account::new("people", Product::People)
    }
}

fn job(id: &str) -> Target {
    Target::People { job_id: id.into() }
}

const DESIGN: &str = "412762000000042001";
const FRONTEND: &str = "412762000000042003";
/// "Discovery workshop", completed.
const WORKSHOP: &str = "412762000000042009";

#[test]
fn logs_round_trip_and_one_refusal_leaves_the_others() {
    let (sim, session) = signed_in();
    let account = account();
    let remote = remote_for(&account, &session);
    let same = log(&account, &job(DESIGN), 90, "Café menu, v2", true);
    let other = log(&account, &job(FRONTEND), 45, "Navigation", false);
    let changed = log(&account, &job(FRONTEND), 60, "", true);
    round_trip(
        remote.as_ref(),
        &[same.clone(), same.clone(), other.clone()],
        &changed,
    );

    let done = log(&account, &job(WORKSHOP), 30, "", true);
    let late = LogBody {
        date: future(),
        ..other.clone()
    };
    let outcomes = remote.create(&[other, done, late]);
    landed(&outcomes[0]);
    let error = refused(&outcomes[1]);
    assert_eq!(
        (error.kind, error.status, error.code, error.message.as_str()),
        (
            ErrorKind::Rejected,
            Some(200),
            Some(9025),
            "Cannot log time for a completed job"
        )
    );
    let error = refused(&outcomes[2]);
    assert_eq!(
        (error.code, error.message.as_str()),
        (Some(8001), "Cannot log time for a Future Date")
    );

    lost_answer(&sim, remote.as_ref(), "addupdatetimelogs", &same);
}

#[test]
fn deletes_go_together_and_an_unknown_id_is_already_deleted() {
    let (_sim, session) = signed_in();
    let account = account();
    let remote = remote_for(&account, &session);
    let body = log(&account, &job(DESIGN), 30, "", true);
    let ids: Vec<String> = remote
        .create(&[body.clone(), body.clone(), body.clone()])
        .iter()
        .map(landed)
        .collect();
    assert_eq!(remote.delete(&[known(&ids[0], &body)]), vec![Ok(())]);
    // One id People no longer has in the list: the call is refused whole, so each id
    // is asked alone.
    let all: Vec<_> = ids
        .iter()
        .chain(["412762000000999999".to_owned()].iter())
        .map(|id| known(id, &body))
        .collect();
    assert_eq!(remote.delete(&all), vec![Ok(()); 4]);
    assert!(listed(remote.as_ref()).is_empty());
}

#[test]
fn people_timer_starts_shows_and_stops() {
    let (sim, session) = signed_in();
    let account = account();
    let remote = remote_for(&account, &session);
    let body = log(&account, &job(DESIGN), 0, "Pairing on the header", true);
    let id = remote.start_timer(&body, Utc::now()).unwrap();
    sim.advance(Duration::from_secs(30 * 60));
    let running = remote.running_timer().unwrap().expect("a running timer");
    assert_eq!(running.remote_id, id);
    assert_eq!(running.target, job(DESIGN));
    assert_eq!(
        (running.note.as_str(), running.billable),
        ("Pairing on the header", true)
    );
    // The start is now less the 30 minutes People counted.
    let ago = (Utc::now() - running.started).num_seconds();
    assert!((30 * 60..31 * 60).contains(&ago), "started {ago}s ago");
    assert!(
        listed(remote.as_ref()).is_empty(),
        "a running timer log is not finished"
    );
    assert!(
        remote.delete(&[known(&id, &body)])[0].is_err(),
        "People keeps a running log"
    );

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
    assert_eq!(logs[0].log.note, "Pairing on the header");

    // A refused start keeps People's words.
    let done = log(&account, &job(WORKSHOP), 0, "", true);
    let error = remote.start_timer(&done, Utc::now()).unwrap_err();
    assert_eq!(
        (error.code, error.message.as_str()),
        (Some(9025), "Cannot log time for a completed job")
    );
    assert!(remote.create(&[]).is_empty(), "nothing to send is no call");
}
