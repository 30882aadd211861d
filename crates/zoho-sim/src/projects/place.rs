//! Where a log request points: the portal, project and task or bug its path names,
//! each resolved or refused with Zoho's not-found error, and how an outcome is answered.

use std::collections::HashMap;

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::Value;

use super::params::Refusal;
use super::{LogOn, ProjectsDb};

/// What the path names a log list by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Item {
    Task(u64),
    Bug(u64),
    General,
}

impl Item {
    pub fn holds(self, on: &LogOn) -> bool {
        match (self, on) {
            (Item::Task(id), LogOn::Task { task_id }) => id == *task_id,
            (Item::Bug(id), LogOn::Bug { bug_id }) => id == *bug_id,
            (Item::General, LogOn::General { .. }) => true,
            _ => false,
        }
    }
}

#[derive(Debug, Clone, Copy)]
pub struct Place {
    pub portal_id: u64,
    pub project_id: u64,
    pub item: Item,
}

pub fn place(db: &ProjectsDb, path: &HashMap<String, String>) -> Result<Place, Refusal> {
    let key = |k: &str| path.get(k).map(String::as_str).unwrap_or_default();
    let portal_id = db.portal(key("portal"))?.id;
    let project_id = db.project(portal_id, key("project"))?.id;
    let item = if let Some(task) = path.get("task") {
        Item::Task(db.task(project_id, task)?.id)
    } else if let Some(bug) = path.get("bug") {
        Item::Bug(db.bug(project_id, bug)?.id)
    } else {
        Item::General
    };
    Ok(Place {
        portal_id,
        project_id,
        item,
    })
}

pub fn answer(result: Result<(StatusCode, Value), Refusal>) -> Response {
    match result {
        Ok((StatusCode::NO_CONTENT, _)) => StatusCode::NO_CONTENT.into_response(),
        Ok((status, body)) => (status, Json(body)).into_response(),
        Err(refusal) => refusal.into_response(),
    }
}
