//! Global hotkeys for `punch tray`: toggle the timer, quick log, open the window, from
//! anywhere on the desktop. Each platform listens its own way behind [`Backend`], so
//! macOS and Windows can add theirs later without the tray knowing:
//! - on X11, a grab on the root window (`x11`);
//! - on Wayland, the xdg-desktop-portal GlobalShortcuts interface, where the desktop
//!   offers it (`portal`); Wayland has no other way for an app to listen globally;
//! - elsewhere, [`HotkeyError::Unavailable`], whose message tells the user to bind
//!   `punch toggle` in the desktop's own shortcut settings.

mod accelerator;
#[cfg(target_os = "linux")]
mod keymap;
mod keys;
#[cfg(target_os = "linux")]
mod portal;
#[cfg(target_os = "linux")]
mod x11;

use std::fmt;
use std::sync::mpsc::Sender;

pub use accelerator::{Accelerator, AcceleratorError, Key, Modifiers};

/// What a hotkey does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum HotkeyAction {
    Toggle,
    QuickLog,
    OpenWindow,
}

impl HotkeyAction {
    pub const ALL: [HotkeyAction; 3] = [
        HotkeyAction::Toggle,
        HotkeyAction::QuickLog,
        HotkeyAction::OpenWindow,
    ];

    /// A stable name: the portal's shortcut id, and the key in settings.
    pub fn id(self) -> &'static str {
        match self {
            HotkeyAction::Toggle => "toggle",
            HotkeyAction::QuickLog => "quick-log",
            HotkeyAction::OpenWindow => "open-window",
        }
    }

    pub fn from_id(id: &str) -> Option<HotkeyAction> {
        HotkeyAction::ALL
            .into_iter()
            .find(|action| action.id() == id)
    }

    /// What the desktop shows next to the shortcut in its settings.
    pub fn description(self) -> &'static str {
        match self {
            HotkeyAction::Toggle => "Start or stop the timer",
            HotkeyAction::QuickLog => "Log time",
            HotkeyAction::OpenWindow => "Open Punch",
        }
    }

    /// The command that does the same, for the user to bind where we can't listen.
    pub fn command(self) -> &'static str {
        match self {
            HotkeyAction::Toggle => "punch toggle",
            HotkeyAction::QuickLog => "punch-app --view quick-log",
            HotkeyAction::OpenWindow => "punch-app",
        }
    }
}

/// One hotkey from the settings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Binding {
    pub action: HotkeyAction,
    /// As the user wrote it: `Super+Alt+T`, `Ctrl+Shift+space`.
    pub accelerator: String,
}

/// Why no hotkey listens at all. A single key taken by another app is not an error:
/// see [`Hotkeys::refused`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HotkeyError {
    /// A binding can't be read; nothing was grabbed.
    Accelerator {
        action: HotkeyAction,
        error: AcceleratorError,
    },
    /// This desktop offers Punch no way to listen; the message says what to do instead.
    Unavailable { reason: String },
}

impl fmt::Display for HotkeyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            HotkeyError::Accelerator { action, error } => {
                write!(f, "the hotkey for `{}`: {error}", action.id())
            }
            HotkeyError::Unavailable { reason } => {
                write!(
                    f,
                    "global hotkeys are not available here ({reason}). Bind them in your \
                     desktop's keyboard shortcut settings instead:"
                )?;
                for (n, action) in HotkeyAction::ALL.into_iter().enumerate() {
                    let and = if n + 1 == HotkeyAction::ALL.len() {
                        " and"
                    } else {
                        ""
                    };
                    let mut what = action.description().chars();
                    let first = what.next().map(|c| c.to_ascii_lowercase());
                    let rest = what.as_str();
                    let what = first.map(|c| format!("{c}{rest}")).unwrap_or_default();
                    write!(f, "{and} `{}` to {what},", action.command())?;
                }
                write!(f, " each as a custom shortcut.")
            }
        }
    }
}

impl std::error::Error for HotkeyError {}

/// Where the hotkeys would listen: read from the environment by [`start`], written out
/// by tests so they never reach the user's own display or bus.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DesktopSession {
    /// `WAYLAND_DISPLAY`: set in a Wayland session.
    pub wayland_display: Option<String>,
    /// `DISPLAY`: the X server (under Wayland, Xwayland's, which sees no global keys).
    pub display: Option<String>,
    /// The session bus address; `None` means the usual one.
    pub session_bus: Option<String>,
}

impl DesktopSession {
    pub fn from_env() -> DesktopSession {
        let var = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
        DesktopSession {
            wayland_display: var("WAYLAND_DISPLAY"),
            display: var("DISPLAY"),
            session_bus: var("DBUS_SESSION_BUS_ADDRESS"),
        }
    }
}

/// A binding read and ready for a backend.
#[derive(Debug, Clone)]
pub(crate) struct Grab {
    pub action: HotkeyAction,
    pub accelerator: Accelerator,
    /// As the user wrote it, for messages.
    pub written: String,
}

/// One platform's way of listening. Dropping it must release every key it took and
/// stop any thread it runs; [`Hotkeys`] holds it for exactly that long.
pub(crate) trait Backend: Send + fmt::Debug {
    /// A short name for logs and the bench: `x11`, `portal`.
    fn name(&self) -> &'static str;
    /// The bindings it could not take, as written.
    fn refused(&self) -> &[(HotkeyAction, String)];
}

/// Hotkeys listening; each press goes to the `presses` sender given to [`start`].
/// Dropping it gives the keys back.
#[derive(Debug)]
pub struct Hotkeys {
    backend: Option<Box<dyn Backend>>,
    refused: Vec<(HotkeyAction, String)>,
}

impl Hotkeys {
    /// `x11`, `portal`, or `none` when there was nothing to bind.
    pub fn backend(&self) -> &'static str {
        self.backend
            .as_ref()
            .map_or("none", |backend| backend.name())
    }

    /// The bindings that could not be taken (another app holds the key, the keyboard
    /// has no such key, the user declined it in the portal's dialog), as written.
    pub fn refused(&self) -> &[(HotkeyAction, String)] {
        &self.refused
    }
}

/// Starts listening in this process's desktop session; see [`start_in`].
pub fn start(bindings: &[Binding], presses: Sender<HotkeyAction>) -> Result<Hotkeys, HotkeyError> {
    start_in(&DesktopSession::from_env(), bindings, presses)
}

/// Starts listening in `session`, sending each press on `presses`. Every binding is
/// read first, so a typo fails the whole set before anything is grabbed. The backend:
/// the portal under Wayland when it offers GlobalShortcuts, X11 when there is only an
/// X display, else [`HotkeyError::Unavailable`]. Returns within a few seconds even
/// when the bus or the portal doesn't answer; only the portal's own dialog, where it
/// shows one, may take up to a minute of the user's time.
pub fn start_in(
    session: &DesktopSession,
    bindings: &[Binding],
    presses: Sender<HotkeyAction>,
) -> Result<Hotkeys, HotkeyError> {
    let mut grabs: Vec<Grab> = Vec::new();
    let mut refused = Vec::new();
    for binding in bindings {
        let accelerator =
            Accelerator::parse(&binding.accelerator).map_err(|error| HotkeyError::Accelerator {
                action: binding.action,
                error,
            })?;
        // One key can do one thing; the first binding keeps it.
        if grabs.iter().any(|grab| grab.accelerator == accelerator) {
            tracing::warn!(accelerator = %binding.accelerator, "bound twice; the first keeps it");
            refused.push((binding.action, binding.accelerator.clone()));
            continue;
        }
        grabs.push(Grab {
            action: binding.action,
            accelerator,
            written: binding.accelerator.clone(),
        });
    }
    if grabs.is_empty() {
        return Ok(Hotkeys {
            backend: None,
            refused,
        });
    }
    let backend = start_backend(session, &grabs, presses)?;
    refused.extend_from_slice(backend.refused());
    Ok(Hotkeys {
        backend: Some(backend),
        refused,
    })
}

#[cfg(target_os = "linux")]
fn start_backend(
    session: &DesktopSession,
    grabs: &[Grab],
    presses: Sender<HotkeyAction>,
) -> Result<Box<dyn Backend>, HotkeyError> {
    if session.wayland_display.is_some() {
        // Under Wayland, an X grab through Xwayland sees keys only while an X window
        // has the focus: a hotkey that works now and then is worse than none, so
        // without the portal the user is told to bind the commands instead.
        return match portal::start(session.session_bus.as_deref(), grabs, presses) {
            Ok(backend) => Ok(Box::new(backend)),
            Err(reason) => Err(HotkeyError::Unavailable { reason }),
        };
    }
    match &session.display {
        Some(display) => match x11::start(display, grabs, presses) {
            Ok(backend) => Ok(Box::new(backend)),
            Err(reason) => Err(HotkeyError::Unavailable { reason }),
        },
        None => Err(HotkeyError::Unavailable {
            reason: "neither WAYLAND_DISPLAY nor DISPLAY is set".into(),
        }),
    }
}

#[cfg(not(target_os = "linux"))]
fn start_backend(
    _session: &DesktopSession,
    _grabs: &[Grab],
    _presses: Sender<HotkeyAction>,
) -> Result<Box<dyn Backend>, HotkeyError> {
    Err(HotkeyError::Unavailable {
        reason: "Punch has no global hotkeys on this platform yet".into(),
    })
}
