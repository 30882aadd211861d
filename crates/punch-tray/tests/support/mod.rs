//! What the tray's D-Bus tests share: a private bus, a panel on it, and the tray in a
//! process of its own on that bus.

#![allow(dead_code)] // each test binary uses its own part of this

pub mod bus;
pub mod models;
pub mod panel;
pub mod tray_process;

use std::time::{Duration, Instant};

/// How long any wait for the tray may take before the test fails: generous, since a
/// loaded CI machine is slow, and never reached when things work.
pub const DEADLINE: Duration = Duration::from_secs(20);

/// Waits for `condition` to hold, checking every few milliseconds, and fails the test
/// if it hasn't by [`DEADLINE`].
pub fn wait_until(what: &str, mut condition: impl FnMut() -> bool) {
    let deadline = Instant::now() + DEADLINE;
    while !condition() {
        assert!(Instant::now() < deadline, "timed out waiting until {what}");
        std::thread::sleep(Duration::from_millis(10));
    }
}
