//! `punch tray`: the resident tray in the foreground, or with `--autostart on|off`
//! the XDG autostart entry that starts it with the desktop session.

use std::path::Path;

use punch_core::{Error, Result};
use punch_tray::{LogFace, RunOptions, TrayFace, autostart};

use crate::args::Switch;

pub fn run(home: &Path, switch: Option<Switch>, json: bool) -> Result<String> {
    if let Some(switch) = switch {
        return set_autostart(switch, json);
    }
    // Until the StatusNotifierItem face is wired in, the tray runs with a face that
    // only logs (PUNCH_LOG=info shows it): sync, the change socket and notifications
    // work all the same.
    punch_tray::run(home, RunOptions::from_env(), |first, _clicks| {
        let mut face = LogFace;
        face.show(first);
        Ok(Box::new(face) as Box<dyn TrayFace>)
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
