//! The picker's jobs and projects.

use zoho::people::{People, Status};
use zoho_sim::state::lock;

use super::*;

#[test]
fn jobs_assigned_to_the_user_with_the_completed_one_marked() {
    let (sim, session) = sim();
    let people = People::new(&session, ANA);
    let jobs = people.getjobs(Status::All).unwrap();
    let names: Vec<&str> = jobs.iter().map(|j| j.job_name.as_str()).collect();
    assert_eq!(
        names,
        [
            "Design",
            "Frontend build",
            "Content migration",
            "Discovery workshop",
            "Team meetings"
        ],
        "API integration is Ben's alone"
    );
    let workshop = jobs.iter().find(|j| j.job_id == WORKSHOP).unwrap();
    assert!(workshop.completed);
    assert_eq!(workshop.project_name, "Mobile ordering app");
    assert_eq!(workshop.client_name, "Northwind Bikes");
    let meetings = jobs.iter().find(|j| j.job_id == MEETINGS).unwrap();
    assert!(!meetings.billable && !meetings.completed);
    assert_eq!(meetings.project_id.as_deref(), Some("412762000000041009"));

    let open = people.getjobs(Status::InProgress).unwrap();
    assert_eq!(open.len(), 4);
    assert!(open.iter().all(|j| !j.completed));
    let done = people.getjobs(Status::Completed).unwrap();
    assert_eq!(
        done.iter().map(|j| j.job_id.as_str()).collect::<Vec<_>>(),
        [WORKSHOP]
    );

    let statuses: Vec<String> = calls(&sim, "getjobs")
        .iter()
        .map(|c| param(c, "jobStatus").unwrap())
        .collect();
    assert_eq!(statuses, ["all", "in-progress", "completed"]);
    assert!(
        calls(&sim, "getjobs")
            .iter()
            .all(|c| param(c, "assignedTo").as_deref() == Some(ANA))
    );
}

#[test]
fn more_than_two_hundred_jobs_come_back_page_by_page() {
    let (sim, session) = sim();
    {
        let mut db = lock(&sim.shared.people);
        let template = db.job(DESIGN).unwrap().clone();
        for i in 0..250 {
            let id = db.mint();
            db.jobs.push(zoho_sim::people::Job {
                id,
                name: format!("Support ticket {i}"),
                ..template.clone()
            });
        }
    }
    let jobs = People::new(&session, ANA).getjobs(Status::All).unwrap();
    assert_eq!(jobs.len(), 255);
    assert_eq!(calls(&sim, "getjobs").len(), 2);
}

#[test]
fn projects_of_the_users_jobs() {
    let (_sim, session) = sim();
    let projects = People::new(&session, ANA).getprojects(Status::All).unwrap();
    let names: Vec<(&str, &str)> = projects
        .iter()
        .map(|p| (p.project_name.as_str(), p.client_name.as_str()))
        .collect();
    assert_eq!(
        names,
        [
            ("Website relaunch", "Harbor Coffee Co."),
            ("Mobile ordering app", "Northwind Bikes"),
            ("Internal", "Zylker"),
        ]
    );
    assert!(projects.iter().all(|p| !p.completed));
}

#[test]
fn catalog_refusals() {
    let (_sim, session) = sim();
    let query =
        |pairs: &[(&str, &str)]| raw(&session, zoho::session::Method::Get, "getjobs", pairs, &[]);
    assert_refused(
        query(&[("jobStatus", "all")]),
        Some(9002),
        "No assignedTo parameter specified",
    );
    assert_refused(
        query(&[("assignedTo", ANA), ("jobStatus", "paused")]),
        Some(9003),
        "Wrong value given for jobStatus parameter",
    );
}

#[test]
fn the_simulator_shows_what_it_stores_and_takes_settings() {
    let (sim, session) = sim();
    let id = seed_logs(&sim, DESIGN, &[d(2025, 3, 4)]).remove(0);
    let agent = zoho::session::agent();
    let logs: serde_json::Value = agent
        .get(format!("{}/_sim/people/logs", sim.base_url()))
        .call()
        .unwrap()
        .body_mut()
        .read_json()
        .unwrap();
    let ids: Vec<&str> = logs
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids.len(), 4, "three seeded in February and ours");
    assert!(ids.contains(&id.as_str()));

    agent
        .post(format!("{}/_sim/people/settings", sim.base_url()))
        .send_json(serde_json::json!({"user": ANA, "manual_log_disabled": true}))
        .unwrap();
    assert!(lock(&sim.shared.people).me().unwrap().manual_log_disabled);
    let bulk = zoho::people::BulkLog {
        timelog_id: None,
        job_id: DESIGN.into(),
        date: d(2025, 3, 4),
        time: zoho::people::LoggedTime::Minutes(60),
        billable: None,
        work_item: None,
        description: None,
    };
    let outcome = People::new(&session, ANA).addupdatetimelogs(&[bulk]);
    assert!(matches!(
        &outcome[0],
        zoho::people::BulkOutcome::Rejected {
            code: Some(7038),
            ..
        }
    ));
}
