//! A Projects account as the engine's [`Remote`]: timesheet logs on tasks, bugs and
//! general work in the account's portal, one request per log. Projects' v2 API has no
//! timer, so this account always logs time when Punch's timer stops.
//!
//! - `list` reads "my logs" for the account's `user` (the Projects user id), once per
//!   component type (Zoho requires one: task, bug, general) and per six months (Zoho's
//!   longest custom range). Without a user id it refuses rather than read every user's
//!   logs of the portal, which Punch would then take for the account's own.
//! - A log Zoho can't place (no project, or a task or bug without its id) is left out
//!   of `list`: Punch could not name its target.
//! - The client sends `notes` only when there are some, so an edit that empties a note
//!   leaves Zoho's as it was.

use chrono::{DateTime, Months, NaiveDate, Utc};
use zoho::projects::{
    BillFilter, Component, ComponentType, LogInput, LogKind, LogQuery, Projects, TimeLog, Users,
    View,
};
use zoho::{ErrorKind, Session, ZohoError};

use super::{missing, one_at_a_time, refusal, send_each, wrong_product};
use crate::store::accounts::Account;
use crate::sync::plan::{KnownLog, LogBody};
use crate::sync::remote::{Outcome, Remote, RemoteLog, RemoteTimer};
use crate::target::{ProjectsItem, Target};

/// Why a Projects account can't run Zoho's timer.
pub const NO_PROJECTS_TIMER: &str =
    "Zoho Projects' API has no timer: this account logs time when the timer stops";

#[derive(Debug)]
pub struct ProjectsRemote<'a> {
    account: &'a Account,
    session: &'a Session,
}

/// Where a log goes: its project, the component holding it, and a general log's name.
struct Place<'l> {
    project_id: &'l str,
    component: Component,
    name: Option<&'l str>,
}

/// `[from, to]` in windows Zoho's custom range accepts (at most six months each).
fn windows(from: NaiveDate, to: NaiveDate) -> Vec<(NaiveDate, NaiveDate)> {
    let mut windows = Vec::new();
    let mut start = from;
    while start <= to {
        let end = start
            .checked_add_months(Months::new(6))
            .and_then(|d| d.pred_opt())
            .map_or(to, |d| d.min(to));
        windows.push((start, end));
        match end.succ_opt() {
            Some(next) => start = next,
            None => break,
        }
    }
    windows
}

impl<'a> ProjectsRemote<'a> {
    pub fn new(account: &'a Account, session: &'a Session) -> ProjectsRemote<'a> {
        ProjectsRemote { account, session }
    }

    fn projects(&self) -> Result<Projects<'a>, ZohoError> {
        let portal = self
            .account
            .portal
            .as_deref()
            .ok_or_else(|| missing(self.account, "Projects portal"))?;
        Ok(Projects::new(self.session, portal))
    }

    fn place<'l>(&self, target: &'l Target) -> Result<Place<'l>, ZohoError> {
        let Target::Projects { project_id, item } = target else {
            return Err(wrong_product(self.account, target));
        };
        let (component, name) = match item {
            ProjectsItem::Task(id) => (Component::Task(id.clone()), None),
            ProjectsItem::Bug(id) => (Component::Bug(id.clone()), None),
            ProjectsItem::General(name) => (Component::General, Some(name.as_str())),
        };
        Ok(Place {
            project_id,
            component,
            name,
        })
    }

    fn input(log: &LogBody, place: &Place<'_>) -> LogInput {
        let input = LogInput::new(log.date, log.minutes, log.billable).notes(log.note.clone());
        match place.name {
            Some(name) => input.named(name),
            None => input,
        }
    }

    fn remote_log(&self, log: TimeLog) -> Option<RemoteLog> {
        if log.project_id.is_empty() {
            return None;
        }
        let item = match log.kind {
            LogKind::Task { id, .. } if !id.is_empty() => ProjectsItem::Task(id),
            LogKind::Bug { id, .. } if !id.is_empty() => ProjectsItem::Bug(id),
            LogKind::General { name } if !name.trim().is_empty() => {
                ProjectsItem::General(name.trim().to_owned())
            }
            _ => return None,
        };
        Some(RemoteLog {
            remote_id: log.id,
            log: LogBody {
                account: self.account.name.clone(),
                target: Target::Projects {
                    project_id: log.project_id,
                    item,
                },
                date: log.date,
                minutes: log.minutes,
                note: log.notes,
                billable: log.billable,
            },
        })
    }
}

impl Remote for ProjectsRemote<'_> {
    fn create(&self, logs: &[LogBody]) -> Vec<Outcome> {
        let projects = match self.projects() {
            Ok(projects) => projects,
            Err(e) => return vec![Outcome::Refused(e); logs.len()],
        };
        send_each(logs, |log| {
            let place = self.place(&log.target)?;
            let input = Self::input(log, &place);
            Ok(projects
                .add_log(place.project_id, &place.component, &input)?
                .id)
        })
    }

    fn update(&self, items: &[(String, LogBody)]) -> Vec<Outcome> {
        let projects = match self.projects() {
            Ok(projects) => projects,
            Err(e) => return vec![Outcome::Refused(e); items.len()],
        };
        send_each(items, |(id, log)| {
            let place = self.place(&log.target)?;
            let input = Self::input(log, &place);
            Ok(projects
                .update_log(place.project_id, &place.component, id, &input)?
                .id)
        })
    }

    fn delete(&self, logs: &[KnownLog]) -> Vec<Result<(), ZohoError>> {
        let projects = match self.projects() {
            Ok(projects) => projects,
            Err(e) => return vec![Err(e); logs.len()],
        };
        one_at_a_time(
            logs,
            |log| {
                let place = self.place(&log.target)?;
                match projects.delete_log(place.project_id, &place.component, &log.remote_id) {
                    Err(e) if e.kind == ErrorKind::NotFound => Ok(Ok(())),
                    other => other.map(Ok),
                }
            },
            Err,
            Err,
        )
    }

    fn list(&self, from: NaiveDate, to: NaiveDate) -> Result<Vec<RemoteLog>, ZohoError> {
        let projects = self.projects()?;
        let user = self
            .account
            .user
            .clone()
            .ok_or_else(|| missing(self.account, "Projects user id (whose logs to read)"))?;
        let mut found = Vec::new();
        for (start, end) in windows(from, to) {
            for component in [
                ComponentType::Task,
                ComponentType::Bug,
                ComponentType::General,
            ] {
                let query = LogQuery {
                    users: Users::Only(vec![user.clone()]),
                    bill_status: BillFilter::All,
                    ..LogQuery::new(View::Custom { start, end }, component)
                };
                found.extend(
                    projects
                        .my_logs(&query)?
                        .into_iter()
                        .filter(|l| l.owner_id.is_empty() || l.owner_id == user)
                        .filter(|l| (from..=to).contains(&l.date))
                        .filter_map(|l| self.remote_log(l)),
                );
            }
        }
        Ok(found)
    }

    fn start_timer(&self, _log: &LogBody, _started: DateTime<Utc>) -> Result<String, ZohoError> {
        Err(refusal(NO_PROJECTS_TIMER))
    }

    /// No timer was ever started, so there is none to stop.
    fn stop_timer(&self, _remote_id: &str) -> Result<(), ZohoError> {
        Ok(())
    }

    fn running_timer(&self) -> Result<Option<RemoteTimer>, ZohoError> {
        Ok(None)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn ranges_are_cut_into_six_month_windows() {
        assert_eq!(
            windows(d(2025, 3, 4), d(2025, 3, 10)),
            vec![(d(2025, 3, 4), d(2025, 3, 10))]
        );
        assert_eq!(
            windows(d(2025, 1, 1), d(2025, 12, 31)),
            vec![
                (d(2025, 1, 1), d(2025, 6, 30)),
                (d(2025, 7, 1), d(2025, 12, 31))
            ]
        );
        assert!(windows(d(2025, 3, 2), d(2025, 3, 1)).is_empty());
    }
}
