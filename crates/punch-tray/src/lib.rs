//! `punch tray`: the process that stays resident all day, so it must cost almost
//! nothing. It holds the core, runs the sync loop, serves the change socket and shows
//! the tray, with no GTK and no WebKit linked: the window is a separate process.

pub mod actions;
pub mod autostart;
mod bindings;
pub mod hotkeys;
mod icons;
pub mod idle;
pub mod instance;
pub mod menu;
pub mod model;
pub mod network;
pub mod notify;
pub mod nudges;
pub mod options;
pub mod passes;
mod resident;
pub mod run;
pub mod schedule;
pub mod settings_file;
pub mod sni;
pub mod title;
pub mod view;
pub mod window;

pub use model::{Action, RecentTarget, TrayFace, TrayModel};
pub use options::{FaceError, LogFace, RunOptions};
pub use run::run;
