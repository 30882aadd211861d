//! The value forms of the CLI contract: `DUR`, `DATE` and `TIME`, as pure parsers with
//! errors that name the problem.

use chrono::{DateTime, Datelike, Days, NaiveDate, NaiveTime, TimeZone, Utc, Weekday};

use crate::clock;

/// The longest duration one log can hold: Zoho logs time per day.
pub const MAX_DURATION_MINUTES: u32 = 24 * 60;

/// `1h30m`, `1h`, `90m`, `1:30`, `1.5h` → whole minutes.
pub fn parse_duration(text: &str) -> Result<u32, String> {
    duration_form(text.trim()).unwrap_or_else(|| {
        Err(format!(
            "`{text}` is not a duration (try 1h30m, 90m, 1:30 or 1.5h)"
        ))
    })
}

/// Minutes in the CLI's own form: `1h30m`, `2h`, `45m`.
pub fn format_duration(minutes: u32) -> String {
    match (minutes / 60, minutes % 60) {
        (0, m) => format!("{m}m"),
        (h, 0) => format!("{h}h"),
        (h, m) => format!("{h}h{m}m"),
    }
}

/// `YYYY-MM-DD`, `today`, `yesterday`, or a weekday name (the most recent, today included).
pub fn parse_date(text: &str, today: NaiveDate) -> Result<NaiveDate, String> {
    date_form(text.trim(), today).unwrap_or_else(|| {
        Err(format!(
            "`{text}` is not a date (try YYYY-MM-DD, today, yesterday or a weekday)"
        ))
    })
}

/// `HH:MM` (or `H:MM`), 00:00 to 23:59.
pub fn parse_time_of_day(text: &str) -> Result<NaiveTime, String> {
    let text = text.trim();
    let shaped = text.split_once(':').filter(|(h, m)| {
        (1..=2).contains(&h.len()) && m.len() == 2 && all_digits(h) && all_digits(m)
    });
    let Some((h, m)) = shaped else {
        return Err(format!("`{text}` is not a time of day (use HH:MM)"));
    };
    // Both parts are one or two ASCII digits, so they parse.
    let (h, m) = (h.parse().unwrap_or(u32::MAX), m.parse().unwrap_or(u32::MAX));
    NaiveTime::from_hms_opt(h, m, 0).ok_or_else(|| format!("`{text}` is not a time of day"))
}

/// `TIME`: `HH:MM` today (local), or an RFC 3339 instant.
pub fn parse_instant<Z: TimeZone>(
    text: &str,
    now: DateTime<Utc>,
    tz: &Z,
) -> Result<DateTime<Utc>, String> {
    let text = text.trim();
    // Anything made only of digits and one colon was meant as a time of day, so its
    // error should be the time-of-day one rather than a complaint about RFC 3339.
    let clock_shaped = text
        .split_once(':')
        .is_some_and(|(h, m)| all_digits(h) && all_digits(m));
    if clock_shaped {
        let time = parse_time_of_day(text)?;
        return clock::local_instant(clock::local_date(now, tz), time, tz);
    }
    DateTime::parse_from_rfc3339(text)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|_| {
            format!(
                "`{text}` is not a time (try HH:MM or an RFC 3339 instant like 2026-11-20T09:00:00+01:00)"
            )
        })
}

/// `text` read as a `DUR`: `None` when it does not have the shape of one at all (so the
/// quick-log can take it as a note word), `Some(Err)` when it does but is not valid.
pub(crate) fn duration_form(text: &str) -> Option<Result<u32, String>> {
    let lower = text.to_ascii_lowercase();
    let minutes = if let Some((h, m)) = lower.split_once(':') {
        if !(all_digits(h) && all_digits(m)) {
            return None;
        }
        if m.len() != 2 {
            return Some(Err(format!(
                "`{text}` is not a duration (minutes after `:` take two digits, as in 1:05)"
            )));
        }
        let m = m.parse::<u64>().unwrap_or(u64::MAX);
        if m > 59 {
            return Some(Err(format!("`{text}`: minutes must be 00–59")));
        }
        whole(h).saturating_mul(60).saturating_add(m)
    } else if let Some(m) = lower.strip_suffix('m').filter(|m| !m.contains('h')) {
        if !all_digits(m) {
            return None;
        }
        whole(m)
    } else {
        let (hours, rest) = lower.split_once('h')?;
        let (int, frac) = hours.split_once('.').unwrap_or((hours, ""));
        let hours_ok = if hours.contains('.') {
            // Fractional hours stand alone: `1.5h30m` would be a puzzle, not a duration.
            (int.is_empty() || all_digits(int)) && all_digits(frac) && rest.is_empty()
        } else {
            all_digits(int)
        };
        if !hours_ok {
            return None;
        }
        let m = match rest {
            "" => 0,
            _ => whole(rest.strip_suffix('m').filter(|m| all_digits(m))?),
        };
        if m > 59 {
            return Some(Err(format!("`{text}`: minutes must be 00–59")));
        }
        whole(int)
            .saturating_mul(60)
            .saturating_add(fraction_of_hour(frac))
            .saturating_add(m)
    };
    Some(match minutes {
        0 => Err(format!("`{text}`: a duration must be at least one minute")),
        m if m > u64::from(MAX_DURATION_MINUTES) => Err(format!("`{text}` is longer than a day")),
        // At most a day, so it fits.
        m => Ok(m as u32),
    })
}

/// `text` read as a `DATE`: `None` when it is no date word and not shaped `NNNN-NN-NN`.
pub(crate) fn date_form(text: &str, today: NaiveDate) -> Option<Result<NaiveDate, String>> {
    let word = text.to_ascii_lowercase();
    let date = match word.as_str() {
        "today" => Some(today),
        "yesterday" => today.pred_opt(),
        _ => {
            if let Some(day) = weekday(&word) {
                let back =
                    (7 + today.weekday().num_days_from_monday() - day.num_days_from_monday()) % 7;
                today.checked_sub_days(Days::new(back.into()))
            } else {
                let parts: Vec<&str> = word.split('-').collect();
                let [y, m, d] = parts[..] else { return None };
                if !(y.len() == 4 && m.len() == 2 && d.len() == 2) {
                    return None;
                }
                if !(all_digits(y) && all_digits(m) && all_digits(d)) {
                    return None;
                }
                let num = |s: &str| s.parse().unwrap_or(u32::MAX);
                NaiveDate::from_ymd_opt(num(y) as i32, num(m), num(d))
            }
        }
    };
    Some(date.ok_or_else(|| format!("`{text}` is not a date")))
}

fn weekday(word: &str) -> Option<Weekday> {
    const NAMES: [(&str, Weekday); 7] = [
        ("monday", Weekday::Mon),
        ("tuesday", Weekday::Tue),
        ("wednesday", Weekday::Wed),
        ("thursday", Weekday::Thu),
        ("friday", Weekday::Fri),
        ("saturday", Weekday::Sat),
        ("sunday", Weekday::Sun),
    ];
    NAMES
        .iter()
        .find(|(name, _)| word == *name || word == &name[..3])
        .map(|&(_, day)| day)
}

fn all_digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

/// A run of ASCII digits as a number; one too big to be a sane duration saturates, and
/// is then refused as longer than a day.
fn whole(digits: &str) -> u64 {
    digits
        .bytes()
        .try_fold(0u64, |n, b| {
            n.checked_mul(10)?.checked_add(u64::from(b - b'0'))
        })
        .unwrap_or(u64::MAX)
}

/// The fraction `0.<digits>` of an hour in minutes, half a minute rounding up. Done in
/// integers so a value exactly on a half minute, like `0.025h`, reliably rounds up.
fn fraction_of_hour(digits: &str) -> u64 {
    // A half minute is 1/120 h, which needs at most three decimals whenever it is exact,
    // so dropping digits after the ninth never changes which way a value rounds.
    let digits = &digits[..digits.len().min(9)];
    let scale = 10u64.pow(digits.len() as u32);
    (whole(digits) * 120 + scale) / (2 * scale)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn durations_in_every_form() {
        for (text, minutes) in [
            ("1h30m", 90),
            ("1h", 60),
            ("2h", 120),
            ("90m", 90),
            ("45m", 45),
            ("1:30", 90),
            ("0:05", 5),
            ("24:00", 1440),
            ("1.5h", 90),
            ("0.25h", 15),
            (".5h", 30),
            ("1.15h", 69),
            ("0.0084h", 1),
            ("1H30M", 90),
            (" 2h ", 120),
            ("24h", 1440),
            ("1440m", 1440),
        ] {
            assert_eq!(parse_duration(text), Ok(minutes), "{text}");
        }
    }

    #[test]
    fn fractional_hours_round_to_the_nearest_minute() {
        // 0.025 h is exactly 1.5 minutes: half rounds up.
        assert_eq!(parse_duration("0.025h"), Ok(2));
        assert_eq!(parse_duration("0.024h"), Ok(1));
        assert_eq!(parse_duration("1.0166666666666h"), Ok(61));
    }

    #[test]
    fn duration_errors_name_the_text() {
        for (text, message) in [
            (
                "abc",
                "`abc` is not a duration (try 1h30m, 90m, 1:30 or 1.5h)",
            ),
            (
                "90",
                "`90` is not a duration (try 1h30m, 90m, 1:30 or 1.5h)",
            ),
            (
                "1.5m",
                "`1.5m` is not a duration (try 1h30m, 90m, 1:30 or 1.5h)",
            ),
            (
                "1.5h30m",
                "`1.5h30m` is not a duration (try 1h30m, 90m, 1:30 or 1.5h)",
            ),
            ("", "`` is not a duration (try 1h30m, 90m, 1:30 or 1.5h)"),
            ("0m", "`0m`: a duration must be at least one minute"),
            ("0:00", "`0:00`: a duration must be at least one minute"),
            ("0.001h", "`0.001h`: a duration must be at least one minute"),
            ("25h", "`25h` is longer than a day"),
            ("24h1m", "`24h1m` is longer than a day"),
            (
                "99999999999999999999999h",
                "`99999999999999999999999h` is longer than a day",
            ),
            ("1:75", "`1:75`: minutes must be 00–59"),
            ("1h75m", "`1h75m`: minutes must be 00–59"),
            (
                "1:5",
                "`1:5` is not a duration (minutes after `:` take two digits, as in 1:05)",
            ),
        ] {
            assert_eq!(parse_duration(text), Err(message.to_owned()), "{text}");
        }
    }

    #[test]
    fn durations_format_in_the_cli_form() {
        assert_eq!(format_duration(90), "1h30m");
        assert_eq!(format_duration(120), "2h");
        assert_eq!(format_duration(45), "45m");
        assert_eq!(format_duration(0), "0m");
        for minutes in 1..=MAX_DURATION_MINUTES {
            assert_eq!(parse_duration(&format_duration(minutes)), Ok(minutes));
        }
    }

    #[test]
    fn dates_in_every_form() {
        let today = day(2026, 11, 20); // a Friday
        for (text, date) in [
            ("2026-02-28", day(2026, 2, 28)),
            ("today", today),
            ("Today", today),
            ("yesterday", day(2026, 11, 19)),
            ("friday", today),
            ("fri", today),
            ("FRI", today),
            ("thursday", day(2026, 11, 19)),
            ("mon", day(2026, 11, 16)),
            ("saturday", day(2026, 11, 14)),
            ("sun", day(2026, 11, 15)),
        ] {
            assert_eq!(parse_date(text, today), Ok(date), "{text}");
        }
    }

    #[test]
    fn date_errors_name_the_text() {
        let today = day(2026, 11, 20);
        assert_eq!(
            parse_date("2026-02-30", today),
            Err("`2026-02-30` is not a date".to_owned())
        );
        let hint = "is not a date (try YYYY-MM-DD, today, yesterday or a weekday)";
        for text in ["someday", "2026-2-3", "tomorrow", "mond", "20260101"] {
            assert_eq!(parse_date(text, today), Err(format!("`{text}` {hint}")));
        }
    }

    #[test]
    fn times_of_day() {
        let hm = |h, m| NaiveTime::from_hms_opt(h, m, 0).unwrap();
        assert_eq!(parse_time_of_day("09:05"), Ok(hm(9, 5)));
        assert_eq!(parse_time_of_day("9:05"), Ok(hm(9, 5)));
        assert_eq!(parse_time_of_day("0:00"), Ok(hm(0, 0)));
        assert_eq!(parse_time_of_day("23:59"), Ok(hm(23, 59)));
        for text in ["25:00", "24:00", "12:60"] {
            assert_eq!(
                parse_time_of_day(text),
                Err(format!("`{text}` is not a time of day"))
            );
        }
        for text in ["9:7", "9", "009:00", "ab:cd", "9:00am", ""] {
            assert_eq!(
                parse_time_of_day(text),
                Err(format!("`{text}` is not a time of day (use HH:MM)"))
            );
        }
    }

    #[test]
    fn instants_today_or_rfc3339() {
        let tz = chrono_tz::Europe::Berlin;
        // 23:30 UTC on the 20th is already the 21st in Berlin.
        let now = Utc.with_ymd_and_hms(2026, 11, 20, 23, 30, 0).unwrap();
        assert_eq!(
            parse_instant("09:00", now, &tz),
            Ok(Utc.with_ymd_and_hms(2026, 11, 21, 8, 0, 0).unwrap())
        );
        assert_eq!(
            parse_instant("2026-11-20T09:00:00+01:00", now, &tz),
            Ok(Utc.with_ymd_and_hms(2026, 11, 20, 8, 0, 0).unwrap())
        );
        assert_eq!(
            parse_instant("25:00", now, &tz),
            Err("`25:00` is not a time of day".to_owned())
        );
        assert_eq!(
            parse_instant("noon", now, &tz),
            Err("`noon` is not a time (try HH:MM or an RFC 3339 instant like 2026-11-20T09:00:00+01:00)".to_owned())
        );
        let spring = Utc.with_ymd_and_hms(2026, 3, 29, 12, 0, 0).unwrap();
        let err = parse_instant("02:30", spring, &tz).unwrap_err();
        assert!(err.contains("02:30 does not exist on 2026-03-29"), "{err}");
    }

    proptest::proptest! {
        #[test]
        fn formatted_durations_parse_back(minutes in 1..=MAX_DURATION_MINUTES) {
            proptest::prop_assert_eq!(parse_duration(&format_duration(minutes)), Ok(minutes));
        }

        #[test]
        fn parsers_never_panic(text in proptest::prelude::any::<String>()) {
            let today = day(2026, 11, 20);
            let _ = (parse_duration(&text), parse_date(&text, today), parse_time_of_day(&text));
            let _ = parse_instant(&text, Utc::now(), &chrono_tz::Europe::Berlin);
        }
    }
}
