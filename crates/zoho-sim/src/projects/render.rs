//! Logs as Zoho Projects writes them: numeric `id` next to `id_string`, owner ids as
//! strings, dates `MM-DD-YYYY`, hours as numbers and as `hh:mm`. Each answer keeps the
//! shape of its sample in the documents (the nested list carries no `log_date`, the
//! approval answer has no `id_string`), so the client meets every shape.

use chrono::{DateTime, NaiveDate};
use serde_json::{Value, json};

use super::{Approval, Log, LogOn, ProjectsDb};

pub fn mdy(date: NaiveDate) -> String {
    date.format("%m-%d-%Y").to_string()
}

pub fn hhmm(minutes: u32) -> String {
    format!("{:02}:{:02}", minutes / 60, minutes % 60)
}

/// The last millisecond of `date` (Zoho's `log_date_long` points at 11:59:59 PM).
fn end_of_day_ms(date: NaiveDate) -> i64 {
    date.and_hms_opt(23, 59, 59)
        .map_or(0, |t| t.and_utc().timestamp_millis())
}

fn ms_date(ms: i64) -> String {
    DateTime::from_timestamp_millis(ms).map_or_else(String::new, |t| mdy(t.date_naive()))
}

/// Where a log is in an answer: which list key, and the link to it.
pub fn list_key(on: &LogOn) -> &'static str {
    match on {
        LogOn::Task { .. } => "tasklogs",
        LogOn::Bug { .. } => "buglogs",
        LogOn::General { .. } => "generallogs",
    }
}

fn link(db: &ProjectsDb, log: &Log) -> String {
    let portal = db
        .portals
        .iter()
        .find(|p| p.id == log.portal_id)
        .map_or_else(|| log.portal_id.to_string(), |p| p.name.clone());
    let base = format!(
        "https://projectsapi.zoho.com/restapi/portal/{portal}/projects/{}",
        log.project_id
    );
    match &log.on {
        LogOn::Task { task_id } => format!("{base}/tasks/{task_id}/logs/{}/", log.id),
        LogOn::Bug { bug_id } => format!("{base}/bugs/{bug_id}/logs/{}/", log.id),
        LogOn::General { .. } => format!("{base}/logs/{}/", log.id),
    }
}

/// Which optional parts a log carries in a given answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// Lists of a task or bug, add and update: everything, `log_date` included.
    Full,
    /// Inside `timelogs.date[]`: the date is the group's, not the log's.
    InDay,
    /// Inside `timelogs.date[]` of my logs: also the project.
    InDayWithProject,
    /// The approval answer, as its sample: no `id_string`, `log_date` with a time.
    Approval,
}

pub fn log(db: &ProjectsDb, log: &Log, shape: Shape) -> Value {
    let owner = db.user(log.portal_id, log.owner_id);
    let mut v = json!({
        "id": log.id,
        "notes": log.notes,
        "owner_id": log.owner_id.to_string(),
        "owner_name": owner.map_or("", |u| u.name.as_str()),
        "hours": log.minutes / 60,
        "minutes": log.minutes % 60,
        "total_minutes": log.minutes,
        "hours_display": hhmm(log.minutes),
        "approval_status": log.approval.word(),
        "bill_status": if log.billable { "Billable" } else { "Non Billable" },
        "link": {"self": {"url": link(db, log)}},
    });
    let Some(o) = v.as_object_mut() else {
        return v;
    };
    match &log.on {
        LogOn::Task { task_id } => {
            if let Some(task) = db.tasks.iter().find(|t| t.id == *task_id) {
                let mut t = json!({"id": task.id, "name": task.name});
                if shape != Shape::Approval {
                    t["id_string"] = json!(task.id.to_string());
                    t["is_sub_task"] = json!(false);
                    t["sub_task_level"] = json!("0");
                    o.insert(
                        "task_list".into(),
                        json!({"id": task.tasklist_id, "name": task.tasklist}),
                    );
                }
                o.insert("task".into(), t);
            }
        }
        LogOn::Bug { bug_id } => {
            if let Some(bug) = db.bugs.iter().find(|b| b.id == *bug_id) {
                let b = if shape == Shape::Approval {
                    json!({"id": bug.id, "name": bug.title})
                } else {
                    json!({"id": bug.id, "id_string": bug.id.to_string(), "title": bug.title})
                };
                o.insert("bug".into(), b);
            }
        }
        LogOn::General { name } => {
            o.insert("name".into(), json!(name));
        }
    }
    if log.approval == Approval::Approved
        && let Some(approver) = log.approver_id.and_then(|id| db.user(log.portal_id, id))
    {
        o.insert("approver_name".into(), json!(approver.name));
    }
    if shape == Shape::Approval {
        o.insert(
            "log_date".into(),
            json!(format!("{} 11:59 PM", mdy(log.date))),
        );
        o.insert("log_date_long".into(), json!(end_of_day_ms(log.date)));
        return v;
    }
    o.insert("id_string".into(), json!(log.id.to_string()));
    o.insert("created_date".into(), json!(ms_date(log.created_ms)));
    o.insert("created_time_long".into(), json!(log.created_ms));
    o.insert("last_modified_date".into(), json!(ms_date(log.modified_ms)));
    o.insert("last_modified_time_long".into(), json!(log.modified_ms));
    let fields: Vec<Value> = log
        .custom_fields
        .iter()
        .map(|(column, value)| {
            let label = db
                .portals
                .iter()
                .find(|p| p.id == log.portal_id)
                .and_then(|p| p.custom_fields.iter().find(|f| &f.column == column))
                .map_or(column.as_str(), |f| f.name.as_str());
            json!({"column_name": column, "label_name": label, "value": value})
        })
        .collect();
    o.insert("custom_fields".into(), json!(fields));
    if shape == Shape::Full {
        o.insert("log_date".into(), json!(mdy(log.date)));
        o.insert(
            "log_date_format".into(),
            json!(format!("{} 11:59:59 PM", mdy(log.date))),
        );
        o.insert("log_date_long".into(), json!(end_of_day_ms(log.date)));
    }
    if shape == Shape::InDayWithProject
        && let Some(project) = db.projects.iter().find(|p| p.id == log.project_id)
    {
        o.insert(
            "project".into(),
            json!({"id": project.id, "id_string": project.id.to_string(), "name": project.name}),
        );
    }
    v
}

/// `{"timelogs": {"tasklogs": [log]}}`: the answer to add, update and approve.
pub fn one(db: &ProjectsDb, entry: &Log, shape: Shape) -> Value {
    json!({"timelogs": {list_key(&entry.on): [log(db, entry, shape)]}})
}

/// The list of one task's or bug's logs: flat, with the item's total.
pub fn flat(db: &ProjectsDb, key: &str, page: &[&Log], total_minutes: u32) -> Value {
    let logs: Vec<Value> = page.iter().map(|l| log(db, l, Shape::Full)).collect();
    json!({"timelogs": {key: logs, "total_log_hours": hhmm(total_minutes)}})
}

/// All logs and my logs: grouped by date under `timelogs.date[]`, with totals.
pub fn by_day(db: &ProjectsDb, key: &str, page: &[&Log], with_project: bool) -> Value {
    let shape = if with_project {
        Shape::InDayWithProject
    } else {
        Shape::InDay
    };
    let mut days: Vec<Value> = Vec::new();
    let mut current: Option<(NaiveDate, Vec<Value>, u32)> = None;
    let close = |days: &mut Vec<Value>, (date, logs, minutes): (NaiveDate, Vec<Value>, u32)| {
        days.push(json!({
            "date": mdy(date),
            "display_format": format!("{} 12:00:00 AM", mdy(date)),
            "date_long": date.and_hms_opt(0, 0, 0).map_or(0, |t| t.and_utc().timestamp_millis()),
            "total_hours": format!("{}:{:02}", minutes / 60, minutes % 60),
            key: logs,
        }));
    };
    for entry in page {
        match &mut current {
            Some((date, logs, minutes)) if *date == entry.date => {
                logs.push(log(db, entry, shape));
                *minutes += entry.minutes;
            }
            _ => {
                if let Some(done) = current.take() {
                    close(&mut days, done);
                }
                current = Some((entry.date, vec![log(db, entry, shape)], entry.minutes));
            }
        }
    }
    if let Some(done) = current.take() {
        close(&mut days, done);
    }
    let billable: u32 = page.iter().filter(|l| l.billable).map(|l| l.minutes).sum();
    let all: u32 = page.iter().map(|l| l.minutes).sum();
    json!({"timelogs": {
        "date": days,
        "role": "admin",
        "billable_hours": hhmm(billable),
        "non_billable_hours": hhmm(all - billable),
        "grandtotal": hhmm(all),
    }})
}
