//! The desktop's session bus: a `dbus-daemon` on a socket of its own with no service
//! files, so nothing is started by activation behind the task's back and every program
//! on it is one the task started.

use std::fs::File;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};

#[derive(Debug)]
pub struct SessionBus {
    daemon: Child,
    address: String,
}

impl SessionBus {
    /// A bus listening in `dir`, its complaints in `log_path`.
    pub fn start(dir: &Path, log_path: &Path) -> Result<SessionBus, String> {
        let config = dir.join("session-bus.conf");
        std::fs::write(&config, config_text(&dir.join("bus")))
            .map_err(|e| format!("can't write {}: {e}", config.display()))?;
        let log = File::create(log_path)
            .map_err(|e| format!("can't create {}: {e}", log_path.display()))?;
        let mut daemon = Command::new("dbus-daemon")
            .arg(format!("--config-file={}", config.display()))
            .args(["--print-address", "--nofork"])
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(log)
            .spawn()
            .map_err(|e| format!("can't start dbus-daemon (Debian: dbus-daemon): {e}"))?;
        // Printed once the socket listens, so the bus is ready when this is read.
        let mut address = String::new();
        if let Some(out) = daemon.stdout.take() {
            let _ = BufReader::new(out).read_line(&mut address);
        }
        let address = address.trim().to_owned();
        if address.is_empty() {
            let _ = daemon.kill();
            let _ = daemon.wait();
            return Err(format!(
                "dbus-daemon did not start: {}",
                std::fs::read_to_string(log_path).unwrap_or_default().trim()
            ));
        }
        Ok(SessionBus { daemon, address })
    }

    pub fn address(&self) -> &str {
        &self.address
    }

    pub fn connect(&self) -> Result<zbus::blocking::Connection, String> {
        zbus::blocking::connection::Builder::address(self.address())
            .and_then(|builder| builder.build())
            .map_err(|e| format!("can't connect to the desktop's bus: {e}"))
    }
}

impl Drop for SessionBus {
    fn drop(&mut self) {
        let _ = self.daemon.kill();
        let _ = self.daemon.wait();
    }
}

fn config_text(socket: &Path) -> String {
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
        socket.display()
    )
}
