//! A Books account as the engine's [`Remote`]: time entries of the account's
//! organization, one request per log, and Books' own timer.
//!
//! - Entries need a user id: the account's `user` when set, else Books' signed-in user
//!   (`GET /users/me`), asked once per remote.
//! - `list` is the user's entries dated `from..=to`; an entry whose timer runs is left
//!   out: it is not finished, and `running_timer` reports it.
//! - An update that Books answers with 1002 ("does not exist") is checked with a read
//!   of the entry: when that is 1002 too, the entry is gone and the outcome is
//!   `not_found` (the engine then creates it afresh); otherwise it was the project, task
//!   or user that Books could not find, a refusal of the data.
//! - A timer is started as a new entry with `start_timer` (one call). Books starts it at
//!   its own now, not at Punch's start; when it stops Books logs the time it ran.
//! - A timer's start is `timer_started_at` less the minutes the entry already held, so
//!   that Punch's span ends up as long as what Books logs when it stops.

use std::cell::OnceCell;

use chrono::{DateTime, NaiveDate, TimeDelta, Utc};
use zoho::books::{Books, LoggedTime, TimeEntry, TimeEntryFields, TimeEntryFilter};
use zoho::{ErrorKind, Session, ZohoError};

use super::{missing, one_at_a_time, send_each, wrong_product};
use crate::store::accounts::Account;
use crate::sync::plan::{KnownLog, LogBody};
use crate::sync::remote::{Outcome, Remote, RemoteLog, RemoteTimer};
use crate::target::Target;

/// Books' code for "<thing> does not exist."
const DOES_NOT_EXIST: i64 = 1002;

#[derive(Debug)]
pub struct BooksRemote<'a> {
    account: &'a Account,
    session: &'a Session,
    user_id: OnceCell<String>,
}

fn gone(error: &ZohoError) -> bool {
    error.kind == ErrorKind::NotFound || error.code == Some(DOES_NOT_EXIST)
}

impl<'a> BooksRemote<'a> {
    pub fn new(account: &'a Account, session: &'a Session) -> BooksRemote<'a> {
        BooksRemote {
            account,
            session,
            user_id: OnceCell::new(),
        }
    }

    fn books(&self) -> Result<Books<'a>, ZohoError> {
        let org = self
            .account
            .org
            .as_deref()
            .ok_or_else(|| missing(self.account, "Books organization"))?;
        Ok(Books::new(self.session, org))
    }

    /// Whose entries these are: the account's user, else Books' signed-in user.
    fn user_id(&self, books: &Books<'_>) -> Result<String, ZohoError> {
        if let Some(user) = &self.account.user {
            return Ok(user.clone());
        }
        if let Some(user) = self.user_id.get() {
            return Ok(user.clone());
        }
        let user = books.current_user()?.user_id;
        Ok(self.user_id.get_or_init(|| user).clone())
    }

    /// The organization's client and the user, or why nothing can be sent.
    fn ready(&self) -> Result<(Books<'a>, String), ZohoError> {
        let books = self.books()?;
        let user = self.user_id(&books)?;
        Ok((books, user))
    }

    fn fields(
        &self,
        log: &LogBody,
        user_id: &str,
        time: LoggedTime,
    ) -> Result<TimeEntryFields, ZohoError> {
        let Target::Books {
            project_id,
            task_id,
        } = &log.target
        else {
            return Err(wrong_product(self.account, &log.target));
        };
        Ok(TimeEntryFields {
            project_id: project_id.clone(),
            task_id: task_id.clone(),
            user_id: user_id.to_owned(),
            log_date: log.date,
            time,
            is_billable: Some(log.billable),
            notes: log.note.clone(),
        })
    }

    fn body(&self, entry: TimeEntry) -> LogBody {
        LogBody {
            account: self.account.name.clone(),
            target: Target::Books {
                project_id: entry.project_id,
                task_id: entry.task_id,
            },
            date: entry.log_date,
            minutes: entry.log_minutes,
            note: entry.notes,
            billable: entry.is_billable,
        }
    }

    /// An update refused with 1002: `not_found` when the entry itself is gone.
    fn update_refused(&self, books: &Books<'_>, id: &str, error: ZohoError) -> ZohoError {
        if error.code != Some(DOES_NOT_EXIST) {
            return error;
        }
        match books.time_entry(id) {
            Err(read) if gone(&read) => ZohoError {
                kind: ErrorKind::NotFound,
                ..error
            },
            _ => error,
        }
    }
}

fn duration(log: &LogBody) -> LoggedTime {
    LoggedTime::Duration {
        minutes: log.minutes,
    }
}

impl Remote for BooksRemote<'_> {
    fn create(&self, logs: &[LogBody]) -> Vec<Outcome> {
        let (books, user) = match self.ready() {
            Ok(ready) => ready,
            Err(e) => return vec![Outcome::Refused(e); logs.len()],
        };
        send_each(logs, |log| {
            let fields = self.fields(log, &user, duration(log))?;
            Ok(books.create_time_entry(&fields)?.time_entry_id)
        })
    }

    fn update(&self, items: &[(String, LogBody)]) -> Vec<Outcome> {
        let (books, user) = match self.ready() {
            Ok(ready) => ready,
            Err(e) => return vec![Outcome::Refused(e); items.len()],
        };
        send_each(items, |(id, log)| {
            let fields = self.fields(log, &user, duration(log))?;
            match books.update_time_entry(id, &fields) {
                Ok(entry) => Ok(entry.time_entry_id),
                Err(e) => Err(self.update_refused(&books, id, e)),
            }
        })
    }

    fn delete(&self, logs: &[KnownLog]) -> Vec<Result<(), ZohoError>> {
        let books = match self.books() {
            Ok(books) => books,
            Err(e) => return vec![Err(e); logs.len()],
        };
        one_at_a_time(
            logs,
            |log| match books.delete_time_entry(&log.remote_id) {
                Err(e) if gone(&e) => Ok(Ok(())),
                other => other.map(Ok),
            },
            Err,
            Err,
        )
    }

    fn list(&self, from: NaiveDate, to: NaiveDate) -> Result<Vec<RemoteLog>, ZohoError> {
        let (books, user) = self.ready()?;
        let filter = TimeEntryFilter {
            from: Some(from),
            to: Some(to),
            project_id: None,
            user_id: Some(user.clone()),
        };
        Ok(books
            .all_time_entries(&filter)?
            .into_iter()
            .filter(|e| e.user_id == user && !e.timer_running)
            .filter(|e| (from..=to).contains(&e.log_date))
            .map(|e| RemoteLog {
                remote_id: e.time_entry_id.clone(),
                log: self.body(e),
            })
            .collect())
    }

    fn start_timer(&self, log: &LogBody, _started: DateTime<Utc>) -> Result<String, ZohoError> {
        let (books, user) = self.ready()?;
        let fields = self.fields(log, &user, LoggedTime::Timer)?;
        Ok(books.create_time_entry(&fields)?.time_entry_id)
    }

    /// Books stops "the user's timer", not one by id: it is stopped only while it is
    /// `remote_id`'s. Another timer running (or none) means this one already stopped.
    fn stop_timer(&self, remote_id: &str) -> Result<(), ZohoError> {
        let books = self.books()?;
        match books.running_timer()? {
            Some(entry) if entry.time_entry_id == remote_id => match books.stop_timer() {
                Err(e) if gone(&e) => Ok(()),
                other => other.map(drop),
            },
            _ => Ok(()),
        }
    }

    fn running_timer(&self) -> Result<Option<RemoteTimer>, ZohoError> {
        let Some(entry) = self.books()?.running_timer()? else {
            return Ok(None);
        };
        // An unreadable start: Books' timer started no later than now.
        let started = entry
            .timer_started_at
            .map_or_else(Utc::now, |t| t.with_timezone(&Utc))
            - TimeDelta::minutes(i64::from(entry.log_minutes));
        Ok(Some(RemoteTimer {
            remote_id: entry.time_entry_id.clone(),
            note: entry.notes.clone(),
            billable: entry.is_billable,
            started,
            target: Target::Books {
                project_id: entry.project_id,
                task_id: entry.task_id,
            },
        }))
    }
}
