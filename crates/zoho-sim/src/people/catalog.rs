//! `getjobs` and `getprojects`: what the picker lists, paged like the time logs.

use serde_json::{Value, json};

use super::Call;
use super::db::{Job, PeopleDb};
use super::formats::COMPANY;
use super::rules::{Rule, refusal, success};

const LIMIT: usize = 200;

/// The catalogs' own codes, naming the parameter.
fn wrong(parameter: &str) -> Rule {
    let message: &'static str = match parameter {
        "assignedTo" => "Wrong value given for assignedTo parameter",
        "jobStatus" => "Wrong value given for jobStatus parameter",
        "projectStatus" => "Wrong value given for projectStatus parameter",
        _ => "Wrong value given for dateFormat parameter",
    };
    Rule {
        code: 9003,
        message,
        headline: false,
    }
}

/// `Some(erecno)` for one user, `None` for `all`.
fn assignee(db: &PeopleDb, call: &Call, api: &str) -> Result<Option<String>, Value> {
    let fail = |rule| refusal(api, "Error in fetching data", rule);
    match call.param("assignedTo") {
        None => Err(fail(Rule {
            code: 9002,
            message: "No assignedTo parameter specified",
            headline: false,
        })),
        Some("all") => Ok(None),
        Some(key) => db
            .user(key)
            .map(|u| Some(u.erecno.clone()))
            .ok_or_else(|| fail(wrong("assignedTo"))),
    }
}

/// `Some(completed)` to filter by status, `None` for all.
fn status(call: &Call, key: &str) -> Result<Option<bool>, Rule> {
    match call.param(key).map(str::to_ascii_lowercase).as_deref() {
        None | Some("all") => Ok(None),
        Some("in-progress" | "inprogress") => Ok(Some(false)),
        Some("completed") => Ok(Some(true)),
        Some(_) => Err(wrong(key)),
    }
}

/// A page of `items` and the answer that carries it.
fn paged(call: &Call, items: Vec<Value>) -> Value {
    let start = call.number("sIndex", 0);
    let limit = call.number("limit", LIMIT).clamp(1, LIMIT);
    let page: Vec<Value> = items.iter().skip(start).take(limit).cloned().collect();
    let mut answer = success(call.api, "Data fetched successfully", Some(json!(page)));
    if start + limit < items.len() {
        answer["response"]["isNextAvailable"] = json!(true);
    }
    answer
}

pub(super) fn jobs(db: &PeopleDb, call: &Call) -> Result<Value, Value> {
    let api = call.api;
    let fail = |rule| refusal(api, "Error in fetching data", rule);
    let who = assignee(db, call, api)?;
    let completed = status(call, "jobStatus").map_err(fail)?;
    let format = call
        .date_format(COMPANY)
        .ok_or_else(|| fail(wrong("dateFormat")))?;
    let project = call.param("projectId").filter(|p| *p != "all");
    let listed = |j: &&Job| {
        who.as_ref().is_none_or(|e| j.assignees.contains(e))
            && completed.is_none_or(|c| j.completed == c)
            && project.is_none_or(|p| j.project_id == p)
    };
    let items = db
        .jobs
        .iter()
        .filter(listed)
        .map(|j| {
            let p = db.project(&j.project_id);
            json!({
                "jobId": j.id,
                "jobName": j.name,
                "projectId": j.project_id,
                "projectName": p.map(|p| p.name.as_str()).unwrap_or_default(),
                "clientId": p.map(|p| p.client_id.as_str()).unwrap_or_default(),
                "clientName": p.map(|p| p.client_name.as_str()).unwrap_or_default(),
                "fromDate": format.format(j.from_date),
                "toDate": format.format(j.to_date),
                "jobStatus": if j.completed { "Completed" } else { "In-Progress" },
                "jobBillableStatus": if j.billable { "Billable" } else { "Non-Billable" },
            })
        })
        .collect();
    Ok(paged(call, items))
}

pub(super) fn projects(db: &PeopleDb, call: &Call) -> Result<Value, Value> {
    let api = call.api;
    let fail = |rule| refusal(api, "Error in fetching data", rule);
    let who = assignee(db, call, api)?;
    let completed = status(call, "projectStatus").map_err(fail)?;
    let items = db
        .projects
        .iter()
        .filter(|p| completed.is_none_or(|c| p.completed == c))
        .filter(|p| {
            who.as_ref().is_none_or(|e| {
                db.jobs
                    .iter()
                    .any(|j| j.project_id == p.id && j.assignees.contains(e))
            })
        })
        .map(|p| {
            json!({
                "projectId": p.id,
                "projectName": p.name,
                "clientId": p.client_id,
                "clientName": p.client_name,
                "projectStatus": if p.completed { "Completed" } else { "In-Progress" },
            })
        })
        .collect();
    Ok(paged(call, items))
}
