//! Zoho Projects (REST API v2, `/restapi/portal/{portal}/…`): timesheet logs on tasks,
//! bugs and general work, the timesheet layout and custom fields, and the portals,
//! projects, tasks and bugs a picker lists. Dates are `MM-DD-YYYY`, hours `hh:mm`.
//!
//! Every call of a portal spends that portal's budget (`Group::projects(portal)`).
//! Errors come as `{"error": {"code", "message"}}`; Zoho's v2 table lists 6831 (a
//! required parameter missing), 6832 (a parameter not matching its pattern), 6401/6890
//! (authorization), 6403 (not allowed), 6404/6504 (not found), 6891 (no such URL) and
//! 6500 (internal). A 6404 is reported as `not_found`, whatever the HTTP status.

mod catalog;
mod layout;
mod logs;
mod model;

use std::collections::HashSet;

use serde_json::Value;

pub use catalog::{Bug, Portal, Project, Task, portals};
pub use layout::{CustomField, Layout, LayoutField, LayoutSection};
pub use logs::{
    Approval, ApprovalFilter, BillFilter, Component, ComponentType, LogInput, LogQuery, Users, View,
};
pub use model::{ApprovalStatus, LogKind, TimeLog};

use crate::error::{ErrorKind, ZohoError};
use crate::limit::Group;
use crate::session::{Api, Method, Request, Session};

/// The most records v2 hands out per page (`range`).
pub const MAX_PAGE: u32 = 200;

/// Stop a pager that never ends (a Zoho answer that ignores `index`).
const MAX_PAGES: usize = 500;

/// One portal of Zoho Projects, through a signed-in session.
#[derive(Debug)]
pub struct Projects<'a> {
    session: &'a Session,
    /// The portal's id or name, as it appears in paths.
    portal: String,
    page_size: u32,
}

/// An answer that arrived but can't be read as what was asked for.
pub(crate) fn unreadable(what: &str, why: &dyn std::fmt::Display) -> ZohoError {
    ZohoError::new(
        ErrorKind::Transient,
        None,
        None,
        format!("Zoho Projects sent a {what} Punch can't read: {why}"),
    )
}

impl<'a> Projects<'a> {
    /// `portal` is the portal's id or its name (both work in Zoho's paths).
    pub fn new(session: &'a Session, portal: impl Into<String>) -> Projects<'a> {
        Projects {
            session,
            portal: portal.into(),
            page_size: MAX_PAGE,
        }
    }

    /// Ask for `size` records a page (1 to 200).
    pub fn with_page_size(mut self, size: u32) -> Projects<'a> {
        self.page_size = size.clamp(1, MAX_PAGE);
        self
    }

    pub fn portal(&self) -> &str {
        &self.portal
    }

    /// A request for `path` inside the portal, on the portal's budget.
    fn request(&self, method: Method, path: &str) -> Request {
        let full = format!("/restapi/portal/{}{path}", self.portal);
        Request::new(Api::Projects, method, full).limit(Group::projects(&self.portal))
    }

    fn send(&self, request: &Request) -> Result<Value, ZohoError> {
        self.session.send(request)
    }

    /// Every page of a list: `index` is the position of the first record (from 1),
    /// `range` the page size. A short or empty page (204) is the last; so is a page
    /// that brings nothing new, in case Zoho ignores `index` on an endpoint.
    fn all<T>(
        &self,
        request: Request,
        parse: impl Fn(&Value) -> Result<Vec<T>, ZohoError>,
        key: impl Fn(&T) -> String,
    ) -> Result<Vec<T>, ZohoError> {
        let mut found = Vec::new();
        let mut seen = HashSet::new();
        let mut index = 1usize;
        for _ in 0..MAX_PAGES {
            let page = request
                .clone()
                .query("index", index)
                .query("range", self.page_size);
            let items = parse(&self.send(&page)?)?;
            let count = items.len();
            let before = found.len();
            for item in items {
                if seen.insert(key(&item)) {
                    found.push(item);
                }
            }
            if count < self.page_size as usize || found.len() == before {
                break;
            }
            index += count;
        }
        Ok(found)
    }
}
