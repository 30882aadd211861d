//! `cargo xtask bench`'s sync figures: a month's backlog pushed to People and to Books,
//! and a month of Zoho's own logs pulled, each one pass of the real sync engine against
//! zoho-sim in this process. What matters is how many calls Zoho gets (People's bulk
//! API, Books' 100 a minute) and that everything lands; the wall times show the
//! engine's own cost, since the simulator answers in microseconds.

mod report;
mod rig;

use std::path::Path;
use std::time::{Duration, Instant};

use chrono::{Datelike, Local, NaiveDate, Weekday};
use punch_core::entry::Source;
use punch_core::store::accounts::Account;
use punch_core::sync::PassOptions;
use punch_core::target::{Product, Target};
use zoho_sim::people::TimeLog;
use zoho_sim::state::lock;

#[cfg(test)]
pub use report::sample;
use rig::{Rig, busiest_minute, count};

pub const PEOPLE_ENTRIES: usize = 1_000;
pub const BOOKS_ENTRIES: usize = 1_000;
pub const REMOTE_LOGS: usize = 2_000;
/// People takes 100 logs a call when they lie within 31 days: a month's 1,000 is 10.
pub const PEOPLE_CALLS_TARGET: usize = 10;
/// Zoho Books' limit per organization.
pub const BOOKS_MINUTE_LIMIT: usize = 100;

#[derive(Debug, Clone)]
pub struct Figures {
    /// The month every log lies in: the last whole month, so none is in the future.
    pub month: (NaiveDate, NaiveDate),
    pub people: Push,
    pub books: Push,
    /// Books' pacing, in the simulator's minutes.
    pub books_pacing: Pacing,
    pub pull: Pull,
}

/// One pass pushing a backlog of pending entries.
#[derive(Debug, Clone)]
pub struct Push {
    pub entries: usize,
    /// The pass's own count of logs written.
    pub pushed: u32,
    /// Logs Zoho holds for the account's user in the month.
    pub landed: usize,
    /// Entries that hold Zoho's id.
    pub synced: usize,
    /// The calls that carry the logs: People's `addupdatetimelogs`, Books' creates.
    pub write_calls: usize,
    /// Every call to the product's API in the pass (reads included, OAuth not).
    pub api_calls: usize,
    /// Rate-limit answers the client got (each locks its budget).
    pub rate_limited: usize,
    pub wall_ms: f64,
}

impl Push {
    fn all_landed(&self) -> bool {
        self.pushed as usize == self.entries
            && self.landed == self.entries
            && self.synced == self.entries
    }
}

#[derive(Debug, Clone)]
pub struct Pacing {
    /// The most Books calls Zoho received in any 60 s of the simulator's clock.
    pub busiest_minute: usize,
    /// The most calls the limiter let through in any 60 s. Zoho can count one more
    /// than this: a call takes its place before it fetches a token, so the first
    /// arrives a little late and shares a minute with the next minute's first.
    pub limiter_busiest_minute: usize,
    /// The simulator's minutes from the pass's start to its end.
    pub minutes: f64,
    /// Of which spent waiting for the limiter's budget.
    pub waited_minutes: f64,
}

#[derive(Debug, Clone)]
pub struct Pull {
    pub logs: usize,
    /// The pass's own count of logs merged.
    pub pulled: u32,
    /// `source: remote` entries in the store afterwards.
    pub remote_entries: usize,
    /// `gettimelogs` calls.
    pub list_calls: usize,
    pub api_calls: usize,
    pub wall_ms: f64,
}

fn progress(what: &str) {
    eprintln!("xtask bench: sync, {what}…");
}

/// Every sync figure, with stores made fresh inside `work`.
pub fn measure(work: &Path) -> Result<Figures, String> {
    let today = Local::now().date_naive();
    let month = last_whole_month(today);
    progress(&format!("push {PEOPLE_ENTRIES} People logs"));
    let people = people_push(work, month, today)?;
    progress(&format!("push {BOOKS_ENTRIES} Books entries"));
    let (books, books_pacing) = books_push(work, month, today)?;
    progress(&format!("pull {REMOTE_LOGS} People logs"));
    let pull = pull(work, month)?;
    Ok(Figures {
        month,
        people,
        books,
        books_pacing,
        pull,
    })
}

fn last_whole_month(today: NaiveDate) -> (NaiveDate, NaiveDate) {
    let first_of_this = today.with_day(1).unwrap_or(today);
    let last = first_of_this.pred_opt().unwrap_or(first_of_this);
    (last.with_day(1).unwrap_or(last), last)
}

fn days_of((from, to): (NaiveDate, NaiveDate)) -> Vec<NaiveDate> {
    from.iter_days().take_while(|d| *d <= to).collect()
}

fn weekdays(month: (NaiveDate, NaiveDate)) -> Vec<NaiveDate> {
    days_of(month)
        .into_iter()
        .filter(|d| !matches!(d.weekday(), Weekday::Sat | Weekday::Sun))
        .collect()
}

/// How long the `i`-th log is: varied, as a real month's are.
fn minutes(i: usize) -> u32 {
    15 + 15 * (i % 8) as u32
}

/// The People jobs the signed-in user may log on, and that user's email and erecno.
fn people_jobs(rig: &Rig) -> Result<(Vec<Target>, String, String), String> {
    let db = lock(&rig.shared().people);
    let me = db
        .me()
        .ok_or("the simulator has no signed-in People user")?;
    let jobs: Vec<Target> = db
        .jobs
        .iter()
        .filter(|j| !j.completed && j.assignees.contains(&me.erecno))
        .map(|j| Target::People {
            job_id: j.id.clone(),
        })
        .collect();
    if jobs.is_empty() {
        return Err("the simulator's People user has no open jobs".into());
    }
    Ok((jobs, me.email.clone(), me.erecno.clone()))
}

fn people_account(email: &str) -> Account {
    Account {
        user: Some(email.to_owned()),
        ..Account::new("people", Product::People)
    }
}

fn people_logs_in(rig: &Rig, erecno: &str, (from, to): (NaiveDate, NaiveDate)) -> usize {
    lock(&rig.shared().people)
        .logs
        .iter()
        .filter(|l| l.erecno == erecno && l.work_date >= from && l.work_date <= to)
        .count()
}

fn people_push(
    work: &Path,
    month: (NaiveDate, NaiveDate),
    today: NaiveDate,
) -> Result<Push, String> {
    let mut rig = Rig::start(work, "sync-people")?;
    let (jobs, email, erecno) = people_jobs(&rig)?;
    rig.add_account(people_account(&email))?;
    {
        // Any weekday of any month must do, whatever holidays the seed has in it.
        let mut db = lock(&rig.shared().people);
        db.weekend.clear();
        db.holidays.clear();
    }
    let days = weekdays(month);
    for i in 0..PEOPLE_ENTRIES {
        let note = format!("Bench log {i}");
        rig.log(
            days[i % days.len()],
            &jobs[i % jobs.len()],
            minutes(i),
            note,
        )?;
    }
    let before = rig.requests();
    let (summary, wall_ms) = rig.pass(&PassOptions::standard(today))?;
    let received = rig.received_since(before);
    let (synced, _) = rig.synced(month.0, month.1)?;
    Ok(Push {
        entries: PEOPLE_ENTRIES,
        pushed: summary.pushed,
        landed: people_logs_in(&rig, &erecno, month),
        synced,
        write_calls: count(&received, Some("POST"), "/addupdatetimelogs"),
        api_calls: received
            .iter()
            .filter(|r| r.path.starts_with("/people/"))
            .count(),
        rate_limited: rig.link.budgets.locks(),
        wall_ms,
    })
}

fn books_push(
    work: &Path,
    month: (NaiveDate, NaiveDate),
    today: NaiveDate,
) -> Result<(Push, Pacing), String> {
    let mut rig = Rig::start(work, "sync-books")?;
    let (org, me, targets) = {
        let db = lock(&rig.shared().books);
        let org = db
            .organizations
            .iter()
            .find(|o| o.is_default_org)
            .ok_or("the simulator has no Books organization")?;
        // One billable project, as a consultant's month of client work would be.
        let project = org
            .projects
            .first()
            .ok_or("the organization has no project")?;
        let targets: Vec<Target> = project
            .tasks
            .iter()
            .map(|t| Target::Books {
                project_id: project.project_id.clone(),
                task_id: t.task_id.clone(),
            })
            .collect();
        (org.organization_id.clone(), org.me.clone(), targets)
    };
    rig.add_account(Account {
        org: Some(org.clone()),
        user: Some(me.clone()),
        ..Account::new("books", Product::Books)
    })?;
    let days = weekdays(month);
    for i in 0..BOOKS_ENTRIES {
        let note = format!("Bench entry {i}");
        rig.log(
            days[i % days.len()],
            &targets[i % targets.len()],
            minutes(i),
            note,
        )?;
    }
    let before = rig.requests();
    let started_ms = rig.shared().clock.now_ms();
    let (summary, wall_ms) = rig.pass(&PassOptions::standard(today))?;
    let minutes_taken = (rig.shared().clock.now_ms() - started_ms) as f64 / 60_000.0;
    let received = rig.received_since(before);
    let books: Vec<i64> = received
        .iter()
        .filter(|r| r.path.starts_with("/books/v3/"))
        .map(|r| r.at_ms)
        .collect();
    let (synced, _) = rig.synced(month.0, month.1)?;
    let landed = lock(&rig.shared().books).organization(&org).map_or(0, |o| {
        o.entries
            .values()
            .filter(|e| e.user_id == me && e.log_date >= month.0 && e.log_date <= month.1)
            .count()
    });
    let push = Push {
        entries: BOOKS_ENTRIES,
        pushed: summary.pushed,
        landed,
        synced,
        write_calls: count(&received, Some("POST"), "/projects/timeentries"),
        api_calls: books.len(),
        rate_limited: rig.link.budgets.locks(),
        wall_ms,
    };
    let pacing = Pacing {
        busiest_minute: busiest_minute(&books),
        limiter_busiest_minute: busiest_minute(&rig.link.budgets.taken()),
        minutes: minutes_taken,
        waited_minutes: rig.link.clock.waited_ms() as f64 / 60_000.0,
    };
    Ok((push, pacing))
}

fn pull(work: &Path, month: (NaiveDate, NaiveDate)) -> Result<Pull, String> {
    let mut rig = Rig::start(work, "sync-pull")?;
    let (jobs, email, erecno) = people_jobs(&rig)?;
    rig.add_account(people_account(&email))?;
    {
        // Logs made in Zoho's own pages, straight into its store: every day of the month.
        let mut db = lock(&rig.shared().people);
        let days = days_of(month);
        for i in 0..REMOTE_LOGS {
            let Target::People { job_id } = &jobs[i % jobs.len()] else {
                continue;
            };
            let billable = db.job(job_id).is_some_and(|j| j.billable);
            let id = db.mint();
            db.logs.push(TimeLog {
                id,
                erecno: erecno.clone(),
                job_id: job_id.clone(),
                work_date: days[i % days.len()],
                kind: 0,
                minutes: minutes(i),
                from_min: None,
                to_min: None,
                billable,
                work_item: String::new(),
                description: format!("Logged in Zoho {i}"),
                runs: Vec::new(),
            });
        }
    }
    let options = PassOptions {
        pull_from: month.0,
        pull_to: month.1,
        deadline: Instant::now() + Duration::from_secs(5 * 60),
        holder: "xtask-bench".into(),
    };
    let before = rig.requests();
    let (summary, wall_ms) = rig.pass(&options)?;
    let received = rig.received_since(before);
    let remote_entries = rig
        .tracker
        .entries(month.0, month.1)
        .map_err(|e| format!("can't read the entries: {e}"))?
        .iter()
        .filter(|e| e.source == Source::Remote)
        .count();
    Ok(Pull {
        logs: REMOTE_LOGS,
        pulled: summary.pulled,
        remote_entries,
        list_calls: count(&received, None, "/gettimelogs"),
        api_calls: received
            .iter()
            .filter(|r| r.path.starts_with("/people/"))
            .count(),
        wall_ms,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_month_is_the_last_whole_one() {
        let day = |s: &str| s.parse::<NaiveDate>().unwrap();
        assert_eq!(
            last_whole_month(day("2026-11-23")),
            (day("2026-10-01"), day("2026-10-31"))
        );
        assert_eq!(
            last_whole_month(day("2027-01-01")),
            (day("2026-12-01"), day("2026-12-31"))
        );
        let month = last_whole_month(day("2026-11-23"));
        assert_eq!(days_of(month).len(), 31);
        assert_eq!(weekdays(month).len(), 22);
    }

    /// The whole sync part, as `cargo xtask bench` runs it (ignored: it wants a release
    /// build: `cargo test -p xtask --release -- --ignored`).
    #[test]
    #[ignore]
    fn the_sync_part_meets_its_targets() {
        let work = tempfile::tempdir().unwrap();
        let figures = measure(work.path()).unwrap();
        figures.print(58);
        let missed: Vec<String> = figures
            .targets()
            .into_iter()
            .filter(|v| v.met != Some(true))
            .map(|v| v.what)
            .collect();
        assert!(missed.is_empty(), "{missed:?}: {figures:#?}");
    }
}
