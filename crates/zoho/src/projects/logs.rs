//! Timesheet logs: all logs of a project and my logs (filtered by a view, nested by day
//! in the answer), a task's or a bug's logs, and add, update, approve and delete for
//! task, bug and general logs. Parameters go as form fields, dates as `MM-DD-YYYY`,
//! hours as `hh:mm`, as v2 expects.

use chrono::NaiveDate;
use serde_json::{Map, Value, json};

use super::Projects;
use super::model::{self, TimeLog};
use crate::error::ZohoError;
use crate::session::Method;

/// Where a log is kept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Component {
    /// A task, by id.
    Task(String),
    /// A bug (issue), by id.
    Bug(String),
    /// A general log ("other tasks"), kept on the project itself.
    General,
}

impl Component {
    /// The path of this component's logs inside `project_id`.
    fn logs_path(&self, project_id: &str) -> String {
        match self {
            Component::Task(id) => format!("/projects/{project_id}/tasks/{id}/logs/"),
            Component::Bug(id) => format!("/projects/{project_id}/bugs/{id}/logs/"),
            Component::General => format!("/projects/{project_id}/logs/"),
        }
    }
}

/// Which days a log list covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum View {
    Day(NaiveDate),
    /// The week (as the portal starts its weeks) holding the date.
    Week(NaiveDate),
    Month(NaiveDate),
    /// At most six months: Zoho refuses longer ranges.
    Custom {
        start: NaiveDate,
        end: NaiveDate,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Users {
    All,
    Only(Vec<String>),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BillFilter {
    All,
    Billable,
    NonBillable,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ComponentType {
    Task,
    Bug,
    General,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ApprovalFilter {
    All,
    Approved,
    Pending,
    Rejected,
}

/// The filter of all logs and my logs; Zoho requires a view, a component type, the
/// users and the billing status on every call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogQuery {
    pub view: View,
    pub component: ComponentType,
    pub users: Users,
    pub bill_status: BillFilter,
    pub approval: Option<ApprovalFilter>,
    /// Select logs by when they were last modified instead of their date.
    pub by_modified_time: bool,
}

impl LogQuery {
    /// Every user's logs of `component` in `view`, billable or not.
    pub fn new(view: View, component: ComponentType) -> LogQuery {
        LogQuery {
            view,
            component,
            users: Users::All,
            bill_status: BillFilter::All,
            approval: None,
            by_modified_time: false,
        }
    }

    fn params(&self) -> Vec<(&'static str, String)> {
        let (view, date, custom) = match self.view {
            View::Day(d) => ("day", d, None),
            View::Week(d) => ("week", d, None),
            View::Month(d) => ("month", d, None),
            View::Custom { start, end } => (
                "custom_date",
                start,
                Some(json!({"start_date": mdy(start), "end_date": mdy(end)}).to_string()),
            ),
        };
        let users = match &self.users {
            Users::All => "all".to_owned(),
            Users::Only(ids) => ids.join(","),
        };
        let bill = match self.bill_status {
            BillFilter::All => "All",
            BillFilter::Billable => "Billable",
            BillFilter::NonBillable => "Non Billable",
        };
        let component = match self.component {
            ComponentType::Task => "task",
            ComponentType::Bug => "bug",
            ComponentType::General => "general",
        };
        let mut params = vec![
            ("users_list", users),
            ("view_type", view.to_owned()),
            ("date", mdy(date)),
            ("bill_status", bill.to_owned()),
            ("component_type", component.to_owned()),
        ];
        if let Some(custom) = custom {
            params.push(("custom_date", custom));
        }
        if let Some(approval) = self.approval {
            let word = match approval {
                ApprovalFilter::All => "all",
                ApprovalFilter::Approved => "approved",
                ApprovalFilter::Pending => "pending",
                ApprovalFilter::Rejected => "rejected",
            };
            params.push(("approval_status", word.to_owned()));
        }
        if self.by_modified_time {
            params.push(("fetch_by_modifiedtime", "true".to_owned()));
        }
        params
    }
}

/// A log to add, or a log's new values (v2 wants every required field on update too).
#[derive(Debug, Clone, PartialEq)]
pub struct LogInput {
    pub date: NaiveDate,
    pub minutes: u32,
    pub billable: bool,
    pub notes: String,
    /// Required by Zoho for a general log (the "other task" it names); not sent for
    /// task and bug logs.
    pub name: Option<String>,
    /// Log for another user (their Projects user id); the signed-in user otherwise.
    pub owner: Option<String>,
    /// `{"UDF_CHAR1": "…"}`: keys are the portal's custom field columns.
    pub custom_fields: Option<Map<String, Value>>,
    /// Task and bug logs only (general logs have no cost).
    pub cost_per_hour: Option<f64>,
}

impl LogInput {
    pub fn new(date: NaiveDate, minutes: u32, billable: bool) -> LogInput {
        LogInput {
            date,
            minutes,
            billable,
            notes: String::new(),
            name: None,
            owner: None,
            custom_fields: None,
            cost_per_hour: None,
        }
    }

    pub fn notes(mut self, notes: impl Into<String>) -> LogInput {
        self.notes = notes.into();
        self
    }

    pub fn named(mut self, name: impl Into<String>) -> LogInput {
        self.name = Some(name.into());
        self
    }

    fn form(&self, component: &Component) -> Vec<(String, String)> {
        let mut form = vec![
            ("date".to_owned(), mdy(self.date)),
            ("hours".to_owned(), hhmm(self.minutes)),
            (
                "bill_status".to_owned(),
                if self.billable {
                    "Billable"
                } else {
                    "Non Billable"
                }
                .to_owned(),
            ),
        ];
        let mut add = |k: &str, v: String| form.push((k.to_owned(), v));
        // Always sent: on an update, an empty note is how a note is cleared.
        add("notes", self.notes.clone());
        if let (Component::General, Some(name)) = (component, &self.name) {
            add("name", name.clone());
        }
        if let Some(owner) = &self.owner {
            add("owner", owner.clone());
        }
        if let Some(fields) = &self.custom_fields {
            add("custom_fields", Value::Object(fields.clone()).to_string());
        }
        if let (false, Some(cost)) = (*component == Component::General, self.cost_per_hour) {
            add("cost_per_hour", cost.to_string());
        }
        form
    }
}

/// An approval decision.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Approval {
    Approve,
    /// Back to pending (un-approve).
    Pending,
    /// Zoho wants a reason of at most 250 characters.
    Reject {
        reason: String,
    },
}

pub(crate) fn mdy(date: NaiveDate) -> String {
    date.format("%m-%d-%Y").to_string()
}

pub(crate) fn hhmm(minutes: u32) -> String {
    format!("{:02}:{:02}", minutes / 60, minutes % 60)
}

impl Projects<'_> {
    /// All logs of a project matching `query`, every page.
    pub fn project_logs(
        &self,
        project_id: &str,
        query: &LogQuery,
    ) -> Result<Vec<TimeLog>, ZohoError> {
        let mut request = self.request(Method::Get, &format!("/projects/{project_id}/logs/"));
        for (k, v) in query.params() {
            request = request.query(k, v);
        }
        self.all(
            request,
            |a| Ok(model::logs(a, Some(project_id))),
            |l| l.id.clone(),
        )
    }

    /// `GET /restapi/portal/{portal}/logs`: logs across the portal's projects; each
    /// names its project.
    pub fn my_logs(&self, query: &LogQuery) -> Result<Vec<TimeLog>, ZohoError> {
        let mut request = self.request(Method::Get, "/logs");
        for (k, v) in query.params() {
            request = request.query(k, v);
        }
        self.all(request, |a| Ok(model::logs(a, None)), |l| l.id.clone())
    }

    /// General logs have no list of their own: they are the project's logs of
    /// component type `general`.
    pub fn general_logs(&self, project_id: &str, view: View) -> Result<Vec<TimeLog>, ZohoError> {
        self.project_logs(project_id, &LogQuery::new(view, ComponentType::General))
    }

    /// Every log of one task, every page.
    pub fn task_logs(&self, project_id: &str, task_id: &str) -> Result<Vec<TimeLog>, ZohoError> {
        let path = Component::Task(task_id.to_owned()).logs_path(project_id);
        self.all(
            self.request(Method::Get, &path),
            |a| Ok(model::logs(a, Some(project_id))),
            |l| l.id.clone(),
        )
    }

    /// Every log of one bug, every page (the documents write this path without the
    /// trailing slash).
    pub fn bug_logs(&self, project_id: &str, bug_id: &str) -> Result<Vec<TimeLog>, ZohoError> {
        let path = format!("/projects/{project_id}/bugs/{bug_id}/logs");
        self.all(
            self.request(Method::Get, &path),
            |a| Ok(model::logs(a, Some(project_id))),
            |l| l.id.clone(),
        )
    }

    fn one(&self, answer: &Value, project_id: &str) -> Result<TimeLog, ZohoError> {
        model::logs(answer, Some(project_id))
            .into_iter()
            .next()
            .ok_or_else(|| super::unreadable("time log", &"the answer holds no log"))
    }

    /// Add a log; Zoho answers with the stored log (201).
    pub fn add_log(
        &self,
        project_id: &str,
        on: &Component,
        log: &LogInput,
    ) -> Result<TimeLog, ZohoError> {
        let request = self
            .request(Method::Post, &on.logs_path(project_id))
            .form(log.form(on));
        let answer = self.send(&request)?;
        self.one(&answer, project_id)
    }

    /// Replace a log's values (`POST …/logs/{id}/`). Zoho refuses once it is approved.
    pub fn update_log(
        &self,
        project_id: &str,
        on: &Component,
        log_id: &str,
        log: &LogInput,
    ) -> Result<TimeLog, ZohoError> {
        let path = format!("{}{log_id}/", on.logs_path(project_id));
        let answer = self.send(&self.request(Method::Post, &path).form(log.form(on)))?;
        self.one(&answer, project_id)
    }

    /// Approve, reject or reset a log (`POST …/logs/{id}/approval`).
    pub fn approve_log(
        &self,
        project_id: &str,
        on: &Component,
        log_id: &str,
        decision: &Approval,
    ) -> Result<TimeLog, ZohoError> {
        let path = format!("{}{log_id}/approval", on.logs_path(project_id));
        let mut form = Vec::new();
        match decision {
            Approval::Approve => form.push(("approval".to_owned(), "approve".to_owned())),
            Approval::Pending => form.push(("approval".to_owned(), "pending".to_owned())),
            Approval::Reject { reason } => {
                form.push(("approval".to_owned(), "reject".to_owned()));
                form.push(("reason".to_owned(), reason.clone()));
            }
        }
        let answer = self.send(&self.request(Method::Post, &path).form(form))?;
        self.one(&answer, project_id)
    }

    /// Delete a log (`DELETE …/logs/{id}/`).
    pub fn delete_log(
        &self,
        project_id: &str,
        on: &Component,
        log_id: &str,
    ) -> Result<(), ZohoError> {
        let path = format!("{}{log_id}/", on.logs_path(project_id));
        self.send(&self.request(Method::Delete, &path)).map(|_| ())
    }
}
