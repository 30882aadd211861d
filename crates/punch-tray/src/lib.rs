//! `punch tray`: the process that stays resident all day, so it must cost almost
//! nothing. It holds the core, runs the sync loop, serves the change socket and shows
//! the tray, with no GTK and no WebKit linked: the window is a separate process.

pub mod model;

pub use model::{Action, RecentTarget, TrayFace, TrayModel};
