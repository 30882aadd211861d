//! What a picker lists (portals, projects, tasks, bugs), the timesheet layout and custom
//! fields, Zoho's answer to a path that is no endpoint, and the inspection routes.

use std::collections::HashMap;
use std::sync::Arc;

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

use super::params::{self, Params, Refusal};
use super::{Portal, ProjectsDb};
use crate::auth::{self, Product};
use crate::state::{Shared, lock};

type PathParams = Path<HashMap<String, String>>;

fn portal_of<'a>(
    db: &'a ProjectsDb,
    path: &HashMap<String, String>,
) -> Result<&'a Portal, Refusal> {
    db.portal(path.get("portal").map(String::as_str).unwrap_or_default())
}

/// A listed page, or Zoho's empty answer (204) past the last record.
fn listed(key: &str, items: Vec<Value>, p: &Params) -> Response {
    match params::paging(p) {
        Err(refusal) => refusal.into_response(),
        Ok(paging) => {
            let page = params::page(items, paging);
            if page.is_empty() {
                StatusCode::NO_CONTENT.into_response()
            } else {
                Json(json!({ key: page })).into_response()
            }
        }
    }
}

/// `GET /restapi/portals/`
pub async fn portals(State(shared): State<Arc<Shared>>, headers: HeaderMap) -> Response {
    if let Some(no) = auth::denied(&shared, &headers, Product::Projects) {
        return no;
    }
    let db = lock(&shared.projects);
    let me = db
        .portals
        .first()
        .and_then(|p| p.users.first())
        .map(|u| u.id.to_string());
    let list: Vec<Value> = db
        .portals
        .iter()
        .enumerate()
        .map(|(i, p)| {
            json!({
                "id": p.id,
                "id_string": p.id.to_string(),
                "name": p.name,
                "company_name": p.company,
                "default": i == 0,
                "role": "admin",
            })
        })
        .collect();
    Json(json!({"login_id": me, "portals": list})).into_response()
}

/// `GET /restapi/portal/{portal}/projects/`
pub async fn projects(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    Path(path): PathParams,
    Query(query): Query<Params>,
) -> Response {
    if let Some(no) = auth::denied(&shared, &headers, Product::Projects) {
        return no;
    }
    let db = lock(&shared.projects);
    let portal = match portal_of(&db, &path) {
        Ok(p) => p,
        Err(refusal) => return refusal.into_response(),
    };
    let items = db
        .projects
        .iter()
        .filter(|p| p.portal_id == portal.id)
        .map(|p| json!({"id": p.id, "id_string": p.id.to_string(), "name": p.name, "status": p.status}))
        .collect();
    listed("projects", items, &query)
}

/// `GET …/projects/{project}/tasks/`
pub async fn tasks(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    Path(path): PathParams,
    Query(query): Query<Params>,
) -> Response {
    if let Some(no) = auth::denied(&shared, &headers, Product::Projects) {
        return no;
    }
    let db = lock(&shared.projects);
    let project = portal_of(&db, &path).and_then(|portal| {
        db.project(
            portal.id,
            path.get("project").map(String::as_str).unwrap_or_default(),
        )
    });
    let project = match project {
        Ok(p) => p,
        Err(refusal) => return refusal.into_response(),
    };
    let items = db
        .tasks
        .iter()
        .filter(|t| t.project_id == project.id)
        .map(|t| {
            let status = if t.completed { "closed" } else { "open" };
            json!({
                "id": t.id,
                "id_string": t.id.to_string(),
                "name": t.name,
                "completed": t.completed,
                "status": {"name": if t.completed { "Closed" } else { "Open" }, "type": status},
                "tasklist": {"id": t.tasklist_id, "name": t.tasklist},
            })
        })
        .collect();
    listed("tasks", items, &query)
}

/// `GET …/projects/{project}/bugs/`
pub async fn bugs(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    Path(path): PathParams,
    Query(query): Query<Params>,
) -> Response {
    if let Some(no) = auth::denied(&shared, &headers, Product::Projects) {
        return no;
    }
    let db = lock(&shared.projects);
    let project = portal_of(&db, &path).and_then(|portal| {
        db.project(
            portal.id,
            path.get("project").map(String::as_str).unwrap_or_default(),
        )
    });
    let project = match project {
        Ok(p) => p,
        Err(refusal) => return refusal.into_response(),
    };
    let items = db
        .bugs
        .iter()
        .filter(|b| b.project_id == project.id)
        .map(|b| json!({"id": b.id, "id_string": b.id.to_string(), "title": b.title, "status": {"type": b.status}}))
        .collect();
    listed("bugs", items, &query)
}

/// `GET …/projects/{project}/timesheetlayouts`
pub async fn layout(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    Path(path): PathParams,
) -> Response {
    if let Some(no) = auth::denied(&shared, &headers, Product::Projects) {
        return no;
    }
    let db = lock(&shared.projects);
    let found = portal_of(&db, &path).and_then(|portal| {
        db.project(
            portal.id,
            path.get("project").map(String::as_str).unwrap_or_default(),
        )
        .map(|_| portal.layout.clone())
    });
    match found {
        Ok(layout) => Json(layout).into_response(),
        Err(refusal) => refusal.into_response(),
    }
}

/// `GET /restapi/portal/{portal}/timesheetcustomfields`: a bare list, as the sample.
pub async fn custom_fields(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    Path(path): PathParams,
) -> Response {
    if let Some(no) = auth::denied(&shared, &headers, Product::Projects) {
        return no;
    }
    let db = lock(&shared.projects);
    match portal_of(&db, &path) {
        Ok(portal) => {
            let list: Vec<Value> = portal
                .custom_fields
                .iter()
                .map(|f| {
                    json!({
                        "id": f.id.to_string(),
                        "unique_column": f.column,
                        "field_name": f.name,
                        "data_type": f.data_type,
                    })
                })
                .collect();
            Json(Value::Array(list)).into_response()
        }
        Err(refusal) => refusal.into_response(),
    }
}

/// Any other path under `/restapi`.
pub async fn wrong_url(State(shared): State<Arc<Shared>>, headers: HeaderMap) -> Response {
    if let Some(no) = auth::denied(&shared, &headers, Product::Projects) {
        return no;
    }
    Refusal::wrong_url().into_response()
}

/// `GET /_sim/projects`: everything the simulator stores for Projects.
pub async fn inspect_all(State(shared): State<Arc<Shared>>) -> Json<Value> {
    Json(json!(*lock(&shared.projects)))
}

/// `GET /_sim/projects/logs`: the stored logs.
pub async fn inspect_logs(State(shared): State<Arc<Shared>>) -> Json<Value> {
    Json(json!(lock(&shared.projects).logs))
}
