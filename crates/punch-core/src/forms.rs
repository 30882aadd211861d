//! The value forms of the CLI contract: `DUR`, `DATE` and `TIME`, as pure parsers with
//! errors that name the problem.

use chrono::{DateTime, NaiveDate, NaiveTime, TimeZone, Utc};

/// `1h30m`, `1h`, `90m`, `1:30`, `1.5h` → whole minutes.
pub fn parse_duration(text: &str) -> Result<u32, String> {
    let _ = text;
    todo!()
}

/// Minutes in the CLI's own form: `1h30m`, `2h`, `45m`.
pub fn format_duration(minutes: u32) -> String {
    let _ = minutes;
    todo!()
}

/// `YYYY-MM-DD`, `today`, `yesterday`, or a weekday name (the most recent, today included).
pub fn parse_date(text: &str, today: NaiveDate) -> Result<NaiveDate, String> {
    let _ = (text, today);
    todo!()
}

/// `HH:MM` (or `H:MM`), 00:00 to 23:59.
pub fn parse_time_of_day(text: &str) -> Result<NaiveTime, String> {
    let _ = text;
    todo!()
}

/// `TIME`: `HH:MM` today (local), or an RFC 3339 instant.
pub fn parse_instant<Z: TimeZone>(
    text: &str,
    now: DateTime<Utc>,
    tz: &Z,
) -> Result<DateTime<Utc>, String> {
    let _ = (text, now, tz);
    todo!()
}
