//! What the picker lists from Zoho Projects: portals, a portal's projects, a project's
//! tasks and bugs (catalogs.md). Lists are paged with `index`/`range`; an empty page
//! comes back as HTTP 204 with no body.

use serde::Deserialize;
use serde_json::Value;

use super::Projects;
use super::model::id_of;
use crate::error::ZohoError;
use crate::lenient;
use crate::limit::Group;
use crate::session::{Api, Method, Request, Session};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Portal {
    pub id: String,
    /// The portal's URL name; `{portal}` in a path may be this or the id.
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Project {
    pub id: String,
    pub name: String,
    /// `active`, `archived`…; as Zoho sends it.
    pub status: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Task {
    pub id: String,
    pub name: String,
    pub completed: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bug {
    pub id: String,
    pub title: String,
}

#[derive(Deserialize)]
struct Named {
    #[serde(default, deserialize_with = "lenient::text")]
    name: String,
    #[serde(default, deserialize_with = "lenient::text")]
    title: String,
    #[serde(default)]
    status: Option<Value>,
    #[serde(default, deserialize_with = "lenient::flag")]
    completed: bool,
}

/// The objects under `key`, each with its id (entries without one are skipped).
fn entries(answer: &Value, key: &str) -> Vec<(String, Named)> {
    let Some(list) = answer.get(key).and_then(Value::as_array) else {
        return Vec::new();
    };
    list.iter()
        .filter_map(|v| Some((id_of(v)?, Named::deserialize(v).ok()?)))
        .collect()
}

/// A status that is a word (`"active"`) or an object (`{"name": "Open", "type": "open"}`).
fn status_word(status: Option<&Value>) -> String {
    match status {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Object(o)) => o
            .get("type")
            .or_else(|| o.get("name"))
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned(),
        _ => String::new(),
    }
}

pub(crate) fn parse_portals(answer: &Value) -> Vec<Portal> {
    entries(answer, "portals")
        .into_iter()
        .map(|(id, n)| Portal { id, name: n.name })
        .collect()
}

pub(crate) fn parse_projects(answer: &Value) -> Vec<Project> {
    entries(answer, "projects")
        .into_iter()
        .map(|(id, n)| Project {
            id,
            status: status_word(n.status.as_ref()),
            name: n.name,
        })
        .collect()
}

pub(crate) fn parse_tasks(answer: &Value) -> Vec<Task> {
    entries(answer, "tasks")
        .into_iter()
        .map(|(id, n)| Task {
            id,
            completed: n.completed || status_word(n.status.as_ref()).eq_ignore_ascii_case("closed"),
            name: n.name,
        })
        .collect()
}

pub(crate) fn parse_bugs(answer: &Value) -> Vec<Bug> {
    entries(answer, "bugs")
        .into_iter()
        .map(|(id, n)| Bug {
            id,
            title: if n.title.is_empty() { n.name } else { n.title },
        })
        .collect()
}

/// The portals the signed-in user belongs to: `GET /restapi/portals/`. No portal is
/// known yet, so this call's budget is the shared `projects:portals` group.
pub fn portals(session: &Session) -> Result<Vec<Portal>, ZohoError> {
    let request = Request::new(Api::Projects, Method::Get, "/restapi/portals/")
        .limit(Group::projects("portals"));
    let answer = session.send(&request)?;
    Ok(parse_portals(&answer))
}

impl Projects<'_> {
    /// Every project of the portal (active and archived, as Zoho lists them).
    pub fn projects(&self) -> Result<Vec<Project>, ZohoError> {
        self.all(
            self.request(Method::Get, "/projects/"),
            |a| Ok(parse_projects(a)),
            |p| p.id.clone(),
        )
    }

    /// Every task of a project.
    pub fn tasks(&self, project_id: &str) -> Result<Vec<Task>, ZohoError> {
        let path = format!("/projects/{project_id}/tasks/");
        self.all(
            self.request(Method::Get, &path),
            |a| Ok(parse_tasks(a)),
            |t| t.id.clone(),
        )
    }

    /// Every bug of a project.
    pub fn bugs(&self, project_id: &str) -> Result<Vec<Bug>, ZohoError> {
        let path = format!("/projects/{project_id}/bugs/");
        self.all(
            self.request(Method::Get, &path),
            |a| Ok(parse_bugs(a)),
            |b| b.id.clone(),
        )
    }
}
