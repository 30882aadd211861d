//! Restoring a deleted entry at each point of its delete's way to Zoho: not sent yet
//! (the entry is pending, not sent), its logs in Zoho (nothing or an update to send),
//! the delete sent but not settled (a create), and settled (gone: not found).

use chrono::{Local, TimeDelta};

use super::*;
use crate::store::accounts::{self, Account};
use crate::sync::{ledger, plan};
use crate::target::{Product, TargetRef};
use crate::tracker::{LogRequest, SpanChange, StartRequest};

struct Fixture {
    _home: tempfile::TempDir,
    tracker: Tracker,
    now: DateTime<Utc>,
}

impl Fixture {
    fn new() -> Fixture {
        let home = tempfile::tempdir().unwrap();
        let mut tracker = Tracker::open(home.path()).unwrap();
        let now = DateTime::from_timestamp(Utc::now().timestamp(), 0).unwrap();
        tracker
            .store_mut()
            .write(|tx| accounts::add(tx, &Account::new("books", Product::Books), now))
            .unwrap();
        Fixture {
            _home: home,
            tracker,
            now,
        }
    }

    fn log(&mut self, target: Option<&str>) -> Entry {
        let request = LogRequest {
            date: None,
            span: SpanChange::Duration(45),
            target: target.map(|t| TargetRef::parse_arg(t).unwrap()),
            account: None,
            note: "review".into(),
            billable: None,
        };
        self.tracker.log(request, self.now).unwrap()
    }

    /// What the next sync pass would do for the entry.
    fn plan(&self, id: EntryId) -> Vec<plan::Action> {
        let conn = self.tracker.store().conn();
        let entry = entries::get(conn, id).unwrap();
        let known = ledger::known(conn, id).unwrap();
        plan::plan(entry.as_ref(), &known, &Local)
    }

    /// As a pass that sent the entry: its logs are in Zoho, its outbox rows consumed.
    fn sent(&mut self, entry: &Entry) {
        let logs = plan::desired(entry, &Local);
        assert!(!logs.is_empty(), "the entry has logs to send");
        let id = entry.id;
        self.tracker
            .store_mut()
            .write(|tx| {
                for (i, log) in logs.iter().enumerate() {
                    ledger::landed(tx, id, log, &format!("R{id}-{i}"))?;
                }
                tx.execute("DELETE FROM outbox WHERE entry_id = ?1", [id])?;
                Ok(())
            })
            .unwrap();
    }

    fn ops(&self, id: EntryId) -> Vec<Op> {
        outbox::all(self.tracker.store().conn())
            .unwrap()
            .into_iter()
            .filter(|row| row.entry_id == id)
            .map(|row| row.op)
            .collect()
    }
}

#[test]
fn an_entry_deleted_before_it_was_sent_comes_back_as_itself_and_is_sent_once() {
    let mut f = Fixture::new();
    let entry = f.log(Some("books:1001/2002"));
    f.tracker.delete(entry.id, f.now).unwrap();
    assert!(
        entries::get(f.tracker.store().conn(), entry.id)
            .unwrap()
            .is_none()
    );

    let back = f.tracker.restore(entry.id, f.now).unwrap();
    assert_eq!(back.id, entry.id);
    assert_eq!((back.when, back.note.as_str()), (entry.when, "review"));
    assert_eq!(back.sync, SyncState::Pending);
    assert_eq!(f.ops(entry.id), [Op::Create, Op::Delete, Op::Create]);
    let actions = f.plan(entry.id);
    assert!(
        matches!(actions.as_slice(), [plan::Action::Create(_)]),
        "one create, no delete: {actions:?}"
    );
}

#[test]
fn an_entry_in_zoho_whose_delete_waits_comes_back_with_nothing_to_send() {
    let mut f = Fixture::new();
    let entry = f.log(Some("books:1001/2002"));
    f.sent(&entry);
    f.tracker.delete(entry.id, f.now).unwrap();
    assert!(
        matches!(f.plan(entry.id).as_slice(), [plan::Action::Delete(_)]),
        "deleted, its log would go"
    );

    let back = f
        .tracker
        .restore(entry.id, f.now + TimeDelta::seconds(5))
        .unwrap();
    assert_eq!(back.id, entry.id);
    assert_eq!(f.ops(entry.id), [Op::Delete, Op::Update]);
    assert_eq!(f.plan(entry.id), [], "Zoho still has exactly this log");
}

#[test]
fn an_entry_whose_delete_reached_zoho_but_is_not_settled_is_created_again() {
    let mut f = Fixture::new();
    let entry = f.log(Some("books:1001/2002"));
    f.sent(&entry);
    f.tracker.delete(entry.id, f.now).unwrap();
    // The pass under way deleted the log in Zoho and forgot it; it has not settled yet.
    let id = entry.id;
    f.tracker
        .store_mut()
        .write(|tx| {
            for known in ledger::known(tx, id)? {
                ledger::forget(tx, &known.account, &known.remote_id)?;
            }
            Ok(())
        })
        .unwrap();

    let back = f.tracker.restore(id, f.now).unwrap();
    assert_eq!(back.id, id);
    assert_eq!(f.ops(id), [Op::Delete, Op::Create]);
    assert!(
        matches!(f.plan(id).as_slice(), [plan::Action::Create(_)]),
        "{:?}",
        f.plan(id)
    );
}

#[test]
fn what_is_not_a_kept_tombstone_is_refused_and_nothing_changes() {
    let mut f = Fixture::new();
    let kept = f.log(Some("books:1001/2002"));
    let error = f.tracker.restore(kept.id, f.now).unwrap_err();
    assert_eq!(error.code(), "nothing_to_do");

    // Local-only time never left this machine: deleting it forgets it.
    let local = f.log(None);
    f.tracker.delete(local.id, f.now).unwrap();
    assert_eq!(
        f.tracker.restore(local.id, f.now).unwrap_err().code(),
        "not_found"
    );
    assert_eq!(
        f.tracker.restore(9999, f.now).unwrap_err().code(),
        "not_found"
    );

    // A discarded timer known to Zoho stays a tombstone, but comes back by a start.
    let request = StartRequest {
        target: Some(TargetRef::parse_arg("books:1001/2002").unwrap()),
        at: Some(f.now - TimeDelta::minutes(30)),
        ..StartRequest::default()
    };
    let running = f.tracker.start(request, f.now).unwrap().started;
    f.tracker
        .store_mut()
        .write(|tx| {
            outbox::push(
                tx,
                running.id,
                Op::TimerStart,
                running.target.as_ref(),
                Some("books"),
                f.now,
            )
        })
        .unwrap();
    f.tracker.delete(running.id, f.now).unwrap();
    let error = f.tracker.restore(running.id, f.now).unwrap_err();
    assert_eq!(error.code(), "invalid_input", "{error}");
    assert!(f.tracker.status(f.now).unwrap().running.is_none());
    assert_eq!(f.ops(kept.id), [Op::Create]);
}

#[test]
fn an_entry_whose_delete_settled_is_gone_and_cannot_be_restored() {
    let mut f = Fixture::new();
    let entry = f.log(Some("books:1001/2002"));
    f.sent(&entry);
    f.tracker.delete(entry.id, f.now).unwrap();
    let id = entry.id;
    f.tracker
        .store_mut()
        .write(|tx| {
            for known in ledger::known(tx, id)? {
                ledger::forget(tx, &known.account, &known.remote_id)?;
            }
            for dirty in ledger::dirty(tx, "books")? {
                ledger::settle(tx, &dirty, ledger::Settled::Done)?;
            }
            Ok(())
        })
        .unwrap();
    let error = f.tracker.restore(id, f.now).unwrap_err();
    assert_eq!(error.code(), "not_found", "{error}");
}
