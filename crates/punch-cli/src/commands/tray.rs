//! `punch tray`: the resident tray in the foreground, or with `--autostart on|off`
//! the XDG autostart entry that starts it with the desktop session.

use std::path::Path;

use punch_core::{Error, Result};
use punch_tray::sni::SniTray;
use punch_tray::{LogFace, RunOptions, TrayFace, autostart};

use crate::args::Switch;

pub fn run(home: &Path, switch: Option<Switch>, json: bool) -> Result<String> {
    if let Some(switch) = switch {
        return set_autostart(switch, json);
    }
    let options = RunOptions {
        follow_settings: true,
        ..RunOptions::from_env()
    };
    punch_tray::run(home, options, |first, clicks| {
        Ok(match SniTray::start(first, clicks) {
            Ok(tray) => Box::new(tray) as Box<dyn TrayFace>,
            // No session bus: no tray can show, but sync, the change socket and
            // the hotkeys still work, so the process goes on with a face that logs.
            Err(e) => {
                eprintln!("punch tray: {e}; running without a tray icon");
                let mut face = LogFace;
                face.show(first);
                Box::new(face)
            }
        })
    })?;
    Ok(if json {
        format!("{}\n", serde_json::json!({ "quit": true }))
    } else {
        String::new()
    })
}

fn set_autostart(switch: Switch, json: bool) -> Result<String> {
    let config = autostart::config_home().ok_or_else(|| {
        Error::NothingToDo(
            "can't find your configuration directory: set XDG_CONFIG_HOME or HOME".into(),
        )
    })?;
    let io = |source| Error::Io {
        context: format!("can't change {}", autostart::entry_path(&config).display()),
        source,
    };
    let path = autostart::entry_path(&config);
    let (on, text) = match switch {
        Switch::On => {
            autostart::enable(&config).map_err(io)?;
            (
                true,
                format!(
                    "Punch's tray starts with your desktop session ({}).\n",
                    path.display()
                ),
            )
        }
        Switch::Off => {
            let removed = autostart::disable(&config).map_err(io)?;
            let text = if removed {
                "Punch's tray no longer starts with your desktop session.\n"
            } else {
                "Punch's tray was not set to start with your desktop session.\n"
            };
            (false, text.to_owned())
        }
    };
    Ok(if json {
        format!(
            "{}\n",
            serde_json::json!({ "autostart": on, "path": path.display().to_string() })
        )
    } else {
        text
    })
}
