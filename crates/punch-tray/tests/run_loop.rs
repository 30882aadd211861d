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

struct FakeFace(Sender<TrayModel>);

impl TrayFace for FakeFace {
    fn show(&mut self, model: &TrayModel) {
        let _ = self.0.send(model.clone());
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
    let notes = Arc::new(Recorder::default());
    let options = RunOptions {
        notes: notes.clone(),
        window_app: "punch-app-not-installed-in-tests".into(),
        seed: 1,
        ..RunOptions::default()
    };
    let (shown, models) = mpsc::channel();
    let (give_clicks, take_clicks) = mpsc::channel();
    let home = home.to_path_buf();
    let tray = std::thread::spawn(move || {
        punch_tray::run(&home, options, move |first, clicks| {
            give_clicks.send(clicks).unwrap();
            let mut face = FakeFace(shown);
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
