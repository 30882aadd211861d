//! The formats People reads and writes: dates in a Java-style pattern (`dateFormat`, or
//! the company's `dd-MMM-yyyy` when a call doesn't say), clock times as `14:30`,
//! `2:30PM` or `02:30 PM`, and hours as `2:30` or `2.5`.

use chrono::NaiveDate;

/// The company's date format, used when a call sends no `dateFormat`.
pub const COMPANY: &str = "dd-MMM-yyyy";
/// The default of the APIs whose documents say so (`addtimelog`, `edittimelog`).
pub const ISO: &str = "yyyy-MM-dd";

/// A date pattern as People takes it (`yyyy`, `yy`, `MMMM`, `MMM`, `MM`, `dd` and
/// separators); other letters make it unreadable.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateFormat {
    chrono: String,
}

impl DateFormat {
    pub fn java(pattern: &str) -> Option<DateFormat> {
        let chars: Vec<char> = pattern.trim().chars().collect();
        if chars.is_empty() {
            return None;
        }
        let mut out = String::new();
        let mut i = 0;
        while i < chars.len() {
            let c = chars[i];
            let run = chars[i..].iter().take_while(|&&x| x == c).count();
            if c.is_ascii_alphabetic() {
                out.push_str(match (c, run) {
                    ('y', 4) => "%Y",
                    ('y', 2) => "%y",
                    ('M', 4) => "%B",
                    ('M', 3) => "%b",
                    ('M', 2) => "%m",
                    ('d', 2) => "%d",
                    _ => return None,
                });
            } else {
                for _ in 0..run {
                    if c == '%' {
                        out.push_str("%%");
                    } else {
                        out.push(c);
                    }
                }
            }
            i += run;
        }
        Some(DateFormat { chrono: out })
    }

    pub fn parse(&self, text: &str) -> Option<NaiveDate> {
        NaiveDate::parse_from_str(text.trim(), &self.chrono).ok()
    }

    pub fn format(&self, date: NaiveDate) -> String {
        date.format(&self.chrono).to_string()
    }
}

/// A clock time as minutes of the day: `14:30`, `2:30PM`, `02:30 PM`, `2:30 pm`.
pub fn clock(text: &str) -> Option<u32> {
    let text = text.trim().to_ascii_uppercase();
    let (time, half) = if let Some(t) = text.strip_suffix("AM") {
        (t.trim(), Some(0))
    } else if let Some(t) = text.strip_suffix("PM") {
        (t.trim(), Some(12))
    } else {
        (text.as_str(), None)
    };
    let (h, m) = time.split_once(':')?;
    let (h, m): (u32, u32) = (h.trim().parse().ok()?, m.trim().parse().ok()?);
    if m >= 60 {
        return None;
    }
    let h = match half {
        Some(offset) if (1..=12).contains(&h) => h % 12 + offset,
        Some(_) => return None,
        None if h < 24 => h,
        None => return None,
    };
    Some(h * 60 + m)
}

/// Hours as minutes: `2:30` or decimal `2.5`.
pub fn hours(text: &str) -> Option<u32> {
    let text = text.trim();
    if let Some((h, m)) = text.split_once(':') {
        let (h, m): (u32, u32) = (h.trim().parse().ok()?, m.trim().parse().ok()?);
        return (m < 60).then_some(h * 60 + m);
    }
    let decimal: f64 = text.parse().ok()?;
    (decimal.is_finite() && decimal >= 0.0).then(|| (decimal * 60.0).round() as u32)
}

/// Minutes as `HH:MM`.
pub fn hh_mm(minutes: u32) -> String {
    format!("{:02}:{:02}", minutes / 60, minutes % 60)
}

/// Minutes of the day in the company's time format: `03:00PM`.
pub fn twelve_hour(minutes: u32) -> String {
    let (h, m) = ((minutes / 60) % 24, minutes % 60);
    let half = if h < 12 { "AM" } else { "PM" };
    let h12 = if h % 12 == 0 { 12 } else { h % 12 };
    format!("{h12:02}:{m:02}{half}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn java_patterns() {
        let d = NaiveDate::from_ymd_opt(2025, 3, 5).unwrap();
        let company = DateFormat::java(COMPANY).unwrap();
        assert_eq!(company.format(d), "05-Mar-2025");
        assert_eq!(company.parse("05-MAR-2025"), Some(d));
        let iso = DateFormat::java(ISO).unwrap();
        assert_eq!(iso.parse("2025-03-05"), Some(d));
        assert_eq!(iso.parse("05-Mar-2025"), None);
        assert_eq!(DateFormat::java("MM/dd/yy").unwrap().format(d), "03/05/25");
        assert!(DateFormat::java("yyyy-QQ").is_none());
        assert!(DateFormat::java("").is_none());
    }

    #[test]
    fn clocks_and_hours() {
        assert_eq!(clock("14:30"), Some(870));
        assert_eq!(clock("2:30PM"), Some(870));
        assert_eq!(clock("02:30 pm"), Some(870));
        assert_eq!(clock("12:05 AM"), Some(5));
        assert_eq!(clock("12:00PM"), Some(720));
        assert_eq!(clock("13:00 PM"), None);
        assert_eq!(clock("25:00"), None);
        assert_eq!(hours("2:30"), Some(150));
        assert_eq!(hours("2.5"), Some(150));
        assert_eq!(hours("abc"), None);
        assert_eq!(twelve_hour(900), "03:00PM");
        assert_eq!(twelve_hour(0), "12:00AM");
    }
}
