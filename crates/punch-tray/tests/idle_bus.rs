//! Idle sources on a private bus, never the user's session or system bus: a stand-in
//! logind's sleep and lock signals and a stand-in screen saver's idle counter reach the
//! tray, and a timer that ran while the counter said "away" gets its question asked,
//! stored and answered from the notification's button.

#[path = "support/fake_idle.rs"]
mod fake_idle;
mod support;

use std::sync::Arc;
use std::sync::mpsc::{self, Receiver};
use std::time::{Duration, Instant};

use chrono::{TimeDelta, Utc};
use fake_idle::{FakeLogind, FakeMutter, FakeScreenSaver};
use punch_core::tracker::{StartRequest, Tracker};
use punch_tray::hotkeys::DesktopSession;
use punch_tray::idle::logind::Logind;
use punch_tray::idle::mutter::Mutter;
use punch_tray::idle::screensaver::ScreenSaver;
use punch_tray::idle::{IdleConfig, IdleSource, Signal, Watch};
use punch_tray::notify::Recorder;
use punch_tray::{Action, RunOptions, TrayFace, TrayModel};
use support::bus::PrivateBus;
use support::{DEADLINE, wait_until};

/// Run `source` with a watch whose signals come out of the returned channel.
fn listen(source: Box<dyn IdleSource>) -> (Watch, Receiver<Signal>) {
    let (sent, signals) = mpsc::channel();
    let watch = Watch::new(move |signal| sent.send(signal).is_ok());
    let running = watch.clone();
    std::thread::spawn(move || source.run(running));
    (watch, signals)
}

/// Send with `send` until a signal `wanted` accepts arrives: the source subscribes on
/// its own thread, so the first sends may come before it listens.
fn until_heard(signals: &Receiver<Signal>, send: impl Fn(), wanted: impl Fn(&Signal) -> bool) {
    let deadline = Instant::now() + DEADLINE;
    loop {
        send();
        if let Ok(signal) = signals.recv_timeout(Duration::from_millis(100))
            && wanted(&signal)
        {
            return;
        }
        assert!(Instant::now() < deadline, "the signal never arrived");
    }
}

#[test]
fn logind_sleep_resume_lock_and_unlock_reach_the_source() {
    let bus = PrivateBus::start();
    let logind = FakeLogind::start(bus.address());
    let source = Logind::connect(Some(bus.address())).expect("the stand-in is found");
    let (watch, signals) = listen(Box::new(source));
    let is = |kind: &'static str| move |s: &Signal| format!("{s:?}").starts_with(kind);
    until_heard(&signals, || logind.prepare_for_sleep(true), is("Sleep"));
    until_heard(&signals, || logind.prepare_for_sleep(false), is("Resume"));
    until_heard(&signals, || logind.session_signal("Lock"), is("Lock"));
    until_heard(&signals, || logind.session_signal("Unlock"), is("Unlock"));
    watch.close();
}

#[test]
fn no_logind_on_the_bus_is_an_error_not_a_hang() {
    let bus = PrivateBus::start();
    assert!(Logind::connect(Some(bus.address())).is_err());
    assert!(ScreenSaver::connect(Some(bus.address()), true, DEADLINE, DEADLINE).is_err());
}

#[test]
fn the_screen_saver_counter_and_lock_reach_the_source() {
    let bus = PrivateBus::start();
    let saver = FakeScreenSaver::start(bus.address());
    let poll = Duration::from_millis(50);
    let source = ScreenSaver::connect(Some(bus.address()), true, poll, Duration::from_secs(60))
        .expect("the stand-in is found");
    let (watch, signals) = listen(Box::new(source));
    watch.set_polling(true);
    saver.set_idle_ms(5 * 60 * 1000);
    let Signal::Idle { since } = signals.recv_timeout(DEADLINE).expect("idle is heard") else {
        panic!("not idle first");
    };
    let away = Utc::now() - since;
    assert!(
        away >= TimeDelta::minutes(5),
        "idle for {away}: milliseconds"
    );
    saver.set_idle_ms(1000);
    let back = signals.recv_timeout(DEADLINE).expect("the return is heard");
    assert!(matches!(back, Signal::Active { .. }), "{back:?}");
    let is_lock = |s: &Signal| matches!(s, Signal::Lock { .. });
    until_heard(&signals, || saver.active_changed(true), is_lock);
    watch.close();
}

#[test]
fn mutter_watches_say_idle_then_active() {
    let bus = PrivateBus::start();
    let mutter = FakeMutter::start(bus.address());
    let notice = Duration::from_secs(60);
    let source = Mutter::connect(Some(bus.address()), notice).expect("the stand-in is found");
    let (watch, signals) = listen(Box::new(source));
    // Watch 1 is the idle watch the source adds first; then it adds watch 2 for input.
    let fired = Utc::now();
    let idle = |s: &Signal| matches!(s, Signal::Idle { since } if fired - *since >= TimeDelta::seconds(59));
    until_heard(&signals, || mutter.fire(1), idle);
    let active = |s: &Signal| matches!(s, Signal::Active { .. });
    until_heard(&signals, || mutter.fire(2), active);
    watch.close();
}

struct Face;

impl TrayFace for Face {
    fn show(&mut self, _model: &TrayModel) {}
}

#[test]
fn the_tray_asks_about_a_timer_that_ran_while_away_and_a_button_answers() {
    let bus = PrivateBus::start();
    let saver = FakeScreenSaver::start(bus.address());
    let home = tempfile::tempdir().unwrap();
    let mut store = Tracker::open(home.path()).unwrap();
    let now = Utc::now();
    let request = StartRequest {
        target: Some(punch_core::target::TargetRef::parse_arg("people:7").unwrap()),
        at: Some(now - TimeDelta::hours(2)),
        ..StartRequest::default()
    };
    let entry = store.start(request, now).unwrap().started;
    // Away for 30 minutes when the tray starts looking.
    saver.set_idle_ms(30 * 60 * 1000);

    let notes = Arc::new(Recorder::default());
    let options = RunOptions {
        notes: notes.clone(),
        window_app: "punch-app-not-installed-in-tests".into(),
        seed: 1,
        network_bus: Some(bus.address().to_owned()),
        desktop: DesktopSession {
            session_bus: Some(bus.address().to_owned()),
            ..DesktopSession::default()
        },
        idle: Some(TimeDelta::minutes(10)),
        idle_watch: Some(IdleConfig {
            system_bus: Some(bus.address().to_owned()),
            poll: Duration::from_millis(50),
            notice: Duration::from_secs(60),
        }),
        ..RunOptions::default()
    };
    let (give_clicks, take_clicks) = mpsc::channel();
    let tray_home = home.path().to_path_buf();
    let tray = std::thread::spawn(move || {
        punch_tray::run(&tray_home, options, move |_, clicks| {
            give_clicks.send(clicks).unwrap();
            Ok(Box::new(Face))
        })
    });
    let clicks: mpsc::Sender<Action> = take_clicks.recv_timeout(DEADLINE).unwrap();
    // The source reads the stretch; then the person is back.
    wait_until("the counter is read", || saver.polls() >= 1);
    saver.set_idle_ms(500);
    wait_until("the question is asked", || {
        notes.notes().iter().any(|n| n.actions.len() == 4)
    });
    let note = notes
        .notes()
        .into_iter()
        .find(|n| n.actions.len() == 4)
        .unwrap();
    assert!(note.summary.starts_with("The timer ran"), "{note:?}");
    let ids: Vec<&str> = note.actions.iter().map(|(id, _)| id.as_str()).collect();
    assert_eq!(ids, ["keep", "discard", "continue", "split"]);
    let asked = store
        .idle_question()
        .unwrap()
        .expect("stored for the CLI and window");
    assert_eq!(asked.entry.id, entry.id);
    assert!(asked.minutes() >= 29, "{asked:?}");

    assert!(notes.click("discard"), "the note waits for a click");
    wait_until("the answer reaches the store", || {
        store.idle_question().unwrap().is_none()
    });
    let ended = store.entry(entry.id).unwrap();
    assert_eq!(ended.end(), Some(asked.question.since));
    assert!(store.status(Utc::now()).unwrap().running.is_none());

    clicks.send(Action::Quit).unwrap();
    tray.join().unwrap().unwrap();
}
