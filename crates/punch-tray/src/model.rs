//! What the tray shows and what it can be asked to do, independent of how a platform
//! draws it: the Linux StatusNotifierItem today, `tray-icon` on macOS and Windows later.

/// A target the menu offers, with the words a person reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecentTarget {
    /// The text form (`books:1/2`, `people:7`, …).
    pub target: String,
    /// `Website relaunch / Design`, or the text form when the catalog has no name.
    pub label: String,
}

/// Everything the tray draws, rebuilt from the store after every change.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct TrayModel {
    /// `1:23 · Website / fix login` while a timer runs; `None` when idle.
    pub running: Option<String>,
    /// Today's total, for the tooltip: `Today 3h12m`.
    pub today: String,
    /// Entries waiting to be sent.
    pub pending: u64,
    /// Something needs the user: rejected entries, an account to sign in again, failing sync.
    pub attention: Option<String>,
    /// The last error sync met, in Zoho's words.
    pub last_error: Option<String>,
    /// What Continue starts again.
    pub last: Option<RecentTarget>,
    /// The most recent targets, newest first (at most five).
    pub recent: Vec<RecentTarget>,
}

/// What a person can ask of the tray.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    Stop,
    Continue,
    /// Start the given target (text form).
    Start(String),
    /// Open the window's picker ("Other…").
    OpenPicker,
    /// Open the window's quick-log box.
    QuickLog,
    SyncNow,
    OpenWindow,
    Quit,
    /// A left click on the icon: toggles or opens the window, per the setting.
    Activate,
    /// A global hotkey was pressed.
    Hotkey(crate::hotkeys::HotkeyAction),
}

/// A platform's tray: it draws a model and reports actions on the channel it was given.
pub trait TrayFace {
    fn show(&mut self, model: &TrayModel);

    /// Whether anyone shows this tray: `Some(false)` when the platform says nobody
    /// does, `None` when it can't tell (a face that only logs).
    fn has_host(&self) -> Option<bool> {
        None
    }
}
