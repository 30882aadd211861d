//! Zoho Projects (REST API v2) as the simulator serves it: portals, projects, tasks and
//! bugs, and the timesheet logs kept on them, with the parameter checks and error codes
//! of Zoho's v2 API, so the client meets the same refusals it would meet at Zoho.
//!
//! Error codes (Zoho's v2 table lists only the codes; the messages of 6831, 6832, 6404
//! and 6891 are those Zoho sends; the 6403 rule messages are this simulator's wording):
//! - 6831 `Input Parameter Missing` (400): a required parameter is absent or blank.
//! - 6832 `Input Parameter Does not Match the Pattern Specified` (400): a date not
//!   `MM-DD-YYYY`, hours not `hh:mm`, an unknown `bill_status`/`view_type`/…, a
//!   `custom_date` range longer than six months, a reason over 250 characters.
//! - 6404 `Resource Not Found` (404): an unknown portal, project, task, bug, user or log.
//! - 6403 (400): a rule refused the change: a future date, an approved log edited or
//!   deleted, a log approved twice.
//! - 6891 `Given URL is wrong` (400): a path under `/restapi` that is no endpoint.
//! - 6401 (401): the access token (see `auth.rs`).

mod catalog;
mod changes;
mod lists;
mod params;
mod place;
mod render;
mod seed;

use std::sync::Arc;

use axum::Router;
use axum::routing::{MethodRouter, any, get, post};
use chrono::NaiveDate;
use serde::Serialize;
use serde_json::{Map, Value};

use crate::state::Shared;
pub use params::Refusal;

#[derive(Debug, Clone, Serialize)]
pub struct User {
    pub id: u64,
    pub name: String,
    pub email: String,
    pub role: String,
}

/// A portal: a company's Zoho Projects space, addressed by id or by name.
#[derive(Debug, Clone, Serialize)]
pub struct Portal {
    pub id: u64,
    pub name: String,
    pub company: String,
    /// The first user is the one signed in to the simulator (an admin).
    pub users: Vec<User>,
    /// `GET …/timesheetcustomfields`, one entry per custom column.
    pub custom_fields: Vec<CustomField>,
    /// `GET …/projects/{id}/timesheetlayouts`: the same layout for every project.
    pub layout: Value,
}

#[derive(Debug, Clone, Serialize)]
pub struct CustomField {
    pub id: u64,
    /// `UDF_CHAR1`…: the key a log's `custom_fields` parameter uses.
    pub column: String,
    pub name: String,
    pub data_type: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Project {
    pub id: u64,
    pub portal_id: u64,
    pub name: String,
    /// `active` or `archived`.
    pub status: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Task {
    pub id: u64,
    pub project_id: u64,
    pub name: String,
    pub tasklist_id: u64,
    pub tasklist: String,
    pub completed: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct Bug {
    pub id: u64,
    pub project_id: u64,
    pub title: String,
    pub status: String,
}

/// What a log is kept on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum LogOn {
    Task {
        task_id: u64,
    },
    Bug {
        bug_id: u64,
    },
    /// A general ("other tasks") log, named by its `name` parameter.
    General {
        name: String,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Approval {
    Pending,
    Approved,
    Rejected,
}

impl Approval {
    pub fn word(self) -> &'static str {
        match self {
            Approval::Pending => "Pending",
            Approval::Approved => "Approved",
            Approval::Rejected => "Rejected",
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Log {
    pub id: u64,
    pub portal_id: u64,
    pub project_id: u64,
    pub on: LogOn,
    pub date: NaiveDate,
    pub minutes: u32,
    pub notes: String,
    pub billable: bool,
    pub approval: Approval,
    pub approver_id: Option<u64>,
    pub reject_reason: Option<String>,
    pub owner_id: u64,
    pub custom_fields: Map<String, Value>,
    pub cost_per_hour: Option<f64>,
    pub created_ms: i64,
    pub modified_ms: i64,
}

/// The simulator's Projects data.
#[derive(Debug, Default, Serialize)]
pub struct ProjectsDb {
    pub portals: Vec<Portal>,
    pub projects: Vec<Project>,
    pub tasks: Vec<Task>,
    pub bugs: Vec<Bug>,
    pub logs: Vec<Log>,
    #[serde(skip)]
    next_id: u64,
}

impl ProjectsDb {
    /// The demo catalog: a small consultancy's two portals, their projects, tasks, bugs
    /// and a few days of logs.
    pub fn seeded() -> Self {
        seed::seeded()
    }

    /// A fresh id in Zoho's long-number style.
    pub fn new_id(&mut self) -> u64 {
        if self.next_id == 0 {
            self.next_id = 170_876_000_020_000_001;
        }
        let id = self.next_id;
        self.next_id += 4;
        id
    }

    /// `{portal}` is the portal's id or its name.
    pub fn portal(&self, key: &str) -> Result<&Portal, Refusal> {
        self.portals
            .iter()
            .find(|p| p.id.to_string() == key || p.name.eq_ignore_ascii_case(key))
            .ok_or_else(Refusal::not_found)
    }

    pub fn project(&self, portal_id: u64, key: &str) -> Result<&Project, Refusal> {
        self.projects
            .iter()
            .find(|p| p.portal_id == portal_id && p.id.to_string() == key)
            .ok_or_else(Refusal::not_found)
    }

    pub fn task(&self, project_id: u64, key: &str) -> Result<&Task, Refusal> {
        self.tasks
            .iter()
            .find(|t| t.project_id == project_id && t.id.to_string() == key)
            .ok_or_else(Refusal::not_found)
    }

    pub fn bug(&self, project_id: u64, key: &str) -> Result<&Bug, Refusal> {
        self.bugs
            .iter()
            .find(|b| b.project_id == project_id && b.id.to_string() == key)
            .ok_or_else(Refusal::not_found)
    }

    pub fn user(&self, portal_id: u64, id: u64) -> Option<&User> {
        self.portals
            .iter()
            .find(|p| p.id == portal_id)?
            .users
            .iter()
            .find(|u| u.id == id)
    }
}

/// Zoho's paths end in `/` in some documents and not in others; both reach the handler.
fn both(
    router: Router<Arc<Shared>>,
    path: &str,
    handler: MethodRouter<Arc<Shared>>,
) -> Router<Arc<Shared>> {
    let bare = path.trim_end_matches('/');
    router
        .route(bare, handler.clone())
        .route(&format!("{bare}/"), handler)
}

pub fn routes() -> Router<Arc<Shared>> {
    let p = "/restapi/portal/{portal}";
    let mut r = Router::new();
    r = both(r, "/restapi/portals", get(catalog::portals));
    r = both(r, &format!("{p}/projects"), get(catalog::projects));
    r = both(
        r,
        &format!("{p}/projects/{{project}}/tasks"),
        get(catalog::tasks),
    );
    r = both(
        r,
        &format!("{p}/projects/{{project}}/bugs"),
        get(catalog::bugs),
    );
    r = both(
        r,
        &format!("{p}/projects/{{project}}/timesheetlayouts"),
        get(catalog::layout),
    );
    r = both(
        r,
        &format!("{p}/timesheetcustomfields"),
        get(catalog::custom_fields),
    );
    r = both(r, &format!("{p}/logs"), get(lists::my_logs));
    // General logs live right under the project; task and bug logs under their item.
    for owner in ["", "/tasks/{task}", "/bugs/{bug}"] {
        let base = format!("{p}/projects/{{project}}{owner}/logs");
        let list = if owner.is_empty() {
            get(lists::project_logs).post(changes::add)
        } else {
            get(lists::item_logs).post(changes::add)
        };
        r = both(r, &base, list);
        r = both(
            r,
            &format!("{base}/{{log}}"),
            post(changes::update).delete(changes::delete),
        );
        r = both(
            r,
            &format!("{base}/{{log}}/approval"),
            post(changes::approve),
        );
    }
    r.route("/restapi/{*rest}", any(catalog::wrong_url))
        .route("/_sim/projects", get(catalog::inspect_all))
        .route("/_sim/projects/logs", get(catalog::inspect_logs))
}
