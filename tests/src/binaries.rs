//! Where the programs under test are: the workspace's debug builds (or
//! `PUNCH_E2E_BIN_DIR`), tauri-driver where `cargo install` put it.

use std::path::{Path, PathBuf};

/// `target/debug`, or `$PUNCH_E2E_BIN_DIR` when set (a release run, say).
pub fn dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("PUNCH_E2E_BIN_DIR").filter(|d| !d.is_empty()) {
        return PathBuf::from(dir);
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap_or(Path::new("."))
        .to_path_buf();
    let target = match std::env::var_os("CARGO_TARGET_DIR").filter(|d| !d.is_empty()) {
        Some(dir) => root.join(dir),
        None => root.join("target"),
    };
    target.join("debug")
}

fn built(name: &str) -> PathBuf {
    let path = dir().join(name);
    assert!(
        path.is_file(),
        "{} is missing: `cargo xtask e2e` builds it (cargo build -p punch-app -p punch-cli -p zoho-sim) before running these tests",
        path.display()
    );
    path
}

pub fn punch_app() -> PathBuf {
    built("punch-app")
}

pub fn punch() -> PathBuf {
    built("punch")
}

/// tauri-driver: `$PUNCH_E2E_TAURI_DRIVER` (set by `cargo xtask e2e`), else from
/// `cargo install tauri-driver` (cargo's bin dir), else on `PATH`.
pub fn tauri_driver() -> PathBuf {
    if let Some(path) = std::env::var_os("PUNCH_E2E_TAURI_DRIVER").filter(|p| !p.is_empty()) {
        return PathBuf::from(path);
    }
    let cargo_bin = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")))
        .map(|home| home.join("bin").join("tauri-driver"));
    cargo_bin
        .filter(|p| p.is_file())
        .or_else(|| on_path("tauri-driver"))
        .expect("tauri-driver is missing: `cargo install tauri-driver --locked` (cargo xtask e2e does it)")
}

/// WebKitWebDriver (Debian: webkit2gtk-driver), which tauri-driver also finds itself
/// on `PATH`.
pub fn webkit_webdriver() -> Option<PathBuf> {
    on_path("WebKitWebDriver")
}

fn on_path(name: &str) -> Option<PathBuf> {
    std::env::split_paths(&std::env::var_os("PATH")?)
        .map(|dir| dir.join(name))
        .find(|p| p.is_file())
}
