//! The settings view: the shared settings file (hotkeys, tray click, reminders, limits,
//! keep the window warm), the tray's autostart entry, and each account's timer mode.

use std::path::Path;

use punch_core::settings::Settings;
use punch_core::tracker::Tracker;
use punch_tray::autostart;
use serde::{Deserialize, Serialize};

use super::accounts::{AccountView, list};
use crate::error::{CommandError, CommandResult};

#[derive(Debug, Clone, Serialize)]
pub struct SettingsView {
    pub settings: Settings,
    /// The tray starts with the desktop session.
    pub autostart: bool,
    /// Whether autostart can be changed (an XDG config directory is known).
    pub autostart_available: bool,
    /// For the timer mode of each account.
    pub accounts: Vec<AccountView>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct SettingsInput {
    pub settings: Settings,
    pub autostart: Option<bool>,
}

pub fn get(tracker: &Tracker, home: &Path) -> CommandResult<SettingsView> {
    let config = autostart::config_home();
    Ok(SettingsView {
        settings: Settings::load(home)?,
        autostart: config.as_deref().is_some_and(autostart::is_enabled),
        autostart_available: config.is_some(),
        accounts: list(tracker)?,
    })
}

pub fn save(tracker: &Tracker, home: &Path, input: SettingsInput) -> CommandResult<SettingsView> {
    input.settings.save(home)?;
    if let Some(on) = input.autostart {
        let config = autostart::config_home().ok_or_else(|| {
            CommandError::new(
                "io",
                "no XDG config directory (neither XDG_CONFIG_HOME nor HOME is set)",
            )
        })?;
        let changed = if on {
            autostart::enable(&config).map(|_| ())
        } else {
            autostart::disable(&config).map(|_| ())
        };
        changed.map_err(|e| CommandError::new("io", format!("can't change autostart: {e}")))?;
    }
    get(tracker, home)
}
