//! Installs what a task needs from the machine when missing, so fresh Debian and CI need no setup.

use std::process::Command;
use std::sync::atomic::{AtomicBool, Ordering};

use crate::cmd;

/// Debian packages `cargo xtask test` needs besides [`WINDOW_BUILD_PACKAGES`]: a private
/// session bus and a keyring for the tray and secret-store tests, an X server and
/// xdotool for the desktop ones.
pub const TEST_PACKAGES: &[&str] = &[
    "dbus-daemon",
    "dbus-bin",
    "gnome-keyring",
    "xvfb",
    "xdotool",
    "x11-utils",
];

/// What the Tauri window (punch-app) links against: without them the workspace does not
/// build, so `cargo xtask run` needs them as much as the tests do.
pub const WINDOW_BUILD_PACKAGES: &[&str] = &[
    "libwebkit2gtk-4.1-dev",
    "libayatana-appindicator3-dev",
    "librsvg2-dev",
    "libxdo-dev",
    "libssl-dev",
    "pkg-config",
];

/// Debian packages `cargo xtask bench` needs: the trackers Punch is compared with
/// (Timewarrior for the CLI, KTimeTracker for the tray), and the X server and session
/// bus the tray runs on.
pub const BENCH_PACKAGES: &[&str] = &["timewarrior", "ktimetracker", "xvfb", "dbus-daemon"];

/// Debian packages `cargo xtask screenshots` needs: an X server, Xfce's panel (a real
/// StatusNotifierItem host) with its settings daemon, fonts and icons for it, xdotool
/// to hover and click, xwd and ImageMagick to take and crop the pictures.
pub const SCREENSHOT_PACKAGES: &[&str] = &[
    "xvfb",
    "dbus-daemon",
    "xfce4-panel",
    "xfconf",
    "fonts-dejavu-core",
    "adwaita-icon-theme",
    "xdotool",
    "x11-apps",
    "imagemagick",
];

/// Rustup components the test task runs.
const RUST_COMPONENTS: &[(&str, &str)] = &[("fmt", "rustfmt"), ("clippy", "clippy")];

/// `apt-get update` is slow and needs the network; once per run is enough.
static APT_UPDATED: AtomicBool = AtomicBool::new(false);

/// Install the Debian packages that are missing, and only those.
pub fn ensure_packages(packages: &[&str]) -> Result<(), String> {
    let missing: Vec<&str> = packages
        .iter()
        .copied()
        .filter(|p| !is_installed(p))
        .collect();
    if missing.is_empty() {
        return Ok(());
    }
    let list = missing.join(" ");
    if !cmd::succeeds(Command::new("apt-get").arg("--version")) {
        return Err(format!(
            "this task needs {list}, and this machine has no apt-get: install it by hand"
        ));
    }
    let sudo = elevation().ok_or_else(|| {
        format!(
            "this task needs {list}: run `sudo apt-get install -y {list}` (installing it \
             here needs root or password-less sudo)"
        )
    })?;
    println!("xtask: installing {list} (apt-get)");
    if !APT_UPDATED.swap(true, Ordering::SeqCst) {
        cmd::run(&mut apt(sudo, &["update", "-q"]))?;
    }
    let mut install = vec!["install", "-y", "-q", "--no-install-recommends"];
    install.extend(&missing);
    cmd::run(&mut apt(sudo, &install))?;
    match missing.iter().find(|p| !is_installed(p)) {
        Some(p) => Err(format!("apt-get ran, yet {p} is still not installed")),
        None => Ok(()),
    }
}

/// `dpkg -s` also knows packages that were removed but left their config behind, so
/// only its "install ok installed" status counts.
fn is_installed(package: &str) -> bool {
    cmd::stdout_of(Command::new("dpkg").args(["-s", package])).is_ok_and(|text| {
        text.lines()
            .any(|l| l.starts_with("Status:") && l.ends_with("install ok installed"))
    })
}

/// `Some(false)` as root, `Some(true)` when sudo works without a password (a prompt
/// would hang CI), `None` when installing is not possible.
fn elevation() -> Option<bool> {
    let uid = cmd::stdout_of(Command::new("id").arg("-u")).ok()?;
    if uid.trim() == "0" {
        return Some(false);
    }
    cmd::succeeds(Command::new("sudo").args(["-n", "true"])).then_some(true)
}

fn apt(sudo: bool, args: &[&str]) -> Command {
    let mut command = if sudo {
        let mut c = Command::new("sudo");
        c.args(["-n", "apt-get"]);
        c
    } else {
        Command::new("apt-get")
    };
    // Never stop to ask about config files or restarting services.
    command.env("DEBIAN_FRONTEND", "noninteractive").args(args);
    command
}

/// rustfmt and clippy come with rustup's default profile but not its minimal one, which
/// CI images often use.
pub fn ensure_rust_components() -> Result<(), String> {
    let missing: Vec<&str> = RUST_COMPONENTS
        .iter()
        .filter(|(sub, _)| !cmd::succeeds(cmd::cargo().args([sub, "--version"])))
        .map(|&(_, component)| component)
        .collect();
    if missing.is_empty() {
        return Ok(());
    }
    if !cmd::succeeds(Command::new("rustup").arg("--version")) {
        return Err(format!(
            "cargo lacks {} and there is no rustup to add it: install it with your toolchain",
            missing.join(" and ")
        ));
    }
    println!("xtask: installing {} (rustup)", missing.join(" "));
    cmd::run(
        Command::new("rustup")
            .args(["component", "add"])
            .args(&missing),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nothing_to_install_means_no_apt_at_all() {
        // Must not need apt-get, root or the network.
        assert_eq!(ensure_packages(&[]), Ok(()));
    }

    #[test]
    fn an_unknown_package_is_not_installed() {
        assert!(!is_installed("punch-no-such-package-xyz"));
    }
}
