//! The tray's settings and the face used when a platform has none: what `run` is
//! given, kept apart from the loop that uses it.

use std::sync::Arc;

use chrono::TimeDelta;
use punch_core::settings::{Reminder, Settings, TrayClick};

use crate::actions::Activate;
use crate::bindings;
use crate::hotkeys::{Binding, DesktopSession};
use crate::idle::IdleConfig;
use crate::model::{TrayFace, TrayModel};
use crate::notify::{Deliver, Desktop};
use crate::nudges::WorkingHours;
use crate::passes::PassConfig;
use crate::schedule::ScheduleConfig;

/// The tray's settings.
#[derive(Debug, Clone)]
pub struct RunOptions {
    pub activate: Activate,
    /// Ask whether a timer is still running after this long; `None`: never.
    pub long_timer: Option<TimeDelta>,
    /// Remind when nothing is tracked in these hours; `None`: never (the default).
    pub working_hours: Option<WorkingHours>,
    pub schedule: ScheduleConfig,
    /// Seeds the sync backoff's jitter.
    pub seed: u64,
    pub pass: PassConfig,
    /// The window's program, looked up on `PATH`.
    pub window_app: String,
    pub notes: Arc<dyn Deliver>,
    /// Apply `$PUNCH_HOME/settings.json` at start and whenever it changes (`punch
    /// tray`); tests that set options by hand leave it off.
    pub follow_settings: bool,
    /// The bus NetworkManager speaks on; `None`: the system bus.
    pub network_bus: Option<String>,
    /// The global hotkeys; none unless the settings (or a test) name some.
    pub hotkeys: Vec<Binding>,
    /// Where hotkeys listen: this session's display and bus.
    pub desktop: DesktopSession,
    /// Ask about a timer that ran while the user was idle this long (or across a
    /// sleep); `None`: never.
    pub idle: Option<TimeDelta>,
    /// Where idle time is watched; `None` (tests that don't care): nowhere. `punch
    /// tray` watches every source its desktop offers.
    pub idle_watch: Option<IdleConfig>,
}

impl Default for RunOptions {
    fn default() -> Self {
        RunOptions {
            activate: Activate::Toggle,
            long_timer: Some(TimeDelta::hours(4)),
            working_hours: None,
            schedule: ScheduleConfig::default(),
            seed: u64::from(std::process::id()),
            pass: PassConfig::default(),
            window_app: "punch-app".into(),
            notes: Arc::new(Desktop::default()),
            follow_settings: false,
            network_bus: None,
            hotkeys: Vec::new(),
            desktop: DesktopSession::from_env(),
            idle: Some(TimeDelta::minutes(10)),
            idle_watch: None,
        }
    }
}

impl RunOptions {
    /// The defaults, with Zoho's endpoint and the secret store as `punch` reads them.
    pub fn from_env() -> RunOptions {
        RunOptions {
            pass: PassConfig::from_env(),
            idle_watch: Some(IdleConfig::default()),
            ..RunOptions::default()
        }
    }

    /// These options with the user's settings applied (a checked [`Settings`]).
    pub fn with_settings(mut self, settings: &Settings) -> RunOptions {
        self.activate = match settings.tray_click {
            TrayClick::Toggle => Activate::Toggle,
            TrayClick::OpenWindow => Activate::OpenWindow,
        };
        self.long_timer = settings
            .long_timer_minutes
            .map(|m| TimeDelta::minutes(i64::from(m)));
        self.working_hours = working_hours(&settings.reminder);
        self.schedule.pull_every = TimeDelta::minutes(i64::from(settings.pull_every_minutes));
        self.hotkeys = bindings::from_settings(&settings.hotkeys);
        self.idle = settings
            .idle_minutes
            .map(|m| TimeDelta::minutes(i64::from(m)));
        self
    }
}

/// The reminder's hours, or `None` when it is off (or has no day to remind on).
fn working_hours(reminder: &Reminder) -> Option<WorkingHours> {
    if !reminder.enabled {
        return None;
    }
    let (start, end) = reminder.hours().ok()?;
    let mut days = [false; 7];
    for day in &reminder.days {
        if let Some(slot) = usize::from(*day)
            .checked_sub(1)
            .and_then(|i| days.get_mut(i))
        {
            *slot = true;
        }
    }
    days.contains(&true).then(|| WorkingHours {
        days,
        start,
        end,
        quiet_for: TimeDelta::minutes(i64::from(reminder.quiet_minutes)),
    })
}

/// Why a face could not be made (the session bus missing, …).
pub type FaceError = Box<dyn std::error::Error + Send + Sync>;

/// A face that only logs what it would show: `punch tray` on a platform without a
/// tray face yet.
#[derive(Debug, Default)]
pub struct LogFace;

impl TrayFace for LogFace {
    fn show(&mut self, model: &TrayModel) {
        tracing::info!(
            running = model.running.as_deref().unwrap_or("-"),
            today = %model.today,
            pending = model.pending,
            attention = model.attention.as_deref().unwrap_or("-"),
            "tray"
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveTime;

    #[test]
    fn settings_reach_the_tray() {
        let mut settings = Settings {
            tray_click: TrayClick::OpenWindow,
            long_timer_minutes: None,
            pull_every_minutes: 5,
            ..Settings::default()
        };
        settings.reminder.enabled = true;
        settings.reminder.days = vec![1, 7];
        settings.reminder.start = "08:30".into();
        let options = RunOptions::default().with_settings(&settings);
        assert_eq!(options.activate, Activate::OpenWindow);
        assert_eq!(options.long_timer, None);
        assert_eq!(options.schedule.pull_every, TimeDelta::minutes(5));
        let hours = options.working_hours.unwrap();
        assert_eq!(hours.days, [true, false, false, false, false, false, true]);
        assert_eq!(hours.start, NaiveTime::from_hms_opt(8, 30, 0).unwrap());

        let defaults = RunOptions::default().with_settings(&Settings::default());
        assert_eq!(defaults.activate, Activate::Toggle);
        assert_eq!(defaults.long_timer, Some(TimeDelta::hours(4)));
        assert_eq!(
            defaults.working_hours, None,
            "reminders are off until asked for"
        );
        assert_eq!(defaults.schedule.pull_every, TimeDelta::minutes(15));
        let keys: Vec<&str> = defaults
            .hotkeys
            .iter()
            .map(|b| b.accelerator.as_str())
            .collect();
        assert_eq!(keys, ["Super+Alt+T", "Super+Alt+L", "Super+Alt+P"]);
        assert_eq!(options.hotkeys.len(), 3);
        assert_eq!(defaults.idle, Some(TimeDelta::minutes(10)));
        let off = Settings {
            idle_minutes: None,
            ..Settings::default()
        };
        assert_eq!(RunOptions::default().with_settings(&off).idle, None);
    }
}
