//! `GET /projects/timeentries` as the simulator answers it: Books' `filter_by` windows
//! (weeks start on Sunday), project and user filters, sorting and paging.

use std::collections::HashMap;
use std::sync::Arc;

use axum::Json;
use axum::extract::{Query, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use chrono::{Datelike, Days, Months, NaiveDate};
use serde_json::{Value, json};

use super::fields::date;
use super::time_entries::{Params, today, with_org};
use super::{Refusal, invalid, page_of, paging};
use crate::state::Shared;

/// The dates a `filter_by` value covers, and the billing status it asks for.
struct Window {
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
    billed_status: Option<&'static str>,
}

fn month(year: i32, month0: u32) -> Option<(NaiveDate, NaiveDate)> {
    let start = NaiveDate::from_ymd_opt(year, month0 + 1, 1)?;
    Some((start, start.checked_add_months(Months::new(1))?.pred_opt()?))
}

fn span(from: Option<(NaiveDate, NaiveDate)>, to: Option<(NaiveDate, NaiveDate)>) -> Window {
    Window {
        from: from.map(|f| f.0),
        to: to.map(|t| t.1),
        billed_status: None,
    }
}

fn window(query: &HashMap<String, String>, today: NaiveDate) -> Result<Window, Refusal> {
    let read = |key: &str| match query.get(key).map(|s| s.trim()) {
        None | Some("") => Ok(None),
        Some(s) => date(s).map(Some).ok_or_else(|| invalid(key)),
    };
    let (from, to) = (read("from_date")?, read("to_date")?);
    let custom = Window {
        from,
        to,
        billed_status: None,
    };
    let (y, m0) = (today.year(), today.month0());
    let q0 = m0 / 3 * 3;
    let last_month = today.checked_sub_months(Months::new(1)).unwrap_or(today);
    let last_quarter = today.checked_sub_months(Months::new(3)).unwrap_or(today);
    // Books' weeks start on Sunday.
    let sunday = today - Days::new(u64::from(today.weekday().num_days_from_sunday()));
    let week = |start: NaiveDate| Window {
        from: Some(start),
        to: start.checked_add_days(Days::new(6)),
        billed_status: None,
    };
    let day = |d: NaiveDate| Window {
        from: Some(d),
        to: Some(d),
        billed_status: None,
    };
    Ok(match query.get("filter_by").map(|s| s.trim()) {
        None | Some("") | Some("Date.CustomDate") => custom,
        Some("Date.All") => span(None, None),
        Some("Date.Today") => day(today),
        Some("Date.PreviousDay") => day(today.pred_opt().unwrap_or(today)),
        Some("Date.ThisWeek") => week(sunday),
        Some("Date.PreviousWeek") => week(sunday - Days::new(7)),
        Some("Date.ThisMonth") => span(month(y, m0), month(y, m0)),
        Some("Date.PreviousMonth") => {
            let (py, pm) = (last_month.year(), last_month.month0());
            span(month(py, pm), month(py, pm))
        }
        Some("Date.ThisQuarter") => span(month(y, q0), month(y, q0 + 2)),
        Some("Date.PreviousQuarter") => {
            let (py, pq) = (last_quarter.year(), last_quarter.month0() / 3 * 3);
            span(month(py, pq), month(py, pq + 2))
        }
        Some("Date.ThisYear") => span(month(y, 0), month(y, 11)),
        Some("Date.PreviousYear") => span(month(y - 1, 0), month(y - 1, 11)),
        Some("Status.Unbilled") => Window {
            billed_status: Some("unbilled"),
            ..custom
        },
        Some("Status.Invoiced") => Window {
            billed_status: Some("invoiced"),
            ..custom
        },
        Some(_) => return Err(invalid("filter_by")),
    })
}

/// `GET /projects/timeentries`: `page_context` comes as a one-element list, the shape
/// the document shows (catalog lists use the object shape), so clients meet both.
pub(super) async fn list(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    Query(query): Params,
) -> Response {
    with_org(&shared, &headers, &query, |org, now| {
        let (page, per_page) = paging(&query)?;
        let w = window(&query, today(now))?;
        let sort_column = query
            .get("sort_column")
            .map_or("log_date", |s| s.as_str())
            .to_owned();
        let sortable = [
            "project_name",
            "task_name",
            "user_name",
            "log_date",
            "timer_started_at",
            "customer_name",
        ];
        if !sortable.contains(&sort_column.as_str()) {
            return Err(invalid("sort_column"));
        }
        let descending = query.get("sort_order").is_none_or(|o| o != "A");
        let wanted = |key: &str| query.get(key).filter(|s| !s.trim().is_empty());
        let mut rows: Vec<Value> = org
            .entries
            .values()
            .filter(|e| w.from.is_none_or(|f| e.log_date >= f))
            .filter(|e| w.to.is_none_or(|t| e.log_date <= t))
            .filter(|e| w.billed_status.is_none_or(|s| e.billed_status == s))
            .filter(|e| wanted("project_id").is_none_or(|p| &e.project_id == p))
            .filter(|e| wanted("user_id").is_none_or(|u| &e.user_id == u))
            .map(|e| org.render(e, now))
            .collect();
        let key = |v: &Value| {
            (
                v[&sort_column].as_str().unwrap_or_default().to_owned(),
                v["time_entry_id"].as_str().unwrap_or_default().to_owned(),
            )
        };
        rows.sort_by_key(key);
        if descending {
            rows.reverse();
        }
        let (items, more) = page_of(rows, page, per_page);
        Ok(Json(json!({
            "code": 0,
            "message": "success",
            "time_entries": items,
            "page_context": [{
                "page": page,
                "per_page": per_page,
                "has_more_page": more,
                "report_name": "Timesheet",
                "sort_order": if descending { "D" } else { "A" },
                "sort_column": sort_column,
            }],
        }))
        .into_response())
    })
}
