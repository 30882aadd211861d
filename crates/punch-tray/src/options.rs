//! The tray's settings and the face used when a platform has none: what `run` is
//! given, kept apart from the loop that uses it.

use std::sync::Arc;

use chrono::TimeDelta;

use crate::actions::Activate;
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
        }
    }
}

impl RunOptions {
    /// The defaults, with Zoho's endpoint and the secret store as `punch` reads them.
    pub fn from_env() -> RunOptions {
        RunOptions {
            pass: PassConfig::from_env(),
            ..RunOptions::default()
        }
    }
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
