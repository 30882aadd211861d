//! Desktop notifications against a private session bus (never the user's): a fake
//! notification server records what Punch sends; with no server, or one whose D-Bus
//! activation hangs, sending gives up promptly. `notify-rust` finds the bus through
//! `DBUS_SESSION_BUS_ADDRESS`, so each send runs in a child copy of this test binary
//! with that variable set, instead of changing this process's environment.

use std::collections::HashMap;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use punch_tray::notify::{Deliver, Delivery, Desktop, Note};

const CHILD: &str = "send_one_note_in_a_child";
const CHILD_EXPECT: &str = "PUNCH_NOTIFY_TEST_EXPECT";
/// "Promptly", generously: the send itself gives up after 2 s.
const PROMPTLY: Duration = Duration::from_secs(5);

/// A dbus-daemon of the test's own, stopped when dropped.
struct Bus {
    daemon: Child,
    address: String,
    /// Holds the bus's socket and configuration until the bus is gone.
    _dir: tempfile::TempDir,
}

impl Bus {
    /// `service` is the `Exec=` of an activatable notification server, if any.
    fn start(service: Option<&str>) -> Bus {
        let dir = tempfile::tempdir().unwrap();
        let services = dir.path().join("services");
        std::fs::create_dir(&services).unwrap();
        if let Some(exec) = service {
            std::fs::write(
                services.join("org.freedesktop.Notifications.service"),
                format!("[D-BUS Service]\nName=org.freedesktop.Notifications\nExec={exec}\n"),
            )
            .unwrap();
        }
        let config = dir.path().join("bus.conf");
        std::fs::write(
            &config,
            format!(
                r#"<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:path={}</listen>
  <servicedir>{}</servicedir>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
  <limit name="service_start_timeout">120000</limit>
</busconfig>
"#,
                dir.path().join("bus").display(),
                services.display()
            ),
        )
        .unwrap();
        let mut daemon = Command::new("dbus-daemon")
            .arg(format!("--config-file={}", config.display()))
            .args(["--nofork", "--print-address"])
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            // It warns that it can't raise its fd limit; harmless here.
            .stderr(Stdio::null())
            .spawn()
            .expect("dbus-daemon (Debian's dbus-daemon package) runs the test's bus");
        let mut address = String::new();
        BufReader::new(daemon.stdout.take().unwrap())
            .read_line(&mut address)
            .unwrap();
        Bus {
            daemon,
            address: address.trim().to_owned(),
            _dir: dir,
        }
    }

    /// Send one note from a child process on this bus; returns what it printed.
    fn send_from_child(&self, expect: &str) -> String {
        let output = Command::new(std::env::current_exe().unwrap())
            .args([
                CHILD,
                "--exact",
                "--ignored",
                "--nocapture",
                "--test-threads=1",
            ])
            .env("DBUS_SESSION_BUS_ADDRESS", &self.address)
            .env(CHILD_EXPECT, expect)
            .stdin(Stdio::null())
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
        assert!(
            output.status.success(),
            "the child failed:\n{stdout}\n{}",
            String::from_utf8_lossy(&output.stderr)
        );
        stdout
    }
}

impl Drop for Bus {
    fn drop(&mut self) {
        let _ = self.daemon.kill();
        let _ = self.daemon.wait();
    }
}

/// The child's half: one note through the real desktop path, judged by how it ended.
#[test]
#[ignore = "run by the other tests, on their private bus"]
fn send_one_note_in_a_child() {
    let expect = std::env::var(CHILD_EXPECT).expect("only run from the other tests");
    let note = Note::rejected(1, &["books: Time entry date is in a locked period".into()]);
    let started = Instant::now();
    let delivery = Desktop::default().deliver(&note);
    let took = started.elapsed();
    println!("delivery: {delivery:?}");
    match expect.as_str() {
        "shown" => assert_eq!(delivery, Delivery::Shown),
        // No server and nothing to activate: the bus says so at once.
        "failed" => assert!(matches!(delivery, Delivery::Failed(_)), "{delivery:?}"),
        // Activation that never ends: Punch stops waiting.
        "timed out" => assert_eq!(delivery, Delivery::TimedOut),
        other => panic!("unknown expectation {other}"),
    }
    assert!(took < PROMPTLY, "sending blocked for {took:?}");
}

type Calls = Arc<Mutex<Vec<(String, String, String)>>>;

struct FakeServer(Calls);

#[zbus::interface(name = "org.freedesktop.Notifications")]
impl FakeServer {
    #[allow(clippy::too_many_arguments)]
    fn notify(
        &self,
        app_name: String,
        _replaces_id: u32,
        _app_icon: String,
        summary: String,
        body: String,
        _actions: Vec<String>,
        _hints: HashMap<String, zbus::zvariant::OwnedValue>,
        _expire_timeout: i32,
    ) -> u32 {
        let mut calls = self.0.lock().unwrap();
        calls.push((app_name, summary, body));
        calls.len() as u32
    }

    fn get_capabilities(&self) -> Vec<String> {
        vec!["body".into()]
    }

    fn get_server_information(&self) -> (String, String, String, String) {
        (
            "fake".into(),
            "punch tests".into(),
            "1".into(),
            "1.2".into(),
        )
    }

    fn close_notification(&self, _id: u32) {}
}

#[test]
fn a_note_reaches_the_notification_server_with_its_summary_and_body() {
    let bus = Bus::start(None);
    let calls = Calls::default();
    let _server = zbus::blocking::connection::Builder::address(bus.address.as_str())
        .unwrap()
        .name("org.freedesktop.Notifications")
        .unwrap()
        .serve_at("/org/freedesktop/Notifications", FakeServer(calls.clone()))
        .unwrap()
        .build()
        .unwrap();
    bus.send_from_child("shown");
    let calls = calls.lock().unwrap();
    assert_eq!(calls.len(), 1, "{calls:?}");
    let (app, summary, body) = &calls[0];
    assert_eq!(app, "Punch");
    assert_eq!(summary, "Zoho refused an entry");
    assert!(
        body.contains("Time entry date is in a locked period"),
        "{body}"
    );
}

#[test]
fn with_no_notification_server_sending_gives_up_promptly() {
    let bus = Bus::start(None);
    bus.send_from_child("failed");
}

#[test]
fn a_server_that_hangs_in_activation_does_not_hold_punch_up() {
    let scratch = tempfile::tempdir().unwrap();
    let alive = scratch.path().join("alive");
    std::fs::write(&alive, "").unwrap();
    // Never claims the name, so the bus would wait for it for two minutes; it ends on
    // its own once `scratch` is gone (or after a minute at most).
    let script = hanging_server(scratch.path(), &alive);
    let bus = Bus::start(Some(script.to_str().unwrap()));
    bus.send_from_child("timed out");
}

fn hanging_server(dir: &Path, alive: &Path) -> PathBuf {
    use std::os::unix::fs::PermissionsExt;
    let script = dir.join("hang.sh");
    std::fs::write(
        &script,
        format!(
            "#!/bin/sh\ni=0\nwhile [ -e '{}' ] && [ $i -lt 300 ]; do sleep 0.2; i=$((i+1)); done\n",
            alive.display()
        ),
    )
    .unwrap();
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
    script
}
