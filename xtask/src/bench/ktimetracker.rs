//! KTimeTracker, the tray yardstick: KDE's resident time tracker from Debian, started on
//! the same desktop as `punch tray` and given a running timer through its own D-Bus
//! interface, since it has no command line for that.

use std::process::Command;

use zbus::blocking::Connection;

use crate::cmd;
use crate::desktop::Desktop;

const BUS_NAME: &str = "org.kde.ktimetracker";
const PATH: &str = "/KTimeTracker";
const INTERFACE: &str = "org.kde.ktimetracker.ktimetracker";
/// The name under this desktop's programs.
pub const PROGRAM: &str = "ktimetracker";

#[derive(Debug)]
pub struct KTimeTracker {
    pub pid: u32,
    pub version: String,
}

impl KTimeTracker {
    /// Starts it on `desktop`, with a fresh calendar (its home is the desktop's), and
    /// waits until it answers on the bus.
    pub fn start(desktop: &mut Desktop) -> Result<KTimeTracker, String> {
        let version = cmd::stdout_of(Command::new("dpkg-query").args([
            "-W",
            "-f",
            "${Version}",
            "ktimetracker",
        ]))
        .map_err(|_| "KTimeTracker is not installed (Debian: ktimetracker)".to_owned())?;
        let command = desktop.command(PROGRAM);
        let pid = desktop.spawn(PROGRAM, command)?;
        desktop.wait_for_bus_name(PROGRAM, BUS_NAME)?;
        Ok(KTimeTracker {
            pid,
            // `4:5.0.1-3` → `5.0.1`: the epoch and Debian's revision say nothing here.
            version: upstream_version(&version),
        })
    }

    /// Adds a task and starts its timer, as a click in its window would.
    pub fn start_timer(&self, conn: &Connection, task: &str) -> Result<(), String> {
        let call = |method: &str| {
            conn.call_method(Some(BUS_NAME), PATH, Some(INTERFACE), method, &(task,))
                .map_err(|e| format!("KTimeTracker's {method}({task:?}) failed: {e}"))
        };
        call("addTask")?;
        let started: bool = call("startTimerForTaskName")?
            .body()
            .deserialize()
            .map_err(|e| format!("KTimeTracker's startTimerForTaskName answer: {e}"))?;
        if started {
            Ok(())
        } else {
            Err(format!("KTimeTracker did not start a timer on {task:?}"))
        }
    }
}

fn upstream_version(debian: &str) -> String {
    let without_epoch = debian.split_once(':').map_or(debian, |(_, v)| v);
    let upstream = without_epoch
        .rsplit_once('-')
        .map_or(without_epoch, |(v, _)| v);
    upstream.to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debian_versions_lose_epoch_and_revision() {
        assert_eq!(upstream_version("4:5.0.1-3"), "5.0.1");
        assert_eq!(upstream_version("5.0.1"), "5.0.1");
    }
}
