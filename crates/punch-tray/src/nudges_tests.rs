//! When the tray speaks up, on dates chosen by hand (2026-03-02 is a Monday).

use chrono::{NaiveDate, NaiveDateTime, TimeDelta, TimeZone, Utc};
use punch_core::sync::SyncSummary;
use punch_core::sync::engine::Problem;

use super::*;

fn at(day: u32, hour: u32, minute: u32) -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2026, 3, day)
        .unwrap()
        .and_hms_opt(hour, minute, 0)
        .unwrap()
}

#[test]
fn a_long_timer_is_asked_about_once_after_the_limit() {
    let start = Utc.with_ymd_and_hms(2026, 3, 2, 8, 0, 0).unwrap();
    let mut watch = LongTimer::new(TimeDelta::hours(4));
    let running = Some((7, start));
    assert_eq!(watch.next_check(running), Some(start + TimeDelta::hours(4)));
    assert!(!watch.check(running, start + TimeDelta::hours(3)));
    assert!(watch.check(running, start + TimeDelta::hours(4)));
    assert!(!watch.check(running, start + TimeDelta::hours(5)));
    assert_eq!(watch.next_check(running), None);
    // Another entry is another question.
    assert!(watch.check(Some((8, start)), start + TimeDelta::hours(5)));
    assert!(!watch.check(None, start + TimeDelta::hours(9)));
}

#[test]
fn nothing_tracked_reminds_in_working_hours_after_the_quiet_time() {
    let hours = WorkingHours::default();
    let idle = at(2, 10, 0);
    assert!(!hours.remind_now(false, idle, None, at(2, 10, 29)));
    assert!(hours.remind_now(false, idle, None, at(2, 10, 30)));
    assert!(
        !hours.remind_now(true, idle, None, at(2, 10, 30)),
        "a timer runs"
    );
    assert!(
        !hours.remind_now(false, idle, Some(at(2, 10, 30)), at(2, 11, 30)),
        "once per quiet stretch"
    );
    assert!(hours.remind_now(false, at(2, 11, 0), Some(at(2, 10, 30)), at(2, 11, 30)));
}

#[test]
fn nothing_tracked_is_silent_outside_working_hours_and_resumes_next_working_day() {
    let hours = WorkingHours::default();
    // Friday evening: nothing until Monday 9:30.
    let idle = at(6, 16, 50);
    assert!(!hours.remind_now(false, idle, None, at(6, 17, 20)));
    assert!(
        !hours.remind_now(false, idle, None, at(7, 10, 0)),
        "Saturday"
    );
    assert_eq!(
        hours.reminder_at(idle, None, at(6, 17, 20)),
        Some(at(9, 9, 30))
    );
    assert!(hours.remind_now(false, idle, None, at(9, 9, 30)));
    // Before opening, the quiet time counts from opening.
    assert_eq!(
        hours.reminder_at(at(9, 7, 0), None, at(9, 7, 0)),
        Some(at(9, 9, 30))
    );
}

fn problem(account: &str, code: &str, message: &str) -> Problem {
    Problem {
        account: account.into(),
        code: code.into(),
        message: message.into(),
        zoho_code: None,
    }
}

#[test]
fn sync_news_is_told_once_in_zohos_words() {
    let mut news = SyncNews::default();
    let refused = SyncSummary {
        rejected: 1,
        errors: vec![
            problem("books", "rejected", "Time entry date is in a locked period"),
            problem("people", "needs_login", "invalid_code"),
        ],
        ..SyncSummary::default()
    };
    let notes = news.after_pass(&refused);
    assert_eq!(notes.len(), 2);
    assert_eq!(notes[0].summary, "Zoho refused an entry");
    assert!(
        notes[0]
            .body
            .contains("books: Time entry date is in a locked period")
    );
    assert!(
        notes[1]
            .summary
            .contains("`people` needs you to sign in again")
    );
    assert!(notes[1].body.contains("invalid_code"));
    assert!(news.after_pass(&refused).is_empty(), "nothing new");
    // Signed in again, then refused again: told again.
    assert!(news.after_pass(&SyncSummary::default()).is_empty());
    let again = news.after_pass(&refused);
    assert_eq!(again.len(), 2);
}
