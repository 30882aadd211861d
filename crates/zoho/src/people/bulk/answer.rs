//! Mapping a bulk answer back to the logs sent. People answers with lists, not per-log
//! results: `addedTimelogIds`, `editedTimelogIds`, and `errorLogs` (spelt `erorLogs` in
//! its error answer) whose entries name a log only by `date`, `jobId` and `hours`.
//!
//! So, for one batch, in this order:
//! 1. an edit whose `timelogId` is among the edited ids is `Edited`;
//! 2. each error entry is matched to a log not yet accounted for, as a multiset: first
//!    by its `timelogId` when it has one, then by (date, jobId, hours), then, for entries
//!    that name things differently (the document says `jobId` may hold the job's name),
//!    by (date, jobId), (date, hours) and date alone; each entry takes the first
//!    matching log in the order sent;
//! 3. added ids go, in order, to the new logs (no `timelogId`) still unaccounted for.
//!
//! Limit: two logs with the same date, job and hours are interchangeable to this
//! matching; if only one of them is refused, which one gets the refusal is a guess.
//! Logs the answer does not account for are left `None` for the caller to judge.

use chrono::NaiveDate;
use serde_json::Value;

use super::{BulkLog, BulkOutcome};
use crate::error::{ZohoError, number};
use crate::people::models::{duration_minutes, work_date};

/// One `errorLogs` entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct LogError {
    code: Option<i64>,
    message: String,
    timelog_id: Option<String>,
    date: Option<NaiveDate>,
    job_id: String,
    minutes: Option<u32>,
}

/// What one bulk answer said.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(super) struct Answer {
    added: Vec<String>,
    edited: Vec<String>,
    errors: Vec<LogError>,
}

fn id(value: &Value) -> Option<String> {
    match value {
        Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_owned()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn ids(value: Option<&Value>) -> Vec<String> {
    match value {
        Some(Value::Array(list)) => list.iter().filter_map(id).collect(),
        Some(single) => id(single).into_iter().collect(),
        None => Vec::new(),
    }
}

fn text(value: Option<&Value>) -> String {
    match value {
        Some(Value::String(s)) => s.trim().to_owned(),
        Some(Value::Number(n)) => n.to_string(),
        _ => String::new(),
    }
}

fn log_errors(value: Option<&Value>) -> Vec<LogError> {
    let Some(Value::Array(list)) = value else {
        return Vec::new();
    };
    list.iter()
        .map(|e| LogError {
            code: e
                .get("errorCode")
                .or_else(|| e.get("code"))
                .and_then(number),
            message: text(e.get("message")),
            timelog_id: e
                .get("timelogId")
                .or_else(|| e.get("timeLogId"))
                .and_then(id),
            date: work_date(&text(e.get("date"))),
            job_id: text(e.get("jobId")),
            minutes: duration_minutes(&text(e.get("hours"))),
        })
        .collect()
}

impl Answer {
    /// A success answer: `response.result.{addedTimelogIds, editedTimelogIds, errorLogs}`.
    pub(super) fn from_success(reply: &Value) -> Answer {
        let result = reply
            .pointer("/response/result")
            .or_else(|| reply.get("result"))
            .unwrap_or(&Value::Null);
        Answer {
            added: ids(result.get("addedTimelogIds")),
            edited: ids(result.get("editedTimelogIds")),
            errors: log_errors(result.get("errorLogs").or_else(|| result.get("erorLogs"))),
        }
    }

    /// An error answer: only its per-log entries that name a log (a date) count; an
    /// error about the whole call leaves every log to the caller.
    pub(super) fn from_error(error: &ZohoError) -> Answer {
        Answer {
            errors: log_errors(error.details.as_ref())
                .into_iter()
                .filter(|e| e.date.is_some() || e.timelog_id.is_some())
                .collect(),
            ..Answer::default()
        }
    }
}

/// Which logs an error entry may belong to, from the most to the least specific.
const PASSES: [fn(&LogError, &BulkLog) -> bool; 4] = [
    |e, l| e.date == Some(l.date) && e.job_id == l.job_id && e.minutes == Some(l.time.minutes()),
    |e, l| e.date == Some(l.date) && e.job_id == l.job_id,
    |e, l| e.date == Some(l.date) && e.minutes == Some(l.time.minutes()),
    |e, l| e.date == Some(l.date),
];

/// One outcome per log of `batch` (in its order), `None` where the answer is silent.
pub(super) fn assign(batch: &[&BulkLog], answer: &Answer) -> Vec<Option<BulkOutcome>> {
    let mut outcomes: Vec<Option<BulkOutcome>> = vec![None; batch.len()];

    let mut edited = answer.edited.clone();
    for (i, log) in batch.iter().enumerate() {
        if let Some(id) = &log.timelog_id
            && let Some(at) = edited.iter().position(|e| e == id)
        {
            edited.swap_remove(at);
            outcomes[i] = Some(BulkOutcome::Edited(id.clone()));
        }
    }

    let reject = |e: &LogError| BulkOutcome::Rejected {
        code: e.code,
        message: e.message.clone(),
    };
    let mut unmatched: Vec<&LogError> = Vec::new();
    for error in &answer.errors {
        let by_id = error.timelog_id.as_ref().and_then(|id| {
            (0..batch.len())
                .find(|&i| outcomes[i].is_none() && batch[i].timelog_id.as_ref() == Some(id))
        });
        match by_id {
            Some(i) => outcomes[i] = Some(reject(error)),
            None => unmatched.push(error),
        }
    }
    for pass in PASSES {
        unmatched.retain(|error| {
            match (0..batch.len()).find(|&i| outcomes[i].is_none() && pass(error, batch[i])) {
                Some(i) => {
                    outcomes[i] = Some(reject(error));
                    false
                }
                None => true,
            }
        });
    }
    for error in unmatched {
        tracing::warn!(code = ?error.code, message = %error.message, "a bulk error matches no log sent");
    }

    let mut added = answer.added.iter();
    for (i, log) in batch.iter().enumerate() {
        if outcomes[i].is_none() && log.timelog_id.is_none() {
            match added.next() {
                Some(id) => outcomes[i] = Some(BulkOutcome::Created(id.clone())),
                None => break,
            }
        }
    }
    outcomes
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::people;
    use crate::people::LoggedTime;
    use serde_json::json;

    fn log(day: u32, job: &str, minutes: u32, id: Option<&str>) -> BulkLog {
        BulkLog {
            timelog_id: id.map(str::to_owned),
            job_id: job.into(),
            date: NaiveDate::from_ymd_opt(2025, 3, day).unwrap(),
            time: LoggedTime::Minutes(minutes),
            billable: None,
            work_item: None,
            description: None,
        }
    }

    fn created(id: &str) -> Option<BulkOutcome> {
        Some(BulkOutcome::Created(id.into()))
    }

    #[test]
    fn the_documented_answer_maps_to_its_three_logs() {
        let sent = [
            log(1, "3000163849028", 60, None),
            log(1, "3000163849024", 120, Some("3000123412397")),
            log(1, "3000123412364", 300, None),
        ];
        let batch: Vec<&BulkLog> = sent.iter().collect();
        let reply = json!({"response": {"result": {
            "addedTimelogIds": [3000123412389_u64],
            "editedTimelogIds": [3000123412397_u64],
            "errorLogs": [{"errorCode": 9025, "message": "Cannot log time for a completed job",
                "user": "anne.layfield@innovatorhub.com", "date": "2025-03-01",
                "jobId": 3000123412364_u64, "hours": "05:00"}]
        }, "message": "Data updated successfully", "status": 0}});
        let outcomes = assign(&batch, &Answer::from_success(&reply));
        assert_eq!(
            outcomes,
            vec![
                created("3000123412389"),
                Some(BulkOutcome::Edited("3000123412397".into())),
                Some(BulkOutcome::Rejected {
                    code: Some(9025),
                    message: "Cannot log time for a completed job".into()
                }),
            ]
        );
    }

    #[test]
    fn interleaved_errors_match_by_date_job_and_hours() {
        let sent = [
            log(3, "A", 60, None),
            log(4, "A", 60, None),
            log(4, "A", 90, None),
            log(5, "B", 30, None),
        ];
        let batch: Vec<&BulkLog> = sent.iter().collect();
        let reply = json!({"response": {"result": {
            "addedTimelogIds": ["11", "12"],
            "errorLogs": [
                {"errorCode": 8008, "message": "weekend", "date": "2025-03-04", "jobId": "A", "hours": "01:30"},
                {"errorCode": 9025, "message": "completed", "date": "2025-03-05", "jobId": "Job B name", "hours": "00:30"}
            ]
        }}});
        let outcomes = assign(&batch, &Answer::from_success(&reply));
        assert_eq!(outcomes[0], created("11"));
        assert_eq!(outcomes[1], created("12"));
        assert!(matches!(
            &outcomes[2],
            Some(BulkOutcome::Rejected {
                code: Some(8008),
                ..
            })
        ));
        // Named by job name, not id: matched on date and hours.
        assert!(matches!(
            &outcomes[3],
            Some(BulkOutcome::Rejected {
                code: Some(9025),
                ..
            })
        ));
    }

    #[test]
    fn identical_logs_are_a_multiset() {
        let sent = [
            log(3, "A", 60, None),
            log(3, "A", 60, None),
            log(3, "A", 60, None),
        ];
        let batch: Vec<&BulkLog> = sent.iter().collect();
        let reply = json!({"response": {"result": {
            "addedTimelogIds": ["21"],
            "errorLogs": [
                {"errorCode": 1, "message": "x", "date": "2025-03-03", "jobId": "A", "hours": "01:00"},
                {"errorCode": 2, "message": "y", "date": "2025-03-03", "jobId": "A", "hours": "01:00"}
            ]
        }}});
        let outcomes = assign(&batch, &Answer::from_success(&reply));
        let rejected = outcomes
            .iter()
            .filter(|o| matches!(o, Some(BulkOutcome::Rejected { .. })))
            .count();
        assert_eq!(rejected, 2);
        assert_eq!(outcomes[2], created("21"));
    }

    #[test]
    fn the_misspelt_error_answer_is_read_too() {
        let sent = [log(8, "A", 60, None), log(9, "A", 60, None)];
        let batch: Vec<&BulkLog> = sent.iter().collect();
        let body = r#"{"response":{"message":"Error in updating data","uri":"/api/timetracker/addupdatetimelogs",
            "errors":{"erorLogs":[
              {"errorCode":8008,"message":"Cannot log time during Weekend/Holidays/Leave","date":"2025-03-09","jobId":"A","hours":"01:00"},
              {"errorCode":8008,"message":"Cannot log time during Weekend/Holidays/Leave","date":"2025-03-08","jobId":"A","hours":"01:00"}]},
            "status":1}}"#;
        let error = people(200, body);
        let outcomes = assign(&batch, &Answer::from_error(&error));
        assert!(outcomes.iter().all(|o| matches!(
            o,
            Some(BulkOutcome::Rejected {
                code: Some(8008),
                ..
            })
        )));
    }

    #[test]
    fn a_whole_call_error_names_no_log() {
        let sent = [log(8, "A", 60, None)];
        let batch: Vec<&BulkLog> = sent.iter().collect();
        let body = r#"{"response":{"errors":{"erorLogs":[{"errorCode":8001,"message":"too many"}]},"status":1}}"#;
        assert_eq!(
            assign(&batch, &Answer::from_error(&people(200, body))),
            vec![None]
        );
    }

    #[test]
    fn fewer_ids_than_new_logs_leave_the_rest_unaccounted() {
        let sent = [
            log(3, "A", 60, None),
            log(4, "A", 60, None),
            log(5, "A", 60, Some("9")),
        ];
        let batch: Vec<&BulkLog> = sent.iter().collect();
        let reply =
            json!({"response": {"result": {"addedTimelogIds": ["1"], "editedTimelogIds": []}}});
        assert_eq!(
            assign(&batch, &Answer::from_success(&reply)),
            vec![created("1"), None, None]
        );
    }
}
