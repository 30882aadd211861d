//! `cargo xtask e2e`: the window's end-to-end tests (tests/, package punch-e2e), with
//! what they need installed and built first, so they run the same on a fresh machine,
//! in CI (no display: each test starts its own Xvfb) and as `cargo xtask test`'s last
//! step.

use std::path::PathBuf;
use std::process::Command;

use crate::{cmd, system};

/// Debian packages the tests drive the window with, beyond what building it needs
/// (`system::TEST_PACKAGES`): WebKitGTK's WebDriver, an X server, a session bus.
pub const E2E_PACKAGES: &[&str] = &["webkit2gtk-driver", "xvfb", "dbus-daemon"];

/// tauri-driver, the WebDriver front Tauri apps need, from crates.io.
const TAURI_DRIVER: &str = "tauri-driver";
const TAURI_DRIVER_VERSION: &str = "^2";

/// Everything: install, build, test.
pub fn run() -> Result<(), String> {
    system::ensure_packages(system::TEST_PACKAGES)?;
    system::ensure_packages(system::WINDOW_BUILD_PACKAGES)?;
    system::ensure_packages(E2E_PACKAGES)?;
    let driver = ensure_tauri_driver()?;
    // The tests start these binaries themselves, from target/debug.
    cmd::run(cmd::cargo().args([
        "build",
        "--package",
        "punch-app",
        "--package",
        "punch-cli",
        "--package",
        "zoho-sim",
    ]))?;
    let mut tests = cmd::cargo();
    tests
        .args(["test", "--package", "punch-e2e", "--tests", "--"])
        // Ignored so that `cargo test --workspace` leaves them to this task; one at a
        // time, since each starts a WebKit window and two cores are few.
        .args(["--ignored", "--test-threads", "1"])
        .env("PUNCH_E2E_BIN_DIR", cmd::target_dir().join("debug"))
        .env("PUNCH_E2E_TAURI_DRIVER", &driver);
    println!("xtask: {}", cmd::describe(&tests));
    cmd::run(&mut tests)
}

/// This very task as a command, for `cargo xtask test` to run as a step of its own.
pub fn command() -> Command {
    let program = std::env::current_exe().unwrap_or_else(|_| PathBuf::from("cargo-xtask"));
    let mut command = Command::new(program);
    command.current_dir(cmd::root()).arg("e2e");
    command
}

/// tauri-driver's path, installed with `cargo install` when it is nowhere.
pub fn ensure_tauri_driver() -> Result<PathBuf, String> {
    if let Some(found) = find_tauri_driver() {
        return Ok(found);
    }
    println!("xtask: installing {TAURI_DRIVER} (cargo install)");
    cmd::run(cmd::cargo().args([
        "install",
        TAURI_DRIVER,
        "--locked",
        "--version",
        TAURI_DRIVER_VERSION,
    ]))?;
    find_tauri_driver().ok_or_else(|| {
        format!("cargo installed {TAURI_DRIVER}, yet it is neither in cargo's bin dir nor on PATH")
    })
}

/// In cargo's bin dir (where `cargo install` puts it), else on `PATH`.
fn find_tauri_driver() -> Option<PathBuf> {
    let cargo_home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")));
    let in_cargo_home = cargo_home.map(|home| home.join("bin").join(TAURI_DRIVER));
    in_cargo_home.filter(|p| p.is_file()).or_else(|| {
        std::env::split_paths(&std::env::var_os("PATH")?)
            .map(|dir| dir.join(TAURI_DRIVER))
            .find(|p| p.is_file())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_step_runs_this_task() {
        let command = command();
        let args: Vec<_> = command.get_args().collect();
        assert_eq!(args, ["e2e"]);
        assert_eq!(command.get_current_dir(), Some(cmd::root().as_path()));
    }
}
