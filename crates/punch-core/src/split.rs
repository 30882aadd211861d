//! Day splitting: every Zoho product logs time per day, so an entry across local midnight
//! is sent as one log per day, rounded so the pieces add up to the rounded whole.

use chrono::{DateTime, NaiveDate, TimeZone, Utc};

use crate::clock;

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
    if ms <= 0 {
        return 0;
    }
    let minutes = ms.saturating_add(30_000) / 60_000;
    u32::try_from(minutes).unwrap_or(u32::MAX)
}

/// Split `[start, end)` at every local midnight. Pieces that round to zero minutes are
/// left out (Zoho can't log them), but the rest still add up to the rounded whole.
pub fn split_by_day<Z: TimeZone>(
    start: DateTime<Utc>,
    end: DateTime<Utc>,
    tz: &Z,
) -> Vec<DayPiece> {
    // Rounding each piece on its own could make 3 pieces of 40 s into 3 minutes of a
    // 2-minute entry; rounding the running total from `start` cannot drift.
    let rounded_since_start = |t: DateTime<Utc>| round_minutes((t - start).num_milliseconds());
    let mut pieces = Vec::new();
    let mut piece_start = start;
    while piece_start < end {
        let date = clock::local_date(piece_start, tz);
        let mut next_date = date;
        let mut next = piece_start;
        // Normally the very next day; the loop only matters where a fold runs back over
        // midnight and the next day's start is already behind us.
        while next <= piece_start {
            let Some(d) = next_date.succ_opt() else {
                next = end;
                break;
            };
            next_date = d;
            next = clock::day_start(next_date, tz);
        }
        let piece_end = next.min(end);
        let minutes = rounded_since_start(piece_end) - rounded_since_start(piece_start);
        if minutes > 0 {
            pieces.push(DayPiece {
                date,
                start: piece_start,
                end: piece_end,
                minutes,
            });
        }
        piece_start = piece_end;
    }
    pieces
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeDelta;
    use chrono_tz::Europe::Berlin;

    fn berlin(y: i32, mo: u32, d: u32, h: u32, mi: u32, s: u32) -> DateTime<Utc> {
        Berlin
            .with_ymd_and_hms(y, mo, d, h, mi, s)
            .earliest()
            .unwrap()
            .with_timezone(&Utc)
    }

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn summary(pieces: &[DayPiece]) -> Vec<(NaiveDate, u32)> {
        pieces.iter().map(|p| (p.date, p.minutes)).collect()
    }

    #[test]
    fn rounding_to_minutes() {
        assert_eq!(round_minutes(0), 0);
        assert_eq!(round_minutes(-90_000), 0);
        assert_eq!(round_minutes(29_999), 0);
        assert_eq!(round_minutes(30_000), 1);
        assert_eq!(round_minutes(89_999), 1);
        assert_eq!(round_minutes(90_000), 2);
        assert_eq!(round_minutes(3_600_000), 60);
        assert_eq!(round_minutes(i64::MAX), u32::MAX);
    }

    #[test]
    fn an_entry_inside_one_day_is_one_piece() {
        let (start, end) = (
            berlin(2026, 11, 20, 9, 0, 0),
            berlin(2026, 11, 20, 10, 30, 0),
        );
        assert_eq!(
            split_by_day(start, end, &Berlin),
            vec![DayPiece {
                date: day(2026, 11, 20),
                start,
                end,
                minutes: 90
            }]
        );
    }

    #[test]
    fn an_empty_or_backwards_entry_has_no_pieces() {
        let t = berlin(2026, 11, 20, 9, 0, 0);
        assert!(split_by_day(t, t, &Berlin).is_empty());
        assert!(split_by_day(t, t - TimeDelta::hours(1), &Berlin).is_empty());
        assert!(split_by_day(t, t + TimeDelta::seconds(29), &Berlin).is_empty());
    }

    #[test]
    fn an_entry_across_midnight_splits_there() {
        let start = berlin(2026, 11, 20, 22, 0, 0);
        let end = berlin(2026, 11, 22, 1, 15, 0);
        let pieces = split_by_day(start, end, &Berlin);
        assert_eq!(
            summary(&pieces),
            [
                (day(2026, 11, 20), 120),
                (day(2026, 11, 21), 1440),
                (day(2026, 11, 22), 75)
            ]
        );
        assert_eq!(pieces[1].start, berlin(2026, 11, 21, 0, 0, 0));
        assert_eq!(pieces[2].end, end);
    }

    #[test]
    fn the_spring_forward_night_is_an_hour_short() {
        let start = berlin(2026, 3, 28, 22, 0, 0);
        let end = berlin(2026, 3, 29, 6, 0, 0);
        assert_eq!(
            summary(&split_by_day(start, end, &Berlin)),
            [(day(2026, 3, 28), 120), (day(2026, 3, 29), 300)]
        );
    }

    #[test]
    fn the_fall_back_night_is_an_hour_long() {
        let start = berlin(2026, 10, 24, 22, 0, 0);
        let end = berlin(2026, 10, 25, 6, 0, 0);
        assert_eq!(
            summary(&split_by_day(start, end, &Berlin)),
            [(day(2026, 10, 24), 120), (day(2026, 10, 25), 420)]
        );
    }

    #[test]
    fn pieces_add_up_to_the_rounded_whole() {
        // 23:59:40 to 00:00:40: each side is 20 s and 40 s; alone they would round to 0
        // and 1, or both up; cumulatively the whole is one minute, on the second day.
        let start = berlin(2026, 11, 20, 23, 59, 40);
        let end = berlin(2026, 11, 21, 0, 0, 40);
        assert_eq!(
            summary(&split_by_day(start, end, &Berlin)),
            [(day(2026, 11, 21), 1)]
        );
        // 30 s either side of midnight: the first half minute already rounds up.
        let start = berlin(2026, 11, 20, 23, 59, 30);
        let end = berlin(2026, 11, 21, 0, 0, 30);
        assert_eq!(
            summary(&split_by_day(start, end, &Berlin)),
            [(day(2026, 11, 20), 1)]
        );
    }

    mod props {
        use super::*;
        use chrono_tz::Tz;
        use proptest::prelude::*;

        const ZONES: [Tz; 6] = [
            Berlin,
            chrono_tz::America::New_York,
            chrono_tz::America::Havana,
            chrono_tz::Australia::Lord_Howe,
            chrono_tz::Pacific::Apia,
            chrono_tz::UTC,
        ];

        /// Around Berlin's 2026 transitions, and across Samoa's skipped day.
        fn instant() -> impl Strategy<Value = DateTime<Utc>> {
            let bases = [
                berlin(2026, 3, 29, 0, 0, 0),
                berlin(2026, 10, 25, 0, 0, 0),
                Utc.with_ymd_and_hms(2011, 12, 30, 0, 0, 0).unwrap(),
            ];
            (0..bases.len(), -3 * 86_400_000i64..3 * 86_400_000)
                .prop_map(move |(i, ms)| bases[i] + TimeDelta::milliseconds(ms))
        }

        proptest! {
            #[test]
            fn pieces_tile_the_entry_day_by_day(
                zone in 0..ZONES.len(),
                start in instant(),
                length in prop_oneof![0..600_000i64, 0..5 * 86_400_000i64],
            ) {
                let tz = ZONES[zone];
                let end = start + TimeDelta::milliseconds(length);
                let pieces = split_by_day(start, end, &tz);
                let total: u32 = pieces.iter().map(|p| p.minutes).sum();
                prop_assert_eq!(total, round_minutes(length));
                for p in &pieces {
                    prop_assert!(p.minutes > 0);
                    prop_assert!(start <= p.start && p.start < p.end && p.end <= end);
                    prop_assert_eq!(clock::local_date(p.start, &tz), p.date);
                    let last = p.end - TimeDelta::nanoseconds(1);
                    prop_assert_eq!(clock::local_date(last, &tz), p.date);
                }
                for pair in pieces.windows(2) {
                    prop_assert_eq!(pair[0].end, pair[1].start);
                    prop_assert!(pair[0].date < pair[1].date);
                }
                // Only a first or last part under half a minute can be left out.
                if let (Some(first), Some(last)) = (pieces.first(), pieces.last()) {
                    prop_assert!((first.start - start).num_milliseconds() < 30_000);
                    prop_assert!((end - last.end).num_milliseconds() < 60_000);
                }
            }
        }
    }
}
