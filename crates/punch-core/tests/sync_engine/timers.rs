//! Timers in Zoho: one started in Books' or People's own pages shows up as Punch's
//! running entry, and stopping it in Punch stops it in Zoho, leaving one log that the
//! entry holds; in mirror mode Books' timer runs while Punch's does.

use std::time::Duration;

use chrono::{DateTime, Days, Local, NaiveDate, NaiveTime, TimeDelta, Timelike, Utc};
use punch_core::clock::{local_date, local_instant};
use punch_core::entry::{Entry, Source, SyncState};
use punch_core::store::accounts::{self, Account, TimerMode};
use punch_core::sync::PassOptions;
use punch_core::target::{Target, TargetRef};
use punch_core::tracker::StartRequest;
use zoho_sim::SimConfig;
use zoho_sim::state::lock;

use super::world::{BOOKS_ORG, PEOPLE_ERECNO, World};

/// A pull window around `date`.
fn around(date: NaiveDate) -> PassOptions {
    PassOptions {
        pull_from: date - Days::new(1),
        pull_to: date + Days::new(1),
        ..World::options()
    }
}

/// Move the simulator's clock to local noon of the next day: every timer below then
/// runs well inside one day, whenever the test runs. Answers the simulator's now.
fn to_tomorrow_noon(w: &World) -> DateTime<Utc> {
    let now = w.sim().shared.clock.now();
    let tomorrow = local_date(now, &Local) + Days::new(1);
    let noon = local_instant(tomorrow, NaiveTime::from_hms_opt(12, 0, 0).unwrap(), &Local).unwrap();
    w.sim().advance((noon - now).to_std().unwrap());
    sim_now(w)
}

/// The simulator's now, to the second (Books shows instants to the second).
fn sim_now(w: &World) -> DateTime<Utc> {
    let ms = w.sim().shared.clock.now_ms();
    DateTime::from_timestamp_millis(ms - ms % 1000).unwrap()
}

fn only_entry(w: &World, date: NaiveDate) -> Entry {
    let entries = w.tracker.entries(date, date).unwrap();
    assert_eq!(entries.len(), 1, "{entries:#?}");
    entries.into_iter().next().unwrap()
}

#[test]
fn a_books_timer_started_in_zoho_is_adopted_and_stopped_from_punch() {
    let mut w = World::new(SimConfig::default());
    let now = to_tomorrow_noon(&w);
    let date = local_date(now, &Local);
    let target = w.catalog.books[1].clone();
    let Target::Books {
        project_id,
        task_id,
    } = &target
    else {
        unreachable!()
    };
    let started = now - TimeDelta::minutes(20);
    let timer_id = {
        let mut books = lock(&w.sim().shared.books);
        let id = books.mint();
        let org = books.organization_mut(BOOKS_ORG).unwrap();
        let entry = zoho_sim::books::Entry {
            time_entry_id: id.clone(),
            project_id: project_id.clone(),
            task_id: task_id.clone(),
            user_id: org.me.clone(),
            log_date: date,
            begin_time: None,
            end_time: None,
            log_minutes: 0,
            is_billable: true,
            billed_status: "unbilled".into(),
            notes: "Started in Books".into(),
            timer_started_ms: Some(started.timestamp_millis()),
            created_ms: started.timestamp_millis(),
        };
        org.entries.insert(id.clone(), entry);
        id
    };
    let window = around(date);

    let summary = w.pass_with(&window, now);
    assert_eq!(summary.pulled, 1, "{summary:?}");
    let running = w
        .tracker
        .status(now)
        .unwrap()
        .running
        .expect("the timer is adopted");
    assert_eq!(running.start(), Some(started));
    assert_eq!(
        (running.target.as_ref(), running.source),
        (Some(&target), Source::Remote)
    );
    assert_eq!(
        (running.note.as_str(), running.billable),
        ("Started in Books", true)
    );
    w.pass_with(&window, now);
    assert_eq!(
        w.tracker.entries(date, date).unwrap().len(),
        1,
        "adopted once"
    );

    w.sim().advance(Duration::from_secs(30 * 60));
    let stop = sim_now(&w);
    w.tracker.stop(Some(stop), stop).unwrap();
    let before = w.requests();
    let summary = w.pass_with(&window, stop);
    assert!(summary.error.is_none(), "{summary:?}");
    assert_eq!(
        w.writes_since(before),
        vec!["POST /books/v3/projects/timeentries/timer/stop".to_owned()],
        "the timer is stopped, no log is sent besides"
    );
    let books = lock(&w.sim().shared.books);
    let org = books.organization(BOOKS_ORG).unwrap();
    assert!(org.running(&org.me).is_none(), "Books' timer stopped");
    let logged = org.entries[&timer_id].log_minutes;
    let ours = org
        .entries
        .values()
        .filter(|e| e.user_id == org.me && e.log_date == date)
        .count();
    drop(books);
    assert_eq!((logged, ours), (50, 1));
    let entry = only_entry(&w, date);
    assert!(!entry.is_running());
    assert_eq!(
        (&entry.sync, &entry.remote_ids),
        (&SyncState::Synced, &vec![timer_id])
    );
    assert_eq!(entry.duration_minutes(stop), logged);
}

#[test]
fn a_people_timer_started_in_zoho_is_adopted_and_stopped_from_punch() {
    let mut w = World::new(SimConfig::default());
    // People says how long its timer ran, and Punch dates the start back from its own
    // clock: both clocks must agree here, so the simulator's stays at real time.
    let now = Utc::now();
    let local = now.with_timezone(&Local);
    let since_midnight = i64::from(local.time().num_seconds_from_midnight());
    let to_midnight = 86_400 - since_midnight;
    if since_midnight < 6 * 60 || to_midnight < 6 * 60 {
        eprintln!("skipped: the timer would run across local midnight");
        return;
    }
    let ran = TimeDelta::seconds((20 * 60).min(since_midnight - 180));
    let extra = TimeDelta::seconds((30 * 60).min(to_midnight - 180));
    let date = local.date_naive();
    let target = w.catalog.people[0].clone();
    let timer_id = {
        let sim_ms = w.sim().shared.clock.now_ms();
        let mut people = lock(&w.sim().shared.people);
        let (id, run) = (people.mint(), people.mint());
        people.logs.push(zoho_sim::people::TimeLog {
            id: id.clone(),
            erecno: PEOPLE_ERECNO.into(),
            job_id: "412762000000042001".into(),
            work_date: date,
            kind: 2,
            minutes: 0,
            from_min: None,
            to_min: None,
            billable: true,
            work_item: String::new(),
            description: "Started in People".into(),
            runs: vec![zoho_sim::people::TimerRun {
                timer_id: run,
                from_ms: sim_ms - ran.num_milliseconds(),
                to_ms: None,
            }],
        });
        id
    };
    let window = around(date);

    let summary = w.pass_with(&window, now);
    assert_eq!(summary.pulled, 1, "{summary:?}");
    let running = w
        .tracker
        .status(now)
        .unwrap()
        .running
        .expect("the timer is adopted");
    assert_eq!(
        (running.target.as_ref(), running.source),
        (Some(&target), Source::Remote)
    );
    assert_eq!(running.note, "Started in People");
    let off = (running.start().unwrap() - (now - ran)).num_seconds().abs();
    assert!(off <= 5, "started {off} s off");

    w.sim().advance(extra.to_std().unwrap());
    let stop = Utc::now() + extra;
    w.tracker.stop(Some(stop), stop).unwrap();
    let summary = w.pass_with(&window, stop);
    assert!(summary.error.is_none(), "{summary:?}");
    let sim_ms = w.sim().shared.clock.now_ms();
    let people = lock(&w.sim().shared.people);
    let log = people
        .logs
        .iter()
        .find(|l| l.id == timer_id)
        .unwrap()
        .clone();
    let ours = people
        .logs
        .iter()
        .filter(|l| l.erecno == PEOPLE_ERECNO && l.work_date == date)
        .count();
    drop(people);
    assert!(log.running().is_none(), "People's timer stopped");
    assert_eq!(ours, 1);
    let entry = only_entry(&w, date);
    assert!(!entry.is_running());
    assert_eq!(
        (&entry.sync, &entry.remote_ids),
        (&SyncState::Synced, &vec![timer_id])
    );
    assert_eq!(
        i64::from(entry.duration_minutes(stop)),
        log.seconds(sim_ms) / 60
    );
    let before = w.requests();
    w.pass_with(&window, stop);
    assert_eq!(w.writes_since(before), Vec::<String>::new());
}

#[test]
fn in_mirror_mode_books_timer_runs_while_punchs_does() {
    let mut w = World::new(SimConfig::default());
    let mut account = accounts::get(w.tracker.store().conn(), "books")
        .unwrap()
        .unwrap();
    account.timer_mode = TimerMode::Mirror;
    w.tracker
        .store_mut()
        .write(|tx| accounts::save(tx, &account))
        .unwrap();
    let now = to_tomorrow_noon(&w);
    let date = local_date(now, &Local);
    let window = around(date);
    let target = w.catalog.books[0].clone();
    let request = StartRequest {
        target: Some(TargetRef::Target(target.clone())),
        note: "Mirrored".into(),
        at: Some(now),
        ..StartRequest::default()
    };
    w.tracker.start(request, now).unwrap();

    let summary = w.pass_with(&window, now);
    assert_eq!(summary.pending, 1, "a running entry waits: {summary:?}");
    let timer_id = {
        let books = lock(&w.sim().shared.books);
        let org = books.organization(BOOKS_ORG).unwrap();
        let running = org.running(&org.me).expect("Books' timer runs");
        assert_eq!(running.notes, "Mirrored");
        running.time_entry_id.clone()
    };
    let before = w.requests();
    w.pass_with(&window, now);
    assert_eq!(w.writes_since(before), Vec::<String>::new(), "started once");

    w.sim().advance(Duration::from_secs(45 * 60));
    let stop = sim_now(&w);
    w.tracker.stop(Some(stop), stop).unwrap();
    let summary = w.pass_with(&window, stop);
    assert_eq!((summary.pending, summary.rejected), (0, 0), "{summary:?}");
    let books = lock(&w.sim().shared.books);
    let org = books.organization(BOOKS_ORG).unwrap();
    assert!(org.running(&org.me).is_none());
    assert_eq!(org.entries[&timer_id].log_minutes, 45);
    let ours = org
        .entries
        .values()
        .filter(|e| e.user_id == org.me && e.log_date == date)
        .count();
    assert_eq!(ours, 1, "the timer's entry is the log");
    drop(books);
    let entry = only_entry(&w, date);
    assert_eq!(
        (&entry.sync, &entry.remote_ids),
        (&SyncState::Synced, &vec![timer_id])
    );
    assert_eq!(entry.source, Source::Local);
    let _: &Account = &account;
}
