//! Reading a Projects request's parameters the way Zoho checks them: required ones
//! present, dates `MM-DD-YYYY`, hours `hh:mm`, enumerations spelled as documented, and
//! each failure as Zoho's own error body.

use std::collections::HashMap;

use axum::Json;
use axum::extract::Form;
use axum::extract::rejection::FormRejection;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use chrono::NaiveDate;
use serde_json::json;

/// Query and form parameters together: v2 takes either.
pub type Params = HashMap<String, String>;

pub fn merged(query: Params, form: Result<Form<Params>, FormRejection>) -> Params {
    let mut params = query;
    if let Ok(Form(body)) = form {
        params.extend(body);
    }
    params
}

/// A refusal in Projects' shape: `{"error": {"code": …, "message": …}}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    pub status: StatusCode,
    pub code: i64,
    pub message: String,
}

impl Refusal {
    fn new(status: StatusCode, code: i64, message: &str) -> Refusal {
        Refusal {
            status,
            code,
            message: message.to_owned(),
        }
    }

    pub fn missing() -> Refusal {
        Refusal::new(StatusCode::BAD_REQUEST, 6831, "Input Parameter Missing")
    }

    pub fn pattern() -> Refusal {
        Refusal::new(
            StatusCode::BAD_REQUEST,
            6832,
            "Input Parameter Does not Match the Pattern Specified",
        )
    }

    pub fn not_found() -> Refusal {
        Refusal::new(StatusCode::NOT_FOUND, 6404, "Resource Not Found")
    }

    /// A rule of the timesheet refused the change (the wording is the simulator's).
    pub fn rule(message: &str) -> Refusal {
        Refusal::new(StatusCode::BAD_REQUEST, 6403, message)
    }

    pub fn wrong_url() -> Refusal {
        Refusal::new(StatusCode::BAD_REQUEST, 6891, "Given URL is wrong")
    }
}

impl IntoResponse for Refusal {
    fn into_response(self) -> Response {
        let body = json!({"error": {"code": self.code, "message": self.message}});
        (self.status, Json(body)).into_response()
    }
}

/// A parameter that must be present and not blank.
pub fn required<'a>(params: &'a Params, key: &str) -> Result<&'a str, Refusal> {
    optional(params, key).ok_or_else(Refusal::missing)
}

pub fn optional<'a>(params: &'a Params, key: &str) -> Option<&'a str> {
    params.get(key).map(|v| v.trim()).filter(|v| !v.is_empty())
}

/// `MM-DD-YYYY`, digits and dashes exactly: `2021-03-25` is refused, as Zoho does.
pub fn date(text: &str) -> Result<NaiveDate, Refusal> {
    let bytes = text.as_bytes();
    let shaped = bytes.len() == 10
        && bytes.iter().enumerate().all(|(i, b)| match i {
            2 | 5 => *b == b'-',
            _ => b.is_ascii_digit(),
        });
    if !shaped {
        return Err(Refusal::pattern());
    }
    NaiveDate::parse_from_str(text, "%m-%d-%Y").map_err(|_| Refusal::pattern())
}

/// `hh:mm` (one or two hour digits, two minute digits) as minutes: more than nothing
/// and at most a day.
pub fn hours(text: &str) -> Result<u32, Refusal> {
    let (h, m) = text.split_once(':').ok_or_else(Refusal::pattern)?;
    let digits = |s: &str, range: std::ops::RangeInclusive<usize>| {
        range.contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit())
    };
    if !digits(h, 1..=2) || !digits(m, 2..=2) {
        return Err(Refusal::pattern());
    }
    let (h, m): (u32, u32) = (
        h.parse().map_err(|_| Refusal::pattern())?,
        m.parse().map_err(|_| Refusal::pattern())?,
    );
    let total = h * 60 + m;
    if m >= 60 || total == 0 || total > 24 * 60 {
        return Err(Refusal::pattern());
    }
    Ok(total)
}

/// A log's `bill_status`: `Billable` or `Non Billable`.
pub fn billable(text: &str) -> Result<bool, Refusal> {
    match text.to_ascii_lowercase().as_str() {
        "billable" => Ok(true),
        "non billable" => Ok(false),
        _ => Err(Refusal::pattern()),
    }
}

/// `index` (1-based position of the first record) and `range` (how many). Zoho's
/// documents give no default nor maximum: the simulator assumes 1, 100 and at most 200.
pub fn paging(params: &Params) -> Result<(usize, usize), Refusal> {
    let number = |key: &str, default: usize| match optional(params, key) {
        None => Ok(default),
        Some(v) => v
            .parse::<usize>()
            .ok()
            .filter(|n| *n >= 1)
            .ok_or_else(Refusal::pattern),
    };
    Ok((number("index", 1)?, number("range", 100)?.min(200)))
}

/// One page of `items` (already in answer order).
pub fn page<T>(items: Vec<T>, (index, range): (usize, usize)) -> Vec<T> {
    items.into_iter().skip(index - 1).take(range).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_and_hours_follow_the_documented_patterns() {
        assert_eq!(
            date("03-25-2021"),
            Ok(NaiveDate::from_ymd_opt(2021, 3, 25).unwrap())
        );
        for bad in ["2021-03-25", "3-25-2021", "13-01-2021", "02-30-2021", ""] {
            assert_eq!(date(bad).unwrap_err().code, 6832, "{bad}");
        }
        assert_eq!(hours("04:30"), Ok(270));
        assert_eq!(hours("4:05"), Ok(245));
        for bad in ["4.5", "04:60", "00:00", "25:00", "4", "004:00", "04:5"] {
            assert_eq!(hours(bad).unwrap_err().code, 6832, "{bad}");
        }
    }
}
