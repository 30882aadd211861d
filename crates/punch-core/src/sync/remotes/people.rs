//! A People account as the engine's [`Remote`]: the account's user's time logs, created
//! and edited through `addupdatetimelogs` (the client cuts batches of 100 logs in 31
//! days), deleted through `deletetimelog`, and People's own timer.
//!
//! - Every call names the account's `user` (email, erecno or employee id).
//! - A log the bulk answer refuses is `Refused` with People's code and words (HTTP 200,
//!   as People sends them); a log the answer does not account for is `Unknown`.
//! - Deletes go 50 ids a call. People refuses a whole call when one id is unknown
//!   (8001), and deletes the others but skips a log whose timer runs (8005); so a
//!   refused call is retried one id at a time, and a single id answered 8001 is a log
//!   People no longer has: deleted.
//! - `list` leaves out a log whose timer runs: it is not finished (`running_timer`
//!   reports it). Paused timer logs are finished logs with their total time.
//! - The running timer's start is now less the time the log holds (`totaltime`, which
//!   counts every run of the timer up to now; `diff`, the current run, when People
//!   sends no total). People's answer carries no description, so the log is read from
//!   `gettimelogs` for its note.
//! - Stopping pauses the timer log. If People refuses, the timer is looked up: when it
//!   is no longer the one running, it already stopped, which is what was asked.

use chrono::{DateTime, NaiveDate, TimeDelta, Utc};
use zoho::people::{BulkLog, BulkOutcome, LoggedTime, NewTimer, People, TimeLogFilter};
use zoho::{ErrorKind, Session, ZohoError};

use super::{halts, missing, wrong_product};
use crate::store::accounts::Account;
use crate::sync::plan::{KnownLog, LogBody};
use crate::sync::remote::{Outcome, Remote, RemoteLog, RemoteTimer};
use crate::target::Target;

/// Ids per `deletetimelog` call, so the form stays short.
const DELETE_CHUNK: usize = 50;
/// People's code for a wrong parameter value, which is how it answers an unknown id.
const WRONG_VALUE: i64 = 8001;

#[derive(Debug)]
pub struct PeopleRemote<'a> {
    account: &'a Account,
    session: &'a Session,
}

fn outcome(bulk: BulkOutcome) -> Outcome {
    match bulk {
        BulkOutcome::Created(id) | BulkOutcome::Edited(id) => Outcome::Landed(id),
        BulkOutcome::Rejected { code, message } => Outcome::Refused(ZohoError::new(
            ErrorKind::Rejected,
            Some(200),
            code,
            message,
        )),
        BulkOutcome::Failed(error) => Outcome::from_error(error),
        BulkOutcome::Unconfirmed => Outcome::Unknown(ZohoError::new(
            ErrorKind::Transient,
            Some(200),
            None,
            "Zoho People answered without saying what became of this log",
        )),
    }
}

impl<'a> PeopleRemote<'a> {
    pub fn new(account: &'a Account, session: &'a Session) -> PeopleRemote<'a> {
        PeopleRemote { account, session }
    }

    fn people(&self) -> Result<People<'a>, ZohoError> {
        let user = self
            .account
            .user
            .as_deref()
            .ok_or_else(|| missing(self.account, "People user"))?;
        Ok(People::new(self.session, user))
    }

    fn job<'l>(&self, log: &'l LogBody) -> Result<&'l str, ZohoError> {
        match &log.target {
            Target::People { job_id } => Ok(job_id),
            other => Err(wrong_product(self.account, other)),
        }
    }

    /// Send creates (`None`) and edits (`Some(id)`) in bulk; one outcome per log. Logs
    /// that can't be sent are refused here and left out of the call.
    fn add_update(&self, logs: &[(Option<&str>, &LogBody)]) -> Vec<Outcome> {
        let people = match self.people() {
            Ok(people) => people,
            Err(e) => return vec![Outcome::Refused(e); logs.len()],
        };
        let mut outcomes: Vec<Option<Outcome>> = vec![None; logs.len()];
        let mut sent = Vec::new();
        let mut bulk = Vec::new();
        for (i, (id, log)) in logs.iter().enumerate() {
            match self.job(log) {
                Ok(job_id) => {
                    sent.push(i);
                    bulk.push(BulkLog {
                        timelog_id: id.map(str::to_owned),
                        job_id: job_id.to_owned(),
                        date: log.date,
                        time: LoggedTime::Minutes(log.minutes),
                        billable: Some(log.billable),
                        work_item: None,
                        description: Some(log.note.clone()),
                    });
                }
                Err(e) => outcomes[i] = Some(Outcome::Refused(e)),
            }
        }
        if !bulk.is_empty() {
            for (i, answer) in sent.into_iter().zip(people.addupdatetimelogs(&bulk)) {
                outcomes[i] = Some(outcome(answer));
            }
        }
        outcomes
            .into_iter()
            .map(|o| o.unwrap_or_else(|| outcome(BulkOutcome::Unconfirmed)))
            .collect()
    }

    /// Delete one id; an id People doesn't know (8001) is already deleted.
    fn delete_one(people: &People<'_>, id: &str) -> Result<(), ZohoError> {
        match people.deletetimelog(&[id]) {
            Err(e) if e.kind == ErrorKind::Rejected && e.code == Some(WRONG_VALUE) => Ok(()),
            other => other,
        }
    }

    /// The description of the log `timelog_id` on `date`, for a running timer's note.
    fn description(
        people: &People<'_>,
        timelog_id: &str,
        job_id: &str,
        date: NaiveDate,
    ) -> Result<String, ZohoError> {
        let filter = TimeLogFilter::between(date, date).job(job_id);
        Ok(people
            .gettimelogs_range(&filter)?
            .into_iter()
            .find(|l| l.timelog_id == timelog_id)
            .map(|l| l.description)
            .unwrap_or_default())
    }
}

impl Remote for PeopleRemote<'_> {
    fn create(&self, logs: &[LogBody]) -> Vec<Outcome> {
        let logs: Vec<(Option<&str>, &LogBody)> = logs.iter().map(|l| (None, l)).collect();
        self.add_update(&logs)
    }

    fn update(&self, items: &[(String, LogBody)]) -> Vec<Outcome> {
        let logs: Vec<(Option<&str>, &LogBody)> =
            items.iter().map(|(id, l)| (Some(id.as_str()), l)).collect();
        self.add_update(&logs)
    }

    fn delete(&self, logs: &[KnownLog]) -> Vec<Result<(), ZohoError>> {
        let people = match self.people() {
            Ok(people) => people,
            Err(e) => return vec![Err(e); logs.len()],
        };
        let mut results = Vec::with_capacity(logs.len());
        let mut stopped: Option<ZohoError> = None;
        for chunk in logs.chunks(DELETE_CHUNK) {
            if let Some(error) = &stopped {
                results.extend(chunk.iter().map(|_| Err(error.clone())));
                continue;
            }
            let ids: Vec<&str> = chunk.iter().map(|l| l.remote_id.as_str()).collect();
            match people.deletetimelog(&ids) {
                Ok(()) => results.extend(chunk.iter().map(|_| Ok(()))),
                // Which id People objected to, it doesn't say: ask for each alone.
                Err(e) if e.kind == ErrorKind::Rejected => {
                    for id in &ids {
                        let result = match &stopped {
                            Some(error) => Err(error.clone()),
                            None => Self::delete_one(&people, id),
                        };
                        if let Err(e) = &result
                            && halts(e)
                        {
                            stopped = Some(e.clone());
                        }
                        results.push(result);
                    }
                }
                Err(e) => {
                    if halts(&e) {
                        stopped = Some(e.clone());
                    }
                    results.extend(chunk.iter().map(|_| Err(e.clone())));
                }
            }
        }
        results
    }

    fn list(&self, from: NaiveDate, to: NaiveDate) -> Result<Vec<RemoteLog>, ZohoError> {
        let people = self.people()?;
        let filter = TimeLogFilter::between(from, to).user(people.user.clone());
        Ok(people
            .gettimelogs_range(&filter)?
            .into_iter()
            .filter(|l| !l.is_running && !l.job_id.is_empty())
            .map(|l| RemoteLog {
                remote_id: l.timelog_id,
                log: LogBody {
                    account: self.account.name.clone(),
                    target: Target::People { job_id: l.job_id },
                    date: l.work_date,
                    minutes: l.minutes,
                    note: l.description,
                    billable: l.billable,
                },
            })
            .collect())
    }

    fn start_timer(&self, log: &LogBody, _started: DateTime<Utc>) -> Result<String, ZohoError> {
        let people = self.people()?;
        let timer = NewTimer {
            job_id: self.job(log)?.to_owned(),
            work_date: log.date,
            billable: log.billable,
            work_item: None,
            description: (!log.note.is_empty()).then(|| log.note.clone()),
        };
        people.start_timer(&timer)
    }

    fn stop_timer(&self, remote_id: &str) -> Result<(), ZohoError> {
        let people = self.people()?;
        match people.pause_timer(remote_id) {
            Err(e) if e.kind == ErrorKind::Rejected => match people.getcurrentlyrunningtimer()? {
                Some(running) if running.timelog_id == remote_id => Err(e),
                _ => Ok(()),
            },
            other => other,
        }
    }

    fn running_timer(&self) -> Result<Option<RemoteTimer>, ZohoError> {
        let people = self.people()?;
        let Some(timer) = people.getcurrentlyrunningtimer()? else {
            return Ok(None);
        };
        let ran = if timer.total.is_zero() {
            timer.running_for
        } else {
            timer.total
        };
        let ran = TimeDelta::from_std(ran).unwrap_or(TimeDelta::zero());
        let note = Self::description(&people, &timer.timelog_id, &timer.job_id, timer.work_date)?;
        Ok(Some(RemoteTimer {
            remote_id: timer.timelog_id,
            target: Target::People {
                job_id: timer.job_id,
            },
            started: Utc::now() - ran,
            note,
            billable: timer.billable,
        }))
    }
}
