//! `punch tray --autostart on|off`: an XDG autostart entry, so the tray starts with the
//! desktop session. The window's settings use the same two functions.

use std::io;
use std::path::{Path, PathBuf};

/// The entry's file name inside `$XDG_CONFIG_HOME/autostart`.
pub const FILE_NAME: &str = "punch.desktop";

/// What the session runs: the tray in the foreground, as CLI.md promises.
pub const ENTRY: &str = "[Desktop Entry]
Type=Application
Version=1.5
Name=Punch
GenericName=Time tracker
Comment=Track time for Zoho Books, People and Projects from the tray
Exec=punch tray
Icon=punch
Terminal=false
Categories=Utility;Office;
X-GNOME-Autostart-enabled=true
";

/// `$XDG_CONFIG_HOME`, else `$HOME/.config` (the XDG default); `None` with neither.
pub fn config_home() -> Option<PathBuf> {
    let absolute = |var: &str| {
        std::env::var_os(var)
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
            .filter(|p| p.is_absolute())
    };
    absolute("XDG_CONFIG_HOME").or_else(|| absolute("HOME").map(|home| home.join(".config")))
}

/// Where the entry lives under `config_home`.
pub fn entry_path(config_home: &Path) -> PathBuf {
    config_home.join("autostart").join(FILE_NAME)
}

/// Write the entry (replacing an older one); returns its path.
pub fn enable(config_home: &Path) -> io::Result<PathBuf> {
    let path = entry_path(config_home);
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    // Written aside and renamed, so a session starting meanwhile never reads half a file.
    let partial = path.with_extension("desktop.partial");
    std::fs::write(&partial, ENTRY)?;
    std::fs::rename(&partial, &path)?;
    Ok(path)
}

/// Remove the entry; `false` when there was none.
pub fn disable(config_home: &Path) -> io::Result<bool> {
    match std::fs::remove_file(entry_path(config_home)) {
        Ok(()) => Ok(true),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(false),
        Err(e) => Err(e),
    }
}

pub fn is_enabled(config_home: &Path) -> bool {
    entry_path(config_home).is_file()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn on_writes_a_desktop_entry_that_runs_the_tray_and_off_removes_it() {
        let config = tempfile::tempdir().unwrap();
        assert!(!is_enabled(config.path()));
        let path = enable(config.path()).unwrap();
        assert_eq!(path, config.path().join("autostart/punch.desktop"));
        let text = std::fs::read_to_string(&path).unwrap();
        let mut lines = text.lines();
        assert_eq!(lines.next(), Some("[Desktop Entry]"));
        let keys: Vec<(&str, &str)> = lines.filter_map(|l| l.split_once('=')).collect();
        for (key, value) in [
            ("Type", "Application"),
            ("Name", "Punch"),
            ("Exec", "punch tray"),
        ] {
            assert!(
                keys.contains(&(key, value)),
                "{key}={value} missing from\n{text}"
            );
        }
        assert!(is_enabled(config.path()));
        // Again: replaced, not doubled, and nothing left beside it.
        enable(config.path()).unwrap();
        let files = std::fs::read_dir(config.path().join("autostart"))
            .unwrap()
            .count();
        assert_eq!(files, 1);
        assert!(disable(config.path()).unwrap());
        assert!(!path.exists());
        assert!(!disable(config.path()).unwrap(), "already off");
    }
}
