//! Properties of the quick-log grammar: it never panics, and whatever it accepts (or any
//! log built from valid parts) comes back unchanged through `to_text`.

use chrono::{Days, NaiveDate, NaiveTime};
use proptest::prelude::*;
use punch_core::quicklog::{QuickLog, Span, parse};
use punch_core::target::{ProjectsItem, Target, TargetRef};

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 20).unwrap()
}

/// Words that mean something to the grammar, words that almost do, and quoting traps.
const TRICKY: &[&str] = &[
    "2h",
    "1h30m",
    "90m",
    "1:30",
    "9:00",
    "1.5h",
    ".5h",
    "0m",
    "25h",
    "1:75",
    "1:5",
    "09:00-10:30",
    "9:00-9:00",
    "25:00-26:00",
    "today",
    "Yesterday",
    "mon",
    "SUNDAY",
    "2026-02-28",
    "2026-02-30",
    "$",
    "!$",
    "$$",
    "@web",
    "@",
    "@a,b",
    "books:1/2",
    "books:1",
    "people:7",
    "people:",
    "projects:5/general/Team",
    "projects:5/epic/1",
    "\"",
    "\"\"",
    "\"2h\"",
    "a\"b",
    "\"x y\"",
    "note",
    "fix",
    "日本",
    "ß",
    "-",
    ":",
];

fn word() -> impl Strategy<Value = String> {
    prop_oneof![
        proptest::sample::select(TRICKY).prop_map(str::to_owned),
        "[^\\s]{1,8}",
        "[a-z0-9:.$@!-]{1,6}",
    ]
}

fn whitespace() -> impl Strategy<Value = &'static str> {
    proptest::sample::select(&[" ", "  ", "\t", "\u{3000}", " \n "][..])
}

/// Token soup: mostly words of the grammar, in any order, with assorted whitespace.
fn expression() -> impl Strategy<Value = String> {
    proptest::collection::vec((word(), whitespace()), 0..8)
        .prop_map(|parts| parts.into_iter().map(|(w, s)| w + s).collect())
}

fn id() -> impl Strategy<Value = String> {
    "[A-Za-z0-9_-]{1,6}"
}

fn target() -> impl Strategy<Value = TargetRef> {
    // A general log's name is one quick-log word, so it has no whitespace or quote.
    let name = "[^\\s\"]{1,8}".prop_filter("one word", |n: &String| {
        !n.chars().any(|c| c.is_whitespace())
    });
    prop_oneof![
        (id(), id()).prop_map(|(project_id, task_id)| Target::Books {
            project_id,
            task_id
        }),
        id().prop_map(|job_id| Target::People { job_id }),
        (id(), id()).prop_map(|(p, t)| Target::Projects {
            project_id: p,
            item: ProjectsItem::Task(t)
        }),
        (id(), id()).prop_map(|(p, b)| Target::Projects {
            project_id: p,
            item: ProjectsItem::Bug(b)
        }),
        (id(), name).prop_map(|(p, n)| Target::Projects {
            project_id: p,
            item: ProjectsItem::General(n)
        }),
    ]
    .prop_map(TargetRef::Target)
    .boxed()
    .prop_union("[A-Za-z0-9._ß日-]{1,8}".prop_map(TargetRef::Alias).boxed())
    .boxed()
}

fn span() -> impl Strategy<Value = Span> {
    let minute = |m: u32| NaiveTime::from_hms_opt(m / 60, m % 60, 0).unwrap();
    prop_oneof![
        (1..=1440u32).prop_map(Span::Duration),
        (0..1439u32)
            .prop_flat_map(move |from| (Just(from), from + 1..1440))
            .prop_map(move |(from, to)| Span::Range {
                from: minute(from),
                to: minute(to)
            }),
    ]
}

fn quick_log() -> impl Strategy<Value = QuickLog> {
    let date =
        (0..3_000_000u64).prop_map(|d| NaiveDate::from_ymd_opt(1000, 1, 1).unwrap() + Days::new(d));
    (
        proptest::option::of(date),
        proptest::option::of(span()),
        proptest::option::of(target()),
        proptest::option::of(any::<bool>()),
        proptest::collection::vec(word(), 0..6),
    )
        .prop_map(|(date, span, target, billable, words)| QuickLog {
            date,
            span,
            target,
            billable,
            note: words.join(" "),
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn parse_never_panics(text in any::<String>()) {
        let _ = parse(&text, today());
    }

    #[test]
    fn whatever_parses_round_trips(text in prop_oneof![any::<String>(), expression()]) {
        if let Ok(log) = parse(&text, today()) {
            prop_assert_eq!(parse(&log.to_text(), today()), Ok(log));
        }
    }

    #[test]
    fn logs_from_valid_parts_round_trip(log in quick_log()) {
        prop_assert_eq!(parse(&log.to_text(), today()), Ok(log));
    }
}

#[test]
fn to_text_quotes_the_note_only_when_needed() {
    let log = QuickLog {
        note: "meet on sun about 2h".into(),
        ..QuickLog::default()
    };
    assert_eq!(log.to_text(), "\"meet on sun about 2h\"");
    assert_eq!(parse(&log.to_text(), today()), Ok(log));
    let log = QuickLog {
        span: Some(Span::Duration(5)),
        note: "say \"hi\"".into(),
        ..QuickLog::default()
    };
    assert_eq!(log.to_text(), "5m \"say \"\"hi\"\"\"");
    assert_eq!(parse(&log.to_text(), today()), Ok(log));
}
