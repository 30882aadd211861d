//! The tray's loop: one thread that owns the store and the face and sleeps until
//! something happens — a commit pinged on the change socket, a click, a sync pass
//! ending, the next minute of a running timer, a scheduled sync or reminder. Nothing
//! polls: every wake-up has a reason.

use std::path::Path;
use std::sync::Arc;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::thread;
use std::time::Duration;

use chrono::Utc;
use punch_core::changes::{ChangeListener, Pinger, Subscribers};
use punch_core::tracker::Tracker;
use punch_core::{Error, Result};

use crate::bindings::Bindings;
use crate::hotkeys::HotkeyAction;
use crate::idle::presence::Presence;
use crate::instance::Instance;
use crate::model::{Action, TrayFace, TrayModel};
use crate::notify::{Note, Notifier};
use crate::nudges::{LongTimer, SyncNews};
use crate::options::{FaceError, RunOptions};
use crate::passes;
use crate::resident::{Tray, local};
use crate::schedule::SyncSchedule;
use crate::settings_file::SettingsFile;
use crate::view;

pub(crate) enum Event {
    Changed,
    Action(Action),
    Passed(Box<(Tracker, passes::Outcome)>),
    /// NetworkManager says the network is back.
    NetworkBack,
    /// Binding hotkeys ended, for these bindings.
    Hotkeys(crate::bindings::Bound, Vec<crate::hotkeys::Binding>),
    /// An idle source saw the person leave or come back, or the machine sleep or wake.
    Idle(punch_core::idle::Signal),
    /// A button on the idle question's notification.
    IdleReply(punch_core::idle::Question, crate::idle::presence::Reply),
}

/// Run the tray for `home` until Quit. `make_face` builds the face once the home is
/// claimed, so a second tray fails before it shows anything; it is given the first
/// model, which the face shows from the start, and where to send clicks.
pub fn run<F>(home: &Path, options: RunOptions, make_face: F) -> Result<()>
where
    F: FnOnce(&TrayModel, Sender<Action>) -> std::result::Result<Box<dyn TrayFace>, FaceError>,
{
    let listener = Instance::take(home)?.into_listener();
    let wake = listener.path().to_path_buf();
    let subscribers = listener.subscribers();
    let (events, inbox) = mpsc::channel();
    let (ended, listening) = mpsc::channel::<()>();
    spawn("punch-changes", {
        let events = events.clone();
        move || {
            relay_changes(&listener, &events);
            drop(listener);
            let _ = ended.send(());
        }
    })?;
    let back = events.clone();
    crate::network::watch(options.network_bus.as_deref(), move || {
        let _ = back.send(Event::NetworkBack);
    });
    let result = serve(home, options, make_face, events, inbox, subscribers);
    // The relay ends at its next wake-up, finding nobody to tell; wake it, and give the
    // socket back before returning.
    Pinger::at(wake).ping();
    let _ = listening.recv_timeout(Duration::from_secs(2));
    result
}

/// Hands each change to the run loop, and at once to the window, which needs no more
/// than "read the store again".
fn relay_changes(listener: &ChangeListener, events: &Sender<Event>) {
    let subscribers = listener.subscribers();
    loop {
        match listener.wait(None) {
            Ok(Some(_)) => {
                subscribers.notify();
                if events.send(Event::Changed).is_err() {
                    return;
                }
            }
            Ok(None) => {}
            Err(e) => {
                tracing::warn!(
                    "the change socket failed: {e}; the tray no longer sees other processes' changes"
                );
                return;
            }
        }
    }
}

pub(crate) fn spawn(name: &str, f: impl FnOnce() + Send + 'static) -> Result<()> {
    thread::Builder::new()
        .name(name.into())
        .spawn(f)
        .map(drop)
        .map_err(|source| Error::Io {
            context: format!("can't start the {name} thread"),
            source,
        })
}

fn serve<F>(
    home: &Path,
    options: RunOptions,
    make_face: F,
    events: Sender<Event>,
    inbox: Receiver<Event>,
    subscribers: Subscribers,
) -> Result<()>
where
    F: FnOnce(&TrayModel, Sender<Action>) -> std::result::Result<Box<dyn TrayFace>, FaceError>,
{
    let mut tracker = Tracker::open(home)?;
    // The tray knows what it writes; pinging itself would only wake it for nothing.
    tracker.store_mut().set_change_pings(false);
    let now = Utc::now();
    let first = view::view(&tracker, now)?;
    let (clicks, actions) = mpsc::channel::<Action>();
    let face = make_face(&first.model, clicks).map_err(|e| Error::Io {
        context: "can't show the tray".into(),
        source: std::io::Error::other(e.to_string()),
    })?;
    spawn("punch-clicks", {
        let events = events.clone();
        move || {
            for action in actions {
                if events.send(Event::Action(action)).is_err() {
                    return;
                }
            }
        }
    })?;
    let notifier = Notifier::spawn(Arc::clone(&options.notes)).map_err(|source| Error::Io {
        context: "can't start the notifications thread".into(),
        source,
    })?;
    if face.has_host() == Some(false) {
        tracing::warn!(
            "no tray host on this desktop (no StatusNotifierWatcher): the icon shows when one \
             appears; hotkeys, the CLI and the window work meanwhile"
        );
        notifier.send(Note::no_tray_host());
    }
    let settings = options.follow_settings.then(|| SettingsFile::new(home));
    let (presses, pressed) = mpsc::channel::<HotkeyAction>();
    spawn("punch-hotkeys", {
        let events = events.clone();
        move || {
            for action in pressed {
                if events.send(Event::Action(Action::Hotkey(action))).is_err() {
                    return;
                }
            }
        }
    })?;
    let bindings = Bindings::new(options.desktop.clone(), presses);
    let presence = Presence::start(
        options.idle,
        options.idle_watch.as_ref(),
        &options.desktop,
        events.clone(),
        now,
    );
    let mut tray = Tray {
        home: home.to_path_buf(),
        schedule: SyncSchedule::new(options.schedule, options.seed, now),
        long: options.long_timer.map(LongTimer::new),
        options,
        tracker,
        sync_tracker: None,
        face,
        notifier,
        events,
        subscribers,
        settings,
        bindings,
        view: first.clone(),
        built: now,
        idle_since: local(now),
        reminded: None,
        news: SyncNews::default(),
        presence,
    };
    tray.follow_settings();
    tray.bind_hotkeys();
    tray.presence.set_timer(tray.view.running, now);
    loop {
        let now = Utc::now();
        tray.wake(now);
        let event = match tray.deadline(now) {
            Some(at) => {
                let wait = (at - now).to_std().unwrap_or_default() + Duration::from_millis(1);
                inbox.recv_timeout(wait)
            }
            None => inbox.recv().map_err(|_| RecvTimeoutError::Disconnected),
        };
        let now = Utc::now();
        tray.idle_clock(now);
        match event {
            Ok(Event::Changed) => {
                tray.follow_settings();
                tray.schedule.changed(now);
                tray.refresh(now);
            }
            Ok(Event::Action(action)) => {
                if tray.act(&action, now) {
                    break;
                }
            }
            Ok(Event::Passed(done)) => tray.passed(*done, now),
            Ok(Event::NetworkBack) => tray.schedule.network_back(now),
            Ok(Event::Hotkeys(bound, bindings)) => {
                tray.bindings.ready(*bound, &bindings, &tray.notifier);
            }
            Ok(Event::Idle(signal)) => tray.idle_signal(signal, now),
            Ok(Event::IdleReply(question, reply)) => tray.idle_reply(question, reply, now),
            Err(RecvTimeoutError::Timeout) => {}
            // The loop holds a sender itself, so this can't happen; if it did, stop.
            Err(RecvTimeoutError::Disconnected) => break,
        }
    }
    tray.finish_pass(&inbox);
    Ok(())
}
