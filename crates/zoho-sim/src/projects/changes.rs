//! Changing logs: add, update, approve and delete, for task, bug and general logs.
//!
//! Rules where Zoho's documents are silent (assumed, in Zoho's spirit; code 6403):
//! - "today" is the simulator clock's UTC date; a log dated after it is refused.
//! - An approved log can't be edited or deleted, nor approved again; setting it back
//!   to `pending` is allowed.

use std::collections::HashMap;
use std::sync::Arc;

use axum::extract::rejection::FormRejection;
use axum::extract::{Form, Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use chrono::NaiveDate;
use serde_json::{Map, Value, json};

use super::params::{self, Params, Refusal, optional, required};
use super::place::{Item, Place, answer, place};
use super::render::{self, Shape};
use super::{Approval, Log, LogOn, ProjectsDb};
use crate::auth::{self, Product};
use crate::state::{Shared, lock};

type PathParams = Path<HashMap<String, String>>;
type FormParams = Result<Form<Params>, FormRejection>;

/// The fields of an added or updated log, checked.
#[derive(Debug)]
struct Fields {
    name: Option<String>,
    date: NaiveDate,
    minutes: u32,
    billable: bool,
    notes: Option<String>,
    owner: Option<u64>,
    custom_fields: Option<Map<String, Value>>,
    cost_per_hour: Option<f64>,
}

impl Fields {
    fn parse(db: &ProjectsDb, at: Place, p: &Params, today: NaiveDate) -> Result<Fields, Refusal> {
        let name = match at.item {
            Item::General => Some(required(p, "name")?.to_owned()),
            _ => None,
        };
        let date = required(p, "date")?;
        let bill = required(p, "bill_status")?;
        let hours = required(p, "hours")?;
        let date = params::date(date)?;
        let minutes = params::hours(hours)?;
        let billable = params::billable(bill)?;
        let owner = match optional(p, "owner") {
            None => None,
            Some(o) => {
                let id: u64 = o.parse().map_err(|_| Refusal::pattern())?;
                db.user(at.portal_id, id).ok_or_else(Refusal::not_found)?;
                Some(id)
            }
        };
        let custom_fields = match optional(p, "custom_fields") {
            None => None,
            Some(text) => {
                let Ok(Value::Object(map)) = serde_json::from_str::<Value>(text) else {
                    return Err(Refusal::pattern());
                };
                let portal = db.portals.iter().find(|x| x.id == at.portal_id);
                let known = |k: &String| {
                    portal.is_some_and(|x| x.custom_fields.iter().any(|f| &f.column == k))
                };
                if !map.keys().all(known) {
                    return Err(Refusal::pattern());
                }
                Some(map)
            }
        };
        let cost_per_hour = match optional(p, "cost_per_hour") {
            None => None,
            Some(c) => Some(
                c.parse::<f64>()
                    .ok()
                    .filter(|c| *c >= 0.0)
                    .ok_or_else(Refusal::pattern)?,
            ),
        };
        if date > today {
            return Err(Refusal::rule(
                "Time logs cannot be added for a future date.",
            ));
        }
        Ok(Fields {
            name,
            date,
            minutes,
            billable,
            // Present but empty clears the note; absent leaves it.
            notes: p.get("notes").map(|v| v.trim().to_owned()),
            owner,
            custom_fields,
            cost_per_hour,
        })
    }
}

fn today(shared: &Shared) -> NaiveDate {
    shared.clock.now().date_naive()
}

/// `POST …/logs/`: add a task, bug or general log.
pub async fn add(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    Path(path): PathParams,
    Query(query): Query<Params>,
    form: FormParams,
) -> Response {
    if let Some(no) = auth::denied(&shared, &headers, Product::Projects) {
        return no;
    }
    let p = params::merged(query, form);
    let (today, now) = (today(&shared), shared.clock.now_ms());
    let mut db = lock(&shared.projects);
    answer((|| {
        let at = place(&db, &path)?;
        let f = Fields::parse(&db, at, &p, today)?;
        let me = db
            .portals
            .iter()
            .find(|x| x.id == at.portal_id)
            .and_then(|x| x.users.first())
            .map_or(0, |u| u.id);
        let on = match at.item {
            Item::Task(task_id) => LogOn::Task { task_id },
            Item::Bug(bug_id) => LogOn::Bug { bug_id },
            Item::General => LogOn::General {
                name: f.name.unwrap_or_default(),
            },
        };
        let log = Log {
            id: db.new_id(),
            portal_id: at.portal_id,
            project_id: at.project_id,
            on,
            date: f.date,
            minutes: f.minutes,
            notes: f.notes.unwrap_or_default(),
            billable: f.billable,
            approval: Approval::Pending,
            approver_id: None,
            reject_reason: None,
            owner_id: f.owner.unwrap_or(me),
            custom_fields: f.custom_fields.unwrap_or_default(),
            cost_per_hour: f.cost_per_hour,
            created_ms: now,
            modified_ms: now,
        };
        let body = render::one(&db, &log, Shape::Full);
        db.logs.push(log);
        Ok((StatusCode::CREATED, body))
    })())
}

/// The position of the log the path names, or Zoho's not-found error.
fn find(db: &ProjectsDb, at: Place, path: &HashMap<String, String>) -> Result<usize, Refusal> {
    let id = path.get("log").and_then(|l| l.parse::<u64>().ok());
    db.logs
        .iter()
        .position(|l| Some(l.id) == id && l.project_id == at.project_id && at.item.holds(&l.on))
        .ok_or_else(Refusal::not_found)
}

/// `POST …/logs/{log}/`: update a log (not once it is approved).
pub async fn update(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    Path(path): PathParams,
    Query(query): Query<Params>,
    form: FormParams,
) -> Response {
    if let Some(no) = auth::denied(&shared, &headers, Product::Projects) {
        return no;
    }
    let p = params::merged(query, form);
    let (today, now) = (today(&shared), shared.clock.now_ms());
    let mut db = lock(&shared.projects);
    answer((|| {
        let at = place(&db, &path)?;
        let i = find(&db, at, &path)?;
        if db.logs[i].approval == Approval::Approved {
            return Err(Refusal::rule("An approved time log cannot be edited."));
        }
        let f = Fields::parse(&db, at, &p, today)?;
        let log = &mut db.logs[i];
        if let (Some(name), LogOn::General { name: old }) = (f.name, &mut log.on) {
            *old = name;
        }
        log.date = f.date;
        log.minutes = f.minutes;
        log.billable = f.billable;
        if let Some(notes) = f.notes {
            log.notes = notes;
        }
        if let Some(owner) = f.owner {
            log.owner_id = owner;
        }
        if let Some(fields) = f.custom_fields {
            log.custom_fields.extend(fields);
        }
        if f.cost_per_hour.is_some() {
            log.cost_per_hour = f.cost_per_hour;
        }
        log.modified_ms = now;
        Ok((StatusCode::OK, render::one(&db, &db.logs[i], Shape::Full)))
    })())
}

/// `POST …/logs/{log}/approval`: `approval=approve|pending|reject` (with a `reason`).
pub async fn approve(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    Path(path): PathParams,
    Query(query): Query<Params>,
    form: FormParams,
) -> Response {
    if let Some(no) = auth::denied(&shared, &headers, Product::Projects) {
        return no;
    }
    let p = params::merged(query, form);
    let now = shared.clock.now_ms();
    let mut db = lock(&shared.projects);
    answer((|| {
        let at = place(&db, &path)?;
        let i = find(&db, at, &path)?;
        let wanted = match required(&p, "approval")?.to_ascii_lowercase().as_str() {
            "approve" => Approval::Approved,
            "pending" => Approval::Pending,
            "reject" => Approval::Rejected,
            _ => return Err(Refusal::pattern()),
        };
        let reason = match wanted {
            Approval::Rejected => Some(required(&p, "reason")?.to_owned()),
            _ => optional(&p, "reason").map(str::to_owned),
        };
        if reason.as_ref().is_some_and(|r| r.chars().count() > 250) {
            return Err(Refusal::pattern());
        }
        if wanted == Approval::Approved && db.logs[i].approval == Approval::Approved {
            return Err(Refusal::rule("The time log is already approved."));
        }
        let me = db
            .portals
            .iter()
            .find(|x| x.id == at.portal_id)
            .and_then(|x| x.users.first())
            .map(|u| u.id);
        let log = &mut db.logs[i];
        log.approval = wanted;
        log.approver_id = (wanted == Approval::Approved).then_some(me).flatten();
        log.reject_reason = reason.filter(|_| wanted == Approval::Rejected);
        log.modified_ms = now;
        Ok((
            StatusCode::OK,
            render::one(&db, &db.logs[i], Shape::Approval),
        ))
    })())
}

/// `DELETE …/logs/{log}/` (not once it is approved).
pub async fn delete(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    Path(path): PathParams,
) -> Response {
    if let Some(no) = auth::denied(&shared, &headers, Product::Projects) {
        return no;
    }
    let mut db = lock(&shared.projects);
    answer((|| {
        let at = place(&db, &path)?;
        let i = find(&db, at, &path)?;
        if db.logs[i].approval == Approval::Approved {
            return Err(Refusal::rule("An approved time log cannot be deleted."));
        }
        db.logs.remove(i);
        Ok((
            StatusCode::OK,
            json!({"response": "Timesheet log Deleted Successfully"}),
        ))
    })())
}
