//! `punch tray`: the autostart entry, and one tray per PUNCH_HOME, through the real
//! binary. The tray under test has no session bus to reach (its address points into
//! the test's directory), so nothing of the user's desktop is touched.

mod common;

use std::os::unix::net::UnixDatagram;
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

use common::Punch;
use punch_core::changes::socket_path_in;

const DEADLINE: Duration = Duration::from_secs(20);

/// A `punch tray` running in the background, killed when dropped.
struct Tray(Child);

impl Drop for Tray {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn start_tray(punch: &Punch) -> Tray {
    let mut command = punch.command();
    command
        .arg("tray")
        .env(
            "DBUS_SESSION_BUS_ADDRESS",
            format!("unix:path={}", punch.root().join("no-bus").display()),
        )
        .env("PUNCH_SECRET_STORE", "file")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    let mut tray = Tray(command.spawn().unwrap());
    // Serving means something reads its change socket: a file alone may be a killed
    // tray's.
    let socket = socket_path_in(Some(&punch.root().join("run")), &punch.home());
    let serving = || UnixDatagram::unbound().unwrap().connect(&socket).is_ok();
    let deadline = Instant::now() + DEADLINE;
    while !serving() {
        assert!(
            Instant::now() < deadline,
            "punch tray never served {socket:?}"
        );
        assert!(
            tray.0.try_wait().unwrap().is_none(),
            "punch tray exited early"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    tray
}

#[test]
fn a_second_tray_on_the_same_home_exits_1_naming_the_home() {
    let punch = Punch::new();
    let _tray = start_tray(&punch);
    let message = punch.fails(&["tray"], 1, "conflict");
    let expected = format!(
        "punch tray is already running for {}",
        punch.home().display()
    );
    assert!(message.starts_with(&expected), "{message}");
    // The CLI keeps working beside the tray, pinging it after each commit.
    punch.ok(&["start", "--note", "beside the tray"]);
    punch.ok(&["stop"]);
}

#[test]
fn a_tray_that_was_killed_leaves_nothing_that_stops_the_next_one() {
    let punch = Punch::new();
    let socket = socket_path_in(Some(&punch.root().join("run")), &punch.home());
    drop(start_tray(&punch));
    assert!(socket.exists(), "a killed tray leaves its socket file");
    let _again = start_tray(&punch);
    punch.fails(&["tray"], 1, "conflict");
}

#[test]
fn autostart_on_writes_the_desktop_entry_and_off_removes_it() {
    let punch = Punch::new();
    let config = punch.root().join("config");
    let run = |args: &[&str]| {
        let mut command = punch.command();
        command.env("XDG_CONFIG_HOME", &config);
        punch.run_with(command, args)
    };
    let entry = config.join("autostart/punch.desktop");
    let on = run(&["tray", "--autostart", "on"]);
    assert_eq!(on.code, 0, "{on:?}");
    assert!(
        on.stdout.contains("starts with your desktop session"),
        "{on:?}"
    );
    let text = std::fs::read_to_string(&entry).unwrap();
    assert!(text.starts_with("[Desktop Entry]\n"), "{text}");
    assert!(text.lines().any(|l| l == "Exec=punch tray"), "{text}");
    assert!(text.lines().any(|l| l == "Type=Application"), "{text}");

    let off = run(&["tray", "--autostart", "off", "--json"]);
    assert_eq!(off.code, 0, "{off:?}");
    let doc = off.json();
    assert_eq!(doc["autostart"], false);
    assert_eq!(doc["path"], entry.display().to_string());
    assert!(!entry.exists());

    let bad = run(&["tray", "--autostart", "maybe"]);
    assert_eq!(bad.code, 2, "{bad:?}");
}

#[test]
fn without_xdg_config_home_autostart_goes_under_home() {
    let punch = Punch::new();
    punch.ok(&["tray", "--autostart", "on"]);
    assert!(
        punch
            .root()
            .join("user/.config/autostart/punch.desktop")
            .is_file()
    );
}
