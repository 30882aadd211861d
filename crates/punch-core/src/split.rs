//! Day splitting: every Zoho product logs time per day, so an entry across local midnight
//! is sent as one log per day, rounded so the pieces add up to the rounded whole.

use chrono::{DateTime, NaiveDate, TimeZone, Utc};

/// The part of an entry that falls on one local date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DayPiece {
    pub date: NaiveDate,
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    /// Whole minutes, rounded so that all pieces add up to `round_minutes(end - start)`.
    pub minutes: u32,
}

/// Milliseconds to the nearest whole minute (half a minute rounds up).
pub fn round_minutes(ms: i64) -> u32 {
    let _ = ms;
    todo!()
}

/// Split `[start, end)` at every local midnight. Pieces that round to zero minutes are
/// left out (Zoho can't log them), but the rest still add up to the rounded whole.
pub fn split_by_day<Z: TimeZone>(
    start: DateTime<Utc>,
    end: DateTime<Utc>,
    tz: &Z,
) -> Vec<DayPiece> {
    let _ = (start, end, tz);
    todo!()
}
