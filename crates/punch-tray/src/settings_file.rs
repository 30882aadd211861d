//! The tray follows `settings.json` while it runs: the window's settings view writes
//! the file and pings the change socket, and the tray re-reads the file only when its
//! size or modification time moved, so a store change costs one `stat`, not a parse.

use std::path::PathBuf;
use std::time::SystemTime;

use punch_core::Result;
use punch_core::settings::Settings;

#[derive(Debug)]
pub struct SettingsFile {
    path: PathBuf,
    home: PathBuf,
    /// What the file looked like when last read; `None` before the first read.
    seen: Option<Stamp>,
}

/// `None` inside: no file (the defaults).
type Stamp = Option<(SystemTime, u64)>;

impl SettingsFile {
    pub fn new(home: &std::path::Path) -> SettingsFile {
        SettingsFile {
            path: Settings::path(home),
            home: home.to_path_buf(),
            seen: None,
        }
    }

    /// The settings when the file changed since the last call (always on the first):
    /// `None` when it did not. A file that fails to read or check is reported once per
    /// change, not at every ping.
    pub fn fresh(&mut self) -> Option<Result<Settings>> {
        let stamp = std::fs::metadata(&self.path)
            .ok()
            .map(|m| (m.modified().unwrap_or(SystemTime::UNIX_EPOCH), m.len()));
        if self.seen == Some(stamp) {
            return None;
        }
        self.seen = Some(stamp);
        Some(Settings::load(&self.home))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_file_is_read_first_then_only_when_it_changes() {
        let home = tempfile::tempdir().unwrap();
        let mut file = SettingsFile::new(home.path());
        assert_eq!(file.fresh().unwrap().unwrap(), Settings::default());
        assert!(file.fresh().is_none(), "nothing changed");

        let settings = Settings {
            pull_every_minutes: 5,
            ..Settings::default()
        };
        settings.save(home.path()).unwrap();
        assert_eq!(file.fresh().unwrap().unwrap().pull_every_minutes, 5);
        assert!(file.fresh().is_none());

        std::fs::write(Settings::path(home.path()), "{ broken").unwrap();
        let message = file.fresh().unwrap().unwrap_err().to_string();
        assert!(message.contains("is not valid settings"), "{message}");
        assert!(file.fresh().is_none(), "a broken file is told once");
    }
}
