//! The timer: start, pause and resume by time log, the running timer, and refusals.

use std::time::Duration;

use zoho::people::{LogKind, NewTimer, People, TimeLogFilter};
use zoho_sim::state::lock;

use super::*;

fn timer(job: &str, date: NaiveDate) -> NewTimer {
    NewTimer {
        job_id: job.into(),
        work_date: date,
        billable: true,
        work_item: Some("Layout".into()),
        description: None,
    }
}

#[test]
fn a_timer_starts_pauses_and_resumes() {
    let (sim, session) = sim();
    let people = People::new(&session, ANA);
    assert_eq!(people.getcurrentlyrunningtimer().unwrap(), None);

    let id = people.start_timer(&timer(DESIGN, d(2025, 3, 4))).unwrap();
    sim.advance(Duration::from_secs(90));
    let running = people
        .getcurrentlyrunningtimer()
        .unwrap()
        .expect("a running timer");
    assert_eq!(
        (running.timelog_id.as_str(), running.job_id.as_str()),
        (id.as_str(), DESIGN)
    );
    assert_eq!(
        (running.work_date, running.job_name.as_str()),
        (d(2025, 3, 4), "Design")
    );
    assert!(
        running.running_for >= Duration::from_secs(90),
        "{running:?}"
    );
    assert!(running.billable && running.work_item == "Layout");

    people.pause_timer(&id).unwrap();
    assert_eq!(people.getcurrentlyrunningtimer().unwrap(), None);
    let march = TimeLogFilter::between(d(2025, 3, 1), d(2025, 3, 31));
    let logs = people.gettimelogs(&march).unwrap();
    assert_eq!(logs.len(), 1);
    assert_eq!(
        (logs[0].kind, logs[0].is_running, logs[0].timer_log),
        (LogKind::Timer, false, true)
    );
    assert!(logs[0].minutes >= 1, "{:?}", logs[0]);

    people.resume_timer(&id).unwrap();
    let running = people.getcurrentlyrunningtimer().unwrap().unwrap();
    assert_eq!(running.timelog_id, id);
    assert!(
        running.total >= Duration::from_secs(90),
        "the earlier run counts"
    );
    assert!(people.gettimelogs(&march).unwrap()[0].is_running);

    // One timer at a time: a second one pauses the first.
    let second = people.start_timer(&timer(FRONTEND, d(2025, 3, 5))).unwrap();
    let running = people.getcurrentlyrunningtimer().unwrap().unwrap();
    assert_eq!(running.timelog_id, second);
    let first = people
        .gettimelogs(&march)
        .unwrap()
        .into_iter()
        .find(|l| l.timelog_id == id)
        .unwrap();
    assert!(!first.is_running);

    for call in calls(&sim, "timer") {
        assert_eq!(call.method, "POST");
    }
    let actions: Vec<String> = calls(&sim, "timer")
        .iter()
        .map(|c| param(c, "timer").unwrap())
        .collect();
    assert_eq!(actions, ["start", "stop", "start", "start"]);
}

#[test]
fn timer_refusals() {
    let (sim, session) = sim();
    let people = People::new(&session, ANA);
    assert_refused(
        People::new(&session, BEN).start_timer(&timer(DESIGN, d(2025, 3, 4))),
        Some(7038),
        "Logged-in user alone can start timer",
    );
    assert_refused(
        people.start_timer(&timer(WORKSHOP, d(2025, 3, 4))),
        Some(9025),
        "Cannot log time for a completed job",
    );
    assert_refused(
        people.start_timer(&timer(DESIGN, d(2025, 3, 8))),
        Some(8008),
        "Cannot log time during Weekend/Holidays/Leave",
    );
    let future = chrono::Utc::now().date_naive() + chrono::Days::new(30);
    assert_refused(
        people.start_timer(&timer(DESIGN, future)),
        None,
        "Cannot log time for a Future Date",
    );
    let id = people.start_timer(&timer(DESIGN, d(2025, 3, 4))).unwrap();
    assert_refused(
        people.resume_timer(&id),
        Some(8001),
        "Wrong value for parameter",
    );
    people.pause_timer(&id).unwrap();
    assert_refused(
        people.pause_timer(&id),
        Some(8001),
        "Wrong value for parameter",
    );
    assert_refused(
        people.resume_timer("412762000000999999"),
        Some(8001),
        "Wrong value for parameter",
    );

    lock(&sim.shared.people)
        .user_mut(ANA)
        .unwrap()
        .timer_disabled = true;
    assert_refused(
        people.start_timer(&timer(DESIGN, d(2025, 3, 4))),
        Some(8005),
        "Timer is disabled in Settings. Contact your Administrator",
    );
}

#[test]
fn with_manual_logs_disabled_only_the_timer_logs() {
    let (sim, session) = sim();
    let people = People::new(&session, ANA);
    lock(&sim.shared.people)
        .user_mut(ANA)
        .unwrap()
        .manual_log_disabled = true;
    let manual = zoho::people::NewTimeLog {
        job_id: DESIGN.into(),
        work_date: d(2025, 3, 4),
        time: zoho::people::LoggedTime::Minutes(30),
        billable: None,
        work_item: None,
        description: None,
    };
    assert_refused(
        people.addtimelog(&manual),
        None,
        "Manual Log is disabled in Settings. Contact your Administrator.",
    );
    let id = people.start_timer(&timer(DESIGN, d(2025, 3, 4))).unwrap();
    assert_eq!(
        people
            .getcurrentlyrunningtimer()
            .unwrap()
            .unwrap()
            .timelog_id,
        id
    );
}

#[test]
fn a_running_timer_log_is_not_deleted() {
    let (sim, session) = sim();
    let people = People::new(&session, ANA);
    let running = people.start_timer(&timer(DESIGN, d(2025, 3, 4))).unwrap();
    let plain = seed_logs(&sim, DESIGN, &[d(2025, 3, 5)]).remove(0);
    assert_refused(
        people.deletetimelog(&[running.as_str(), plain.as_str()]),
        Some(8005),
        "TimerRunningError: Time Logs deleted. Skipped Time Log with timer running",
    );
    let left: Vec<String> = lock(&sim.shared.people)
        .logs
        .iter()
        .filter(|l| l.work_date.format("%Y-%m").to_string() == "2025-03")
        .map(|l| l.id.clone())
        .collect();
    assert_eq!(left, [running]);
}
