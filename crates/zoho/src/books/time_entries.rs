//! Books time entries (`/projects/timeentries`): log, list (filters and paging), get,
//! update, delete one or many, and Books' timer (start on an entry, stop, the running one).

use chrono::{NaiveDate, NaiveTime};
use serde_json::{Value, json};

use super::{Books, MAX_PER_PAGE, Page, TimeEntry, format_minutes, one, page, segment};
use crate::error::{ErrorKind, ZohoError};
use crate::session::Method;

/// Books refuses notes longer than this (characters).
pub const NOTES_MAX: usize = 500;

/// Ids per bulk delete: Zoho documents no limit, so the URL is kept short.
const DELETE_BATCH: usize = 100;

/// How an entry's time is given: Books takes a duration, a begin and end, or a timer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LoggedTime {
    /// `log_time` as `HH:mm`.
    Duration { minutes: u32 },
    /// `begin_time` and `end_time` as `HH:mm`; Books derives the duration.
    Span { begin: NaiveTime, end: NaiveTime },
    /// `start_timer`: the entry starts with Books' timer running.
    Timer,
}

/// What a time entry is made of, for logging or updating one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimeEntryFields {
    pub project_id: String,
    pub task_id: String,
    pub user_id: String,
    pub log_date: NaiveDate,
    pub time: LoggedTime,
    /// `None` leaves it to Books (the task's default).
    pub is_billable: Option<bool>,
    pub notes: String,
}

impl TimeEntryFields {
    /// The JSON body Books takes, after the checks Punch can make itself.
    fn body(&self) -> Result<Value, ZohoError> {
        let length = self.notes.chars().count();
        if length > NOTES_MAX {
            return Err(ZohoError::new(
                ErrorKind::Rejected,
                None,
                None,
                format!(
                    "The note is {length} characters long; Zoho Books accepts at most {NOTES_MAX}."
                ),
            ));
        }
        let mut body = json!({
            "project_id": self.project_id,
            "task_id": self.task_id,
            "user_id": self.user_id,
            "log_date": self.log_date.format("%Y-%m-%d").to_string(),
            "notes": self.notes,
        });
        match self.time {
            LoggedTime::Duration { minutes } => body["log_time"] = json!(format_minutes(minutes)),
            LoggedTime::Span { begin, end } => {
                body["begin_time"] = json!(begin.format("%H:%M").to_string());
                body["end_time"] = json!(end.format("%H:%M").to_string());
            }
            LoggedTime::Timer => body["start_timer"] = json!(true),
        }
        if let Some(billable) = self.is_billable {
            body["is_billable"] = json!(billable);
        }
        Ok(body)
    }
}

/// Which entries a list returns. Dates go as `filter_by=Date.CustomDate&from_date&to_date`
/// (Zoho's public list parameters); either end may be open.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TimeEntryFilter {
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    pub project_id: Option<String>,
    pub user_id: Option<String>,
}

impl<'a> Books<'a> {
    /// Log a time entry (`POST /projects/timeentries`). Notes over 500 characters are
    /// refused here, before anything is sent.
    pub fn create_time_entry(&self, fields: &TimeEntryFields) -> Result<TimeEntry, ZohoError> {
        let request = self
            .request(Method::Post, "/projects/timeentries")
            .json(fields.body()?);
        one(&self.send(&request)?, "time_entry")
    }

    /// One page of time entries, newest first (`per_page` at most 200).
    pub fn time_entries(
        &self,
        filter: &TimeEntryFilter,
        page: u32,
        per_page: u32,
    ) -> Result<Page<TimeEntry>, ZohoError> {
        let mut request = self
            .request(Method::Get, "/projects/timeentries")
            .query("page", page.max(1))
            .query("per_page", per_page.clamp(1, MAX_PER_PAGE));
        if filter.from.is_some() || filter.to.is_some() {
            request = request.query("filter_by", "Date.CustomDate");
        }
        if let Some(from) = filter.from {
            request = request.query("from_date", from.format("%Y-%m-%d"));
        }
        if let Some(to) = filter.to {
            request = request.query("to_date", to.format("%Y-%m-%d"));
        }
        if let Some(project) = &filter.project_id {
            request = request.query("project_id", project);
        }
        if let Some(user) = &filter.user_id {
            request = request.query("user_id", user);
        }
        self::page(&self.send(&request)?, &["time_entries"])
    }

    /// Every time entry the filter matches, walking all pages of 200.
    pub fn all_time_entries(&self, filter: &TimeEntryFilter) -> Result<Vec<TimeEntry>, ZohoError> {
        self.walk(|n| self.time_entries(filter, n, MAX_PER_PAGE))
    }

    /// `GET /projects/timeentries/{id}`.
    pub fn time_entry(&self, time_entry_id: &str) -> Result<TimeEntry, ZohoError> {
        let path = format!("/projects/timeentries/{}", segment(time_entry_id));
        one(&self.send(&self.request(Method::Get, &path))?, "time_entry")
    }

    /// Replace an entry's fields (`PUT /projects/timeentries/{id}`).
    pub fn update_time_entry(
        &self,
        time_entry_id: &str,
        fields: &TimeEntryFields,
    ) -> Result<TimeEntry, ZohoError> {
        let path = format!("/projects/timeentries/{}", segment(time_entry_id));
        let request = self.request(Method::Put, &path).json(fields.body()?);
        one(&self.send(&request)?, "time_entry")
    }

    /// `DELETE /projects/timeentries/{id}`.
    pub fn delete_time_entry(&self, time_entry_id: &str) -> Result<(), ZohoError> {
        let path = format!("/projects/timeentries/{}", segment(time_entry_id));
        self.send(&self.request(Method::Delete, &path)).map(drop)
    }

    /// Delete several entries (`DELETE /projects/timeentries?time_entry_ids=a,b`), 100 a
    /// call. Nothing to delete sends nothing.
    pub fn delete_time_entries<S: AsRef<str>>(&self, ids: &[S]) -> Result<(), ZohoError> {
        for batch in ids.chunks(DELETE_BATCH) {
            let joined = batch
                .iter()
                .map(AsRef::as_ref)
                .collect::<Vec<_>>()
                .join(",");
            let request = self
                .request(Method::Delete, "/projects/timeentries")
                .query("time_entry_ids", joined);
            self.send(&request)?;
        }
        Ok(())
    }

    /// Start Books' timer on an entry (`POST /projects/timeentries/{id}/timer/start`).
    pub fn start_timer(&self, time_entry_id: &str) -> Result<TimeEntry, ZohoError> {
        let path = format!(
            "/projects/timeentries/{}/timer/start",
            segment(time_entry_id)
        );
        one(
            &self.send(&self.request(Method::Post, &path))?,
            "time_entry",
        )
    }

    /// Stop the signed-in user's timer; the entry comes back with the time logged.
    pub fn stop_timer(&self) -> Result<TimeEntry, ZohoError> {
        let request = self.request(Method::Post, "/projects/timeentries/timer/stop");
        one(&self.send(&request)?, "time_entry")
    }

    /// The signed-in user's running timer, `None` when none runs. Zoho documents only the
    /// running case; an absent, null or empty `time_entry` (what the simulator sends) or
    /// one without an id all mean "no timer".
    pub fn running_timer(&self) -> Result<Option<TimeEntry>, ZohoError> {
        let request = self.request(Method::Get, "/projects/timeentries/runningtimer/me");
        running(&self.send(&request)?)
    }
}

fn running(answer: &Value) -> Result<Option<TimeEntry>, ZohoError> {
    let has_id = match answer.pointer("/time_entry/time_entry_id") {
        Some(Value::String(id)) => !id.trim().is_empty(),
        Some(Value::Number(_)) => true,
        _ => false,
    };
    if !has_id {
        return Ok(None);
    }
    one(answer, "time_entry").map(Some)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(time: LoggedTime, notes: &str) -> TimeEntryFields {
        TimeEntryFields {
            project_id: "1".into(),
            task_id: "2".into(),
            user_id: "3".into(),
            log_date: NaiveDate::from_ymd_opt(2025, 3, 4).unwrap(),
            time,
            is_billable: None,
            notes: notes.into(),
        }
    }

    #[test]
    fn bodies_carry_one_way_of_giving_time() {
        let span = LoggedTime::Span {
            begin: NaiveTime::from_hms_opt(9, 0, 0).unwrap(),
            end: NaiveTime::from_hms_opt(10, 30, 0).unwrap(),
        };
        let body = fields(span, "").body().unwrap();
        assert_eq!(
            (body["begin_time"].as_str(), body["end_time"].as_str()),
            (Some("09:00"), Some("10:30"))
        );
        assert!(body.get("log_time").is_none() && body.get("is_billable").is_none());
        let body = fields(LoggedTime::Duration { minutes: 95 }, "")
            .body()
            .unwrap();
        assert_eq!(body["log_time"], "01:35");
        assert_eq!(
            fields(LoggedTime::Timer, "").body().unwrap()["start_timer"],
            true
        );
    }

    #[test]
    fn notes_are_counted_in_characters() {
        assert!(fields(LoggedTime::Timer, &"é".repeat(500)).body().is_ok());
        let err = fields(LoggedTime::Timer, &"é".repeat(501))
            .body()
            .unwrap_err();
        assert_eq!((err.kind, err.status), (ErrorKind::Rejected, None));
        assert!(err.message.contains("501"), "{}", err.message);
    }

    #[test]
    fn no_running_timer_in_every_shape() {
        for answer in [
            r#"{"code": 0, "message": "success"}"#,
            r#"{"code": 0, "message": "success", "time_entry": null}"#,
            r#"{"code": 0, "message": "success", "time_entry": {}}"#,
            r#"{"code": 0, "message": "success", "time_entry": {"time_entry_id": ""}}"#,
        ] {
            let answer: Value = serde_json::from_str(answer).unwrap();
            assert_eq!(running(&answer).unwrap(), None, "{answer}");
        }
    }
}
