//! Zoho Books: time entries (with Books' own timer) and the organizations, projects and
//! tasks a picker lists. Every call but `/organizations` carries `organization_id` and
//! counts against that organization's rate budget ([`Group::books`]).
//!
//! Assumptions where Zoho's documents are silent:
//! - `/organizations` belongs to no organization, so it has no rate group.
//! - Tasks answer under `task` (as Zoho sends them); `tasks` is read too.
//! - Walking pages stops when `has_more_page` is false or a page comes back empty, so an
//!   answer that always claims more can't loop forever.

mod model;
mod time_entries;

use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

pub use model::{
    Organization, Page, Project, Task, TimeEntry, User, format_minutes, parse_minutes,
};
pub use time_entries::{LoggedTime, NOTES_MAX, TimeEntryFields, TimeEntryFilter};

use crate::error::{ErrorKind, ZohoError};
use crate::lenient::PageContext;
use crate::limit::Group;
use crate::session::{Api, Method, Request, Session};

/// Books answers at most this many records a page.
pub const MAX_PER_PAGE: u32 = 200;

/// Books for one organization of a signed-in account.
#[derive(Debug, Clone)]
pub struct Books<'a> {
    session: &'a Session,
    organization_id: String,
}

/// Every organization the account belongs to (`GET /organizations`).
pub fn organizations(session: &Session) -> Result<Vec<Organization>, ZohoError> {
    let answer = session.send(&Request::new(
        Api::Books,
        Method::Get,
        "/books/v3/organizations",
    ))?;
    list(&answer, &["organizations"])
}

/// An answer that parsed as JSON but not as what Books documents.
fn unreadable(what: &str, err: impl std::fmt::Display) -> ZohoError {
    ZohoError::new(
        ErrorKind::Transient,
        None,
        None,
        format!("Zoho Books sent {what} Punch can't read: {err}"),
    )
}

/// The value under the first of `keys` present in `answer`.
fn pick<'v>(answer: &'v Value, keys: &[&str]) -> Option<&'v Value> {
    keys.iter().find_map(|k| answer.get(*k))
}

fn one<T: DeserializeOwned>(answer: &Value, key: &str) -> Result<T, ZohoError> {
    let value = answer
        .get(key)
        .ok_or_else(|| unreadable("an answer", format_args!("`{key}` is missing")))?;
    T::deserialize(value).map_err(|e| unreadable(&format!("a `{key}`"), e))
}

/// The records of a list answer. A record that doesn't parse is skipped (and logged),
/// so one odd entry never fails a whole sync.
fn list<T: DeserializeOwned>(answer: &Value, keys: &[&str]) -> Result<Vec<T>, ZohoError> {
    let Some(Value::Array(records)) = pick(answer, keys) else {
        return match pick(answer, keys) {
            None | Some(Value::Null) => Ok(Vec::new()),
            Some(_) => Err(unreadable("a list that is not a list", keys.join("/"))),
        };
    };
    Ok(records
        .iter()
        .filter_map(|r| match T::deserialize(r) {
            Ok(item) => Some(item),
            Err(e) => {
                tracing::warn!(error = %e, "skipping a Books record Punch can't read");
                None
            }
        })
        .collect())
}

fn page<T: DeserializeOwned>(answer: &Value, keys: &[&str]) -> Result<Page<T>, ZohoError> {
    let page_context = match answer.get("page_context") {
        Some(value) => PageContext::deserialize(value).unwrap_or_default(),
        None => PageContext::default(),
    };
    Ok(Page {
        items: list(answer, keys)?,
        page_context,
    })
}

/// A path segment with anything but letters, digits, `-` and `_` percent-encoded, so an
/// odd id can't reach another endpoint.
fn segment(id: &str) -> String {
    id.bytes()
        .map(|b| match b {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'-' | b'_' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

impl<'a> Books<'a> {
    pub fn new(session: &'a Session, organization_id: impl Into<String>) -> Books<'a> {
        Books {
            session,
            organization_id: organization_id.into(),
        }
    }

    pub fn organization_id(&self) -> &str {
        &self.organization_id
    }

    /// A request to `/books/v3{path}` for this organization, in its rate group.
    fn request(&self, method: Method, path: &str) -> Request {
        Request::new(Api::Books, method, format!("/books/v3{path}"))
            .query("organization_id", &self.organization_id)
            .limit(Group::books(&self.organization_id))
    }

    fn send(&self, request: &Request) -> Result<Value, ZohoError> {
        self.session.send(request)
    }

    /// Walk every page of a list, `fetch(page)` giving one page.
    fn walk<T>(
        &self,
        mut fetch: impl FnMut(u32) -> Result<Page<T>, ZohoError>,
    ) -> Result<Vec<T>, ZohoError> {
        let mut all = Vec::new();
        for number in 1.. {
            let page = fetch(number)?;
            let (more, empty) = (page.has_more(), page.items.is_empty());
            all.extend(page.items);
            if !more || empty {
                break;
            }
        }
        Ok(all)
    }

    /// The signed-in user in this organization (`GET /users/me`): entries need its id.
    pub fn current_user(&self) -> Result<User, ZohoError> {
        let answer = self.send(&self.request(Method::Get, "/users/me"))?;
        one(&answer, "user")
    }

    /// One page of the active projects.
    pub fn projects(&self, page: u32, per_page: u32) -> Result<Page<Project>, ZohoError> {
        let request = self
            .request(Method::Get, "/projects")
            .query("filter_by", "Status.Active")
            .query("page", page.max(1))
            .query("per_page", per_page.clamp(1, MAX_PER_PAGE));
        self::page(&self.send(&request)?, &["projects"])
    }

    /// Every active project, all pages.
    pub fn active_projects(&self) -> Result<Vec<Project>, ZohoError> {
        self.walk(|n| self.projects(n, MAX_PER_PAGE))
    }

    /// Every task of a project, all pages.
    pub fn tasks(&self, project_id: &str) -> Result<Vec<Task>, ZohoError> {
        let path = format!("/projects/{}/tasks", segment(project_id));
        self.walk(|n| {
            let request = self
                .request(Method::Get, &path)
                .query("page", n)
                .query("per_page", MAX_PER_PAGE);
            self::page(&self.send(&request)?, &["task", "tasks"])
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_context_as_a_list_or_an_object() {
        let as_list: Value = serde_json::from_str(
            r#"{"code": 0, "time_entries": [], "page_context": [{"page": 2, "per_page": 50, "has_more_page": true, "report_name": "Projects"}]}"#,
        )
        .unwrap();
        let as_object: Value = serde_json::from_str(
            r#"{"code": 0, "projects": [], "page_context": {"page": "2", "per_page": 50, "has_more_page": true}}"#,
        )
        .unwrap();
        let a: Page<TimeEntry> = page(&as_list, &["time_entries"]).unwrap();
        let b: Page<Project> = page(&as_object, &["projects"]).unwrap();
        assert_eq!(a.page_context, b.page_context);
        assert!(a.has_more() && b.has_more());
        assert_eq!(a.page_context.page, 2);
    }

    #[test]
    fn an_odd_record_is_skipped_not_fatal() {
        let answer: Value = serde_json::from_str(
            r#"{"task": [{"task_id": 1, "task_name": "Design"}, {"task_name": "no id"}]}"#,
        )
        .unwrap();
        let tasks: Vec<Task> = list(&answer, &["task", "tasks"]).unwrap();
        assert_eq!(tasks.len(), 1);
        assert_eq!(tasks[0].task_id, "1");
    }

    #[test]
    fn ids_cannot_leave_their_path_segment() {
        assert_eq!(segment("460000000044021"), "460000000044021");
        assert_eq!(segment("../timer/stop"), "%2E%2E%2Ftimer%2Fstop");
    }
}
