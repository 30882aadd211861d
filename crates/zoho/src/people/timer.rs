//! People's timer: start one on a job (a timer-type time log), pause and resume it by its
//! time log, and ask which one runs. One `timer` API does all three, told apart by its
//! parameters; it allows 20 calls a minute.

use chrono::NaiveDate;

use super::models::RunningTimer;
use super::{People, answered_id, billing_word, parse, results};
use crate::error::ZohoError;

/// A timer to start.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewTimer {
    pub job_id: String,
    pub work_date: NaiveDate,
    /// Mandatory for the timer (unlike `addtimelog`).
    pub billable: bool,
    /// At most 500 characters, says Zoho.
    pub work_item: Option<String>,
    /// At most 250 characters, says Zoho.
    pub description: Option<String>,
}

impl People<'_> {
    /// Start a timer for the client's user (People allows only the signed-in user);
    /// answers the new timer log's `timeLogId`.
    pub fn start_timer(&self, timer: &NewTimer) -> Result<String, ZohoError> {
        let mut fields = vec![
            ("user", self.user.clone()),
            ("jobId", timer.job_id.clone()),
            ("workDate", timer.work_date.format("%Y-%m-%d").to_string()),
            ("billingStatus", billing_word(timer.billable).into()),
            ("timer", "start".into()),
        ];
        if let Some(item) = &timer.work_item {
            fields.push(("workItem", item.clone()));
        }
        if let Some(text) = &timer.description {
            fields.push(("description", text.clone()));
        }
        let answer = self.post("timer", fields)?;
        answered_id(&answer, "timer")
    }

    /// Pause the timer of a time log (`timer=stop`).
    pub fn pause_timer(&self, timelog_id: &str) -> Result<(), ZohoError> {
        self.switch_timer(timelog_id, "stop")
    }

    /// Resume a paused timer log (`timer=start` with its `timeLogId`).
    pub fn resume_timer(&self, timelog_id: &str) -> Result<(), ZohoError> {
        self.switch_timer(timelog_id, "start")
    }

    fn switch_timer(&self, timelog_id: &str, action: &str) -> Result<(), ZohoError> {
        self.post(
            "timer",
            vec![
                ("timeLogId", timelog_id.to_owned()),
                ("timer", action.to_owned()),
            ],
        )?;
        Ok(())
    }

    /// The timer running now, if any: People only sends a `result` while one runs.
    pub fn getcurrentlyrunningtimer(&self) -> Result<Option<RunningTimer>, ZohoError> {
        let answer = self.get("getcurrentlyrunningtimer", Vec::new())?;
        match results(&answer).into_iter().next() {
            Some(result) => parse(result, "getcurrentlyrunningtimer").map(Some),
            None => Ok(None),
        }
    }
}
