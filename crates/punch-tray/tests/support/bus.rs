//! A session bus of the test's own, so no test ever talks to the user's desktop: a
//! `dbus-daemon` on a socket in a temp dir, with no service files, so nothing on it
//! is started by activation and a missing service stays missing.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

use tempfile::TempDir;

#[derive(Debug)]
pub struct PrivateBus {
    daemon: Child,
    address: String,
    _dir: TempDir,
}

impl PrivateBus {
    pub fn start() -> Self {
        let dir = tempfile::tempdir().expect("a temp dir for the bus");
        let config = dir.path().join("session.conf");
        std::fs::write(
            &config,
            format!(
                r#"<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:path={}</listen>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
"#,
                dir.path().join("bus").display()
            ),
        )
        .expect("the bus config is written");
        // Its complaints (as root: it can't raise its fd limit) go to a file, shown only
        // when it fails to start.
        let log_path = dir.path().join("dbus-daemon.log");
        let log = std::fs::File::create(&log_path).expect("the bus log is created");
        let mut daemon = Command::new("dbus-daemon")
            .arg(format!("--config-file={}", config.display()))
            .args(["--print-address", "--nofork"])
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(log)
            .spawn()
            .expect("dbus-daemon runs (Debian: dbus-daemon)");
        // The address is printed once the socket listens, so it is ready when read.
        let mut address = String::new();
        BufReader::new(daemon.stdout.take().expect("piped stdout"))
            .read_line(&mut address)
            .expect("dbus-daemon prints its address");
        let address = address.trim().to_owned();
        assert!(
            !address.is_empty(),
            "dbus-daemon exited without an address: {}",
            std::fs::read_to_string(&log_path).unwrap_or_default()
        );
        PrivateBus {
            daemon,
            address,
            _dir: dir,
        }
    }

    pub fn address(&self) -> &str {
        &self.address
    }

    pub fn connect(&self) -> zbus::blocking::Connection {
        zbus::blocking::connection::Builder::address(self.address())
            .and_then(|builder| builder.build())
            .expect("the private bus accepts connections")
    }

    /// Whether some connection owns a name starting with `prefix`.
    pub fn has_name_starting(&self, prefix: &str) -> bool {
        let conn = self.connect();
        let names: Vec<String> = conn
            .call_method(
                Some("org.freedesktop.DBus"),
                "/org/freedesktop/DBus",
                Some("org.freedesktop.DBus"),
                "ListNames",
                &(),
            )
            .and_then(|reply| reply.body().deserialize())
            .expect("the bus lists its names");
        names.iter().any(|name| name.starts_with(prefix))
    }
}

impl Drop for PrivateBus {
    fn drop(&mut self) {
        let _ = self.daemon.kill();
        let _ = self.daemon.wait();
    }
}
