//! The user's preferences, in one file that every face reads: the tray (hotkeys, click
//! action, reminders, sync schedule), the window (its settings view writes them) and
//! the CLI. A plain JSON file in `PUNCH_HOME`, not the store, so a person can read and
//! fix it by hand, and a broken one is named with what is wrong instead of ignored.

use std::io::Write;
use std::path::{Path, PathBuf};

use chrono::NaiveTime;
use serde::{Deserialize, Serialize};

use crate::{Error, Result};

/// The settings file inside `PUNCH_HOME`.
pub const FILE: &str = "settings.json";

/// Everything a person can set. Missing keys take their defaults, so an old file keeps
/// working when a setting is added; unknown keys are kept out of the way, not refused.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    pub hotkeys: Hotkeys,
    /// What a left click on the tray icon does.
    pub tray_click: TrayClick,
    /// Ask whether a timer is still running after this many minutes; `None`: never.
    pub long_timer_minutes: Option<u32>,
    pub reminder: Reminder,
    /// Ask about time a timer ran while the user was idle this long; `None`: never.
    pub idle_minutes: Option<u32>,
    /// How often the tray reads what changed in Zoho when nothing else syncs.
    pub pull_every_minutes: u32,
    /// Hide the window on close instead of ending its process, so it opens instantly
    /// next time at the cost of WebKit's memory.
    pub keep_window_warm: bool,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            hotkeys: Hotkeys::default(),
            tray_click: TrayClick::Toggle,
            long_timer_minutes: Some(240),
            reminder: Reminder::default(),
            idle_minutes: Some(10),
            pull_every_minutes: 15,
            keep_window_warm: false,
        }
    }
}

/// Global shortcuts as accelerators (`Super+Alt+T`); `None` leaves the action unbound.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Hotkeys {
    pub toggle: Option<String>,
    pub quick_log: Option<String>,
    pub open_window: Option<String>,
}

impl Default for Hotkeys {
    /// Super+Alt combinations: rarely taken by desktops, unlike Ctrl+Alt+T (a terminal
    /// on Ubuntu) or Super+L (the lock screen).
    fn default() -> Self {
        Hotkeys {
            toggle: Some("Super+Alt+T".into()),
            quick_log: Some("Super+Alt+L".into()),
            open_window: Some("Super+Alt+P".into()),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum TrayClick {
    /// Stop the running timer, or continue the last entry.
    #[default]
    Toggle,
    OpenWindow,
}

/// A nudge when nothing is tracked during working hours. Off until asked for: a
/// reminder nobody wanted is the fastest way to get a tray app uninstalled.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Reminder {
    pub enabled: bool,
    /// ISO weekdays, 1 = Monday … 7 = Sunday.
    pub days: Vec<u8>,
    /// `HH:MM`, local time.
    pub start: String,
    pub end: String,
    /// How long nothing may run before the reminder.
    pub quiet_minutes: u32,
}

impl Default for Reminder {
    fn default() -> Self {
        Reminder {
            enabled: false,
            days: vec![1, 2, 3, 4, 5],
            start: "09:00".into(),
            end: "17:00".into(),
            quiet_minutes: 30,
        }
    }
}

impl Reminder {
    /// The working hours as times, once [`Settings::check`] has passed.
    pub fn hours(&self) -> Result<(NaiveTime, NaiveTime)> {
        let parse = |field: &str, text: &str| {
            NaiveTime::parse_from_str(text, "%H:%M").map_err(|_| {
                Error::invalid(format!(
                    "reminder.{field} `{text}` is not a time of day (HH:MM)"
                ))
            })
        };
        Ok((parse("start", &self.start)?, parse("end", &self.end)?))
    }
}

impl Settings {
    pub fn path(home: &Path) -> PathBuf {
        home.join(FILE)
    }

    /// The settings of `home`: the defaults when there is no file yet.
    pub fn load(home: &Path) -> Result<Settings> {
        let path = Settings::path(home);
        let text = match std::fs::read_to_string(&path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Settings::default()),
            Err(source) => {
                return Err(Error::Io {
                    context: format!("can't read {}", path.display()),
                    source,
                });
            }
        };
        let settings: Settings = serde_json::from_str(&text).map_err(|e| {
            Error::invalid(format!("{} is not valid settings: {e}", path.display()))
        })?;
        settings
            .check()
            .map_err(|e| Error::invalid(format!("{}: {e}", path.display())))?;
        Ok(settings)
    }

    /// Write the settings of `home`, whole or not at all: a crash mid-write leaves the
    /// old file, never half a new one.
    pub fn save(&self, home: &Path) -> Result<()> {
        self.check()?;
        let path = Settings::path(home);
        let io = |context: String| move |source| Error::Io { context, source };
        std::fs::create_dir_all(home).map_err(io(format!("can't create {}", home.display())))?;
        let staged = home.join(format!(".{FILE}.tmp"));
        let mut text = serde_json::to_string_pretty(self).map_err(|e| Error::Io {
            context: "can't write settings".into(),
            source: std::io::Error::other(e),
        })?;
        text.push('\n');
        let mut file = std::fs::File::create(&staged)
            .map_err(io(format!("can't write {}", staged.display())))?;
        file.write_all(text.as_bytes())
            .and_then(|()| file.sync_all())
            .map_err(io(format!("can't write {}", staged.display())))?;
        std::fs::rename(&staged, &path).map_err(io(format!("can't replace {}", path.display())))
    }

    /// Every value in range, each refusal naming the setting and what it takes.
    pub fn check(&self) -> Result<()> {
        let minutes =
            |name: &str, value: Option<u32>, range: std::ops::RangeInclusive<u32>| match value {
                Some(v) if !range.contains(&v) => Err(Error::invalid(format!(
                    "{name} must be between {} and {} minutes (or null for never), not {v}",
                    range.start(),
                    range.end()
                ))),
                _ => Ok(()),
            };
        minutes("long_timer_minutes", self.long_timer_minutes, 1..=24 * 60)?;
        minutes("idle_minutes", self.idle_minutes, 1..=24 * 60)?;
        minutes(
            "pull_every_minutes",
            Some(self.pull_every_minutes),
            1..=24 * 60,
        )?;
        minutes(
            "reminder.quiet_minutes",
            Some(self.reminder.quiet_minutes),
            1..=24 * 60,
        )?;
        if let Some(day) = self.reminder.days.iter().find(|d| !(1..=7).contains(*d)) {
            return Err(Error::invalid(format!(
                "reminder.days holds {day}: days are 1 (Monday) to 7 (Sunday)"
            )));
        }
        let (start, end) = self.reminder.hours()?;
        if end <= start {
            return Err(Error::invalid(format!(
                "reminder.end {} must be after reminder.start {}",
                self.reminder.end, self.reminder.start
            )));
        }
        let keys = [
            ("hotkeys.toggle", &self.hotkeys.toggle),
            ("hotkeys.quick_log", &self.hotkeys.quick_log),
            ("hotkeys.open_window", &self.hotkeys.open_window),
        ];
        for (name, key) in keys {
            if key.as_deref().is_some_and(|k| k.trim().is_empty()) {
                return Err(Error::invalid(format!(
                    "{name} is empty: give a shortcut such as Super+Alt+T, or null for none"
                )));
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_file_means_the_defaults_and_a_saved_file_reads_back() {
        let home = tempfile::tempdir().unwrap();
        assert_eq!(Settings::load(home.path()).unwrap(), Settings::default());
        let mut settings = Settings {
            tray_click: TrayClick::OpenWindow,
            long_timer_minutes: None,
            ..Settings::default()
        };
        settings.hotkeys.quick_log = None;
        settings.reminder.enabled = true;
        settings.save(home.path()).unwrap();
        assert_eq!(Settings::load(home.path()).unwrap(), settings);
        let text = std::fs::read_to_string(Settings::path(home.path())).unwrap();
        assert!(text.contains("\"tray_click\": \"open_window\""), "{text}");
    }

    #[test]
    fn missing_keys_take_defaults_and_unknown_keys_are_ignored() {
        let home = tempfile::tempdir().unwrap();
        std::fs::write(
            Settings::path(home.path()),
            r#"{"idle_minutes": null, "someday": true, "reminder": {"enabled": true}}"#,
        )
        .unwrap();
        let settings = Settings::load(home.path()).unwrap();
        assert_eq!(settings.idle_minutes, None);
        assert!(settings.reminder.enabled);
        assert_eq!(settings.reminder.start, "09:00");
        assert_eq!(settings.hotkeys, Hotkeys::default());
    }

    #[test]
    fn a_bad_value_is_named_and_the_file_is_left_alone() {
        let home = tempfile::tempdir().unwrap();
        let path = Settings::path(home.path());
        let bad = r#"{"reminder": {"start": "9am"}}"#;
        std::fs::write(&path, bad).unwrap();
        let message = Settings::load(home.path()).unwrap_err().to_string();
        assert!(message.contains("reminder.start `9am`"), "{message}");
        assert_eq!(std::fs::read_to_string(&path).unwrap(), bad);

        std::fs::write(&path, r#"{"tray_click": "double"}"#).unwrap();
        let message = Settings::load(home.path()).unwrap_err().to_string();
        assert!(message.contains("is not valid settings"), "{message}");
    }

    #[test]
    fn out_of_range_settings_are_refused_before_writing() {
        let home = tempfile::tempdir().unwrap();
        type Spoil = fn(&mut Settings);
        let cases: [(Spoil, &str); 5] = [
            (|s| s.idle_minutes = Some(0), "idle_minutes"),
            (|s| s.pull_every_minutes = 0, "pull_every_minutes"),
            (|s| s.reminder.days = vec![1, 8], "reminder.days holds 8"),
            (|s| s.reminder.end = "08:00".into(), "reminder.end 08:00"),
            (|s| s.hotkeys.toggle = Some(" ".into()), "hotkeys.toggle"),
        ];
        for (spoil, named) in cases {
            let mut settings = Settings::default();
            spoil(&mut settings);
            let message = settings.save(home.path()).unwrap_err().to_string();
            assert!(message.contains(named), "{message} should name {named}");
            assert!(!Settings::path(home.path()).exists());
        }
    }
}
