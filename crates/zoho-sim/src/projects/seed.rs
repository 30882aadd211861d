//! The demo catalog: Brightline, a small consultancy with a client portal and a labs
//! portal, a handful of projects (one archived), task lists, bugs, and a few days of
//! logs (some approved) so every view has something to show.

use chrono::{Days, Utc};
use serde_json::{Map, Value, json};

use super::{Approval, Bug, CustomField, Log, LogOn, Portal, Project, ProjectsDb, Task, User};

fn user(id: u64, name: &str, role: &str) -> User {
    let email = format!(
        "{}@brightline.example",
        name.split_whitespace()
            .next()
            .unwrap_or(name)
            .to_lowercase()
    );
    User {
        id,
        name: name.into(),
        email,
        role: role.into(),
    }
}

fn custom_fields(db: &mut ProjectsDb) -> Vec<CustomField> {
    [
        ("UDF_CHAR1", "Ticket reference", "plain_text"),
        ("UDF_TEXT1", "Work summary", "text"),
        ("UDF_DECIMAL1", "Travel cost", "double"),
        ("UDF_DATE1", "Invoice date", "date"),
    ]
    .into_iter()
    .map(|(column, name, data_type)| CustomField {
        id: db.new_id(),
        column: column.into(),
        name: name.into(),
        data_type: data_type.into(),
    })
    .collect()
}

/// The layout answer, in the sample's shape: the default section with Zoho's built-in
/// columns, and a section with the portal's custom fields.
fn layout(db: &mut ProjectsDb, custom: &[CustomField]) -> Value {
    let builtin = [
        ("LOGDATE", "zp.general.date", "date", true),
        ("USER", "zp.general.user", "userpicklist", true),
        (
            "DAILYLOG",
            "zp.loghourrestriction.dailylog",
            "decimal",
            true,
        ),
        ("BILLING", "zp.timesheet.taskbill", "picklist", false),
        ("APPROVAL", "zp.customfields.approval", "picklist", false),
        ("LOGNOTES", "Notes", "multiline", false),
    ];
    let mut fields = Vec::new();
    for (column, display, kind, mandatory) in builtin {
        let mut f = json!({
            "is_pii": false, "is_encrypted": false, "pcfid": db.new_id().to_string(),
            "column_name": column, "is_mandatory": mandatory, "is_default": true,
            "display_name": display, "column_type": kind,
        });
        if column == "BILLING" {
            f["picklist_details"] = json!(["zp.timesheet.billable", "zp.timesheet.nonbillable"]);
            f["default_value"] = json!("zp.timesheet.billable");
        }
        if column == "APPROVAL" {
            f["picklist_details"] = json!([
                "zp.timesheet.approved",
                "zp.timesheet.unapproved",
                "zp.timesheet.rejected"
            ]);
        }
        fields.push(f);
    }
    let column_type = |data_type: &str| match data_type {
        "text" => "multiline",
        "double" => "decimal",
        "date" => "date",
        _ => "singleline",
    };
    let extra: Vec<Value> = custom
        .iter()
        .map(|f| {
            json!({
                "is_pii": false, "is_encrypted": false, "pcfid": f.id.to_string(),
                "column_name": f.column, "is_mandatory": false, "is_default": false,
                "display_name": f.name, "column_type": column_type(&f.data_type),
            })
        })
        .collect();
    json!({
        "CURRENCY": "EUR",
        "currency": "€",
        "layout_id": db.new_id().to_string(),
        "section_details": [
            {"section_id": db.new_id().to_string(), "section_name": "zp.customfields.defaulttimesheetsection",
             "customfield_details": fields, "is_default": true},
            {"section_id": db.new_id().to_string(), "section_name": "Billing details",
             "customfield_details": extra, "is_default": false},
        ],
    })
}

/// A task list: its name and its tasks (name, completed).
type TaskList = (&'static str, &'static [(&'static str, bool)]);
/// A project: portal, name, status, task lists and bug titles.
type Seeded = (
    u64,
    &'static str,
    &'static str,
    &'static [TaskList],
    &'static [&'static str],
);

pub fn seeded() -> ProjectsDb {
    let mut db = ProjectsDb::default();
    let team = vec![
        user(703_961_433, "Ada Lindqvist", "admin"),
        user(703_961_440, "Grace Okafor", "manager"),
        user(703_961_451, "Tomás Rivera", "employee"),
    ];
    for (id, name, company) in [
        (20_063_927, "brightline", "Brightline Consulting"),
        (20_071_145, "brightlinelabs", "Brightline Labs"),
    ] {
        let custom = custom_fields(&mut db);
        let layout = layout(&mut db, &custom);
        db.portals.push(Portal {
            id,
            name: name.into(),
            company: company.into(),
            users: team.clone(),
            custom_fields: custom,
            layout,
        });
    }
    let catalog: [Seeded; 5] = [
        (
            20_063_927,
            "Website relaunch",
            "active",
            &[
                ("Design", &[("Wireframes", true), ("Visual design", false)]),
                (
                    "Build",
                    &[
                        ("Frontend templates", false),
                        ("CMS integration", false),
                        ("Launch checklist", false),
                    ],
                ),
            ],
            &[
                "Hero image blurry on retina screens",
                "Contact form rejects plus-addressed emails",
                "Footer links 404 in the German locale",
            ],
        ),
        (
            20_063_927,
            "Mobile banking app",
            "active",
            &[(
                "Sprint 12",
                &[
                    ("Onboarding flow", false),
                    ("Push notifications", false),
                    ("App store release", false),
                ],
            )],
            &["Crash when rotating the login screen"],
        ),
        (
            20_063_927,
            "Data warehouse migration",
            "active",
            &[(
                "Migration",
                &[
                    ("Schema mapping", false),
                    ("ETL jobs", false),
                    ("Cut-over rehearsal", false),
                ],
            )],
            &[],
        ),
        (
            20_063_927,
            "Brand refresh 2024",
            "archived",
            &[("General", &[("Logo variants", true)])],
            &[],
        ),
        (
            20_071_145,
            "Research sprint",
            "active",
            &[("General", &[("Literature review", false)])],
            &[],
        ),
    ];
    for (portal_id, name, status, lists, bugs) in catalog {
        let project_id = db.new_id();
        db.projects.push(Project {
            id: project_id,
            portal_id,
            name: name.into(),
            status: status.into(),
        });
        for (list, tasks) in lists {
            let tasklist_id = db.new_id();
            for (task, completed) in *tasks {
                let id = db.new_id();
                db.tasks.push(Task {
                    id,
                    project_id,
                    name: (*task).into(),
                    tasklist_id,
                    tasklist: (*list).into(),
                    completed: *completed,
                });
            }
        }
        for title in bugs {
            let id = db.new_id();
            db.bugs.push(Bug {
                id,
                project_id,
                title: (*title).into(),
                status: "Open".into(),
            });
        }
    }
    seed_logs(&mut db);
    db
}

/// A few days of work on the website relaunch, dated back from today (the real date:
/// the simulator's clock starts at real time and only moves forward).
fn seed_logs(db: &mut ProjectsDb) {
    let Some(project) = db.projects.first().map(|p| (p.portal_id, p.id)) else {
        return;
    };
    let task = |db: &ProjectsDb, i: usize| {
        db.tasks
            .iter()
            .filter(|t| t.project_id == project.1)
            .nth(i)
            .map(|t| t.id)
    };
    let bug = db
        .bugs
        .iter()
        .find(|b| b.project_id == project.1)
        .map(|b| b.id);
    let now = Utc::now();
    let mut ons = Vec::new();
    if let Some(id) = task(db, 0) {
        ons.push((
            5,
            LogOn::Task { task_id: id },
            150,
            "Homepage and pricing wireframes",
            Approval::Approved,
        ));
    }
    if let Some(id) = task(db, 1) {
        ons.push((
            4,
            LogOn::Task { task_id: id },
            240,
            "Style tiles, round two",
            Approval::Pending,
        ));
    }
    if let Some(id) = bug {
        ons.push((
            3,
            LogOn::Bug { bug_id: id },
            75,
            "Reproduced on a 5K display; srcset fix",
            Approval::Pending,
        ));
    }
    ons.push((
        2,
        LogOn::General {
            name: "Client call".into(),
        },
        45,
        "Weekly status call",
        Approval::Approved,
    ));
    for (days_ago, on, minutes, notes, approval) in ons {
        let date = now.date_naive() - Days::new(days_ago);
        let at = now.timestamp_millis() - (days_ago as i64) * 86_400_000;
        let id = db.new_id();
        db.logs.push(Log {
            id,
            portal_id: project.0,
            project_id: project.1,
            on,
            date,
            minutes,
            notes: notes.into(),
            billable: true,
            approval,
            approver_id: (approval == Approval::Approved).then_some(703_961_440),
            reject_reason: None,
            owner_id: 703_961_433,
            custom_fields: Map::new(),
            cost_per_hour: None,
            created_ms: at,
            modified_ms: at,
        });
    }
}
