//! Pushing: every product once, nothing twice, lost answers matched, one refusal in a
//! batch of a hundred, and tokens that expire or die.

use std::cell::RefCell;

use punch_core::entry::{SyncError, SyncState};
use punch_core::store::accounts::{self, Account};
use punch_core::sync::plan::desired;
use punch_core::sync::{PassOptions, ledger, run_pass};
use punch_core::target::{Product, TargetRef};
use punch_core::tracker::{EditRequest, StartRequest, Tracker};
use zoho_sim::state::lock;
use zoho_sim::{Fault, FaultAction, SimConfig};

use super::log;
use super::world::{World, at, conflict, day, later};

#[test]
fn a_pass_sends_each_product_its_logs_and_a_second_pass_sends_nothing() {
    let mut w = World::new(SimConfig::default());
    for product in Product::ALL {
        let target = w.catalog.valid(product)[0].clone();
        log(&mut w, &target, day(4), 90, "Café menu, v2");
    }
    // A timer across midnight is one log per day.
    let target = w.catalog.books[1].clone();
    let start = StartRequest {
        target: Some(TargetRef::Target(target)),
        at: Some(at(5, 23, 0)),
        ..StartRequest::default()
    };
    w.tracker.start(start, later()).unwrap();
    w.tracker.stop(Some(at(6, 0, 45)), later()).unwrap();

    let summary = w.pass();
    assert_eq!(
        (summary.pushed, summary.pending, summary.rejected),
        (5, 0, 0),
        "{summary:?}"
    );
    assert!(
        summary.errors.is_empty() && summary.error.is_none(),
        "{summary:?}"
    );
    assert_eq!(w.zoho_logs(), w.punch_logs());
    assert_eq!(w.zoho_ids(Product::Books).len(), 3);
    for entry in w.entries() {
        assert_eq!(entry.sync, SyncState::Synced, "{entry:?}");
        assert_eq!(
            entry.remote_ids.len(),
            desired(&entry, w.tracker.time_zone()).len()
        );
    }
    assert_eq!(w.queued(), (0, 0));

    let before = w.requests();
    let again = w.pass();
    assert_eq!(
        w.writes_since(before),
        Vec::<String>::new(),
        "the second pass only reads"
    );
    assert_eq!((again.pushed, again.pulled), (0, 0), "{again:?}");
    assert_eq!(w.zoho_logs(), w.punch_logs());
}

#[test]
fn a_lost_answer_is_matched_on_the_next_pass_not_sent_again() {
    let creates = [
        (Product::Books, "/books/v3/projects/timeentries", 2),
        (Product::People, "addupdatetimelogs", 1),
        (Product::Projects, "/logs", 2),
    ];
    for (product, path, calls) in creates {
        let mut w = World::new(SimConfig::default());
        let target = w.catalog.valid(product)[0].clone();
        // Two identical entries need two logs: one log never stands for both.
        let a = log(&mut w, &target, day(4), 60, "Review");
        let b = log(&mut w, &target, day(4), 60, "Review");
        w.sim().inject(
            Fault::new(path, FaultAction::LoseAnswer)
                .method("POST")
                .times(calls),
        );

        let lost = w.pass();
        assert_eq!((lost.pushed, lost.pending), (0, 2), "{product}: {lost:?}");
        assert_eq!(
            lost.error.as_ref().map(|p| p.code.as_str()),
            Some("offline")
        );
        assert_eq!(w.queued(), (2, 2), "{product}: both wait, in flight");
        assert_eq!(
            w.zoho_ids(product).len(),
            2,
            "{product}: Zoho has both already"
        );

        w.minute_passes();
        let before = w.requests();
        let matched = w.pass();
        assert_eq!(
            w.writes_since(before),
            Vec::<String>::new(),
            "{product}: nothing sent again"
        );
        assert!(matched.error.is_none(), "{product}: {matched:?}");
        let ids = w.zoho_ids(product);
        assert_eq!(ids.len(), 2, "{product}: still exactly two logs");
        let held_a = w.tracker.entry(a.id).unwrap();
        let held_b = w.tracker.entry(b.id).unwrap();
        for entry in [&held_a, &held_b] {
            assert_eq!(entry.sync, SyncState::Synced, "{product}: {entry:?}");
            assert_eq!(entry.remote_ids.len(), 1);
            assert!(
                ids.contains(&entry.remote_ids[0]),
                "{product}: {entry:?} holds {ids:?}"
            );
        }
        assert_ne!(
            held_a.remote_ids, held_b.remote_ids,
            "{product}: one log each"
        );
        assert_eq!(w.queued(), (0, 0));
        assert_eq!(w.zoho_logs(), w.punch_logs());
    }
}

#[test]
fn one_refused_log_leaves_the_99_others_of_its_people_batch() {
    let mut w = World::new(SimConfig::default());
    let jobs = w.catalog.people.clone();
    let days = [3, 4, 5, 6, 7, 10, 11, 12, 13, 14];
    let mut refused = None;
    for i in 0..100 {
        let target = if i == 57 {
            w.catalog.people_refused.clone()
        } else {
            jobs[i % jobs.len()].clone()
        };
        let entry = log(
            &mut w,
            &target,
            day(days[i % days.len()]),
            15 + i as u32,
            &format!("Log {i}"),
        );
        if i == 57 {
            refused = Some(entry.id);
        }
    }
    let refused = refused.unwrap();

    let before = w.requests();
    let summary = w.pass();
    assert_eq!(
        w.calls_since(before, "POST", "addupdatetimelogs"),
        1,
        "one batch"
    );
    assert_eq!(
        (summary.pushed, summary.rejected, summary.pending),
        (99, 1, 0),
        "{summary:?}"
    );
    assert_eq!(w.zoho_ids(Product::People).len(), 99);
    let entry = w.tracker.entry(refused).unwrap();
    assert_eq!(
        entry.sync,
        SyncState::Rejected(SyncError {
            code: "rejected".into(),
            message: "Cannot log time for a completed job".into(),
            zoho_code: Some(9025),
        })
    );
    assert!(entry.remote_ids.is_empty());
    let problem = summary
        .errors
        .iter()
        .find(|p| p.code == "rejected")
        .expect("the refusal is reported");
    assert_eq!(
        (problem.zoho_code, problem.account.as_str()),
        (Some(9025), "people")
    );
    assert!(
        summary.error.is_none(),
        "a refusal is not a failed pass: {summary:?}"
    );
    assert_eq!(w.zoho_logs(), w.punch_logs());

    // A pass without changes does not send it again.
    let before = w.requests();
    w.pass();
    assert_eq!(w.writes_since(before), Vec::<String>::new());

    // Fixing it sends it again.
    let fix = EditRequest {
        target: Some(Some(TargetRef::Target(jobs[0].clone()))),
        ..EditRequest::default()
    };
    w.tracker.edit(Some(refused), fix, later()).unwrap();
    let summary = w.pass();
    assert_eq!(
        (summary.pushed, summary.rejected, summary.pending),
        (1, 0, 0),
        "{summary:?}"
    );
    assert_eq!(w.tracker.entry(refused).unwrap().sync, SyncState::Synced);
    assert_eq!(w.zoho_ids(Product::People).len(), 100);
    assert_eq!(w.zoho_logs(), w.punch_logs());
}

#[test]
fn an_access_token_that_expires_mid_pass_is_refreshed_without_a_trace() {
    let mut w = World::new(SimConfig::default());
    for product in Product::ALL {
        for (i, target) in w.catalog.valid(product).to_vec().iter().take(2).enumerate() {
            log(&mut w, target, day(5), 30 + i as u32, "Standup");
        }
    }
    // Each expiry makes the next call of its product answer 401.
    for path in [
        "/books/v3/projects/timeentries",
        "addupdatetimelogs",
        "/restapi/",
    ] {
        w.sim().inject(Fault::new(path, FaultAction::ExpireTokens));
    }
    let before = w.requests();
    let summary = w.pass();
    assert!(
        summary.errors.is_empty() && summary.error.is_none(),
        "{summary:?}"
    );
    assert_eq!(summary.pushed, 6);
    assert!(
        lock(&w.sim().shared.faults).is_empty(),
        "every expiry struck"
    );
    assert!(
        w.calls_since(before, "POST", "/oauth/v2/token") >= 4,
        "refreshed after an expiry"
    );
    let accounts = accounts::list(w.tracker.store().conn()).unwrap();
    assert!(accounts.iter().all(|a| !a.needs_login), "{accounts:?}");
    assert_eq!(w.zoho_logs(), w.punch_logs());
}

#[test]
fn a_dead_refresh_token_asks_for_login_and_loses_nothing() {
    let mut w = World::new(SimConfig::default());
    for product in Product::ALL {
        let target = w.catalog.valid(product)[0].clone();
        log(&mut w, &target, day(6), 45, "Review");
    }
    let refresh = w.link.refresh.clone();
    lock(&w.sim().shared.tokens)
        .refresh
        .get_mut(&refresh)
        .unwrap()
        .revoked = true;

    let summary = w.pass();
    assert_eq!(
        summary.error.as_ref().map(|p| p.code.as_str()),
        Some("needs_login"),
        "{summary:?}"
    );
    assert_eq!((summary.pushed, summary.pending), (0, 3));
    let accounts = accounts::list(w.tracker.store().conn()).unwrap();
    assert!(accounts.iter().all(|a| a.needs_login), "{accounts:?}");
    assert_eq!(w.queued(), (3, 0), "every change still queued");
    assert!(w.zoho_ids(Product::Books).is_empty() && w.zoho_ids(Product::People).is_empty());

    // Until the user signs in again, passes leave those accounts alone.
    let before = w.requests();
    let waiting = w.pass();
    assert_eq!(
        w.requests(),
        before,
        "no calls for accounts that need login"
    );
    assert_eq!(
        waiting.error.as_ref().map(|p| p.code.as_str()),
        Some("needs_login")
    );

    w.link.refresh = w.sim().sign_in();
    w.tracker
        .store_mut()
        .write(|tx| {
            for account in accounts {
                accounts::save(
                    tx,
                    &Account {
                        needs_login: false,
                        ..account
                    },
                )?;
            }
            Ok(())
        })
        .unwrap();
    let summary = w.pass();
    assert_eq!((summary.pushed, summary.pending), (3, 0), "{summary:?}");
    assert!(summary.error.is_none());
    assert_eq!(w.zoho_logs(), w.punch_logs());
}

#[test]
fn a_second_pass_while_one_runs_is_refused() {
    let mut w = World::new(SimConfig::default());
    let target = w.catalog.books[0].clone();
    log(&mut w, &target, day(4), 30, "");
    let home = w.home().to_path_buf();
    let link = &w.link;
    let second = RefCell::new(None);
    // Each process holds the lease under its own name.
    let elsewhere = PassOptions {
        holder: "pid-2".into(),
        ..World::options()
    };
    // Another process starts a pass while this one asks for its first session.
    let sessions = |_: &Account| -> punch_core::Result<zoho::Session> {
        if second.borrow().is_none() {
            let mut other = Tracker::open(&home)?;
            let inner = |_: &Account| -> punch_core::Result<zoho::Session> { Ok(link.session()) };
            *second.borrow_mut() = Some(run_pass(&mut other, &inner, &elsewhere, later()));
        }
        Ok(link.session())
    };
    let first = run_pass(&mut w.tracker, &sessions, &World::options(), later()).unwrap();
    let message = conflict(second.into_inner().expect("the second pass was tried"));
    assert!(
        message.contains("another Punch process is syncing"),
        "{message}"
    );
    assert_eq!(first.pushed, 1);

    // The lease went with the first pass: the other process may sync now.
    let mut other = Tracker::open(&home).unwrap();
    let inner = |_: &Account| -> punch_core::Result<zoho::Session> { Ok(w.link.session()) };
    run_pass(&mut other, &inner, &elsewhere, later()).expect("the lease is free again");

    // A holder that died keeps the lease only until it runs out.
    let until = later() + chrono::Duration::minutes(6);
    w.tracker
        .store_mut()
        .write(|tx| ledger::take_lease(tx, "crashed", later(), until))
        .unwrap();
    conflict(w.pass_at(later() + chrono::Duration::minutes(1)));
    w.pass_at(later() + chrono::Duration::minutes(7))
        .expect("an expired lease is taken over");
}
