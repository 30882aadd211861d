//! The window needs the tray: it syncs, serves the change socket and relays changes.
//! When no `punch tray` runs for this home, the window starts one, detached, so it
//! stays when the window closes.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// `punch` next to this executable (an install or a build directory), else on `PATH`.
pub fn punch_program() -> Option<PathBuf> {
    let beside = std::env::current_exe()
        .ok()
        .and_then(|exe| exe.parent().map(|dir| dir.join("punch")))
        .filter(|path| path.is_file());
    beside.or_else(|| punch_tray::window::find("punch"))
}

/// Set to `1` to keep the window from starting a tray (tests that run their own).
pub const NO_TRAY: &str = "PUNCH_APP_NO_TRAY";

/// Start `punch tray` for `home` unless one runs; `Ok(true)` when one was started.
pub fn ensure_running(home: &Path) -> std::io::Result<bool> {
    if std::env::var_os(NO_TRAY).is_some_and(|v| v == "1")
        || punch_core::changes::tray_running(home)
    {
        return Ok(false);
    }
    let Some(program) = punch_program() else {
        return Ok(false);
    };
    use std::os::unix::process::CommandExt;
    let mut child = Command::new(program)
        .arg("tray")
        .env("PUNCH_HOME", home)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        // Its own process group: a Ctrl+C meant for whoever started the window, or the
        // window's own end, doesn't take the tray along.
        .process_group(0)
        .spawn()?;
    // Reaped if it ends while the window lives; after that, init adopts it.
    std::thread::Builder::new()
        .name("punch-tray-child".into())
        .spawn(move || {
            let _ = child.wait();
        })?;
    Ok(true)
}
