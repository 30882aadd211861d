//! A desktop of the test's own: Xvfb on a display it picks itself and a private
//! session bus with no service files, so the window never reaches a developer's screen,
//! bus or keyring, and CI needs no display at all.

use std::fs::File;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};

#[derive(Debug)]
pub struct Desktop {
    display: String,
    bus_address: String,
    xvfb: Child,
    bus: Child,
}

impl Desktop {
    /// Starts both, their logs and the bus socket under `dir`.
    pub fn start(dir: &Path, width: u32, height: u32) -> Result<Desktop, String> {
        let mut xvfb = Command::new("Xvfb")
            // `-displayfd 1`: Xvfb picks a free display and prints its number once it
            // takes clients, so reading it is also waiting for it.
            .args(["-displayfd", "1", "-nolisten", "tcp", "-screen", "0"])
            .arg(format!("{width}x{height}x24"))
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(log(&dir.join("Xvfb.log"))?)
            .spawn()
            .map_err(|e| format!("can't start Xvfb (Debian: xvfb): {e}"))?;
        let number = first_line(&mut xvfb);
        if number.parse::<u32>().is_err() {
            end(&mut xvfb);
            return Err(format!(
                "Xvfb did not start: {}",
                read(&dir.join("Xvfb.log"))
            ));
        }
        let config = dir.join("session-bus.conf");
        std::fs::write(&config, bus_config(&dir.join("bus")))
            .map_err(|e| format!("can't write {}: {e}", config.display()))?;
        let mut bus = match Command::new("dbus-daemon")
            .arg(format!("--config-file={}", config.display()))
            .args(["--print-address", "--nofork"])
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(log(&dir.join("dbus-daemon.log"))?)
            .spawn()
        {
            Ok(bus) => bus,
            Err(e) => {
                end(&mut xvfb);
                return Err(format!(
                    "can't start dbus-daemon (Debian: dbus-daemon): {e}"
                ));
            }
        };
        // Printed once the socket listens.
        let bus_address = first_line(&mut bus);
        if bus_address.is_empty() {
            end(&mut xvfb);
            end(&mut bus);
            return Err(format!(
                "dbus-daemon did not start: {}",
                read(&dir.join("dbus-daemon.log"))
            ));
        }
        Ok(Desktop {
            display: format!(":{number}"),
            bus_address,
            xvfb,
            bus,
        })
    }

    /// `:N`, for `DISPLAY`.
    pub fn display(&self) -> &str {
        &self.display
    }

    pub fn bus_address(&self) -> &str {
        &self.bus_address
    }
}

impl Drop for Desktop {
    fn drop(&mut self) {
        end(&mut self.bus);
        end(&mut self.xvfb);
    }
}

fn first_line(child: &mut Child) -> String {
    let mut line = String::new();
    if let Some(out) = child.stdout.take() {
        let _ = BufReader::new(out).read_line(&mut line);
    }
    line.trim().to_owned()
}

fn log(path: &Path) -> Result<File, String> {
    File::create(path).map_err(|e| format!("can't create {}: {e}", path.display()))
}

pub(crate) fn read(path: &Path) -> String {
    std::fs::read_to_string(path)
        .unwrap_or_default()
        .trim()
        .to_owned()
}

fn end(child: &mut Child) {
    let _ = child.kill();
    let _ = child.wait();
}

fn bus_config(socket: &Path) -> String {
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
