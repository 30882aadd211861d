//! What every product's remote test shares: a simulator with a session signed in to
//! it, logs to send, and the round trip (create, list, update, delete) all three pass.

use std::sync::Arc;

use chrono::{NaiveDate, Utc};
use punch_core::store::accounts::Account;
use punch_core::sync::plan::{KnownLog, LogBody};
use punch_core::sync::remote::{Outcome, Remote, RemoteLog};
use punch_core::target::Target;
use zoho::limit::MemoryBudgets;
use zoho::{Credentials, Endpoints, Sensitive, Session};
use zoho_sim::{RunningSim, SimConfig};

/// A seeded simulator and a session signed in to it.
pub fn signed_in() -> (RunningSim, Session) {
    let config = SimConfig::default();
    let (client_id, secret) = config.clients[0].clone();
    let sim = RunningSim::start(config, 0).expect("the simulator starts");
    let credentials = Credentials {
        client_id,
        client_secret: Some(Sensitive::new(secret)),
        refresh_token: Sensitive::new(sim.sign_in()),
    };
    let session = Session::new(
        Endpoints::single(&sim.base_url()),
        credentials,
        Arc::new(MemoryBudgets::default()),
    );
    (sim, session)
}

/// A Tuesday in the past, a working day for People, with nothing seeded on it but a
/// colleague's Books entry.
pub fn tuesday() -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, 3, 4).unwrap()
}

/// A date every product refuses (the sim's clock starts at the real time).
pub fn future() -> NaiveDate {
    Utc::now().date_naive() + chrono::Days::new(40)
}

pub fn log(
    account: &Account,
    target: &Target,
    minutes: u32,
    note: &str,
    billable: bool,
) -> LogBody {
    LogBody {
        account: account.name.clone(),
        target: target.clone(),
        date: tuesday(),
        minutes,
        note: note.into(),
        billable,
    }
}

pub fn landed(outcome: &Outcome) -> String {
    match outcome {
        Outcome::Landed(id) => id.clone(),
        other => panic!("expected the log to land, got {other:?}"),
    }
}

pub fn refused(outcome: &Outcome) -> &zoho::ZohoError {
    match outcome {
        Outcome::Refused(e) => e,
        other => panic!("expected a refusal, got {other:?}"),
    }
}

pub fn known(remote_id: &str, log: &LogBody) -> KnownLog {
    KnownLog {
        remote_id: remote_id.into(),
        account: log.account.clone(),
        target: log.target.clone(),
        date: log.date,
        fingerprint: log.fingerprint(),
    }
}

/// The account's logs on the test day, sorted by id.
pub fn listed(remote: &dyn Remote) -> Vec<RemoteLog> {
    let mut logs = remote.list(tuesday(), tuesday()).expect("list");
    logs.sort_by(|a, b| a.remote_id.cmp(&b.remote_id));
    logs
}

fn body_of<'l>(logs: &'l [RemoteLog], id: &str) -> &'l LogBody {
    &logs
        .iter()
        .find(|l| l.remote_id == id)
        .unwrap_or_else(|| panic!("log {id} is not listed in {logs:#?}"))
        .log
}

/// Create `logs` (the first two identical), read them back, change the third to
/// `changed`, delete the first (twice). Answers the ids of the two left.
pub fn round_trip(remote: &dyn Remote, logs: &[LogBody; 3], changed: &LogBody) -> [String; 2] {
    assert_eq!(logs[0], logs[1], "the first two logs are identical");
    let outcomes = remote.create(logs);
    assert_eq!(outcomes.len(), 3);
    let ids: Vec<String> = outcomes.iter().map(landed).collect();
    assert!(ids[0] != ids[1], "identical logs land as two logs: {ids:?}");

    let found = listed(remote);
    assert_eq!(found.len(), 3, "{found:#?}");
    for (id, log) in ids.iter().zip(logs) {
        assert_eq!(body_of(&found, id), log);
    }

    let updated = remote.update(&[(ids[2].clone(), changed.clone())]);
    assert_eq!(landed(&updated[0]), ids[2]);
    assert_eq!(body_of(&listed(remote), &ids[2]), changed);

    let gone = [known(&ids[0], &logs[0])];
    assert_eq!(remote.delete(&gone), vec![Ok(())]);
    assert_eq!(
        remote.delete(&gone),
        vec![Ok(())],
        "deleted again: still deleted"
    );
    let left: Vec<String> = listed(remote).into_iter().map(|l| l.remote_id).collect();
    let mut want = vec![ids[1].clone(), ids[2].clone()];
    want.sort();
    assert_eq!(left, want);
    [ids[1].clone(), ids[2].clone()]
}

/// A create whose answer is lost after Zoho committed it: `Unknown`, and listed after.
pub fn lost_answer(sim: &RunningSim, remote: &dyn Remote, path: &str, log: &LogBody) {
    let before = listed(remote).len();
    sim.inject(zoho_sim::Fault::new(path, zoho_sim::FaultAction::LoseAnswer).method("POST"));
    let outcome = remote.create(std::slice::from_ref(log));
    assert!(matches!(outcome[..], [Outcome::Unknown(_)]), "{outcome:?}");
    let after = listed(remote);
    assert_eq!(after.len(), before + 1);
    assert!(after.iter().any(|l| &l.log == log), "{after:#?}");
}
