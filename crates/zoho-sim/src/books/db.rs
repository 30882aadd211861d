//! What the simulated Books stores: organizations with their users, projects, tasks and
//! time entries, and each organization's recent requests for the per-minute limit. Kept
//! free of HTTP so the rules read as plain data changes.

use std::collections::{BTreeMap, VecDeque};

use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use serde_json::{Value, json};

/// Zoho counts an organization's requests over a sliding minute.
const WINDOW_MS: i64 = 60_000;

/// The simulator's Books data.
#[derive(Debug, Default)]
pub struct BooksDb {
    pub organizations: Vec<Organization>,
    /// The last id handed out; Books ids are long digit strings.
    last_id: u64,
}

#[derive(Debug, Clone)]
pub struct Organization {
    pub organization_id: String,
    pub name: String,
    pub is_default_org: bool,
    /// The user every access token of the simulator belongs to.
    pub me: String,
    pub users: Vec<User>,
    pub projects: Vec<Project>,
    pub entries: BTreeMap<String, Entry>,
    /// Instants (simulator ms) of the requests admitted in the last minute.
    pub calls: VecDeque<i64>,
}

#[derive(Debug, Clone)]
pub struct User {
    pub user_id: String,
    pub name: String,
    pub email: String,
}

#[derive(Debug, Clone)]
pub struct Project {
    pub project_id: String,
    pub project_name: String,
    pub customer_id: String,
    pub customer_name: String,
    /// `active` or `inactive`.
    pub status: String,
    pub tasks: Vec<Task>,
}

#[derive(Debug, Clone)]
pub struct Task {
    pub task_id: String,
    pub task_name: String,
    pub is_billable: bool,
}

/// One stored time entry. Names are looked up when it is rendered, as Zoho does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub time_entry_id: String,
    pub project_id: String,
    pub task_id: String,
    pub user_id: String,
    pub log_date: NaiveDate,
    pub begin_time: Option<NaiveTime>,
    pub end_time: Option<NaiveTime>,
    pub log_minutes: u32,
    pub is_billable: bool,
    /// `unbilled` or `invoiced`.
    pub billed_status: String,
    pub notes: String,
    /// While its timer runs: when it started (simulator ms).
    pub timer_started_ms: Option<i64>,
    pub created_ms: i64,
}

impl BooksDb {
    /// The demo catalog: a small consultancy with two organizations.
    pub fn seeded() -> Self {
        let mut db = BooksDb {
            organizations: Vec::new(),
            last_id: 460_000_000_044_000,
        };
        let me = |db: &mut BooksDb| User {
            user_id: db.mint(),
            name: "Alex Morgan".into(),
            email: "alex@lindqvist-hart.example".into(),
        };
        let main_me = me(&mut db);
        let colleague = User {
            user_id: db.mint(),
            name: "Priya Raman".into(),
            email: "priya@lindqvist-hart.example".into(),
        };
        let standard = ["Design", "Development", "Project management", "Meetings"];
        let mut projects = vec![
            db.project("Website relaunch", "Bäckerei Krume", "active", &standard),
            db.project("Mobile app MVP", "Fjord Logistics AS", "active", &standard),
            db.project(
                "Data warehouse migration",
                "Acme Retail Ltd",
                "active",
                &["Analysis", "ETL development", "Testing"],
            ),
            db.project(
                "Legacy CRM support",
                "Acme Retail Ltd",
                "inactive",
                &["Support"],
            ),
        ];
        // Internal work is not billed.
        projects.push(db.project("Internal", "Lindqvist & Hart", "active", &["Training"]));
        if let Some(internal) = projects.last_mut() {
            internal
                .tasks
                .iter_mut()
                .for_each(|t| t.is_billable = false);
        }
        let mut main = Organization {
            organization_id: "10234695".into(),
            name: "Lindqvist & Hart Consulting".into(),
            is_default_org: true,
            me: main_me.user_id.clone(),
            users: vec![main_me, colleague.clone()],
            projects,
            entries: BTreeMap::new(),
            calls: VecDeque::new(),
        };
        // A colleague's history, one of it already invoiced.
        let website = main.projects[0].clone();
        let past = |d: u32| NaiveDate::from_ymd_opt(2025, 3, d).unwrap_or_default();
        for (day, minutes, billed) in [(3, 240, "invoiced"), (4, 90, "unbilled")] {
            let entry = Entry {
                time_entry_id: db.mint(),
                project_id: website.project_id.clone(),
                task_id: website.tasks[1].task_id.clone(),
                user_id: colleague.user_id.clone(),
                log_date: past(day),
                begin_time: None,
                end_time: None,
                log_minutes: minutes,
                is_billable: true,
                billed_status: billed.into(),
                notes: "Header and navigation".into(),
                timer_started_ms: None,
                created_ms: 0,
            };
            main.entries.insert(entry.time_entry_id.clone(), entry);
        }
        let second_me = me(&mut db);
        let second = Organization {
            organization_id: "10234712".into(),
            name: "Lindqvist & Hart GmbH".into(),
            is_default_org: false,
            me: second_me.user_id.clone(),
            users: vec![second_me],
            projects: vec![
                db.project(
                    "Security audit 2025",
                    "Stadtwerke Nord",
                    "active",
                    &["Audit", "Report"],
                ),
                db.project(
                    "Retainer support",
                    "Stadtwerke Nord",
                    "active",
                    &["Support"],
                ),
            ],
            entries: BTreeMap::new(),
            calls: VecDeque::new(),
        };
        db.organizations = vec![main, second];
        db
    }

    /// A fresh id, unique across the simulator.
    pub fn mint(&mut self) -> String {
        if self.last_id == 0 {
            self.last_id = 460_000_000_044_000;
        }
        self.last_id += 1;
        self.last_id.to_string()
    }

    fn project(&mut self, name: &str, customer: &str, status: &str, tasks: &[&str]) -> Project {
        Project {
            project_id: self.mint(),
            project_name: name.into(),
            customer_id: self.mint(),
            customer_name: customer.into(),
            status: status.into(),
            tasks: tasks
                .iter()
                .map(|t| Task {
                    task_id: self.mint(),
                    task_name: (*t).into(),
                    is_billable: true,
                })
                .collect(),
        }
    }

    pub fn organization(&self, id: &str) -> Option<&Organization> {
        self.organizations.iter().find(|o| o.organization_id == id)
    }

    pub fn organization_mut(&mut self, id: &str) -> Option<&mut Organization> {
        self.organizations
            .iter_mut()
            .find(|o| o.organization_id == id)
    }
}

impl Organization {
    /// Count a request against the per-minute limit; `false` when the minute is used up.
    pub fn admit(&mut self, now_ms: i64, per_minute: u32) -> bool {
        while self.calls.front().is_some_and(|&t| t <= now_ms - WINDOW_MS) {
            self.calls.pop_front();
        }
        if self.calls.len() >= per_minute as usize {
            return false;
        }
        self.calls.push_back(now_ms);
        true
    }

    pub fn project(&self, id: &str) -> Option<&Project> {
        self.projects.iter().find(|p| p.project_id == id)
    }

    pub fn user(&self, id: &str) -> Option<&User> {
        self.users.iter().find(|u| u.user_id == id)
    }

    /// The entry whose timer runs for `user_id`, if any (Books runs one per user).
    pub fn running(&self, user_id: &str) -> Option<&Entry> {
        self.entries
            .values()
            .find(|e| e.user_id == user_id && e.timer_started_ms.is_some())
    }

    /// An entry in Books' answer shape, blanks as `" "` the way the documents show them.
    pub fn render(&self, entry: &Entry, now_ms: i64) -> Value {
        let project = self.project(&entry.project_id);
        let task = project.and_then(|p| p.tasks.iter().find(|t| t.task_id == entry.task_id));
        let clock =
            |t: Option<NaiveTime>| t.map_or(String::new(), |t| t.format("%H:%M").to_string());
        let blank = |s: &str| {
            if s.is_empty() {
                " ".to_owned()
            } else {
                s.to_owned()
            }
        };
        let (started, started_utc, minutes, seconds) = match entry.timer_started_ms {
            Some(start) => {
                let at = stamp(start);
                let secs = ((now_ms - start) / 1000).max(0);
                (at.clone(), at, (secs / 60).to_string(), secs.to_string())
            }
            None => (" ".into(), String::new(), " ".into(), String::new()),
        };
        json!({
            "time_entry_id": entry.time_entry_id,
            "project_id": entry.project_id,
            "project_name": project.map_or("", |p| p.project_name.as_str()),
            "customer_id": project.map_or("", |p| p.customer_id.as_str()),
            "customer_name": project.map_or("", |p| p.customer_name.as_str()),
            "task_id": entry.task_id,
            "task_name": task.map_or("", |t| t.task_name.as_str()),
            "user_id": entry.user_id,
            "user_name": self.user(&entry.user_id).map_or("", |u| u.name.as_str()),
            "is_current_user": entry.user_id == self.me,
            "log_date": entry.log_date.format("%Y-%m-%d").to_string(),
            "begin_time": clock(entry.begin_time),
            "end_time": clock(entry.end_time),
            "log_time": hours_minutes(entry.log_minutes),
            "is_billable": entry.is_billable,
            "billed_status": entry.billed_status,
            "invoice_id": "",
            "notes": blank(&entry.notes),
            "timer_started_at": started,
            "timer_started_at_utc_time": started_utc,
            "timer_duration_in_minutes": minutes,
            "timer_duration_in_seconds": seconds,
            "created_time": stamp(entry.created_ms),
            "timesheet_custom_fields": "",
            "cost_rate": 0,
        })
    }
}

/// Minutes as Books writes durations: `HH:mm`.
pub fn hours_minutes(minutes: u32) -> String {
    format!("{:02}:{:02}", minutes / 60, minutes % 60)
}

/// An instant as Books writes it: `2013-09-18T18:05:27+0530` (the simulator is on UTC).
pub fn stamp(ms: i64) -> String {
    DateTime::<Utc>::from_timestamp_millis(ms)
        .unwrap_or_default()
        .format("%Y-%m-%dT%H:%M:%S%z")
        .to_string()
}
