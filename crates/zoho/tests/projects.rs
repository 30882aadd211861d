//! Zoho Projects timesheets over real loopback HTTP against the simulator: every
//! endpoint's success, Zoho's refusals with their v2 codes, paging past one page, both
//! nestings of the log lists, ids as numbers or strings, and a token refreshed mid-way.

mod support;

#[path = "projects/catalog.rs"]
mod catalog;
#[path = "projects/logs.rs"]
mod logs;
#[path = "projects/refusals.rs"]
mod refusals;

use chrono::{Datelike, Days, NaiveDate, Utc};
use serde_json::{Map, Value, json};
use zoho::ErrorKind;
use zoho::projects::{
    Approval, ApprovalStatus, BillFilter, Component, ComponentType, LogInput, LogKind, LogQuery,
    Projects, View, portals,
};
use zoho::session::{Api, Method, Request};
use zoho::{Session, ZohoError};
use zoho_sim::state::{Received, lock};
use zoho_sim::{RunningSim, SimConfig};

fn ago(days: u64) -> NaiveDate {
    Utc::now().date_naive() - Days::new(days)
}

fn mdy(date: NaiveDate) -> String {
    date.format("%m-%d-%Y").to_string()
}

/// Ids of the seeded catalog, read from the simulator's store.
struct Catalog {
    portal_id: String,
    website: String,
    warehouse: String,
    /// "Frontend templates" (website relaunch; no seeded logs).
    task: String,
    /// "Contact form rejects plus-addressed emails" (no seeded logs).
    bug: String,
    /// "ETL jobs" (data warehouse migration).
    etl: String,
}

fn catalog(sim: &RunningSim) -> Catalog {
    let db = lock(&sim.shared.projects);
    let project = |name: &str| db.projects.iter().find(|p| p.name == name).unwrap().id;
    let task = |name: &str| {
        db.tasks
            .iter()
            .find(|t| t.name == name)
            .unwrap()
            .id
            .to_string()
    };
    Catalog {
        portal_id: db.portals[0].id.to_string(),
        website: project("Website relaunch").to_string(),
        warehouse: project("Data warehouse migration").to_string(),
        task: task("Frontend templates"),
        bug: db
            .bugs
            .iter()
            .find(|b| b.title.starts_with("Contact form"))
            .unwrap()
            .id
            .to_string(),
        etl: task("ETL jobs"),
    }
}

fn start() -> (RunningSim, Session, Catalog) {
    let (sim, session) = support::signed_in(SimConfig::default());
    let catalog = catalog(&sim);
    (sim, session, catalog)
}

/// The requests the simulator received whose path contains `part`, with `method`.
fn received(sim: &RunningSim, method: &str, part: &str) -> Vec<Received> {
    lock(&sim.shared.received)
        .iter()
        .filter(|r| r.method == method && r.path.contains(part))
        .cloned()
        .collect()
}

fn assert_zoho(err: &ZohoError, kind: ErrorKind, code: i64, message: &str) {
    assert_eq!(
        (err.kind, err.code, err.message.as_str()),
        (kind, Some(code), message),
        "{err:?}"
    );
}

const PATTERN: &str = "Input Parameter Does not Match the Pattern Specified";
const MISSING: &str = "Input Parameter Missing";
