//! Reading logs: all logs of a project and my logs (filtered by a view and grouped by
//! day), and a task's or a bug's logs (flat). Pages past the end answer 204, empty.
//!
//! Assumed where the documents are silent: a week runs Sunday to Saturday (Zoho's
//! default week start), and `custom_date` may span at most six calendar months
//! (`end ≤ start + 6 months`), longer ranges being refused with 6832.

use std::collections::HashMap;
use std::sync::Arc;

use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use chrono::{DateTime, Datelike, Days, Months, NaiveDate};
use serde_json::Value;

use super::params::{self, Params, Refusal, optional, required};
use super::place::{Item, answer, place};
use super::render;
use super::{Approval, Log, ProjectsDb};
use crate::auth::{self, Product};
use crate::state::{Shared, lock};

type PathParams = Path<HashMap<String, String>>;

/// The filter of "all logs" and "my logs".
#[derive(Debug)]
struct Filter {
    users: Option<Vec<u64>>,
    from: NaiveDate,
    to: NaiveDate,
    bill: Option<bool>,
    key: &'static str,
    approval: Option<Approval>,
    by_modified: bool,
}

impl Filter {
    fn parse(p: &Params) -> Result<Filter, Refusal> {
        let users = required(p, "users_list")?;
        let view = required(p, "view_type")?;
        let date = required(p, "date")?;
        let bill = required(p, "bill_status")?;
        let component = required(p, "component_type")?;
        let custom = match view {
            "custom_date" => Some(required(p, "custom_date")?),
            _ => None,
        };
        let date = params::date(date)?;
        let (from, to) = match (view, custom) {
            ("day", _) => (date, date),
            ("week", _) => {
                let back = u64::from(date.weekday().num_days_from_sunday());
                let start = date - Days::new(back);
                (start, start + Days::new(6))
            }
            ("month", _) => {
                let start = date.with_day(1).ok_or_else(Refusal::pattern)?;
                let end = start + Months::new(1) - Days::new(1);
                (start, end)
            }
            ("custom_date", Some(json)) => custom_range(json)?,
            _ => return Err(Refusal::pattern()),
        };
        let users = if users.eq_ignore_ascii_case("all") {
            None
        } else {
            let ids: Result<Vec<u64>, _> = users.split(',').map(|u| u.trim().parse()).collect();
            Some(ids.map_err(|_| Refusal::pattern())?)
        };
        let bill = match bill.to_ascii_lowercase().as_str() {
            "all" => None,
            other => Some(params::billable(other)?),
        };
        let key = match component.to_ascii_lowercase().as_str() {
            "task" => "tasklogs",
            "bug" => "buglogs",
            "general" => "generallogs",
            _ => return Err(Refusal::pattern()),
        };
        let approval = match optional(p, "approval_status").map(str::to_ascii_lowercase) {
            None => None,
            Some(a) => match a.as_str() {
                "all" => None,
                "approved" => Some(Approval::Approved),
                "pending" => Some(Approval::Pending),
                "rejected" => Some(Approval::Rejected),
                _ => return Err(Refusal::pattern()),
            },
        };
        let by_modified = match optional(p, "fetch_by_modifiedtime") {
            None | Some("false") => false,
            Some("true") => true,
            Some(_) => return Err(Refusal::pattern()),
        };
        Ok(Filter {
            users,
            from,
            to,
            bill,
            key,
            approval,
            by_modified,
        })
    }

    fn keeps(&self, log: &Log) -> bool {
        let day = if self.by_modified {
            DateTime::from_timestamp_millis(log.modified_ms).map_or(log.date, |t| t.date_naive())
        } else {
            log.date
        };
        (self.from..=self.to).contains(&day)
            && self
                .users
                .as_ref()
                .is_none_or(|ids| ids.contains(&log.owner_id))
            && self.bill.is_none_or(|b| b == log.billable)
            && render::list_key(&log.on) == self.key
            && self.approval.is_none_or(|a| a == log.approval)
    }
}

/// `{"start_date": "MM-DD-YYYY", "end_date": "MM-DD-YYYY"}`, at most six months long.
fn custom_range(json: &str) -> Result<(NaiveDate, NaiveDate), Refusal> {
    let value: Value = serde_json::from_str(json).map_err(|_| Refusal::pattern())?;
    let field = |k: &str| {
        value
            .get(k)
            .and_then(Value::as_str)
            .ok_or_else(Refusal::missing)
    };
    let start = params::date(field("start_date")?)?;
    let end = params::date(field("end_date")?)?;
    let limit = start
        .checked_add_months(Months::new(6))
        .ok_or_else(Refusal::pattern)?;
    if end < start || end > limit {
        return Err(Refusal::pattern());
    }
    Ok((start, end))
}

fn listed(
    db: &ProjectsDb,
    p: &Params,
    keep: impl Fn(&Log) -> bool,
    with_project: bool,
) -> Result<(StatusCode, Value), Refusal> {
    let filter = Filter::parse(p)?;
    let paging = params::paging(p)?;
    let mut found: Vec<&Log> = db
        .logs
        .iter()
        .filter(|l| keep(l) && filter.keeps(l))
        .collect();
    found.sort_by_key(|l| (l.date, l.id));
    let page = params::page(found, paging);
    if page.is_empty() {
        return Ok((StatusCode::NO_CONTENT, Value::Null));
    }
    Ok((
        StatusCode::OK,
        render::by_day(db, filter.key, &page, with_project),
    ))
}

/// `GET /restapi/portal/{portal}/projects/{project}/logs/`
pub async fn project_logs(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    Path(path): PathParams,
    Query(query): Query<Params>,
) -> Response {
    if let Some(no) = auth::denied(&shared, &headers, Product::Projects) {
        return no;
    }
    let db = lock(&shared.projects);
    answer(
        place(&db, &path)
            .and_then(|at| listed(&db, &query, |l| l.project_id == at.project_id, false)),
    )
}

/// `GET /restapi/portal/{portal}/logs`: every project of the portal, each log naming
/// its project.
pub async fn my_logs(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    Path(path): PathParams,
    Query(query): Query<Params>,
) -> Response {
    if let Some(no) = auth::denied(&shared, &headers, Product::Projects) {
        return no;
    }
    let db = lock(&shared.projects);
    let portal = path.get("portal").map(String::as_str).unwrap_or_default();
    answer(
        db.portal(portal)
            .map(|p| p.id)
            .and_then(|portal_id| listed(&db, &query, |l| l.portal_id == portal_id, true)),
    )
}

/// `GET …/tasks/{task}/logs/` and `GET …/bugs/{bug}/logs`.
pub async fn item_logs(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    Path(path): PathParams,
    Query(query): Query<Params>,
) -> Response {
    if let Some(no) = auth::denied(&shared, &headers, Product::Projects) {
        return no;
    }
    let db = lock(&shared.projects);
    answer((|| {
        let at = place(&db, &path)?;
        let paging = params::paging(&query)?;
        let mut found: Vec<&Log> = db
            .logs
            .iter()
            .filter(|l| l.project_id == at.project_id && at.item.holds(&l.on))
            .collect();
        found.sort_by_key(|l| (l.date, l.id));
        let total = found.iter().map(|l| l.minutes).sum();
        let page = params::page(found, paging);
        if page.is_empty() {
            return Ok((StatusCode::NO_CONTENT, Value::Null));
        }
        let key = if matches!(at.item, Item::Bug(_)) {
            "buglogs"
        } else {
            "tasklogs"
        };
        Ok((StatusCode::OK, render::flat(&db, key, &page, total)))
    })())
}
