//! Zoho People's time tracker over real loopback HTTP against the simulator: every
//! endpoint's success and documented errors, paging, month windows, bulk batching and
//! its per-log answers, the threshold lock, and `dateFormat` on every call.

mod support;

#[path = "people/bulk.rs"]
mod bulk;
#[path = "people/catalog.rs"]
mod catalog;
#[path = "people/limits.rs"]
mod limits;
#[path = "people/timelogs.rs"]
mod timelogs;
#[path = "people/timer.rs"]
mod timer;

use chrono::{Datelike, NaiveDate, Weekday};
use serde_json::Value;
use zoho::session::{Api, Method, Request};
use zoho::{Session, ZohoError};
use zoho_sim::state::{Received, lock};
use zoho_sim::{RunningSim, SimConfig};

pub const ANA: &str = "ana@zylker.test";
pub const BEN: &str = "ben@zylker.test";
pub const DESIGN: &str = "412762000000042001";
pub const FRONTEND: &str = "412762000000042003";
pub const CONTENT: &str = "412762000000042005";
/// The completed job: People refuses time for it (9025).
pub const WORKSHOP: &str = "412762000000042009";
pub const MEETINGS: &str = "412762000000042011";

pub fn sim() -> (RunningSim, Session) {
    support::signed_in(SimConfig::default())
}

pub fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

/// The first `n` Mondays-to-Fridays from `from` (holidays not excluded).
pub fn weekdays(from: NaiveDate, n: usize) -> Vec<NaiveDate> {
    from.iter_days()
        .filter(|d| !matches!(d.weekday(), Weekday::Sat | Weekday::Sun))
        .take(n)
        .collect()
}

/// What the simulator received for one People API.
pub fn calls(sim: &RunningSim, api: &str) -> Vec<Received> {
    let path = format!("/people/api/timetracker/{api}");
    lock(&sim.shared.received)
        .iter()
        .filter(|r| r.path == path)
        .cloned()
        .collect()
}

/// A parameter of a received call, from its query or its form body.
pub fn param(call: &Received, key: &str) -> Option<String> {
    url::form_urlencoded::parse(call.query.as_bytes())
        .chain(url::form_urlencoded::parse(call.body.as_bytes()))
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.into_owned())
}

/// A People call the client would never make (to reach the simulator's refusals).
pub fn raw(
    session: &Session,
    method: Method,
    api: &str,
    query: &[(&str, &str)],
    form: &[(&str, &str)],
) -> Result<Value, ZohoError> {
    let mut request = query.iter().fold(
        Request::new(
            Api::People,
            method,
            format!("/people/api/timetracker/{api}"),
        ),
        |r, (k, v)| r.query(k, v),
    );
    if !form.is_empty() {
        request = request.form(
            form.iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                .collect(),
        );
    }
    session.send(&request)
}

/// Store logs straight in the simulator (30 minutes each on `job`): answers their ids.
pub fn seed_logs(sim: &RunningSim, job: &str, dates: &[NaiveDate]) -> Vec<String> {
    let mut db = lock(&sim.shared.people);
    let erecno = db.me().unwrap().erecno.clone();
    dates
        .iter()
        .map(|&work_date| {
            let id = db.mint();
            db.logs.push(zoho_sim::people::TimeLog {
                id: id.clone(),
                erecno: erecno.clone(),
                job_id: job.into(),
                work_date,
                kind: 0,
                minutes: 30,
                from_min: None,
                to_min: None,
                billable: true,
                work_item: String::new(),
                description: String::new(),
                runs: Vec::new(),
            });
            id
        })
        .collect()
}

/// Assert a refusal: its code (when given) and Zoho's message, verbatim.
#[track_caller]
pub fn assert_refused(
    result: Result<impl std::fmt::Debug, ZohoError>,
    code: Option<i64>,
    message: &str,
) {
    let error = result.expect_err("People should refuse this");
    assert_eq!(error.kind, zoho::ErrorKind::Rejected, "{error:?}");
    if code.is_some() {
        assert_eq!(error.code, code, "{error:?}");
    }
    assert_eq!(error.message, message, "{error:?}");
}
