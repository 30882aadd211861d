//! Zoho Books as the simulator serves it, under `/books/v3`: organizations, the signed-in
//! user, projects and their tasks, and time entries with Books' own timer.
//!
//! Every route but `/organizations` checks, in Zoho's order: the access token, the
//! `organization_id`, then the organization's per-minute limit (`SimConfig::books_per_minute`,
//! counted on the simulator's clock). Errors are Books' `{"code", "message"}` bodies.
//!
//! Where Zoho's documents give no code or wording, the simulator uses these (Zoho-like,
//! chosen here and kept stable so tests can name them):
//! - `2` "Invalid value passed for <field>": malformed values (dates, times, paging,
//!   `filter_by`), and a missing or non-numeric `organization_id` (the wording Zoho is seen
//!   answering for both).
//! - `4` "Please select …/enter …": a required field is missing.
//! - `6041` "This user is not associated with the CompanyID/CompanyName:<id>.": an
//!   organization the user doesn't belong to (Zoho's observed answer).
//! - `44` (HTTP 429): the per-minute limit, with Zoho's observed wording.
//! - `1002` "<Thing> does not exist.": unknown project, task, user, time entry or timer
//!   (Zoho's documented "does not exist" code).
//! - `1001`: a second timer for a user who already has one running.
//! - `1038` "JSON is not well formed": a body that is not JSON.
//! - `1046`: a log date after the simulator's today (UTC).

mod db;
mod fields;
mod listing;
mod time_entries;
mod timer;

use std::collections::HashMap;
use std::sync::Arc;

use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde_json::{Value, json};

pub use db::{BooksDb, Entry, Organization, Project, Task, User, hours_minutes, stamp};

use crate::auth::{self, Product};
use crate::state::{Shared, lock};

/// Books answers at most this many records a page.
pub const MAX_PER_PAGE: usize = 200;

pub fn routes() -> Router<Arc<Shared>> {
    Router::new()
        .route("/books/v3/organizations", get(organizations))
        .route("/books/v3/users/me", get(current_user))
        .route("/books/v3/projects", get(projects))
        .route("/books/v3/projects/{project_id}/tasks", get(tasks))
        .route("/_sim/books/entries", get(inspect_entries))
        .merge(time_entries::routes())
}

/// A refusal ready to send (boxed: a response is large, and refusals travel in `Result`s).
#[derive(Debug)]
pub(crate) struct Refusal(Box<Response>);

impl IntoResponse for Refusal {
    fn into_response(self) -> Response {
        *self.0
    }
}

/// A Books error body.
pub(crate) fn refuse(status: StatusCode, code: i64, message: impl Into<String>) -> Refusal {
    let body = json!({ "code": code, "message": message.into() });
    Refusal(Box::new((status, Json(body)).into_response()))
}

pub(crate) fn invalid(field: &str) -> Refusal {
    refuse(
        StatusCode::BAD_REQUEST,
        2,
        format!("Invalid value passed for {field}"),
    )
}

pub(crate) fn missing(message: &str) -> Refusal {
    refuse(StatusCode::BAD_REQUEST, 4, message)
}

pub(crate) fn does_not_exist(thing: &str) -> Refusal {
    refuse(
        StatusCode::BAD_REQUEST,
        1002,
        format!("{thing} does not exist."),
    )
}

/// The checks of every organization-scoped route; on success, the organization's id.
/// Call it before taking the Books lock: it takes the token and Books locks itself.
pub(crate) fn admit(
    shared: &Shared,
    headers: &HeaderMap,
    query: &HashMap<String, String>,
) -> Result<String, Refusal> {
    if let Some(no) = auth::denied(shared, headers, Product::Books) {
        return Err(Refusal(Box::new(no)));
    }
    let id = query
        .get("organization_id")
        .map(|s| s.trim())
        .filter(|s| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit()))
        .ok_or_else(|| invalid("organization_id"))?;
    let mut db = lock(&shared.books);
    let org = db.organization_mut(id).ok_or_else(|| {
        refuse(
            StatusCode::BAD_REQUEST,
            6041,
            format!("This user is not associated with the CompanyID/CompanyName:{id}."),
        )
    })?;
    if !org.admit(shared.clock.now_ms(), shared.config.books_per_minute) {
        return Err(refuse(
            StatusCode::TOO_MANY_REQUESTS,
            44,
            "For security reasons your organization has been blocked as it have exceeded the maximum number of requests per minute that can originate from an organization.",
        ));
    }
    Ok(id.to_owned())
}

/// `page` and `per_page` as Books reads them: defaults 1 and 200, at most 200 a page.
pub(crate) fn paging(query: &HashMap<String, String>) -> Result<(usize, usize), Refusal> {
    let read = |key: &str, default: usize| match query.get(key).map(|s| s.trim()) {
        None | Some("") => Ok(default),
        Some(s) => s
            .parse::<usize>()
            .ok()
            .filter(|&n| n >= 1)
            .ok_or_else(|| invalid(key)),
    };
    Ok((
        read("page", 1)?,
        read("per_page", MAX_PER_PAGE)?.min(MAX_PER_PAGE),
    ))
}

/// One page of `items`, and whether more follow.
pub(crate) fn page_of<T>(items: Vec<T>, page: usize, per_page: usize) -> (Vec<T>, bool) {
    let total = items.len();
    let start = (page - 1).saturating_mul(per_page);
    let more = start.saturating_add(per_page) < total;
    (items.into_iter().skip(start).take(per_page).collect(), more)
}

/// `GET /organizations`: every organization of the user (no `organization_id` needed).
async fn organizations(State(shared): State<Arc<Shared>>, headers: HeaderMap) -> Response {
    if let Some(no) = auth::denied(&shared, &headers, Product::Books) {
        return no;
    }
    let db = lock(&shared.books);
    let list: Vec<Value> = db
        .organizations
        .iter()
        .map(|o| {
            json!({
                "organization_id": o.organization_id,
                "name": o.name,
                "is_default_org": o.is_default_org,
                "contact_name": o.user(&o.me).map_or("", |u| u.name.as_str()),
                "time_zone": "Etc/UTC",
                "currency_code": "EUR",
            })
        })
        .collect();
    Json(json!({"code": 0, "message": "success", "organizations": list})).into_response()
}

/// `GET /users/me`: the signed-in user of the organization.
async fn current_user(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    let org_id = match admit(&shared, &headers, &query) {
        Ok(id) => id,
        Err(no) => return no.into_response(),
    };
    let db = lock(&shared.books);
    let Some(user) = db.organization(&org_id).and_then(|o| o.user(&o.me)) else {
        return does_not_exist("User").into_response();
    };
    Json(json!({"code": 0, "message": "success", "user": {
        "user_id": user.user_id,
        "name": user.name,
        "email": user.email,
        "status": "active",
        "is_current_user": true,
    }}))
    .into_response()
}

/// `GET /projects?filter_by=Status.All|Status.Active|Status.Inactive&page&per_page`.
async fn projects(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    let org_id = match admit(&shared, &headers, &query) {
        Ok(id) => id,
        Err(no) => return no.into_response(),
    };
    let (page, per_page) = match paging(&query) {
        Ok(p) => p,
        Err(no) => return no.into_response(),
    };
    let wanted = match query.get("filter_by").map(String::as_str) {
        None | Some("Status.All") => None,
        Some("Status.Active") => Some("active"),
        Some("Status.Inactive") => Some("inactive"),
        Some(_) => return invalid("filter_by").into_response(),
    };
    let db = lock(&shared.books);
    let Some(org) = db.organization(&org_id) else {
        return does_not_exist("Organization").into_response();
    };
    let mut list: Vec<&Project> = org
        .projects
        .iter()
        .filter(|p| wanted.is_none_or(|w| p.status == w))
        .collect();
    list.sort_by(|a, b| a.project_name.cmp(&b.project_name));
    let (items, more) = page_of(list, page, per_page);
    let items: Vec<Value> = items
        .iter()
        .map(|p| {
            json!({
                "project_id": p.project_id,
                "project_name": p.project_name,
                "customer_id": p.customer_id,
                "customer_name": p.customer_name,
                "status": p.status,
            })
        })
        .collect();
    Json(json!({
        "code": 0,
        "message": "success",
        "projects": items,
        "page_context": {"page": page, "per_page": per_page, "has_more_page": more,
            "report_name": "Projects", "sort_column": "project_name", "sort_order": "A"},
    }))
    .into_response()
}

/// `GET /projects/{project_id}/tasks`: the list comes under `task` (sic), as Zoho sends it.
async fn tasks(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    Path(project_id): Path<String>,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    let org_id = match admit(&shared, &headers, &query) {
        Ok(id) => id,
        Err(no) => return no.into_response(),
    };
    let (page, per_page) = match paging(&query) {
        Ok(p) => p,
        Err(no) => return no.into_response(),
    };
    let db = lock(&shared.books);
    let Some(project) = db
        .organization(&org_id)
        .and_then(|o| o.project(&project_id))
    else {
        return does_not_exist("Project").into_response();
    };
    let (items, more) = page_of(project.tasks.iter().collect(), page, per_page);
    let items: Vec<Value> = items
        .iter()
        .map(|t| {
            json!({
                "project_id": project.project_id,
                "task_id": t.task_id,
                "task_name": t.task_name,
                "is_billable": t.is_billable,
                "status": "active",
            })
        })
        .collect();
    Json(json!({
        "code": 0,
        "message": "success",
        "task": items,
        "page_context": {"page": page, "per_page": per_page, "has_more_page": more},
    }))
    .into_response()
}

/// `GET /_sim/books/entries`: every stored entry of every organization, as Books renders it.
async fn inspect_entries(State(shared): State<Arc<Shared>>) -> Json<Value> {
    let now = shared.clock.now_ms();
    let db = lock(&shared.books);
    let list: Vec<Value> = db
        .organizations
        .iter()
        .flat_map(|org| {
            org.entries.values().map(move |e| {
                let mut v = org.render(e, now);
                v["organization_id"] = json!(org.organization_id);
                v
            })
        })
        .collect();
    Json(json!(list))
}
