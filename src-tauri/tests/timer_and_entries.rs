//! The timer and the day's entries, through the window's commands, without Tauri.

mod support;

use punch_app::commands::entries::{self, EntryChange, Shelf};
use punch_app::commands::timer::{self, RunningChange, StartInput};
use support::{minutes, now, seed_catalog, tracker};

#[test]
fn a_timer_starts_on_a_catalog_target_shows_its_name_and_stops_into_an_entry() {
    let (_home, mut tracker) = tracker();
    seed_catalog(&mut tracker);
    let idle = timer::status(&tracker, now()).unwrap();
    assert!(idle.running.is_none());
    assert!(idle.last.is_none());

    let input = StartInput {
        target: Some("books:1001/2002".into()),
        note: Some("fix login".into()),
        ..StartInput::default()
    };
    let started = timer::start(&mut tracker, input, now()).unwrap();
    assert!(started.entry.running);
    let label = started.label.as_ref().unwrap();
    assert_eq!(
        (label.name.as_str(), label.project.as_str()),
        ("Fix login", "Website")
    );
    assert_eq!(label.full, "Website / Fix login");

    let later = now() + minutes(90);
    let status = timer::status(&tracker, later).unwrap();
    let running = status.running.unwrap();
    assert_eq!(running.entry.id, started.entry.id);
    assert_eq!(running.duration, "1h30m");
    assert_eq!(status.today_minutes, 90);

    let stopped = timer::stop(&mut tracker, later).unwrap();
    assert!(!stopped.discarded);
    assert_eq!(stopped.entry.entry.duration_minutes, 90);
    assert_eq!(stopped.entry.entry.sync.state, "pending");
    let after = timer::status(&tracker, later).unwrap();
    assert!(after.running.is_none());
    assert_eq!(after.last.unwrap().entry.id, started.entry.id);
    assert_eq!(after.pending, 1);
}

#[test]
fn a_start_while_running_switches_and_a_stop_under_a_minute_discards() {
    let (_home, mut tracker) = tracker();
    let first = timer::start(&mut tracker, StartInput::default(), now()).unwrap();
    assert!(first.label.is_none(), "no target: local-only");
    let second_input = StartInput {
        target: Some("people:777".into()),
        billable: Some(false),
        ..StartInput::default()
    };
    let second = timer::start(&mut tracker, second_input, now() + minutes(30)).unwrap();
    let day = entries::list(&tracker, None, None, now() + minutes(30)).unwrap();
    assert_eq!(day.entries.len(), 2);
    let old = day
        .entries
        .iter()
        .find(|e| e.entry.id == first.entry.id)
        .unwrap();
    assert!(!old.entry.running);
    assert_eq!(old.entry.sync.state, "local_only");
    assert!(!second.entry.billable);

    let stop_at = now() + minutes(30) + chrono::TimeDelta::seconds(20);
    let stopped = timer::stop(&mut tracker, stop_at).unwrap();
    assert!(stopped.discarded);
    let error = timer::stop(&mut tracker, stop_at).unwrap_err();
    assert_eq!(error.code, "nothing_to_do");
}

#[test]
fn the_running_entry_takes_a_note_and_a_billable_flag_and_continue_starts_again() {
    let (_home, mut tracker) = tracker();
    timer::start(&mut tracker, StartInput::default(), now()).unwrap();
    let change = RunningChange {
        note: Some("  reviewing  ".into()),
        billable: Some(false),
        ..RunningChange::default()
    };
    let changed = timer::edit_running(&mut tracker, change, now() + minutes(5)).unwrap();
    assert_eq!(changed.entry.note, "reviewing");
    assert!(!changed.entry.billable);
    let stopped = timer::stop(&mut tracker, now() + minutes(20)).unwrap();

    let again =
        timer::continue_entry(&mut tracker, stopped.entry.entry.id, now() + minutes(30)).unwrap();
    assert!(again.entry.running);
    assert_ne!(again.entry.id, stopped.entry.entry.id);
    assert_eq!(again.entry.note, "reviewing");
    assert!(!again.entry.billable);
    assert_eq!(
        timer::continue_entry(&mut tracker, 999, now())
            .unwrap_err()
            .code,
        "not_found"
    );
}

#[test]
fn an_entry_is_edited_in_place_and_a_bad_edit_changes_nothing() {
    let (_home, mut tracker) = tracker();
    seed_catalog(&mut tracker);
    let logged = punch_app::commands::quick_log::log(
        &mut tracker,
        "09:00-10:30 books:1001/2002 review",
        now(),
    )
    .unwrap();
    let change = EntryChange {
        from: Some("09:15".into()),
        to: Some("11:00".into()),
        note: Some("code review".into()),
        target: Some("people:777".into()),
        ..EntryChange::default()
    };
    let edited = entries::edit(&mut tracker, logged.entry.id, change, now()).unwrap();
    assert_eq!(edited.times, "09:15–11:00");
    assert_eq!(edited.entry.duration_minutes, 105);
    assert_eq!(edited.label.unwrap().name, "Standup");
    assert_eq!(edited.entry.account.as_deref(), Some("people"));

    let bad = EntryChange {
        from: Some("12:00".into()),
        to: Some("11:00".into()),
        ..EntryChange::default()
    };
    let error = entries::edit(&mut tracker, logged.entry.id, bad, now()).unwrap_err();
    assert_eq!(error.code, "invalid_input");
    let half = EntryChange {
        from: Some("12:00".into()),
        ..EntryChange::default()
    };
    assert_eq!(
        entries::edit(&mut tracker, logged.entry.id, half, now())
            .unwrap_err()
            .code,
        "invalid_input"
    );
    let unchanged = entries::list(&tracker, None, None, now()).unwrap();
    assert_eq!(unchanged.entries[0].times, "09:15–11:00");

    let local = EntryChange {
        target: Some(String::new()),
        ..EntryChange::default()
    };
    let local = entries::edit(&mut tracker, logged.entry.id, local, now()).unwrap();
    assert!(local.label.is_none());
    assert_eq!(local.entry.sync.state, "local_only");
}

#[test]
fn a_deleted_entry_comes_back_with_its_times_target_and_note_on_undo() {
    let (_home, mut tracker) = tracker();
    let mut shelf = Shelf::default();
    let text = "yesterday 09:00-10:30 people:777 standup !$";
    let logged = punch_app::commands::quick_log::log(&mut tracker, text, now()).unwrap();
    let deleted = entries::delete(&mut tracker, &mut shelf, logged.entry.id, now()).unwrap();
    assert_eq!(deleted.entry.id, logged.entry.id);
    let yesterday = entries::list(&tracker, Some("yesterday"), None, now()).unwrap();
    assert!(yesterday.entries.is_empty());
    assert!(!yesterday.is_today);

    let back = entries::undo_delete(&mut tracker, &mut shelf, logged.entry.id, now()).unwrap();
    assert_eq!(
        back.entry.id, logged.entry.id,
        "the entry itself, not a copy"
    );
    assert_eq!(back.entry.sync.state, "pending");
    assert_eq!(back.times, logged.times);
    assert_eq!(back.entry.date, logged.entry.date);
    assert_eq!(back.entry.target, logged.entry.target);
    assert_eq!(back.entry.note, "standup");
    assert!(!back.entry.billable);
    let yesterday = entries::list(&tracker, Some("yesterday"), None, now()).unwrap();
    assert_eq!(yesterday.entries.len(), 1);
    assert_eq!(yesterday.total, "1h30m");

    // Each delete can be undone once.
    let again = entries::undo_delete(&mut tracker, &mut shelf, logged.entry.id, now());
    assert_eq!(again.unwrap_err().code, "not_found");
}

#[test]
fn local_time_deleted_is_forgotten_so_undo_logs_it_again_as_a_new_entry() {
    let (_home, mut tracker) = tracker();
    let mut shelf = Shelf::default();
    let logged =
        punch_app::commands::quick_log::log(&mut tracker, "09:00-10:30 notes", now()).unwrap();
    entries::delete(&mut tracker, &mut shelf, logged.entry.id, now()).unwrap();
    let back = entries::undo_delete(&mut tracker, &mut shelf, logged.entry.id, now()).unwrap();
    assert_ne!(back.entry.id, logged.entry.id);
    assert_eq!(
        (back.times.as_str(), back.entry.note.as_str()),
        ("09:00–10:30", "notes")
    );
    assert_eq!(back.entry.sync.state, "local_only");
}

#[test]
fn deleting_the_running_entry_discards_it_and_undo_starts_it_again_from_its_start() {
    let (_home, mut tracker) = tracker();
    let mut shelf = Shelf::default();
    let started = timer::start(&mut tracker, StartInput::default(), now()).unwrap();
    entries::delete(
        &mut tracker,
        &mut shelf,
        started.entry.id,
        now() + minutes(10),
    )
    .unwrap();
    assert!(
        timer::status(&tracker, now() + minutes(10))
            .unwrap()
            .running
            .is_none()
    );
    entries::undo_delete(
        &mut tracker,
        &mut shelf,
        started.entry.id,
        now() + minutes(11),
    )
    .unwrap();
    let running = timer::status(&tracker, now() + minutes(11))
        .unwrap()
        .running
        .unwrap();
    assert_eq!(running.entry.start, started.entry.start);
}

#[test]
fn entries_of_a_day_show_overlaps_and_refuse_a_backwards_range() {
    let (_home, mut tracker) = tracker();
    punch_app::commands::quick_log::log(&mut tracker, "09:00-10:00 a", now()).unwrap();
    punch_app::commands::quick_log::log(&mut tracker, "09:30-09:45 b", now()).unwrap();
    punch_app::commands::quick_log::log(&mut tracker, "30m c", now()).unwrap();
    let day = entries::list(&tracker, Some("today"), Some("today"), now()).unwrap();
    assert!(day.is_today);
    assert_eq!(day.total_minutes, 105);
    let overlapping: Vec<usize> = day.entries.iter().map(|e| e.entry.overlaps.len()).collect();
    assert_eq!(overlapping.iter().filter(|n| **n == 1).count(), 2);
    let duration_entry = day.entries.iter().find(|e| e.entry.note == "c").unwrap();
    assert_eq!(duration_entry.times, "—");
    let error = entries::list(&tracker, Some("today"), Some("yesterday"), now()).unwrap_err();
    assert_eq!(error.code, "invalid_input");
}

#[test]
fn with_two_accounts_of_a_product_the_pickers_account_decides() {
    let (_home, mut tracker) = tracker();
    seed_catalog(&mut tracker);
    tracker
        .store_mut()
        .write(|tx| {
            let mut second = punch_core::store::accounts::Account::new(
                "people-eu",
                punch_core::target::Product::People,
            );
            second.user = Some("ana@zylker.test".into());
            punch_core::store::accounts::add(tx, &second, now())
        })
        .unwrap();
    let unsure = StartInput {
        target: Some("people:777".into()),
        ..StartInput::default()
    };
    let error = timer::start(&mut tracker, unsure, now()).unwrap_err();
    assert_eq!(error.code, "invalid_input");
    let chosen = StartInput {
        target: Some("people:777".into()),
        account: Some("people-eu".into()),
        ..StartInput::default()
    };
    let started = timer::start(&mut tracker, chosen, now()).unwrap();
    assert_eq!(started.entry.account.as_deref(), Some("people-eu"));
}

#[test]
fn a_target_outside_the_catalog_goes_by_its_alias() {
    let (_home, mut tracker) = tracker();
    let website = punch_core::target::TargetRef::parse_arg("books:9/9").unwrap();
    tracker.set_alias("website", &website).unwrap();
    let input = StartInput {
        target: Some("@website".into()),
        ..StartInput::default()
    };
    let started = timer::start(&mut tracker, input, now()).unwrap();
    let label = started.label.unwrap();
    assert_eq!(
        (label.name.as_str(), label.full.as_str()),
        ("@website", "@website")
    );
    assert_eq!(label.project, "books:9/9");
    assert_eq!(started.entry.target.as_deref(), Some("books:9/9"));
}
