//! Zoho People's time tracker (`/people/api/timetracker/`): time logs one by one and in
//! bulk, the timer, and the jobs and projects a picker lists. Every call carries
//! `dateFormat=yyyy-MM-dd`: without it People reads and answers dates in the company's
//! own format, which Punch can't know.
//!
//! Where the documents are silent, this client assumes:
//! - Reads are `GET` with their parameters in the query; writes (`addtimelog`,
//!   `edittimelog`, `deletetimelog`, `timer`, `addupdatetimelogs`) are `POST` with their
//!   parameters in a form body (the bulk document recommends the body to avoid Zoho's
//!   URL length error; the single-log APIs read either). `dateFormat` always rides in
//!   the query so every call shows it the same way.
//! - "One month" for `gettimelogs` (code 9007) is read as "within one calendar month":
//!   longer ranges are fetched month by month, which fits any stricter reading too.
//! - Hours are sent as `HH:mm`, clock times of single logs as 24-hour `HH:mm` (both
//!   documented), and the bulk API's start and end times as `hh:mm AM` (its format).
//! - Each API has its own rate budget ([`Group::people`] with Zoho's API name): the timer
//!   20 calls a minute, bulk writes 30, the rest (undocumented) the stricter 20.

mod bulk;
mod catalog;
mod models;
mod timelogs;
mod timer;

use chrono::NaiveTime;
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::error::{ErrorKind, ZohoError};
use crate::limit::Group;
use crate::session::{Api, Method, Request, Session};

pub use bulk::{BulkLog, BulkOutcome, batches};
pub use catalog::{Job, Project, Status};
pub use models::{LogKind, RunningTimer, TimeLog};
pub use timelogs::{
    Billing, LoggedTime, NewTimeLog, TimeLogChange, TimeLogFilter, TimeLogPage, month_windows,
};
pub use timer::NewTimer;

/// The date format Punch asks People to read and answer in.
pub const DATE_FORMAT: &str = "yyyy-MM-dd";
/// People's largest page (`limit`), for time logs and jobs alike.
pub const PAGE_LIMIT: u32 = 200;

const BASE: &str = "/people/api/timetracker/";

/// One user's time tracker. `user` is how People knows them (email, erecno or employee
/// id); it goes into every call that names a user and into the rate budget's key.
#[derive(Debug, Clone)]
pub struct People<'a> {
    pub session: &'a Session,
    pub user: String,
}

impl<'a> People<'a> {
    pub fn new(session: &'a Session, user: impl Into<String>) -> People<'a> {
        People {
            session,
            user: user.into(),
        }
    }

    /// A call to `api`, with `dateFormat` and the API's rate budget already attached.
    fn request(&self, method: Method, api: &str) -> Request {
        Request::new(Api::People, method, format!("{BASE}{api}"))
            .query("dateFormat", DATE_FORMAT)
            .limit(Group::people(&self.user, api))
    }

    fn get(&self, api: &str, query: Vec<(&str, String)>) -> Result<Value, ZohoError> {
        let request = query
            .into_iter()
            .fold(self.request(Method::Get, api), |r, (k, v)| r.query(k, v));
        self.session.send(&request)
    }

    fn post(&self, api: &str, fields: Vec<(&str, String)>) -> Result<Value, ZohoError> {
        let fields = fields.into_iter().map(|(k, v)| (k.to_owned(), v)).collect();
        self.session
            .send(&self.request(Method::Post, api).form(fields))
    }

    /// Every item of a paged list: `sIndex` moves by `PAGE_LIMIT` while People says
    /// `isNextAvailable`.
    fn all_pages<T: DeserializeOwned>(
        &self,
        api: &str,
        query: Vec<(&str, String)>,
    ) -> Result<Vec<T>, ZohoError> {
        let mut items = Vec::new();
        let mut s_index = 0u32;
        loop {
            let mut page_query = query.clone();
            page_query.push(("sIndex", s_index.to_string()));
            page_query.push(("limit", PAGE_LIMIT.to_string()));
            let answer = self.get(api, page_query)?;
            let page = results(&answer);
            let count = page.len() as u32;
            for item in page {
                items.push(parse(item, api)?);
            }
            // An empty page that claims more would loop forever: trust the emptiness.
            if !next_available(&answer) || count == 0 {
                return Ok(items);
            }
            s_index += count;
        }
    }
}

/// `response.result` as a list: People sends a list, a single object, or nothing.
fn results(answer: &Value) -> Vec<Value> {
    match answer.pointer("/response/result") {
        Some(Value::Array(list)) => list.clone(),
        Some(Value::Object(map)) if !map.is_empty() => vec![Value::Object(map.clone())],
        _ => Vec::new(),
    }
}

/// `isNextAvailable`, which People only sends (as `true` or `"true"`) when there is more.
fn next_available(answer: &Value) -> bool {
    let response = answer.get("response").unwrap_or(answer);
    let flag = response
        .get("isNextAvailable")
        .or_else(|| response.pointer("/result/isNextAvailable"));
    matches!(flag, Some(Value::Bool(true)))
        || matches!(flag, Some(Value::String(s)) if s.eq_ignore_ascii_case("true"))
}

/// An answer People should not have sent: not Zoho refusing, but nothing usable either.
fn malformed(what: &str, detail: impl std::fmt::Display) -> ZohoError {
    ZohoError::new(
        ErrorKind::Transient,
        None,
        None,
        format!("Zoho People sent a {what} answer Punch can't read: {detail}"),
    )
}

fn parse<T: DeserializeOwned>(value: Value, what: &str) -> Result<T, ZohoError> {
    serde_json::from_value(value).map_err(|e| malformed(what, e))
}

/// The `timeLogId` an add, edit or timer start answers with.
fn answered_id(answer: &Value, what: &str) -> Result<String, ZohoError> {
    results(answer)
        .iter()
        .find_map(|r| {
            let id = r.get("timeLogId").or_else(|| r.get("timelogId"))?;
            match id {
                Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_owned()),
                Value::Number(n) => Some(n.to_string()),
                _ => None,
            }
        })
        .ok_or_else(|| malformed(what, "no timeLogId in the result"))
}

/// Minutes as People's `HH:mm`.
fn hh_mm(minutes: u32) -> String {
    format!("{:02}:{:02}", minutes / 60, minutes % 60)
}

/// A clock time as the single-log APIs take it (`14:30`).
fn clock_24h(time: NaiveTime) -> String {
    time.format("%H:%M").to_string()
}

fn billing_word(billable: bool) -> &'static str {
    if billable { "billable" } else { "non-billable" }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn result_comes_as_a_list_an_object_or_nothing() {
        let list = json!({"response": {"result": [{"a": 1}, {"a": 2}], "status": 0}});
        let object = json!({"response": {"result": {"a": 1}, "status": 0}});
        let none = json!({"response": {"message": "ok", "status": 0}});
        assert_eq!(results(&list).len(), 2);
        assert_eq!(results(&object).len(), 1);
        assert!(results(&none).is_empty());
    }

    #[test]
    fn next_page_flag_as_bool_or_text_or_absent() {
        assert!(next_available(
            &json!({"response": {"isNextAvailable": true}})
        ));
        assert!(next_available(
            &json!({"response": {"isNextAvailable": "true"}})
        ));
        assert!(!next_available(&json!({"response": {"status": 0}})));
    }

    #[test]
    fn ids_answered_as_text_or_number() {
        let text = json!({"response": {"result": [{"timeLogId": "469505000000265019"}]}});
        let number = json!({"response": {"result": [{"timeLogId": 469505000000265019_u64}]}});
        assert_eq!(answered_id(&text, "add").unwrap(), "469505000000265019");
        assert_eq!(answered_id(&number, "add").unwrap(), "469505000000265019");
        assert!(answered_id(&json!({"response": {}}), "add").is_err());
    }

    #[test]
    fn hours_and_times_in_peoples_formats() {
        assert_eq!(hh_mm(90), "01:30");
        assert_eq!(hh_mm(605), "10:05");
        let t = NaiveTime::from_hms_opt(14, 30, 0).unwrap();
        assert_eq!(clock_24h(t), "14:30");
    }
}
