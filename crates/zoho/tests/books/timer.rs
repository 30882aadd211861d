//! Books' timer: one per user, started on an entry, stopped into its logged time.

use super::*;

#[test]
fn the_timer_starts_runs_and_stops() {
    let (sim, session) = support::signed_in(SimConfig::default());
    let books = Books::new(&session, ORG);
    let t = target(&books);
    assert_eq!(books.running_timer().unwrap(), None);
    assert_refused(books.stop_timer(), 1002, "Timer does not exist.");

    let running = books
        .create_time_entry(&entry(&t, today(&sim), LoggedTime::Timer, "Pairing"))
        .unwrap();
    assert!(running.timer_running && running.timer_started_at.is_some());
    assert_eq!(running.log_minutes, 0);
    let found = books.running_timer().unwrap().expect("a timer runs");
    assert_eq!(found.time_entry_id, running.time_entry_id);
    assert!(found.timer_running);

    let idle = books
        .create_time_entry(&entry(&t, today(&sim), minutes(10), ""))
        .unwrap();
    assert_refused(
        books.start_timer(&idle.time_entry_id),
        1001,
        "A timer is already running. Stop it before starting another one.",
    );
    assert_refused(
        books.create_time_entry(&entry(&t, today(&sim), LoggedTime::Timer, "")),
        1001,
        "A timer is already running. Stop it before starting another one.",
    );

    sim.advance(Duration::from_secs(25 * 60));
    let stopped = books.stop_timer().unwrap();
    assert_eq!(stopped.time_entry_id, running.time_entry_id);
    assert_eq!(stopped.log_minutes, 25);
    assert!(!stopped.timer_running);
    assert_eq!(books.running_timer().unwrap(), None);

    // Books' timer also resumes on an entry that already has time.
    let resumed = books.start_timer(&idle.time_entry_id).unwrap();
    assert!(resumed.timer_running);
    sim.advance(Duration::from_secs(5 * 60));
    assert_eq!(books.stop_timer().unwrap().log_minutes, 15);
    assert_refused(
        books.start_timer("460000000099999"),
        1002,
        "Time entry does not exist.",
    );
}
