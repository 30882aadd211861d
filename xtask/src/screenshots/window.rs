//! The window's pictures: every view of the real `punch-app`, in light and dark, on a
//! store seeded through zoho-sim. The driving is punch-e2e's `window-shots` (WebDriver
//! under Xvfb, like the end-to-end tests), so xtask needs no WebDriver client itself.

use std::path::PathBuf;

use super::{Shot, Shots};
use crate::{cmd, e2e, system};

/// The pictures worth publishing in docs/screenshots/ (the README shows them).
const PUBLISHED: &[&str] = &[
    "window-timer-light.png",
    "window-today-light.png",
    "window-quick-log-light.png",
    "window-week-light.png",
    "window-today-dark.png",
];

pub fn take(shots: &Shots) -> Result<Vec<Shot>, String> {
    system::ensure_packages(system::TEST_PACKAGES)?;
    system::ensure_packages(system::WINDOW_BUILD_PACKAGES)?;
    system::ensure_packages(e2e::E2E_PACKAGES)?;
    let driver = e2e::ensure_tauri_driver()?;
    // Debug builds, as the end-to-end tests use: a release build of the window costs
    // minutes and the pictures are the same.
    cmd::run(cmd::cargo().args([
        "build",
        "--package",
        "punch-app",
        "--package",
        "punch-cli",
        "--package",
        "punch-e2e",
        "--bin",
        "window-shots",
    ]))?;
    let debug = cmd::target_dir().join("debug");
    let listed = cmd::stdout_of(
        std::process::Command::new(debug.join("window-shots"))
            .arg(&shots.out)
            .env("PUNCH_E2E_BIN_DIR", &debug)
            .env("PUNCH_E2E_TAURI_DRIVER", &driver),
    )?;
    Ok(listed
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|line| {
            let path = PathBuf::from(line.trim());
            let publish = path
                .file_name()
                .is_some_and(|n| PUBLISHED.iter().any(|p| n == *p));
            Shot { path, publish }
        })
        .collect())
}
