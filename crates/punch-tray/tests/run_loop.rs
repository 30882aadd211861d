//! The run loop with a fake face: what another process writes reaches the face, clicks
//! reach the store, Quit ends the loop and frees the home. Notifications go to a
//! recorder and the window is "not installed", so nothing leaves the test.

use std::path::Path;
use std::sync::Arc;
use std::sync::mpsc::{self, Receiver, Sender};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use chrono::Utc;
use punch_core::tracker::{StartRequest, Tracker};
use punch_tray::notify::Recorder;
use punch_tray::{Action, RunOptions, TrayFace, TrayModel};

/// Generous: these wait for a condition, they don't time anything.
const DEADLINE: Duration = Duration::from_secs(20);

struct FakeFace(Sender<TrayModel>, Option<bool>);

impl TrayFace for FakeFace {
    fn show(&mut self, model: &TrayModel) {
        let _ = self.0.send(model.clone());
    }

    fn has_host(&self) -> Option<bool> {
        self.1
    }
}

struct Running {
    models: Receiver<TrayModel>,
    clicks: Sender<Action>,
    notes: Arc<Recorder>,
    tray: JoinHandle<punch_core::Result<()>>,
}

impl Running {
    /// The first model shown that satisfies `wanted`.
    fn wait_for(&self, what: &str, wanted: impl Fn(&TrayModel) -> bool) -> TrayModel {
        let deadline = Instant::now() + DEADLINE;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.models.recv_timeout(left) {
                Ok(model) if wanted(&model) => return model,
                Ok(_) => {}
                Err(_) => panic!("the face never showed {what}"),
            }
        }
    }

    fn wait_for_note(&self, summary: &str) {
        let deadline = Instant::now() + DEADLINE;
        while !self.notes.notes().iter().any(|n| n.summary == summary) {
            assert!(
                Instant::now() < deadline,
                "no notification {summary:?}: {:?}",
                self.notes.notes()
            );
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    fn quit(self) -> punch_core::Result<()> {
        self.clicks.send(Action::Quit).unwrap();
        let deadline = Instant::now() + DEADLINE;
        while !self.tray.is_finished() {
            assert!(Instant::now() < deadline, "Quit did not end the tray");
            std::thread::sleep(Duration::from_millis(10));
        }
        self.tray.join().unwrap()
    }
}

fn start_tray(home: &Path) -> Running {
    start_tray_with(home, None, false)
}

/// A tray whose face says `host`, following the settings file when asked.
fn start_tray_with(home: &Path, host: Option<bool>, follow_settings: bool) -> Running {
    let notes = Arc::new(Recorder::default());
    let options = RunOptions {
        notes: notes.clone(),
        window_app: "punch-app-not-installed-in-tests".into(),
        seed: 1,
        follow_settings,
        ..RunOptions::default()
    };
    let (shown, models) = mpsc::channel();
    let (give_clicks, take_clicks) = mpsc::channel();
    let home = home.to_path_buf();
    let tray = std::thread::spawn(move || {
        punch_tray::run(&home, options, move |first, clicks| {
            give_clicks.send(clicks).unwrap();
            let mut face = FakeFace(shown, host);
            face.show(first);
            Ok(Box::new(face))
        })
    });
    let clicks = take_clicks
        .recv_timeout(DEADLINE)
        .expect("the tray never made its face");
    Running {
        models,
        clicks,
        notes,
        tray,
    }
}

#[test]
fn a_start_in_another_tracker_reaches_the_face_and_stop_from_the_tray_reaches_the_store() {
    let home = tempfile::tempdir().unwrap();
    let tray = start_tray(home.path());
    tray.wait_for("an idle tray", |m| m.running.is_none());
    // What `punch start` and `punch stop` do, from another store connection. The first
    // change might also be seen by the start-up sync pass re-reading the store; the
    // ones after it only through the change socket.
    let mut cli = Tracker::open(home.path()).unwrap();
    for _ in 0..2 {
        cli.start(StartRequest::default(), Utc::now()).unwrap();
        let model = tray.wait_for("the running timer", |m| m.running.is_some());
        assert!(model.running.unwrap().starts_with("0:00 · "));
        cli.discard(Utc::now()).unwrap();
        tray.wait_for("the timer gone", |m| m.running.is_none());
    }
    cli.start(StartRequest::default(), Utc::now()).unwrap();
    tray.wait_for("the running timer", |m| m.running.is_some());
    tray.clicks.send(Action::Stop).unwrap();
    tray.wait_for("the timer stopped", |m| m.running.is_none());
    assert!(cli.status(Utc::now()).unwrap().running.is_none());
    tray.quit().unwrap();
}

#[test]
fn quit_ends_the_loop_and_frees_the_home_for_the_next_tray() {
    let home = tempfile::tempdir().unwrap();
    let tray = start_tray(home.path());
    tray.wait_for("an idle tray", |_| true);
    tray.quit().unwrap();
    let again = start_tray(home.path());
    again.wait_for("an idle tray", |_| true);
    again.quit().unwrap();
}

#[test]
fn a_second_tray_on_the_same_home_fails_before_making_a_face() {
    let home = tempfile::tempdir().unwrap();
    let tray = start_tray(home.path());
    tray.wait_for("an idle tray", |_| true);
    let refused = punch_tray::run(home.path(), RunOptions::default(), |_, _| {
        panic!("a refused tray must not show itself")
    })
    .unwrap_err();
    assert!(
        refused.to_string().starts_with(&format!(
            "punch tray is already running for {}",
            home.path().display()
        )),
        "{refused}"
    );
    tray.quit().unwrap();
}

#[test]
fn items_that_need_the_window_say_it_is_not_installed_yet() {
    let home = tempfile::tempdir().unwrap();
    let tray = start_tray(home.path());
    tray.wait_for("an idle tray", |_| true);
    tray.clicks.send(Action::QuickLog).unwrap();
    tray.wait_for_note("Punch's window isn't installed yet");
    tray.quit().unwrap();
}

#[test]
fn a_click_that_fails_is_told_and_the_tray_goes_on() {
    let home = tempfile::tempdir().unwrap();
    let tray = start_tray(home.path());
    tray.wait_for("an idle tray", |_| true);
    tray.clicks.send(Action::Stop).unwrap();
    tray.clicks.send(Action::Activate).unwrap();
    // Nothing ran, nothing to continue: Activate (toggle) fails too, then Start works.
    tray.clicks.send(Action::Start("people:7".into())).unwrap();
    let model = tray.wait_for("the started target", |m| m.running.is_some());
    assert!(model.running.unwrap().contains("people:7"));
    tray.wait_for_note("Punch couldn't stop the timer");
    tray.quit().unwrap();
}

#[test]
fn with_no_tray_host_the_user_is_told_once_and_clicks_still_work() {
    let home = tempfile::tempdir().unwrap();
    let tray = start_tray_with(home.path(), Some(false), false);
    let summary = "Punch runs, but this desktop shows no tray icons";
    tray.wait_for_note(summary);
    tray.clicks.send(Action::Start("people:7".into())).unwrap();
    tray.wait_for("a running timer", |m| m.running.is_some());
    let told = tray
        .notes
        .notes()
        .iter()
        .filter(|n| n.summary == summary)
        .count();
    assert_eq!(told, 1);
    tray.quit().unwrap();

    let shown = tempfile::tempdir().unwrap();
    let tray = start_tray_with(shown.path(), Some(true), false);
    tray.clicks.send(Action::Start("people:7".into())).unwrap();
    tray.wait_for("a running timer", |m| m.running.is_some());
    assert!(tray.notes.notes().iter().all(|n| n.summary != summary));
    tray.quit().unwrap();
}

#[test]
fn the_tray_follows_the_settings_file_as_it_changes() {
    use punch_core::settings::{Settings, TrayClick};
    let home = tempfile::tempdir().unwrap();
    let settings = Settings {
        tray_click: TrayClick::OpenWindow,
        ..Settings::default()
    };
    settings.save(home.path()).unwrap();
    let tray = start_tray_with(home.path(), None, true);
    // A click opens the window (here: says it is not installed), and starts nothing.
    tray.clicks.send(Action::Activate).unwrap();
    tray.wait_for_note("Punch's window isn't installed yet");
    let mut tracker = Tracker::open(home.path()).unwrap();
    assert!(tracker.status(Utc::now()).unwrap().running.is_none());

    // New settings are saved, then a commit elsewhere pings the tray: by the time the
    // tray shows that commit, it has read the settings again, and a click toggles.
    let settings = Settings {
        tray_click: TrayClick::Toggle,
        ..settings
    };
    settings.save(home.path()).unwrap();
    log_minutes(&mut tracker, 5);
    tray.wait_for("today's five minutes", |m| m.today.contains("5m"));
    tray.clicks.send(Action::Activate).unwrap();
    tray.wait_for("a running timer", |m| m.running.is_some());
    // A broken file is told, and the settings in force stay.
    std::fs::write(Settings::path(home.path()), "{ not json").unwrap();
    tracker.discard(Utc::now()).unwrap();
    tray.wait_for_note("Punch couldn't use your settings");
    tray.quit().unwrap();
}

#[test]
fn a_subscribed_window_hears_of_the_trays_own_changes() {
    let home = tempfile::tempdir().unwrap();
    let tray = start_tray(home.path());
    let window = punch_core::changes::Subscription::open(home.path()).unwrap();
    // The subscription reaches the tray by the time a relayed change comes back.
    let deadline = Instant::now() + DEADLINE;
    loop {
        punch_core::changes::Pinger::for_home(home.path()).ping();
        if window.wait(Some(Duration::from_millis(100))).unwrap() {
            break;
        }
        assert!(Instant::now() < deadline, "the tray never relayed a change");
        window.renew();
    }
    while window.wait(Some(Duration::ZERO)).unwrap() {}
    tray.clicks.send(Action::Activate).unwrap();
    assert!(
        window.wait(Some(DEADLINE)).unwrap(),
        "a click in the tray reaches the window"
    );
    tray.quit().unwrap();
}

fn log_minutes(tracker: &mut Tracker, minutes: u32) {
    use punch_core::tracker::{LogRequest, SpanChange};
    let request = LogRequest {
        date: None,
        span: SpanChange::Duration(minutes),
        target: None,
        account: None,
        note: String::new(),
        billable: None,
    };
    tracker.log(request, Utc::now()).unwrap();
}
