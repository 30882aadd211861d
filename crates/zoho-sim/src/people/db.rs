//! What the simulated People stores: its users (one of them signed in), projects, jobs
//! (one completed), time logs with their timer runs, the company's non-working days,
//! and each API's call counts for the per-minute threshold.

use std::collections::{HashMap, VecDeque};

use chrono::{Datelike, NaiveDate, Weekday};
use serde::Serialize;

use super::rules::{self, Rule};

#[derive(Debug, Clone, Serialize)]
pub struct User {
    pub erecno: String,
    pub email: String,
    pub employee_id: String,
    pub first_name: String,
    pub last_name: String,
    /// The administrator turned manual logging off for this user: only the timer logs.
    pub manual_log_disabled: bool,
    pub timer_disabled: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct Project {
    pub id: String,
    pub name: String,
    pub client_id: String,
    pub client_name: String,
    pub completed: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct Job {
    pub id: String,
    pub name: String,
    pub project_id: String,
    pub billable: bool,
    pub completed: bool,
    /// Erecnos of the users the job is assigned to.
    pub assignees: Vec<String>,
    pub from_date: NaiveDate,
    pub to_date: NaiveDate,
}

/// One run of a timer, in simulator milliseconds; `to_ms` is `None` while it runs.
#[derive(Debug, Clone, Serialize)]
pub struct TimerRun {
    pub timer_id: String,
    pub from_ms: i64,
    pub to_ms: Option<i64>,
}

#[derive(Debug, Clone, Serialize)]
pub struct TimeLog {
    pub id: String,
    pub erecno: String,
    pub job_id: String,
    pub work_date: NaiveDate,
    /// People's `type`: 0 hours, 1 start and end, 2 timer.
    pub kind: u8,
    /// Logged minutes for types 0 and 1.
    pub minutes: u32,
    /// Start and end as minutes of the day, for type 1.
    pub from_min: Option<u32>,
    pub to_min: Option<u32>,
    pub billable: bool,
    pub work_item: String,
    pub description: String,
    /// Timer runs, for type 2.
    pub runs: Vec<TimerRun>,
}

impl TimeLog {
    pub fn running(&self) -> Option<&TimerRun> {
        self.runs.iter().find(|r| r.to_ms.is_none())
    }

    /// Everything logged, in seconds (a running timer counts up to `now_ms`).
    pub fn seconds(&self, now_ms: i64) -> i64 {
        if self.kind != 2 {
            return i64::from(self.minutes) * 60;
        }
        self.runs
            .iter()
            .map(|r| (r.to_ms.unwrap_or(now_ms) - r.from_ms).max(0) / 1000)
            .sum()
    }
}

/// Calls an API got in the last minute, and its lock.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Throttle {
    pub calls: VecDeque<i64>,
    pub locked_until: Option<i64>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PeopleDb {
    /// The email of the user whose tokens the simulator issues.
    pub signed_in: String,
    pub users: Vec<User>,
    pub projects: Vec<Project>,
    pub jobs: Vec<Job>,
    pub logs: Vec<TimeLog>,
    /// Company holidays: no time can be logged on them (code 8008).
    pub holidays: Vec<NaiveDate>,
    /// Weekend days: no time can be logged on them either (code 8008).
    pub weekend: Vec<Weekday>,
    pub throttles: HashMap<String, Throttle>,
    next_id: u64,
}

const ANA: &str = "ana@zylker.test";
const ANA_ERECNO: &str = "412762000000035001";
const BEN_ERECNO: &str = "412762000000035013";

fn ana() -> User {
    User {
        erecno: ANA_ERECNO.into(),
        email: ANA.into(),
        employee_id: "ZY-014".into(),
        first_name: "Ana".into(),
        last_name: "Lima".into(),
        manual_log_disabled: false,
        timer_disabled: false,
    }
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
}

impl Default for PeopleDb {
    /// An empty company with only the signed-in user, who works Monday to Friday.
    fn default() -> Self {
        PeopleDb {
            signed_in: ANA.into(),
            users: vec![ana()],
            projects: Vec::new(),
            jobs: Vec::new(),
            logs: Vec::new(),
            holidays: Vec::new(),
            weekend: vec![Weekday::Sat, Weekday::Sun],
            throttles: HashMap::new(),
            next_id: 412_762_000_000_100_001,
        }
    }
}

impl PeopleDb {
    /// Zylker, a small consultancy: two people, three projects, six jobs (one of them
    /// completed), a few logs in February 2025, and the 2025–2026 public holidays.
    pub fn seeded() -> Self {
        let mut db = PeopleDb::default();
        db.users.push(User {
            erecno: BEN_ERECNO.into(),
            email: "ben@zylker.test".into(),
            employee_id: "ZY-021".into(),
            first_name: "Ben".into(),
            last_name: "Okafor".into(),
            manual_log_disabled: false,
            timer_disabled: false,
        });
        let project = |id: &str, name: &str, client_id: &str, client: &str| Project {
            id: id.into(),
            name: name.into(),
            client_id: client_id.into(),
            client_name: client.into(),
            completed: false,
        };
        db.projects = vec![
            project(
                "412762000000041001",
                "Website relaunch",
                "412762000000040001",
                "Harbor Coffee Co.",
            ),
            project(
                "412762000000041005",
                "Mobile ordering app",
                "412762000000040005",
                "Northwind Bikes",
            ),
            project(
                "412762000000041009",
                "Internal",
                "412762000000040009",
                "Zylker",
            ),
        ];
        let both = vec![ANA_ERECNO.to_owned(), BEN_ERECNO.to_owned()];
        let job = |id: &str, name: &str, project: &str, billable: bool, completed: bool| Job {
            id: id.into(),
            name: name.into(),
            project_id: project.into(),
            billable,
            completed,
            assignees: both.clone(),
            from_date: date(2025, 1, 6),
            to_date: date(2026, 12, 31),
        };
        db.jobs = vec![
            job(
                "412762000000042001",
                "Design",
                "412762000000041001",
                true,
                false,
            ),
            job(
                "412762000000042003",
                "Frontend build",
                "412762000000041001",
                true,
                false,
            ),
            job(
                "412762000000042005",
                "Content migration",
                "412762000000041001",
                true,
                false,
            ),
            job(
                "412762000000042007",
                "API integration",
                "412762000000041005",
                true,
                false,
            ),
            job(
                "412762000000042009",
                "Discovery workshop",
                "412762000000041005",
                true,
                true,
            ),
            job(
                "412762000000042011",
                "Team meetings",
                "412762000000041009",
                false,
                false,
            ),
        ];
        if let Some(workshop) = db.jobs.iter_mut().find(|j| j.completed) {
            workshop.to_date = date(2025, 1, 31);
        }
        if let Some(api) = db.jobs.iter_mut().find(|j| j.name == "API integration") {
            api.assignees = vec![BEN_ERECNO.to_owned()];
        }
        db.holidays = vec![
            date(2025, 1, 1),
            date(2025, 5, 1),
            date(2025, 12, 25),
            date(2025, 12, 26),
            date(2026, 1, 1),
            date(2026, 5, 1),
            date(2026, 12, 25),
        ];
        let seeded = [
            (
                "412762000000042001",
                date(2025, 2, 3),
                0,
                120,
                None,
                "Homepage wireframes",
            ),
            (
                "412762000000042003",
                date(2025, 2, 4),
                1,
                210,
                Some((540, 750)),
                "Header and navigation",
            ),
            (
                "412762000000042011",
                date(2025, 2, 5),
                0,
                45,
                None,
                "Weekly planning",
            ),
        ];
        for (job_id, work_date, kind, minutes, span, description) in seeded {
            let id = db.mint();
            db.logs.push(TimeLog {
                id,
                erecno: ANA_ERECNO.into(),
                job_id: job_id.into(),
                work_date,
                kind,
                minutes,
                from_min: span.map(|s: (u32, u32)| s.0),
                to_min: span.map(|s| s.1),
                billable: job_id != "412762000000042011",
                work_item: String::new(),
                description: description.into(),
                runs: Vec::new(),
            });
        }
        db
    }

    /// A fresh 18-digit id, as People's look.
    pub fn mint(&mut self) -> String {
        self.next_id += 1;
        self.next_id.to_string()
    }

    /// The signed-in user.
    pub fn me(&self) -> Option<&User> {
        self.user(&self.signed_in)
    }

    /// A user by email, erecno or employee id, as People's `user` parameter names them.
    pub fn user(&self, key: &str) -> Option<&User> {
        let key = key.trim();
        self.users
            .iter()
            .find(|u| u.email.eq_ignore_ascii_case(key) || u.erecno == key || u.employee_id == key)
    }

    pub fn user_mut(&mut self, key: &str) -> Option<&mut User> {
        let erecno = self.user(key)?.erecno.clone();
        self.users.iter_mut().find(|u| u.erecno == erecno)
    }

    pub fn job(&self, id: &str) -> Option<&Job> {
        self.jobs.iter().find(|j| j.id == id.trim())
    }

    pub fn project(&self, id: &str) -> Option<&Project> {
        self.projects.iter().find(|p| p.id == id)
    }

    pub fn log_mut(&mut self, id: &str) -> Option<&mut TimeLog> {
        self.logs.iter_mut().find(|l| l.id == id.trim())
    }

    /// Whether `user` may log time on `job` for `date` (`today` by the simulator's
    /// clock); `manual` is false for the timer, which a manual-log ban doesn't stop.
    pub fn loggable(
        &self,
        user: &User,
        job: &Job,
        date: NaiveDate,
        today: NaiveDate,
        manual: bool,
    ) -> Result<(), Rule> {
        if manual && user.manual_log_disabled {
            return Err(rules::MANUAL_LOG_DISABLED);
        }
        if date > today {
            return Err(rules::FUTURE_DATE);
        }
        if self.weekend.contains(&date.weekday()) || self.holidays.contains(&date) {
            return Err(rules::NON_WORKING_DAY);
        }
        if job.completed {
            return Err(rules::COMPLETED_JOB);
        }
        Ok(())
    }

    /// Pause every running timer of `erecno` at `now_ms`: one timer runs at a time.
    pub fn pause_timers(&mut self, erecno: &str, now_ms: i64) {
        for log in self.logs.iter_mut().filter(|l| l.erecno == erecno) {
            for run in log.runs.iter_mut().filter(|r| r.to_ms.is_none()) {
                run.to_ms = Some(now_ms);
            }
        }
    }
}
