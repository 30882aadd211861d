//! The hotkeys the settings ask for, bound while the tray runs and bound again when the
//! settings change. Binding happens off the run loop's thread: under Wayland the portal
//! may show the user a dialog first, and the tray must not freeze meanwhile.

use std::sync::mpsc::Sender;

use crate::hotkeys::{self, Binding, DesktopSession, HotkeyAction, HotkeyError, Hotkeys};
use crate::notify::{Note, Notifier};
use crate::run::{Event, spawn};

/// What binding came to, handed back to the run loop.
pub(crate) type Bound = Box<Result<Hotkeys, HotkeyError>>;

#[derive(Debug)]
pub(crate) struct Bindings {
    session: DesktopSession,
    presses: Sender<HotkeyAction>,
    /// What was last asked for, bound or being bound.
    wanted: Vec<Binding>,
    live: Option<Hotkeys>,
    /// The last problem told, so a settings change that keeps it isn't told again.
    told: Option<String>,
}

impl Bindings {
    pub(crate) fn new(session: DesktopSession, presses: Sender<HotkeyAction>) -> Bindings {
        Bindings {
            session,
            presses,
            wanted: Vec::new(),
            live: None,
            told: None,
        }
    }

    /// Bind `bindings` unless they are what is bound already; the result comes back to
    /// the loop as [`Event::Hotkeys`].
    pub(crate) fn want(&mut self, bindings: &[Binding], events: &Sender<Event>) {
        if self.wanted == bindings {
            return;
        }
        self.wanted = bindings.to_vec();
        // The old keys go back before the new ones are taken: the same key may be in both.
        self.live = None;
        if bindings.is_empty() {
            return;
        }
        let session = self.session.clone();
        let presses = self.presses.clone();
        let bindings = bindings.to_vec();
        let events = events.clone();
        let started = spawn("punch-bind-keys", move || {
            let bound = hotkeys::start_in(&session, &bindings, presses);
            let _ = events.send(Event::Hotkeys(Box::new(bound), bindings));
        });
        if let Err(e) = started {
            tracing::warn!("can't bind the hotkeys: {e}");
        }
    }

    /// Keep what binding `for_bindings` gave, and tell the user what doesn't work.
    pub(crate) fn ready(
        &mut self,
        bound: Result<Hotkeys, HotkeyError>,
        for_bindings: &[Binding],
        notifier: &Notifier,
    ) {
        if self.wanted != for_bindings {
            // Settings changed while binding: a newer binding is on its way.
            return;
        }
        let problem = match bound {
            Ok(hotkeys) => {
                tracing::info!(backend = hotkeys.backend(), "hotkeys bound");
                let refused: Vec<String> = hotkeys
                    .refused()
                    .iter()
                    .map(|(action, key)| format!("{key} ({})", action.description()))
                    .collect();
                self.live = Some(hotkeys);
                (!refused.is_empty()).then(|| {
                    Note::failed(
                        "take every hotkey",
                        &format!(
                            "Another application holds {}. Choose other keys in Punch's settings.",
                            refused.join(", ")
                        ),
                    )
                })
            }
            Err(e) => {
                tracing::warn!("{e}");
                Some(Note::failed("set up the hotkeys", &e.to_string()))
            }
        };
        let said = problem.as_ref().map(|note| note.body.clone());
        if let Some(note) = problem
            && self.told != said
        {
            notifier.send(note);
        }
        self.told = said;
    }
}

/// The bindings the settings name, in the order their actions are listed.
pub fn from_settings(keys: &punch_core::settings::Hotkeys) -> Vec<Binding> {
    [
        (HotkeyAction::Toggle, &keys.toggle),
        (HotkeyAction::QuickLog, &keys.quick_log),
        (HotkeyAction::OpenWindow, &keys.open_window),
    ]
    .into_iter()
    .filter_map(|(action, key)| {
        key.as_ref().map(|accelerator| Binding {
            action,
            accelerator: accelerator.clone(),
        })
    })
    .collect()
}
