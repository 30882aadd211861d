//! What a click on the tray does: timer commands go to the tracker (one transaction
//! each, like the CLI's), the rest tell the run loop what to do next.

use chrono::{DateTime, Utc};
use punch_core::target::TargetRef;
use punch_core::tracker::{StartRequest, Tracker};
use rusqlite::OptionalExtension;

use crate::hotkeys::HotkeyAction;
use crate::model::Action;
use crate::window;

/// What a left click on the icon does (a setting).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Activate {
    /// Stop the running timer, or continue the last entry.
    #[default]
    Toggle,
    OpenWindow,
}

/// What the loop does after an action.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Next {
    /// The store changed: show it, and push it soon.
    Changed,
    SyncNow,
    /// Open the window on this view.
    Window(&'static str),
    Quit,
}

/// Carry out `action` at `now`.
pub fn apply(
    tracker: &mut Tracker,
    action: &Action,
    activate: Activate,
    now: DateTime<Utc>,
) -> punch_core::Result<Next> {
    Ok(match action {
        Action::Stop => {
            tracker.stop(None, now)?;
            Next::Changed
        }
        Action::Continue => {
            tracker.continue_last(None, now)?;
            Next::Changed
        }
        Action::Start(target) => {
            start(tracker, target, now)?;
            Next::Changed
        }
        Action::Activate => match activate {
            Activate::Toggle => {
                tracker.toggle(now)?;
                Next::Changed
            }
            Activate::OpenWindow => Next::Window(window::TIMER),
        },
        Action::Hotkey(HotkeyAction::Toggle) => {
            tracker.toggle(now)?;
            Next::Changed
        }
        Action::Hotkey(HotkeyAction::QuickLog) => Next::Window(window::QUICK_LOG),
        Action::Hotkey(HotkeyAction::OpenWindow) => Next::Window(window::TIMER),
        Action::OpenPicker => Next::Window(window::PICKER),
        Action::QuickLog => Next::Window(window::QUICK_LOG),
        Action::OpenWindow => Next::Window(window::TIMER),
        Action::SyncNow => Next::SyncNow,
        Action::Quit => Next::Quit,
    })
}

/// Start a recent target with the account it went to last time: with two accounts of
/// one product, the text form alone would be ambiguous.
fn start(tracker: &mut Tracker, target: &str, now: DateTime<Utc>) -> punch_core::Result<()> {
    let parsed = TargetRef::parse_arg(target).map_err(punch_core::Error::InvalidInput)?;
    let account: Option<String> = tracker
        .store()
        .conn()
        .query_row(
            "SELECT account FROM entries WHERE target = ?1 AND deleted_ms IS NULL
             ORDER BY updated_ms DESC, id DESC LIMIT 1",
            [target],
            |r| r.get(0),
        )
        .optional()?
        .flatten();
    let request = StartRequest {
        target: Some(parsed),
        account,
        ..StartRequest::default()
    };
    tracker.start(request, now)?;
    Ok(())
}

/// The action in words, for "Punch couldn't …".
pub fn describe(action: &Action) -> &'static str {
    match action {
        Action::Stop => "stop the timer",
        Action::Continue => "continue the last entry",
        Action::Start(_) => "start the timer",
        Action::Activate | Action::Hotkey(HotkeyAction::Toggle) => "toggle the timer",
        Action::OpenPicker
        | Action::QuickLog
        | Action::OpenWindow
        | Action::Hotkey(HotkeyAction::QuickLog | HotkeyAction::OpenWindow) => "open the window",
        Action::SyncNow => "sync",
        Action::Quit => "quit",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use punch_core::tracker::{LogRequest, SpanChange};

    #[test]
    fn clicks_drive_the_timer_in_the_store() {
        let home = tempfile::tempdir().unwrap();
        let mut tracker = Tracker::open(home.path()).unwrap();
        let t = Utc::now();
        let minute = chrono::TimeDelta::minutes(1);
        let act = |tracker: &mut Tracker, action, at| apply(tracker, &action, Activate::Toggle, at);
        assert!(act(&mut tracker, Action::Stop, t).is_err(), "nothing runs");
        let request = LogRequest {
            date: None,
            span: SpanChange::Duration(5),
            target: Some(TargetRef::parse_arg("people:7").unwrap()),
            account: None,
            note: "standup".into(),
            billable: None,
        };
        tracker.log(request, t).unwrap();
        assert_eq!(
            act(&mut tracker, Action::Start("people:7".into()), t).unwrap(),
            Next::Changed
        );
        let running = tracker.status(t).unwrap().running.unwrap();
        assert_eq!(running.target.unwrap().to_string(), "people:7");
        act(&mut tracker, Action::Stop, t + minute * 2).unwrap();
        assert!(tracker.status(t).unwrap().running.is_none());
        act(&mut tracker, Action::Activate, t + minute * 3).unwrap();
        assert!(
            tracker.status(t).unwrap().running.is_some(),
            "a click toggles"
        );
        act(&mut tracker, Action::Activate, t + minute * 5).unwrap();
        act(&mut tracker, Action::Continue, t + minute * 6).unwrap();
        assert!(tracker.status(t).unwrap().running.is_some());
        assert_eq!(
            act(&mut tracker, Action::QuickLog, t).unwrap(),
            Next::Window("quick-log")
        );
        assert_eq!(
            apply(&mut tracker, &Action::Activate, Activate::OpenWindow, t).unwrap(),
            Next::Window("timer")
        );
        assert_eq!(act(&mut tracker, Action::Quit, t).unwrap(), Next::Quit);
        let key = |a| Action::Hotkey(a);
        assert_eq!(
            act(&mut tracker, key(HotkeyAction::QuickLog), t).unwrap(),
            Next::Window("quick-log")
        );
        let running = tracker.status(t + minute * 6).unwrap().running.is_some();
        act(&mut tracker, key(HotkeyAction::Toggle), t + minute * 9).unwrap();
        let after = tracker.status(t + minute * 9).unwrap().running.is_some();
        assert_ne!(
            running, after,
            "the toggle hotkey toggles, whatever the click setting"
        );
    }
}
