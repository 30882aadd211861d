//! The quick-log grammar shared by the CLI, the tray and the window: a date, a duration
//! or range, a target or `@alias`, `$`/`!$`, in any order, and the rest as the note.
//!
//! Words are separated by whitespace. Double quotes protect note text: a word with a
//! quote anywhere in it is note text, never a date, span, target or mark (`"2h"` is the
//! note word `2h`; `"fix 2h bug"` is three note words). Inside quotes, `""` stands for
//! one literal `"`, as in CSV; elsewhere a `"` always opens or closes a quote, so an
//! unclosed quote is an error rather than a guess. The note is its words joined by
//! single spaces: runs of whitespace, even quoted ones, are not kept, because a note is
//! one line in Zoho and this keeps `to_text` able to give back exactly what it was given.

use chrono::{NaiveDate, NaiveTime};

use crate::forms;
use crate::target::{Target, TargetRef, alias_name};

/// How much time a quick log covers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Span {
    /// Whole minutes on a date.
    Duration(u32),
    /// From one local time of day to a later one, on a date.
    Range { from: NaiveTime, to: NaiveTime },
}

/// What a quick-log expression said. Every part is optional; the caller decides what
/// is required (a log needs a span) and fills in defaults (today, billable).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct QuickLog {
    pub date: Option<NaiveDate>,
    pub span: Option<Span>,
    pub target: Option<TargetRef>,
    pub billable: Option<bool>,
    pub note: String,
}

/// What one unquoted word says.
enum Part {
    Date(NaiveDate),
    Span(Span),
    Target(TargetRef),
    Billable(bool),
    Note,
}

/// Parse an expression; `today` anchors `today`, `yesterday` and weekday names.
pub fn parse(text: &str, today: NaiveDate) -> Result<QuickLog, String> {
    let mut log = QuickLog::default();
    // The word each part came from, to name both when one is given twice.
    let (mut date_word, mut span_word, mut target_word, mut mark_word) = (None, None, None, None);
    let mut note = Vec::new();
    for word in words(text)? {
        if word.quoted {
            note.extend(word.text.split_whitespace().map(str::to_owned));
            continue;
        }
        match classify(&word.text, today)? {
            Part::Date(date) => {
                once(&mut date_word, &word.text, |_| "two dates".into())?;
                log.date = Some(date);
            }
            Part::Span(span) => {
                let is_range = matches!(span, Span::Range { .. });
                // Only a range has a dash, so the first word tells its own kind.
                once(&mut span_word, &word.text, |first: &str| {
                    match (first.contains('-'), is_range) {
                        (false, false) => "two durations".into(),
                        (true, true) => "two ranges".into(),
                        _ => "both a duration and a range".into(),
                    }
                })?;
                log.span = Some(span);
            }
            Part::Target(target) => {
                once(&mut target_word, &word.text, |_| "two targets".into())?;
                log.target = Some(target);
            }
            Part::Billable(billable) => {
                once(&mut mark_word, &word.text, |_| "two billable marks".into())?;
                log.billable = Some(billable);
            }
            Part::Note => note.push(word.text),
        }
    }
    log.note = note.join(" ");
    Ok(log)
}

impl QuickLog {
    /// The canonical text of this log; `parse(q.to_text())` gives `q` back. That holds for
    /// every log `parse` returns, and for any log built from parts `parse` could return:
    /// a span of 1 minute to a day in whole minutes, a target with no whitespace or `"`,
    /// and a note of single-spaced words.
    pub fn to_text(&self) -> String {
        let mut parts = Vec::new();
        if let Some(date) = self.date {
            parts.push(date.format("%Y-%m-%d").to_string());
        }
        match &self.span {
            Some(Span::Duration(minutes)) => parts.push(forms::format_duration(*minutes)),
            Some(Span::Range { from, to }) => {
                parts.push(format!("{}-{}", from.format("%H:%M"), to.format("%H:%M")));
            }
            None => {}
        }
        if let Some(target) = &self.target {
            parts.push(target.to_string());
        }
        match self.billable {
            Some(true) => parts.push("$".into()),
            Some(false) => parts.push("!$".into()),
            None => {}
        }
        if !self.note.is_empty() {
            // The anchor date only matters for which words are dates, not which date.
            let anchor = NaiveDate::default();
            let plain = self.note.split_whitespace().all(|word| {
                !word.contains('"') && matches!(classify(word, anchor), Ok(Part::Note))
            });
            if plain {
                parts.push(self.note.clone());
            } else {
                parts.push(format!("\"{}\"", self.note.replace('"', "\"\"")));
            }
        }
        parts.join(" ")
    }
}

/// Record the first word of a kind; a second one is an error naming both.
fn once(
    seen: &mut Option<String>,
    word: &str,
    what: impl FnOnce(&str) -> String,
) -> Result<(), String> {
    if let Some(first) = seen {
        return Err(format!(
            "{}: `{first}` and `{word}` (put the note in quotes if it contains one)",
            what(first)
        ));
    }
    *seen = Some(word.to_owned());
    Ok(())
}

/// Read an unquoted word. A word shaped like a part but invalid (`25h`, `2026-02-30`,
/// `books:12`, `@a,b`) is an error, not a note word: it was most likely a typo.
fn classify(word: &str, today: NaiveDate) -> Result<Part, String> {
    match word {
        "$" => return Ok(Part::Billable(true)),
        "!$" => return Ok(Part::Billable(false)),
        _ => {}
    }
    if let Some(name) = word.strip_prefix('@') {
        return Ok(Part::Target(TargetRef::Alias(alias_name(name)?.to_owned())));
    }
    if Target::looks_like_target(word) {
        return Ok(Part::Target(TargetRef::Target(word.parse()?)));
    }
    if let Some(span) = range_form(word) {
        return span.map(Part::Span);
    }
    if let Some(minutes) = forms::duration_form(word) {
        return minutes.map(|m| Part::Span(Span::Duration(m)));
    }
    if let Some(date) = forms::date_form(word, today) {
        return date.map(Part::Date);
    }
    Ok(Part::Note)
}

/// `HH:MM-HH:MM`; `None` when the word is not digits, colons and one dash in that shape.
fn range_form(word: &str) -> Option<Result<Span, String>> {
    let clock_shaped = |s: &str| {
        s.split_once(':').is_some_and(|(h, m)| {
            !h.is_empty() && !m.is_empty() && h.bytes().chain(m.bytes()).all(|b| b.is_ascii_digit())
        })
    };
    let (from, to) = word.split_once('-')?;
    if !(clock_shaped(from) && clock_shaped(to)) {
        return None;
    }
    let times = forms::parse_time_of_day(from).and_then(|from| {
        let to = forms::parse_time_of_day(to)?;
        if to <= from {
            return Err(format!("`{word}`: the end is not after the start"));
        }
        Ok(Span::Range { from, to })
    });
    Some(times)
}

/// One whitespace-separated word, quotes removed; `quoted` if it had any.
#[derive(Default)]
struct Word {
    text: String,
    quoted: bool,
}

fn words(text: &str) -> Result<Vec<Word>, String> {
    let mut words = Vec::new();
    let mut current: Option<Word> = None;
    let mut open_quote: Option<usize> = None;
    let mut chars = text.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        if open_quote.is_none() && c.is_whitespace() {
            words.extend(current.take());
            continue;
        }
        let word = current.get_or_insert_with(Word::default);
        if c != '"' {
            word.text.push(c);
        } else if open_quote.is_none() {
            open_quote = Some(at);
            word.quoted = true;
        } else if chars.next_if(|&(_, next)| next == '"').is_some() {
            word.text.push('"');
        } else {
            open_quote = None;
        }
    }
    if let Some(at) = open_quote {
        return Err(format!(
            "the quote in `{}` is not closed (write \"\" for a \" inside quotes)",
            &text[at..]
        ));
    }
    words.extend(current);
    Ok(words)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::target::ProjectsItem;

    /// A Friday.
    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 20).unwrap()
    }

    fn hm(h: u32, m: u32) -> NaiveTime {
        NaiveTime::from_hms_opt(h, m, 0).unwrap()
    }

    fn ok(text: &str) -> QuickLog {
        let log = parse(text, today()).unwrap_or_else(|e| panic!("{text}: {e}"));
        assert_eq!(parse(&log.to_text(), today()), Ok(log.clone()), "{text}");
        log
    }

    fn err(text: &str) -> String {
        parse(text, today()).unwrap_err()
    }

    #[test]
    fn the_contract_example() {
        let log = ok("yesterday 9:00-10:30 @website fix login $");
        assert_eq!(
            log,
            QuickLog {
                date: NaiveDate::from_ymd_opt(2026, 11, 19),
                span: Some(Span::Range {
                    from: hm(9, 0),
                    to: hm(10, 30)
                }),
                target: Some(TargetRef::Alias("website".into())),
                billable: Some(true),
                note: "fix login".into(),
            }
        );
        assert_eq!(log.to_text(), "2026-11-19 09:00-10:30 @website $ fix login");
    }

    #[test]
    fn parts_come_in_any_order_and_the_rest_is_the_note() {
        let log = ok("fix   the !$ bug projects:5/general/Triage 1.5h  mon in prod");
        assert_eq!(log.date, NaiveDate::from_ymd_opt(2026, 11, 16));
        assert_eq!(log.span, Some(Span::Duration(90)));
        assert_eq!(
            log.target,
            Some(TargetRef::Target(Target::Projects {
                project_id: "5".into(),
                item: ProjectsItem::General("Triage".into())
            }))
        );
        assert_eq!(log.billable, Some(false));
        assert_eq!(log.note, "fix the bug in prod");
        assert_eq!(
            log.to_text(),
            "2026-11-16 1h30m projects:5/general/Triage !$ fix the bug in prod"
        );
    }

    #[test]
    fn every_part_is_optional() {
        assert_eq!(ok(""), QuickLog::default());
        assert_eq!(ok(" \t "), QuickLog::default());
        assert_eq!(ok("2h").span, Some(Span::Duration(120)));
        assert_eq!(ok("books:1/2").note, "");
        assert_eq!(ok("just a note").note, "just a note");
        assert_eq!(ok("just a note").to_text(), "just a note");
    }

    #[test]
    fn h_mm_alone_is_a_duration() {
        assert_eq!(ok("9:00").span, Some(Span::Duration(540)));
        assert_eq!(ok("0:45 standup").span, Some(Span::Duration(45)));
    }

    #[test]
    fn quotes_protect_note_text() {
        let log = ok("2h \"fix 2h bug\" today");
        assert_eq!(log.span, Some(Span::Duration(120)));
        assert_eq!(log.date, Some(today()));
        assert_eq!(log.note, "fix 2h bug");
        assert_eq!(log.to_text(), "2026-11-20 2h \"fix 2h bug\"");
        assert_eq!(ok("\"$\" \"@x\" \"people:\"").note, "$ @x people:");
        assert_eq!(ok("\"\" a").note, "a");
        assert_eq!(ok("pre\"fix\"ed").note, "prefixed");
    }

    #[test]
    fn doubled_quotes_inside_quotes_are_literal() {
        let log = ok("review \"\"\"Q3\"\" plan\"");
        assert_eq!(log.note, "review \"Q3\" plan");
        assert_eq!(log.to_text(), "\"review \"\"Q3\"\" plan\"");
    }

    #[test]
    fn an_unclosed_quote_is_an_error() {
        assert_eq!(
            err("2h \"fix bug"),
            "the quote in `\"fix bug` is not closed (write \"\" for a \" inside quotes)"
        );
    }

    #[test]
    fn targets_and_aliases() {
        assert_eq!(
            ok("people:77").target,
            Some(TargetRef::Target(Target::People {
                job_id: "77".into()
            }))
        );
        assert_eq!(
            ok("@web.site").target,
            Some(TargetRef::Alias("web.site".into()))
        );
        // Not a product name, so just a word.
        assert_eq!(ok("crm:5").note, "crm:5");
        let e = err("books:1001 2h");
        assert!(e.contains("books:<project_id>/<task_id>"), "{e}");
        assert_eq!(err("@"), "an alias name can't be empty");
        let e = err("@a,b");
        assert!(e.starts_with("`a,b` is not an alias name"), "{e}");
    }

    #[test]
    fn parts_of_the_right_shape_but_wrong_value_are_errors() {
        assert_eq!(err("25h"), "`25h` is longer than a day");
        assert_eq!(err("1:75"), "`1:75`: minutes must be 00–59");
        assert_eq!(err("0m x"), "`0m`: a duration must be at least one minute");
        assert_eq!(err("2026-02-30"), "`2026-02-30` is not a date");
        assert_eq!(err("25:00-26:00"), "`25:00` is not a time of day");
        assert_eq!(err("9:7-10:00"), "`9:7` is not a time of day (use HH:MM)");
        assert_eq!(
            err("10:00-09:00"),
            "`10:00-09:00`: the end is not after the start"
        );
        assert!(err("10:00-10:00").ends_with("the end is not after the start"));
        // Other shapes are plain words.
        assert_eq!(
            ok("10mm drill 1.5m 2026-1-1 9-5").note,
            "10mm drill 1.5m 2026-1-1 9-5"
        );
    }

    #[test]
    fn a_part_given_twice_is_an_error_naming_both() {
        let hint = "(put the note in quotes if it contains one)";
        for (text, what) in [
            ("2h fix 1h", "two durations: `2h` and `1h`"),
            (
                "9:00-10:00 10:00-11:00",
                "two ranges: `9:00-10:00` and `10:00-11:00`",
            ),
            (
                "9:00-10:00 2h",
                "both a duration and a range: `9:00-10:00` and `2h`",
            ),
            (
                "2h 9:00-10:00",
                "both a duration and a range: `2h` and `9:00-10:00`",
            ),
            ("today mon", "two dates: `today` and `mon`"),
            ("@a people:1", "two targets: `@a` and `people:1`"),
            ("$ !$", "two billable marks: `$` and `!$`"),
        ] {
            assert_eq!(err(text), format!("{what} {hint}"));
        }
    }
}
