//! Books over real loopback HTTP against the simulator: every endpoint's success, each
//! refusal the simulator implements, paging beyond one page, the per-minute limit and a
//! token that expires mid-sync.

mod support;

#[path = "books/entries.rs"]
mod entries;
#[path = "books/limits.rs"]
mod limits;
#[path = "books/listing.rs"]
mod listing;
#[path = "books/timer.rs"]
mod timer;

use std::sync::Arc;
use std::time::Duration;

use chrono::{Days, NaiveDate, NaiveTime};
use serde_json::{Value, json};
use zoho::books::{self, Books, LoggedTime, TimeEntryFields, TimeEntryFilter};
use zoho::limit::{BudgetState, BudgetStore, Group, MemoryBudgets};
use zoho::session::{Api, Method, Request};
use zoho::{Credentials, Endpoints, ErrorKind, Sensitive, Session, ZohoError};
use zoho_sim::{Fault, FaultAction, RunningSim, SimConfig};

/// The seeded default organization and the second one.
const ORG: &str = "10234695";
const OTHER_ORG: &str = "10234712";

/// Where time goes in most tests: "Website relaunch" / "Development", as the signed-in user.
struct Target {
    project_id: String,
    task_id: String,
    user_id: String,
}

fn target(books: &Books) -> Target {
    let project = books
        .active_projects()
        .unwrap()
        .into_iter()
        .find(|p| p.project_name == "Website relaunch")
        .expect("the seeded project");
    let task = books
        .tasks(&project.project_id)
        .unwrap()
        .into_iter()
        .find(|t| t.task_name == "Development")
        .expect("the seeded task");
    Target {
        project_id: project.project_id,
        task_id: task.task_id,
        user_id: books.current_user().unwrap().user_id,
    }
}

fn today(sim: &RunningSim) -> NaiveDate {
    sim.shared.clock.now().date_naive()
}

fn days_ago(sim: &RunningSim, n: u64) -> NaiveDate {
    today(sim) - Days::new(n)
}

fn at(h: u32, m: u32) -> NaiveTime {
    NaiveTime::from_hms_opt(h, m, 0).unwrap()
}

fn entry(t: &Target, log_date: NaiveDate, time: LoggedTime, notes: &str) -> TimeEntryFields {
    TimeEntryFields {
        project_id: t.project_id.clone(),
        task_id: t.task_id.clone(),
        user_id: t.user_id.clone(),
        log_date,
        time,
        is_billable: Some(true),
        notes: notes.into(),
    }
}

fn minutes(m: u32) -> LoggedTime {
    LoggedTime::Duration { minutes: m }
}

/// How many requests the simulator received for `method` on exactly `path`.
fn received(sim: &RunningSim, method: &str, path: &str) -> usize {
    sim.shared
        .received
        .lock()
        .unwrap()
        .iter()
        .filter(|r| r.method == method && r.path == path)
        .count()
}

fn assert_refused(result: Result<impl std::fmt::Debug, ZohoError>, code: i64, message: &str) {
    let err = result.expect_err("Books should refuse this");
    assert_eq!(err.kind, ErrorKind::Rejected, "{err}");
    assert_eq!((err.code, err.message.as_str()), (Some(code), message));
}

#[test]
fn organizations_user_projects_and_tasks() {
    let (_sim, session) = support::signed_in(SimConfig::default());
    let orgs = books::organizations(&session).unwrap();
    let ids: Vec<&str> = orgs.iter().map(|o| o.organization_id.as_str()).collect();
    assert_eq!(ids, [ORG, OTHER_ORG]);
    assert!(orgs[0].is_default_org && !orgs[1].is_default_org);
    assert_eq!(orgs[0].name, "Lindqvist & Hart Consulting");

    let books = Books::new(&session, ORG);
    assert_eq!(books.current_user().unwrap().name, "Alex Morgan");
    let projects = books.active_projects().unwrap();
    let names: Vec<&str> = projects.iter().map(|p| p.project_name.as_str()).collect();
    assert!(names.contains(&"Website relaunch"), "{names:?}");
    assert!(
        !names.contains(&"Legacy CRM support"),
        "inactive: {names:?}"
    );
    assert!(projects.iter().all(|p| p.status == "active"));
    let website = projects
        .iter()
        .find(|p| p.project_name == "Website relaunch")
        .unwrap();
    assert_eq!(website.customer_name, "Bäckerei Krume");
    let tasks: Vec<String> = books
        .tasks(&website.project_id)
        .unwrap()
        .into_iter()
        .map(|t| t.task_name)
        .collect();
    assert_eq!(
        tasks,
        ["Design", "Development", "Project management", "Meetings"]
    );

    let other = Books::new(&session, OTHER_ORG).active_projects().unwrap();
    assert!(
        other
            .iter()
            .any(|p| p.project_name == "Security audit 2025")
    );
}

#[test]
fn projects_page_beyond_the_first() {
    let (sim, session) = support::signed_in(SimConfig::default());
    let books = Books::new(&session, ORG);
    let first = books.projects(1, 2).unwrap();
    let second = books.projects(2, 2).unwrap();
    assert_eq!(first.items.len(), 2);
    assert!(first.has_more() && !second.has_more());
    assert_eq!(second.page_context.page, 2);
    let mut paged: Vec<String> = first
        .items
        .into_iter()
        .chain(second.items)
        .map(|p| p.project_id)
        .collect();
    let mut walked: Vec<String> = books
        .active_projects()
        .unwrap()
        .into_iter()
        .map(|p| p.project_id)
        .collect();
    paged.sort();
    walked.sort();
    assert_eq!(paged, walked);
    assert_eq!(received(&sim, "GET", "/books/v3/projects"), 3);
}

#[test]
fn an_unknown_project_has_no_tasks() {
    let (_sim, session) = support::signed_in(SimConfig::default());
    let books = Books::new(&session, ORG);
    assert_refused(
        books.tasks("460000000099999"),
        1002,
        "Project does not exist.",
    );
}

#[test]
fn an_organization_must_be_given_and_be_the_users() {
    let (_sim, session) = support::signed_in(SimConfig::default());
    let err = Books::new(&session, "99999999").current_user().unwrap_err();
    assert_eq!((err.kind, err.code), (ErrorKind::Rejected, Some(6041)));
    assert_eq!(
        err.message,
        "This user is not associated with the CompanyID/CompanyName:99999999."
    );
    let bare = Request::new(Api::Books, Method::Get, "/books/v3/projects/timeentries");
    assert_refused(
        session.send(&bare),
        2,
        "Invalid value passed for organization_id",
    );
}

#[test]
fn the_simulator_shows_what_it_stores() {
    let (sim, session) = support::signed_in(SimConfig::default());
    let books = Books::new(&session, ORG);
    let t = target(&books);
    let created = books
        .create_time_entry(&entry(&t, days_ago(&sim, 1), minutes(50), "Kickoff"))
        .unwrap();
    let mut answer = ureq::get(format!("{}/_sim/books/entries", sim.base_url()))
        .call()
        .unwrap();
    let stored: Value = answer.body_mut().read_json().unwrap();
    let mine = stored
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["time_entry_id"] == created.time_entry_id.as_str())
        .expect("the new entry is stored");
    assert_eq!(
        (mine["organization_id"].as_str(), mine["log_time"].as_str()),
        (Some(ORG), Some("00:50"))
    );
    assert_eq!(mine["notes"], "Kickoff");
}
