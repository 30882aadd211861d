//! The quick-log preview, the picker's ranking and the week's bars, without Tauri.

mod support;

use punch_app::commands::picker;
use punch_app::commands::quick_log::{self, day_name, spoken_duration};
use punch_app::commands::timer::{self, StartInput};
use punch_app::commands::week;
use support::{minutes, now, seed_catalog, tracker};

#[test]
fn the_preview_says_what_it_understood_in_words() {
    let (_home, mut tracker) = tracker();
    seed_catalog(&mut tracker);
    tracker
        .set_alias(
            "website",
            &punch_core::target::TargetRef::parse_arg("books:1001/2002").unwrap(),
        )
        .unwrap();
    let p =
        quick_log::preview(&tracker, "yesterday 9:00-10:30 @website fix login $", now()).unwrap();
    assert!(p.ok, "{p:?}");
    assert_eq!(p.error, None);
    assert_eq!(
        p.summary,
        "Yesterday 09:00–10:30, 1 h 30 m, Website / Fix login · fix login, billable"
    );
    assert_eq!(p.target.as_deref(), Some("books:1001/2002"));
    assert_eq!(p.minutes, Some(90));

    let p = quick_log::preview(&tracker, "45m standup !$", now()).unwrap();
    assert!(p.ok);
    assert_eq!(
        p.summary,
        "Today, 45 m, no target (stays on this machine) · standup, non-billable"
    );
}

#[test]
fn the_preview_names_what_is_wrong_and_logging_it_changes_nothing() {
    let (_home, mut tracker) = tracker();
    let cases = [
        ("fix login", "add a duration"),
        ("1h 2h", "two durations"),
        ("1h @nowhere", "no alias `@nowhere`"),
        ("16:00-17:00 late", "in the future"),
        ("25h", "25h"),
        ("1h \"open quote", "quote"),
    ];
    for (text, says) in cases {
        let p = quick_log::preview(&tracker, text, now()).unwrap();
        assert!(!p.ok, "{text}: {p:?}");
        let error = p.error.unwrap_or_default();
        assert!(
            error.contains(says),
            "{text}: `{error}` should say `{says}`"
        );
        let refused = quick_log::log(&mut tracker, text, now()).unwrap_err();
        assert_eq!(refused.code, "invalid_input", "{text}");
    }
    let day = punch_app::commands::entries::list(&tracker, None, None, now()).unwrap();
    assert!(day.entries.is_empty());
    let empty = quick_log::preview(&tracker, "   ", now()).unwrap();
    assert!(!empty.ok);
}

#[test]
fn durations_and_days_are_spoken_plainly() {
    assert_eq!(spoken_duration(90), "1 h 30 m");
    assert_eq!(spoken_duration(45), "45 m");
    assert_eq!(spoken_duration(120), "2 h");
    let today = now().date_naive();
    assert_eq!(day_name(today, today), "Today");
    assert_eq!(day_name(today.pred_opt().unwrap(), today), "Yesterday");
    let long_ago = chrono::NaiveDate::from_ymd_opt(2026, 10, 5).unwrap();
    assert_eq!(day_name(long_ago, today), "Mon 5 Oct 2026");
}

#[test]
fn the_picker_puts_recent_and_frequent_targets_first_and_searches_fuzzily() {
    let (_home, mut tracker) = tracker();
    seed_catalog(&mut tracker);
    let all = picker::pick(&tracker, "", 50, now()).unwrap();
    assert_eq!(all.len(), 5);
    assert!(all.iter().all(|i| !i.recent));

    for (target, at) in [
        ("people:777", 0),
        ("books:1005/2100", 60),
        ("books:1005/2100", 120),
    ] {
        let input = StartInput {
            target: Some(target.into()),
            ..StartInput::default()
        };
        timer::start(&mut tracker, input, now() - minutes(300 - at)).unwrap();
    }
    timer::stop(&mut tracker, now() - minutes(100)).unwrap();
    let ranked = picker::pick(&tracker, "", 50, now()).unwrap();
    let order: Vec<&str> = ranked.iter().map(|i| i.target.as_str()).collect();
    assert_eq!(&order[..2], ["books:1005/2100", "people:777"]);
    assert!(ranked[0].recent && ranked[0].uses == 2);

    let found = picker::pick(&tracker, "web lo", 50, now()).unwrap();
    assert_eq!(found[0].target, "books:1001/2002", "{found:?}");
    assert_eq!(found[0].project, "Website");
    let people = picker::pick(&tracker, "blog", 50, now()).unwrap();
    assert_eq!(people.len(), 1);
    assert_eq!(people[0].product, "people");
    assert!(picker::pick(&tracker, "zzz", 50, now()).unwrap().is_empty());
    assert_eq!(picker::pick(&tracker, "", 2, now()).unwrap().len(), 2);
}

#[test]
fn aliases_and_targets_outside_the_catalog_are_choices_too() {
    let (_home, mut tracker) = tracker();
    tracker
        .set_alias(
            "ops",
            &punch_core::target::TargetRef::parse_arg("projects:9/general/ops").unwrap(),
        )
        .unwrap();
    let found = picker::pick(&tracker, "@ops", 10, now()).unwrap();
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].target, "projects:9/general/ops");
    assert_eq!(found[0].aliases, ["@ops"]);
    assert_eq!(found[0].account, None);
}

#[test]
fn the_week_has_a_bar_per_day_with_billable_time_apart() {
    let (_home, mut tracker) = tracker();
    seed_catalog(&mut tracker);
    // now() is a Monday: the week runs from today to Sunday.
    quick_log::log(&mut tracker, "09:00-11:00 books:1001/2002 build $", now()).unwrap();
    quick_log::log(&mut tracker, "30m people:777 standup !$", now()).unwrap();
    quick_log::log(&mut tracker, "yesterday 3h books:1001/2002 weekend", now()).unwrap();

    let this = week::week(&tracker, 0, now()).unwrap();
    assert_eq!(this.days.len(), 7);
    assert_eq!(this.days[0].weekday, "Mon");
    assert!(this.days[0].is_today);
    assert_eq!(
        (this.days[0].minutes, this.days[0].billable_minutes),
        (150, 120)
    );
    assert!(this.days[1..].iter().all(|d| d.minutes == 0));
    assert_eq!(
        (this.total.as_str(), this.billable.as_str()),
        ("2h30m", "2h")
    );
    assert_eq!(this.title, "23–29 Nov 2026");
    assert_eq!(this.targets[0].label, "Website / Fix login");
    assert_eq!(this.targets[1].label, "Internal / Standup");

    let last = week::week(&tracker, -1, now()).unwrap();
    assert_eq!(last.days[6].minutes, 180);
    assert_eq!(last.total_minutes, 180);
    assert_eq!(last.title, "16–22 Nov 2026");
}
