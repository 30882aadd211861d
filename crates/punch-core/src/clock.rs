//! Local time: entries are UTC instants, but the day an entry belongs to and the times a
//! person types are local. DST gaps and folds are handled here, once.

use chrono::{DateTime, NaiveDate, NaiveTime, TimeDelta, TimeZone, Timelike, Utc};

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
    use chrono::LocalResult;
    // Compare the fold's two candidates as instants: `chrono::Local` returns them in
    // the opposite order from chrono-tz (chrono issue 1625), so `earliest()` is not
    // reliably the first occurrence.
    match tz.from_local_datetime(&date.and_time(time)) {
        LocalResult::Single(t) => Some(t.with_timezone(&Utc)),
        LocalResult::Ambiguous(a, b) => Some(a.with_timezone(&Utc).min(b.with_timezone(&Utc))),
        LocalResult::None => None,
    }
    .ok_or_else(|| {
        let shown = if time.second() == 0 {
            time.format("%H:%M")
        } else {
            time.format("%H:%M:%S")
        };
        format!("{shown} does not exist on {date} in the local time zone (the clocks jump forward)")
    })
}

/// The first instant of a local day (midnight, or the first instant after a DST gap).
pub fn day_start<Z: TimeZone>(date: NaiveDate, tz: &Z) -> DateTime<Utc> {
    if let Ok(midnight) = local_instant(date, NaiveTime::MIN, tz) {
        return midnight;
    }
    // Midnight fell into a gap (zones that switch at 00:00, or Samoa skipping a whole day
    // in 2011), so search for the first instant whose local date is `date` or later. A
    // UTC offset is less than a day, so the answer lies within a day of naive midnight;
    // transitions happen on whole seconds, so seconds are fine enough.
    let naive = date.and_time(NaiveTime::MIN).and_utc();
    let reached =
        |secs: i64| DateTime::from_timestamp(secs, 0).is_none_or(|t| local_date(t, tz) >= date);
    let (mut lo, mut hi) = (
        (naive - TimeDelta::days(2)).timestamp(),
        (naive + TimeDelta::days(2)).timestamp(),
    );
    // Invariant: `lo` is still before `date`, `hi` has reached it.
    while hi - lo > 1 {
        let mid = lo + (hi - lo) / 2;
        if reached(mid) {
            hi = mid;
        } else {
            lo = mid;
        }
    }
    DateTime::from_timestamp(hi, 0).unwrap_or(naive)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono_tz::{America, Europe, Pacific};

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn hm(h: u32, m: u32) -> NaiveTime {
        NaiveTime::from_hms_opt(h, m, 0).unwrap()
    }

    fn utc(y: i32, mo: u32, d: u32, h: u32, mi: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, mo, d, h, mi, 0).unwrap()
    }

    #[test]
    fn local_dates_follow_the_zone() {
        let late = utc(2026, 11, 20, 23, 30);
        assert_eq!(local_date(late, &Europe::Berlin), day(2026, 11, 21));
        assert_eq!(local_date(late, &Utc), day(2026, 11, 20));
        assert_eq!(local_date(late, &America::New_York), day(2026, 11, 20));
    }

    #[test]
    fn ordinary_times_are_single_instants() {
        assert_eq!(
            local_instant(day(2026, 7, 1), hm(9, 0), &Europe::Berlin),
            Ok(utc(2026, 7, 1, 7, 0))
        );
    }

    #[test]
    fn a_time_in_the_spring_gap_is_an_error() {
        let err = local_instant(day(2026, 3, 29), hm(2, 30), &Europe::Berlin).unwrap_err();
        assert_eq!(
            err,
            "02:30 does not exist on 2026-03-29 in the local time zone (the clocks jump forward)"
        );
        // Either side of the gap is fine.
        assert_eq!(
            local_instant(day(2026, 3, 29), hm(1, 59), &Europe::Berlin),
            Ok(utc(2026, 3, 29, 0, 59))
        );
        assert_eq!(
            local_instant(day(2026, 3, 29), hm(3, 0), &Europe::Berlin),
            Ok(utc(2026, 3, 29, 1, 0))
        );
    }

    #[test]
    fn a_time_in_the_autumn_fold_is_its_first_occurrence() {
        // 02:30 happens at 00:30 UTC (summer time) and again at 01:30 UTC.
        assert_eq!(
            local_instant(day(2026, 10, 25), hm(2, 30), &Europe::Berlin),
            Ok(utc(2026, 10, 25, 0, 30))
        );
    }

    #[test]
    fn days_start_at_local_midnight() {
        assert_eq!(
            day_start(day(2026, 3, 29), &Europe::Berlin),
            utc(2026, 3, 28, 23, 0)
        );
        assert_eq!(
            day_start(day(2026, 3, 30), &Europe::Berlin),
            utc(2026, 3, 29, 22, 0)
        );
        assert_eq!(
            day_start(day(2026, 10, 26), &Europe::Berlin),
            utc(2026, 10, 25, 23, 0)
        );
    }

    #[test]
    fn a_day_without_midnight_starts_after_the_gap() {
        // Havana springs forward from 00:00 to 01:00 (UTC-5 to UTC-4).
        let tz = America::Havana;
        let date = day(2026, 3, 8);
        assert!(local_instant(date, NaiveTime::MIN, &tz).is_err());
        let start = day_start(date, &tz);
        assert_eq!(start, utc(2026, 3, 8, 5, 0));
        assert_eq!(local_date(start, &tz), date);
        assert_eq!(
            local_date(start - TimeDelta::seconds(1), &tz),
            day(2026, 3, 7)
        );
    }

    #[test]
    fn a_skipped_day_starts_where_the_next_one_does() {
        // Samoa jumped from the end of 2011-12-29 straight to 2011-12-31.
        let tz = Pacific::Apia;
        let skipped = day_start(day(2011, 12, 30), &tz);
        assert_eq!(skipped, day_start(day(2011, 12, 31), &tz));
        assert_eq!(local_date(skipped, &tz), day(2011, 12, 31));
        assert_eq!(
            local_date(skipped - TimeDelta::seconds(1), &tz),
            day(2011, 12, 29)
        );
    }
}
