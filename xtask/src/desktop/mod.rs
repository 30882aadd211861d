//! A desktop of the task's own: an X server under Xvfb, a private session bus, and a home
//! and XDG directories in a folder of the task's, so nothing the bench or the screenshots
//! start can reach the user's own desktop, bus or files. Everything started on it ends
//! when it is dropped.

mod display;
mod session_bus;
pub mod watcher;

use std::fs::File;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use display::Display;
use session_bus::SessionBus;

/// How long anything on the desktop may take to appear before the task gives up:
/// generous, since two cores may be busy with a build.
pub const DEADLINE: Duration = Duration::from_secs(30);

#[derive(Debug)]
pub struct Desktop {
    root: PathBuf,
    /// Programs started on the desktop, ended in reverse order on drop.
    programs: Vec<(String, Child)>,
    bus: SessionBus,
    display: Display,
}

impl Desktop {
    /// An X screen of `width`×`height` and a bus, with their state under `root`.
    pub fn start(root: &Path, width: u32, height: u32) -> Result<Desktop, String> {
        for dir in [
            "home", "config", "data", "cache", "state", "runtime", "logs",
        ] {
            let path = root.join(dir);
            std::fs::create_dir_all(&path)
                .map_err(|e| format!("can't create {}: {e}", path.display()))?;
        }
        // Programs refuse a runtime dir others can read (the XDG spec says 0700).
        set_private(&root.join("runtime"))?;
        let display = Display::start(width, height, &root.join("logs/Xvfb.log"))?;
        let bus = SessionBus::start(&root.join("runtime"), &root.join("logs/dbus-daemon.log"))?;
        Ok(Desktop {
            root: root.to_path_buf(),
            programs: Vec::new(),
            bus,
            display,
        })
    }

    pub fn bus_address(&self) -> &str {
        self.bus.address()
    }

    /// A connection of the task's own to the desktop's bus.
    pub fn connect(&self) -> Result<zbus::blocking::Connection, String> {
        self.bus.connect()
    }

    /// Where this desktop's programs keep their files: `$HOME`, `$XDG_*_HOME`.
    pub fn dir(&self, name: &str) -> PathBuf {
        self.root.join(name)
    }

    /// `program` with this desktop's display, bus, home and XDG directories, and no
    /// trace of the user's own session.
    pub fn command(&self, program: impl AsRef<std::ffi::OsStr>) -> Command {
        let mut command = Command::new(program);
        command
            .env("DISPLAY", self.display.name())
            .env("DBUS_SESSION_BUS_ADDRESS", self.bus.address())
            .env("HOME", self.dir("home"))
            .env("XDG_CONFIG_HOME", self.dir("config"))
            .env("XDG_DATA_HOME", self.dir("data"))
            .env("XDG_CACHE_HOME", self.dir("cache"))
            .env("XDG_STATE_HOME", self.dir("state"))
            .env("XDG_RUNTIME_DIR", self.dir("runtime"))
            .env("PUNCH_SECRET_STORE", "file")
            // Accessibility's own bus is not on this desktop; without this every GTK
            // and Qt program waits for it and logs a warning.
            .env("NO_AT_BRIDGE", "1")
            .env("LANG", "C.UTF-8")
            .env_remove("LC_ALL")
            .env_remove("WAYLAND_DISPLAY")
            .env_remove("SESSION_MANAGER")
            .env_remove("DBUS_SYSTEM_BUS_ADDRESS")
            .env_remove("PUNCH_LOG")
            .env_remove("PUNCH_ZOHO_ENDPOINT")
            .stdin(Stdio::null());
        command
    }

    /// Starts `command` (made by [`Desktop::command`]) in the background, its output in
    /// `logs/<name>.log`, and returns its process id. It runs until the desktop ends.
    pub fn spawn(&mut self, name: &str, mut command: Command) -> Result<u32, String> {
        let log_path = self.log_path(name);
        let log = File::create(&log_path)
            .map_err(|e| format!("can't create {}: {e}", log_path.display()))?;
        let err = log.try_clone().map_err(|e| e.to_string())?;
        let child = command
            .stdout(log)
            .stderr(err)
            .spawn()
            .map_err(|e| format!("can't start `{}`: {e}", crate::cmd::describe(&command)))?;
        let pid = child.id();
        self.programs.push((name.to_owned(), child));
        Ok(pid)
    }

    pub fn log_path(&self, name: &str) -> PathBuf {
        self.root.join("logs").join(format!("{name}.log"))
    }

    /// Fails with the program's log when it has already exited, so a program that
    /// can't start is reported in its own words instead of as a time-out.
    pub fn still_running(&mut self, name: &str) -> Result<(), String> {
        let Some((_, child)) = self.programs.iter_mut().find(|(n, _)| n == name) else {
            return Err(format!("{name} was never started"));
        };
        match child.try_wait() {
            Ok(None) => Ok(()),
            Ok(Some(status)) => Err(format!(
                "{name} exited ({status}): {}",
                std::fs::read_to_string(self.log_path(name))
                    .unwrap_or_default()
                    .trim()
            )),
            Err(e) => Err(format!("can't tell whether {name} runs: {e}")),
        }
    }

    /// Waits until some connection on the bus owns `name` (a program's sign that it is
    /// up), while checking that `program` has not died meanwhile.
    pub fn wait_for_bus_name(&mut self, program: &str, name: &str) -> Result<(), String> {
        let conn = self.connect()?;
        let dbus = zbus::blocking::fdo::DBusProxy::new(&conn).map_err(|e| e.to_string())?;
        let wanted = zbus::names::BusName::try_from(name).map_err(|e| e.to_string())?;
        wait_until(&format!("{program} owns {name} on the bus"), || {
            self.still_running(program)?;
            Ok(dbus.name_has_owner(wanted.clone()).unwrap_or(false))
        })
    }

    /// Ends the program called `name` now, rather than with the desktop.
    pub fn stop(&mut self, name: &str) {
        if let Some(at) = self.programs.iter().position(|(n, _)| n == name) {
            let (_, mut child) = self.programs.remove(at);
            end(&mut child);
        }
    }
}

impl Drop for Desktop {
    fn drop(&mut self) {
        while let Some((_, mut child)) = self.programs.pop() {
            end(&mut child);
        }
    }
}

fn end(child: &mut Child) {
    let _ = child.kill();
    let _ = child.wait();
}

/// Polls `condition` every 20 ms until it holds, fails, or [`DEADLINE`] passes.
pub fn wait_until(
    what: &str,
    mut condition: impl FnMut() -> Result<bool, String>,
) -> Result<(), String> {
    let deadline = Instant::now() + DEADLINE;
    loop {
        if condition()? {
            return Ok(());
        }
        if Instant::now() > deadline {
            return Err(format!(
                "gave up after {}s waiting until {what}",
                DEADLINE.as_secs()
            ));
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn set_private(dir: &Path) -> Result<(), String> {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700))
        .map_err(|e| format!("can't make {} private: {e}", dir.display()))
}
