//! Adding and editing many logs at once (`addupdatetimelogs`): People takes at most 100
//! logs within 31 consecutive days per call, so a longer list is cut into batches here,
//! and each answer is mapped back to the logs it was given (see [`answer`]).

mod answer;

use chrono::{NaiveDate, NaiveTime};
use serde_json::{Value, json};

use super::timelogs::LoggedTime;
use super::{People, billing_word, hh_mm};
use crate::error::{ErrorKind, ZohoError};

/// People's limits for one bulk call.
pub const MAX_LOGS: usize = 100;
pub const MAX_DAYS: i64 = 31;

/// One log to add (no `timelog_id`) or edit (with one). Timer logs can't be sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BulkLog {
    pub timelog_id: Option<String>,
    pub job_id: String,
    pub date: NaiveDate,
    pub time: LoggedTime,
    pub billable: Option<bool>,
    /// At most 15000 characters, says Zoho.
    pub work_item: Option<String>,
    pub description: Option<String>,
}

/// What became of one log given to [`People::addupdatetimelogs`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BulkOutcome {
    /// Added, with this id.
    Created(String),
    /// Edited (the id given).
    Edited(String),
    /// People refused this log (an `errorLogs` entry).
    Rejected { code: Option<i64>, message: String },
    /// The call carrying this log failed as a whole (network, auth, rate limit, or a
    /// refusal of the whole batch); nothing says it landed, though a lost answer may
    /// hide that it did.
    Failed(ZohoError),
    /// People answered but did not account for this log: look before sending it again.
    Unconfirmed,
}

/// Cut logs (given by their dates) into batches People accepts: at most 100 logs, all
/// within 31 consecutive days. Answers indices into `dates`; each appears in exactly
/// one batch, batches run in date order and keep the input order among equal dates.
/// Filling each batch as far as it goes from the earliest date gives the fewest calls.
pub fn batches(dates: &[NaiveDate]) -> Vec<Vec<usize>> {
    let mut order: Vec<usize> = (0..dates.len()).collect();
    order.sort_by_key(|&i| dates[i]);
    let mut batches: Vec<Vec<usize>> = Vec::new();
    let mut first_day: Option<NaiveDate> = None;
    for i in order {
        let fits = match (batches.last(), first_day) {
            (Some(batch), Some(first)) => {
                batch.len() < MAX_LOGS && (dates[i] - first).num_days() < MAX_DAYS
            }
            _ => false,
        };
        if fits {
            if let Some(batch) = batches.last_mut() {
                batch.push(i);
            }
        } else {
            batches.push(vec![i]);
            first_day = Some(dates[i]);
        }
    }
    batches
}

/// The bulk API's clock times: `10:00 AM`.
fn clock_12h(time: NaiveTime) -> String {
    time.format("%I:%M %p").to_string()
}

impl BulkLog {
    fn to_json(&self, user: &str) -> Value {
        let mut log = json!({
            "user": user,
            "jobId": self.job_id,
            "date": self.date.format("%Y-%m-%d").to_string(),
        });
        let mut put = |key: &str, value: String| {
            if let Value::Object(map) = &mut log {
                map.insert(key.to_owned(), Value::String(value));
            }
        };
        if let Some(id) = &self.timelog_id {
            put("timelogId", id.clone());
        }
        match self.time {
            LoggedTime::Minutes(m) => put("hours", hh_mm(m)),
            LoggedTime::Span { from, to } => {
                put("startTime", clock_12h(from));
                put("endTime", clock_12h(to));
            }
        }
        if let Some(billable) = self.billable {
            put("billableStatus", billing_word(billable).into());
        }
        if let Some(item) = &self.work_item {
            put("workItem", item.clone());
        }
        if let Some(text) = &self.description {
            put("description", text.clone());
        }
        log
    }
}

impl People<'_> {
    /// Add and edit logs for the client's user, in as many calls as People's limits
    /// need; answers one outcome per input log, in input order. After an auth or rate
    /// limit failure the remaining batches are not sent (they would fail the same way).
    pub fn addupdatetimelogs(&self, logs: &[BulkLog]) -> Vec<BulkOutcome> {
        let dates: Vec<NaiveDate> = logs.iter().map(|l| l.date).collect();
        let mut outcomes: Vec<Option<BulkOutcome>> = vec![None; logs.len()];
        let mut stopped: Option<ZohoError> = None;
        for batch in batches(&dates) {
            let sent: Vec<&BulkLog> = batch.iter().map(|&i| &logs[i]).collect();
            let results = match &stopped {
                Some(error) => vec![BulkOutcome::Failed(error.clone()); sent.len()],
                None => self.send_batch(&sent),
            };
            if let Some(BulkOutcome::Failed(error)) = results.first()
                && matches!(error.kind, ErrorKind::Auth | ErrorKind::RateLimited { .. })
            {
                stopped = Some(error.clone());
            }
            for (&i, outcome) in batch.iter().zip(results) {
                outcomes[i] = Some(outcome);
            }
        }
        outcomes
            .into_iter()
            .map(|o| o.unwrap_or(BulkOutcome::Unconfirmed))
            .collect()
    }

    /// One call; one outcome per log of `batch`, in its order.
    fn send_batch(&self, batch: &[&BulkLog]) -> Vec<BulkOutcome> {
        let body: Vec<Value> = batch.iter().map(|l| l.to_json(&self.user)).collect();
        let fields = vec![("timelogs", Value::Array(body).to_string())];
        match self.post("addupdatetimelogs", fields) {
            Ok(reply) => answer::assign(batch, &answer::Answer::from_success(&reply))
                .into_iter()
                .map(|o| o.unwrap_or(BulkOutcome::Unconfirmed))
                .collect(),
            Err(error) => {
                let refused = answer::Answer::from_error(&error);
                answer::assign(batch, &refused)
                    .into_iter()
                    .map(|o| o.unwrap_or_else(|| BulkOutcome::Failed(error.clone())))
                    .collect()
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn day(offset: i64) -> NaiveDate {
        NaiveDate::from_ymd_opt(2025, 1, 1).unwrap() + chrono::Duration::days(offset)
    }

    /// The batching rules, checked for any list of dates.
    fn check(dates: &[NaiveDate], batches: &[Vec<usize>]) {
        let mut seen = vec![0u32; dates.len()];
        for batch in batches {
            assert!(!batch.is_empty() && batch.len() <= MAX_LOGS);
            let first = batch.iter().map(|&i| dates[i]).min().unwrap();
            let last = batch.iter().map(|&i| dates[i]).max().unwrap();
            assert!((last - first).num_days() < MAX_DAYS, "{first}..{last}");
            for &i in batch {
                seen[i] += 1;
            }
        }
        assert!(
            seen.iter().all(|&n| n == 1),
            "every log in exactly one batch"
        );
    }

    #[test]
    fn one_hundred_and_one_logs_make_two_batches() {
        let dates = vec![day(3); 101];
        let cut = batches(&dates);
        assert_eq!(cut.iter().map(Vec::len).collect::<Vec<_>>(), vec![100, 1]);
        check(&dates, &cut);
    }

    #[test]
    fn the_thirty_second_day_starts_a_new_batch() {
        let dates = vec![day(0), day(30), day(31), day(10)];
        let cut = batches(&dates);
        assert_eq!(cut, vec![vec![0, 3, 1], vec![2]]);
    }

    #[test]
    fn nothing_to_send_is_no_batch() {
        assert!(batches(&[]).is_empty());
    }

    #[test]
    fn bulk_times_use_the_twelve_hour_clock() {
        let log = BulkLog {
            timelog_id: Some("77".into()),
            job_id: "5".into(),
            date: day(0),
            time: LoggedTime::Span {
                from: NaiveTime::from_hms_opt(9, 5, 0).unwrap(),
                to: NaiveTime::from_hms_opt(13, 30, 0).unwrap(),
            },
            billable: Some(false),
            work_item: None,
            description: Some("review".into()),
        };
        let json = log.to_json("ana@zylker.test");
        assert_eq!(json["startTime"], "09:05 AM");
        assert_eq!(json["endTime"], "01:30 PM");
        assert_eq!(json["timelogId"], "77");
        assert_eq!(json["billableStatus"], "non-billable");
        assert_eq!(json["date"], "2025-01-01");
        assert!(json.get("hours").is_none() && json.get("workItem").is_none());
    }

    proptest! {
        #[test]
        fn batches_respect_peoples_limits(offsets in prop::collection::vec(0i64..120, 0..450)) {
            let dates: Vec<NaiveDate> = offsets.iter().map(|&o| day(o)).collect();
            let cut = batches(&dates);
            check(&dates, &cut);
        }

        #[test]
        fn batches_are_as_few_as_the_limits_allow(offsets in prop::collection::vec(0i64..20, 1..400)) {
            // Within 31 days only the count limits: ceil(n / 100) calls.
            let dates: Vec<NaiveDate> = offsets.iter().map(|&o| day(o)).collect();
            prop_assert_eq!(batches(&dates).len(), dates.len().div_ceil(MAX_LOGS));
        }
    }
}
