//! What each side holds at the end: Zoho's logs read straight from the simulator's
//! stores, and the logs Punch's entries call for, in terms both can be compared in.
#![allow(dead_code)]

use std::collections::BTreeMap;

use chrono::NaiveDate;
use punch_core::entry::SyncState;
use punch_core::sync::plan::desired;
use punch_core::target::{Product, ProjectsItem, Target};
use zoho_sim::state::lock;

use super::world::{BOOKS_ORG, PEOPLE_ERECNO, PROJECTS_USER, World, window};

/// One log as Zoho holds it, in the terms both sides can be compared in.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Held {
    pub target: String,
    pub date: NaiveDate,
    pub minutes: u32,
    pub note: String,
    pub billable: bool,
}

impl World {
    /// The ids of the signed-in users' logs in the window, as the simulator stores them.
    pub fn zoho_ids(&self, product: Product) -> Vec<String> {
        let (from, to) = window();
        let in_window = |d: &NaiveDate| (from..=to).contains(d);
        let shared = &self.link.sim.shared;
        let mut ids: Vec<String> = match product {
            Product::Books => {
                let books = lock(&shared.books);
                let org = books.organization(BOOKS_ORG).expect("the organization");
                org.entries
                    .values()
                    .filter(|e| e.user_id == org.me && in_window(&e.log_date))
                    .map(|e| e.time_entry_id.clone())
                    .collect()
            }
            Product::People => lock(&shared.people)
                .logs
                .iter()
                .filter(|l| l.erecno == PEOPLE_ERECNO && in_window(&l.work_date))
                .map(|l| l.id.clone())
                .collect(),
            Product::Projects => lock(&shared.projects)
                .logs
                .iter()
                .filter(|l| l.owner_id == PROJECTS_USER && in_window(&l.date))
                .map(|l| l.id.to_string())
                .collect(),
        };
        ids.sort();
        ids
    }

    /// Every log of the signed-in users dated in the window, per product, from the
    /// simulator's own stores (timer logs count what they ran).
    pub fn zoho_logs(&self) -> BTreeMap<Product, Vec<Held>> {
        let (from, to) = window();
        let in_window = |d: &NaiveDate| (from..=to).contains(d);
        let shared = &self.link.sim.shared;
        let mut found: BTreeMap<Product, Vec<Held>> = BTreeMap::new();
        {
            let books = lock(&shared.books);
            let org = books.organization(BOOKS_ORG).expect("the organization");
            let logs = org
                .entries
                .values()
                .filter(|e| e.user_id == org.me && in_window(&e.log_date))
                .map(|e| Held {
                    target: Target::Books {
                        project_id: e.project_id.clone(),
                        task_id: e.task_id.clone(),
                    }
                    .to_string(),
                    date: e.log_date,
                    minutes: e.log_minutes,
                    note: e.notes.clone(),
                    billable: e.is_billable,
                });
            found.entry(Product::Books).or_default().extend(logs);
        }
        {
            let now = shared.clock.now_ms();
            let people = lock(&shared.people);
            let logs = people
                .logs
                .iter()
                .filter(|l| l.erecno == PEOPLE_ERECNO && in_window(&l.work_date))
                .map(|l| Held {
                    target: Target::People {
                        job_id: l.job_id.clone(),
                    }
                    .to_string(),
                    date: l.work_date,
                    minutes: (l.seconds(now) / 60) as u32,
                    note: l.description.clone(),
                    billable: l.billable,
                });
            found.entry(Product::People).or_default().extend(logs);
        }
        {
            let projects = lock(&shared.projects);
            let logs = projects
                .logs
                .iter()
                .filter(|l| l.owner_id == PROJECTS_USER && in_window(&l.date))
                .map(|l| {
                    let item = match &l.on {
                        zoho_sim::projects::LogOn::Task { task_id } => {
                            ProjectsItem::Task(task_id.to_string())
                        }
                        zoho_sim::projects::LogOn::Bug { bug_id } => {
                            ProjectsItem::Bug(bug_id.to_string())
                        }
                        zoho_sim::projects::LogOn::General { name } => {
                            ProjectsItem::General(name.clone())
                        }
                    };
                    Held {
                        target: Target::Projects {
                            project_id: l.project_id.to_string(),
                            item,
                        }
                        .to_string(),
                        date: l.date,
                        minutes: l.minutes,
                        note: l.notes.clone(),
                        billable: l.billable,
                    }
                });
            found.entry(Product::Projects).or_default().extend(logs);
        }
        for logs in found.values_mut() {
            logs.sort();
        }
        found
    }

    /// The logs Punch's entries call for, per product: every entry that is neither
    /// rejected nor running, cut into its day pieces.
    pub fn punch_logs(&self) -> BTreeMap<Product, Vec<Held>> {
        let mut found: BTreeMap<Product, Vec<Held>> = BTreeMap::new();
        for product in Product::ALL {
            found.insert(product, Vec::new());
        }
        for entry in self.entries() {
            if matches!(entry.sync, SyncState::Rejected(_)) {
                continue;
            }
            for log in desired(&entry, self.tracker.time_zone()) {
                found.entry(log.target.product()).or_default().push(Held {
                    target: log.target.to_string(),
                    date: log.date,
                    minutes: log.minutes,
                    note: log.note,
                    billable: log.billable,
                });
            }
        }
        for logs in found.values_mut() {
            logs.sort();
        }
        found
    }
}
