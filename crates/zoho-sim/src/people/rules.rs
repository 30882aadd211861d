//! People's refusals, with the documents' codes and messages verbatim, and the shapes of
//! its answers: `{"response": {…, "status": 0}}`, or `status: 1` with `errors` (a list,
//! or an object for the timer API) — all with HTTP 200, as People answers them.
//!
//! Codes the documents leave out (they list some refusals as bare messages) are the
//! nearest documented ones: a future date is a wrong value (8001), a disabled manual
//! log or another user's timer a permission refusal (7038). A completed job is 9025
//! everywhere, as in the bulk document's example.

use serde_json::{Value, json};

/// One refusal. `headline` refusals are in the documents' "Messages" tables: they are
/// also the answer's top-level `message`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rule {
    pub code: i64,
    pub message: &'static str,
    pub headline: bool,
}

const fn coded(code: i64, message: &'static str) -> Rule {
    Rule {
        code,
        message,
        headline: false,
    }
}

const fn headline(code: i64, message: &'static str) -> Rule {
    Rule {
        code,
        message,
        headline: true,
    }
}

pub const NO_PARAMETER: Rule = coded(8000, "No parameter specified");
pub const WRONG_VALUE: Rule = coded(8001, "Wrong value for parameter");
pub const WRONG_FORMAT: Rule = coded(8002, "Wrong format for parameter");
pub const PERMISSION_DENIED: Rule = coded(7038, "Permission denied");
pub const TIMER_DISABLED: Rule = coded(
    8005,
    "Timer is disabled in Settings. Contact your Administrator",
);
pub const NON_WORKING_DAY: Rule = coded(8008, "Cannot log time during Weekend/Holidays/Leave");
pub const COMPLETED_JOB: Rule = headline(9025, "Cannot log time for a completed job");
pub const MANUAL_LOG_DISABLED: Rule = headline(
    7038,
    "Manual Log is disabled in Settings. Contact your Administrator.",
);
pub const FUTURE_DATE: Rule = headline(8001, "Cannot log time for a Future Date");
pub const LOGGED_IN_ONLY: Rule = headline(7038, "Logged-in user alone can start timer");
pub const TIMER_RUNNING: Rule = coded(
    8005,
    "TimerRunningError: Time Logs deleted. Skipped Time Log with timer running",
);

/// `gettimelogs`' own codes.
pub const LIST_DENIED: Rule = coded(9000, "Permission denied");
pub const LIST_NO_PARAMETER: Rule = coded(9002, "No parameter specified");
pub const LIST_DATE_FORMAT: Rule = coded(9004, "Wrong date format given for parameter");
pub const LIST_BACKWARDS: Rule = coded(9006, "toDate should be after the fromDate");
pub const LIST_TOO_LONG: Rule = coded(
    9007,
    "Maximum of one month's data can only be fetched at a time",
);

/// The bulk API's limits, in the words of its document.
pub const BULK_TOO_MANY: Rule = coded(
    8001,
    "Only upto a 100 timelogs can be added or edited at a time",
);
pub const BULK_TOO_LONG: Rule = coded(
    8001,
    "Only the timelogs for a consecutive 31 days can be added or edited at a time",
);
pub const BULK_TIMER_LOG: Rule = coded(8001, "Timer based time logs cannot be added or edited");

/// The threshold lock (Zoho's wording as users report it).
pub const LOCKED: Rule = coded(
    7209,
    "API access blocked since threshold limit exceeded. Please try after some time",
);

fn uri(api: &str) -> String {
    format!("/api/timetracker/{api}")
}

/// A success answer; `result` is left out when there is none (a paused timer, no
/// running timer).
pub fn success(api: &str, message: &str, result: Option<Value>) -> Value {
    let mut response = json!({"message": message, "uri": uri(api), "status": 0});
    if let (Some(result), Value::Object(map)) = (result, &mut response) {
        map.insert("result".into(), result);
    }
    json!({ "response": response })
}

/// A refusal; `top` is the answer's `message` unless the rule is a headline itself.
pub fn refusal(api: &str, top: &str, rule: Rule) -> Value {
    let error = json!({"code": rule.code, "message": rule.message});
    let errors = if api == "timer" {
        error
    } else {
        json!([error])
    };
    let message = if rule.headline { rule.message } else { top };
    json!({"response": {"message": message, "uri": uri(api), "errors": errors, "status": 1}})
}

/// A bulk refusal: per-log entries under `errors.erorLogs` (sic, as documented).
pub fn bulk_refusal(entries: Vec<Value>) -> Value {
    json!({"response": {
        "message": "Error in updating data",
        "uri": uri("addupdatetimelogs"),
        "errors": {"erorLogs": entries},
        "status": 1
    }})
}
