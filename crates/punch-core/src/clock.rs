//! Local time: entries are UTC instants, but the day an entry belongs to and the times a
//! person types are local. DST gaps and folds are handled here, once.

use chrono::{DateTime, NaiveDate, NaiveTime, TimeZone, Utc};

/// The local date of an instant.
pub fn local_date<Z: TimeZone>(instant: DateTime<Utc>, tz: &Z) -> NaiveDate {
    instant.with_timezone(tz).date_naive()
}

/// The instant of a local date and time of day. A time in a DST gap is an error that
/// says so; a time in a fold (it happens twice) is its first occurrence.
pub fn local_instant<Z: TimeZone>(
    date: NaiveDate,
    time: NaiveTime,
    tz: &Z,
) -> Result<DateTime<Utc>, String> {
    let _ = (date, time, tz);
    todo!()
}

/// The first instant of a local day (midnight, or the first instant after a DST gap).
pub fn day_start<Z: TimeZone>(date: NaiveDate, tz: &Z) -> DateTime<Utc> {
    let _ = (date, tz);
    todo!()
}
