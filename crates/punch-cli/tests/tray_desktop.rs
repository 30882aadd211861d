//! The real `punch tray`, driven as a desktop shell drives it: a panel on a private
//! session bus reads its title and menu and clicks it over D-Bus, while the CLI and the
//! store say what really happened.

mod common;

#[path = "../../punch-tray/tests/support/mod.rs"]
mod support;

use std::process::{Child, Stdio};

use common::Punch;
use serde_json::Value;
use support::bus::PrivateBus;
use support::panel::{Item, Panel};
use support::wait_until;

/// `punch tray` on the private bus, killed when dropped.
struct Tray(Child);

impl Drop for Tray {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn start_tray(punch: &Punch, bus: &PrivateBus) -> Tray {
    let mut command = punch.command();
    command
        .arg("tray")
        .env("DBUS_SESSION_BUS_ADDRESS", bus.address())
        .env("PUNCH_SECRET_STORE", "file")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    Tray(command.spawn().expect("punch tray starts"))
}

fn running(punch: &Punch) -> Value {
    punch.json(&["status"])["running"].clone()
}

fn running_target(punch: &Punch) -> Option<String> {
    running(punch)["target"].as_str().map(str::to_owned)
}

/// The menu line that starts with `prefix` (Continue names its target).
fn label_starting(item: &Item<'_>, prefix: &str) -> String {
    item.menu()
        .labels()
        .into_iter()
        .find(|l| l.starts_with(prefix))
        .unwrap_or_else(|| panic!("no menu line starts with {prefix:?}"))
}

#[test]
fn a_panel_drives_the_real_tray_and_the_cli_and_tray_agree() {
    let bus = PrivateBus::start();
    let panel = Panel::start(&bus);
    let punch = Punch::new();
    // Two recent targets, so Start ▸ offers both.
    punch.ok(&[
        "log",
        "20m",
        "--target",
        "books:1001/2002",
        "--note",
        "review",
    ]);
    punch.ok(&["log", "15m", "--target", "people:777", "--note", "standup"]);
    let mut tray = start_tray(&punch, &bus);
    let item = panel.next_item();
    item.wait_for_title("Punch");

    // A start from the CLI reaches the tray's title without anyone polling. It began
    // ten minutes ago, so stopping keeps it (a timer under a minute is discarded).
    let began = common::rfc(common::now() - chrono::TimeDelta::minutes(10));
    punch.ok(&["start", "people:777", "--note", "support", "--at", &began]);
    wait_until("the title shows the CLI's timer", || {
        item.title().contains("people:777 · support")
    });
    wait_until("Stop can be clicked", || {
        item.menu().find("Stop").is_some_and(|stop| stop.enabled)
    });

    // Stop, clicked in the menu, stops the timer in the store.
    item.click("Stop");
    item.wait_for_title("Punch");
    assert_eq!(running(&punch), Value::Null);

    // Continue names the last target and starts it again.
    let continue_label = label_starting(&item, "Continue ");
    assert!(continue_label.contains("people:777"), "{continue_label}");
    item.click(&continue_label);
    wait_until("Continue starts a timer", || {
        running_target(&punch).as_deref() == Some("people:777")
    });
    wait_until("the title follows Continue", || {
        item.title().contains("people:777")
    });

    // A recent target under Start ▸ switches to it.
    item.click("books:1001/2002");
    wait_until("the recent target runs", || {
        running_target(&punch).as_deref() == Some("books:1001/2002")
    });
    wait_until("the title follows the switch", || {
        item.title().contains("books:1001/2002")
    });

    // A left click toggles (the default setting): it stops…
    item.activate();
    item.wait_for_title("Punch");
    assert_eq!(running(&punch), Value::Null);
    // …and then does what Continue offers. (The timers the clicks started ran under a
    // minute and were discarded, so the last entry kept is the CLI's.)
    let offered = label_starting(&item, "Continue ");
    assert_eq!(offered, "Continue people:777");
    item.activate();
    wait_until("Activate continues the last entry", || {
        running_target(&punch).as_deref() == Some("people:777")
    });
    assert_eq!(running(&punch)["note"], "support");
    // Quit may end the tray before its answer leaves; what counts is a clean exit.
    let _ = item.try_click("Quit");
    wait_until("Quit ends the tray", || {
        tray.0
            .try_wait()
            .unwrap()
            .is_some_and(|status| status.success())
    });
}

#[test]
fn the_tray_click_setting_opens_the_window_instead() {
    let bus = PrivateBus::start();
    let panel = Panel::start(&bus);
    let punch = Punch::new();
    std::fs::create_dir_all(punch.home()).unwrap();
    std::fs::write(
        punch.home().join("settings.json"),
        r#"{"tray_click": "open_window"}"#,
    )
    .unwrap();
    // A stand-in window that records how it was started.
    let bin = punch.root().join("bin");
    std::fs::create_dir_all(&bin).unwrap();
    let seen = punch.root().join("window-args");
    let app = bin.join("punch-app");
    std::fs::write(
        &app,
        format!(
            "#!/bin/sh\necho \"$@\" > {0}.tmp && mv {0}.tmp {0}\n",
            seen.display()
        ),
    )
    .unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&app, std::fs::Permissions::from_mode(0o755)).unwrap();
    let mut command = punch.command();
    command
        .arg("tray")
        .env("DBUS_SESSION_BUS_ADDRESS", bus.address())
        .env("PATH", format!("{}:/usr/bin:/bin", bin.display()))
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    let _tray = Tray(command.spawn().unwrap());
    let item = panel.next_item();
    item.activate();
    wait_until("the window is started", || seen.exists());
    assert_eq!(
        std::fs::read_to_string(&seen).unwrap().trim(),
        "--view timer"
    );
    assert_eq!(running(&punch), Value::Null, "the click started nothing");
}
