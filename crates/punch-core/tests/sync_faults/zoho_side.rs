//! Changes made in Zoho's own pages while a scenario runs: a log of an entry edited or
//! deleted there, or a new log made there. Which side wins an edit depends on whether
//! the entry had changes not yet pushed when the pull saw it, so an entry touched in
//! Zoho follows Punch from then on (the end check still wants Zoho and Punch equal);
//! a log made in Zoho may become at most one remote entry.

use punch_core::target::{Product, ProjectsItem, Target};
use serde_json::Map;
use zoho_sim::state::lock;

use super::model::{Intent, MINUTES, Model, NOTES, Rng, pick_weekday};
use super::world::{BOOKS_ORG, PEOPLE_ERECNO, PORTAL_ID, PROJECTS_USER, World};

/// A log made in Zoho's pages, written straight into the simulator's store.
fn make(
    world: &World,
    target: &Target,
    date: chrono::NaiveDate,
    minutes: u32,
    note: &str,
    billable: bool,
) {
    let shared = &world.sim().shared;
    match target {
        Target::Books {
            project_id,
            task_id,
        } => {
            let mut books = lock(&shared.books);
            let id = books.mint();
            let org = books.organization_mut(BOOKS_ORG).unwrap();
            let entry = zoho_sim::books::Entry {
                time_entry_id: id.clone(),
                project_id: project_id.clone(),
                task_id: task_id.clone(),
                user_id: org.me.clone(),
                log_date: date,
                begin_time: None,
                end_time: None,
                log_minutes: minutes,
                is_billable: billable,
                billed_status: "unbilled".into(),
                notes: note.into(),
                timer_started_ms: None,
                created_ms: 0,
            };
            org.entries.insert(id, entry);
        }
        Target::People { job_id } => {
            let mut people = lock(&shared.people);
            let id = people.mint();
            people.logs.push(zoho_sim::people::TimeLog {
                id,
                erecno: PEOPLE_ERECNO.into(),
                job_id: job_id.clone(),
                work_date: date,
                kind: 0,
                minutes,
                from_min: None,
                to_min: None,
                billable,
                work_item: String::new(),
                description: note.into(),
                runs: Vec::new(),
            });
        }
        Target::Projects { project_id, item } => {
            let on = match item {
                ProjectsItem::Task(id) => zoho_sim::projects::LogOn::Task {
                    task_id: id.parse().unwrap(),
                },
                ProjectsItem::Bug(id) => zoho_sim::projects::LogOn::Bug {
                    bug_id: id.parse().unwrap(),
                },
                ProjectsItem::General(name) => {
                    zoho_sim::projects::LogOn::General { name: name.clone() }
                }
            };
            let mut projects = lock(&shared.projects);
            let id = projects.new_id();
            projects.logs.push(zoho_sim::projects::Log {
                id,
                portal_id: PORTAL_ID,
                project_id: project_id.parse().unwrap(),
                on,
                date,
                minutes,
                notes: note.into(),
                billable,
                approval: zoho_sim::projects::Approval::Pending,
                approver_id: None,
                reject_reason: None,
                owner_id: PROJECTS_USER,
                custom_fields: Map::new(),
                cost_per_hour: None,
                created_ms: 0,
                modified_ms: 0,
            });
        }
    }
}

/// What a Zoho-side edit changes.
#[derive(Debug, Clone)]
enum Edit {
    Minutes(u32),
    Note(String),
    Billable,
    Delete,
}

/// Edit or delete one log in the simulator's store.
fn change(world: &World, product: Product, remote_id: &str, edit: &Edit) {
    let shared = &world.sim().shared;
    match product {
        Product::Books => {
            let mut books = lock(&shared.books);
            let org = books.organization_mut(BOOKS_ORG).unwrap();
            if let Edit::Delete = edit {
                org.entries.remove(remote_id);
                return;
            }
            let Some(e) = org.entries.get_mut(remote_id) else {
                return;
            };
            match edit {
                Edit::Minutes(m) => e.log_minutes = *m,
                Edit::Note(n) => e.notes = n.clone(),
                _ => e.is_billable = !e.is_billable,
            }
        }
        Product::People => {
            let mut people = lock(&shared.people);
            if let Edit::Delete = edit {
                people.logs.retain(|l| l.id != remote_id);
                return;
            }
            let Some(l) = people.log_mut(remote_id) else {
                return;
            };
            match edit {
                Edit::Minutes(m) => l.minutes = *m,
                Edit::Note(n) => l.description = n.clone(),
                _ => l.billable = !l.billable,
            }
        }
        Product::Projects => {
            let mut projects = lock(&shared.projects);
            if let Edit::Delete = edit {
                projects.logs.retain(|l| l.id.to_string() != remote_id);
                return;
            }
            let Some(l) = projects
                .logs
                .iter_mut()
                .find(|l| l.id.to_string() == remote_id)
            else {
                return;
            };
            match edit {
                Edit::Minutes(m) => l.minutes = *m,
                Edit::Note(n) => l.notes = n.clone(),
                _ => l.billable = !l.billable,
            }
        }
    }
}

impl Model {
    /// Someone works in Zoho's pages: a new log, or an edit or deletion of a log an
    /// entry holds.
    pub fn zoho_change(&mut self, rng: &mut Rng, world: &mut World) {
        if rng.chance(25) {
            let product = *rng.pick(&Product::ALL);
            let target = rng.pick(world.catalog.valid(product)).clone();
            let date = pick_weekday(rng);
            let (minutes, note) = (*rng.pick(&MINUTES), *rng.pick(&NOTES));
            let billable = rng.chance(50);
            make(world, &target, date, minutes, note, billable);
            self.made_in_zoho += 1;
            self.log.push(format!(
                "zoho: made {target} {date} {minutes} {note:?} {billable}"
            ));
            return;
        }
        let held: Vec<(i64, Product, String)> = world
            .entries()
            .into_iter()
            .filter(|e| self.live.contains_key(&e.id))
            .flat_map(|e| {
                let product = e.target.as_ref().map(Target::product);
                e.remote_ids.into_iter().map(move |id| (e.id, product, id))
            })
            .filter_map(|(entry, product, id)| Some((entry, product?, id)))
            .collect();
        if held.is_empty() {
            return;
        }
        let (entry, product, remote_id) = rng.pick(&held).clone();
        let edit = match rng.below(4) {
            0 => Edit::Minutes(*rng.pick(&MINUTES) + 5),
            1 => Edit::Note(format!("Zoho: {}", rng.pick(&NOTES)).trim().to_owned()),
            2 => Edit::Billable,
            _ => Edit::Delete,
        };
        change(world, product, &remote_id, &edit);
        self.touched.insert(entry);
        self.log
            .push(format!("zoho: {edit:?} log {remote_id} of #{entry}"));
    }

    /// Entries touched in Zoho follow Punch: whatever a pull made of them is now what
    /// the user has (gone, if Zoho's deletion won).
    pub fn follow_touched(&mut self, world: &World) {
        for id in self.touched.clone() {
            if !self.live.contains_key(&id) {
                continue;
            }
            match world.tracker.entry(id) {
                Ok(entry) => {
                    let intent = Intent {
                        date: entry.date,
                        when: entry.when,
                        target: entry.target.clone().expect("a synced entry has a target"),
                        note: entry.note.clone(),
                        billable: entry.billable,
                    };
                    self.live.insert(id, intent);
                }
                Err(_) => {
                    self.live.remove(&id);
                    self.log
                        .push(format!("  #{id} was deleted by Zoho's deletion"));
                }
            }
        }
    }
}
