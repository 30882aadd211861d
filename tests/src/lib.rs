//! The window's end-to-end rig: the real `punch-app`, `punch` and zoho-sim, driven over
//! WebDriver on a desktop of the test's own, so the acceptance scenarios run as a person
//! would run them, in CI too. `cargo xtask e2e` builds the binaries, then runs the tests.

pub mod binaries;
mod desktop;
pub mod page;
pub mod rig;

use std::time::Duration;

pub use page::Page;
pub use rig::{Launch, Rig};

/// How long anything may take to show before a test gives up: generous, since the two
/// cores may be busy with a build and a debug WebKit window is slow to start.
pub const DEADLINE: Duration = Duration::from_secs(60);
