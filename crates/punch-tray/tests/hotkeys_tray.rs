//! The toggle hotkey through the whole tray: a key pressed on a real X server (Xvfb)
//! starts and stops the timer in the store, and a brief notification says so.

mod support;
#[path = "support/virtual_display.rs"]
mod virtual_display;

use std::sync::Arc;
use std::sync::mpsc;

use chrono::Utc;
use punch_core::tracker::{LogRequest, SpanChange, Tracker};
use punch_tray::hotkeys::{Binding, DesktopSession, HotkeyAction};
use punch_tray::notify::Recorder;
use punch_tray::{Action, RunOptions, TrayFace, TrayModel};
use support::{DEADLINE, wait_until};
use virtual_display::VirtualDisplay;

struct QuietFace;

impl TrayFace for QuietFace {
    fn show(&mut self, _model: &TrayModel) {}
}

#[test]
fn the_toggle_hotkey_starts_and_stops_the_timer_and_says_so() {
    let display = VirtualDisplay::start();
    let home = tempfile::tempdir().unwrap();
    let mut tracker = Tracker::open(home.path()).unwrap();
    let request = LogRequest {
        date: None,
        span: SpanChange::Duration(30),
        target: Some(punch_core::target::TargetRef::parse_arg("people:7").unwrap()),
        account: None,
        note: "standup".into(),
        billable: None,
    };
    tracker.log(request, Utc::now()).unwrap();
    let notes = Arc::new(Recorder::default());
    let options = RunOptions {
        notes: notes.clone(),
        window_app: "punch-app-not-installed-in-tests".into(),
        hotkeys: vec![Binding {
            action: HotkeyAction::Toggle,
            accelerator: "Shift+Alt+F9".into(),
        }],
        desktop: DesktopSession {
            display: Some(display.name().to_owned()),
            ..DesktopSession::default()
        },
        ..RunOptions::default()
    };
    let (give_clicks, take_clicks) = mpsc::channel();
    let tray_home = home.path().to_path_buf();
    let tray = std::thread::spawn(move || {
        punch_tray::run(&tray_home, options, move |_, clicks| {
            give_clicks.send(clicks).unwrap();
            Ok(Box::new(QuietFace))
        })
    });
    let clicks = take_clicks.recv_timeout(DEADLINE).unwrap();
    let running = |tracker: &Tracker| tracker.status(Utc::now()).unwrap().running;

    // The grab happens off the loop's thread: until it has taken, a press goes nowhere,
    // so press again now and then (not so often that a slow tray sees two toggles).
    let mut pressed = std::time::Instant::now() - std::time::Duration::from_secs(3);
    wait_until("the hotkey starts the last entry again", || {
        if pressed.elapsed() > std::time::Duration::from_secs(2) {
            display.press("shift+alt+F9");
            pressed = std::time::Instant::now();
        }
        running(&tracker).is_some()
    });
    let entry = running(&tracker).unwrap();
    assert_eq!(entry.target.unwrap().to_string(), "people:7");
    assert_eq!(entry.note, "standup");
    wait_until("the start is confirmed", || {
        notes.notes().iter().any(|n| n.summary == "Timer started")
    });

    display.press("shift+alt+F9");
    wait_until("the hotkey stops the timer", || running(&tracker).is_none());
    wait_until("the stop is told", || {
        notes
            .notes()
            .iter()
            .any(|n| n.summary == "Timer discarded: it ran under a minute")
    });
    clicks.send(Action::Quit).unwrap();
    tray.join().unwrap().unwrap();
}
