//! Opening Punch's window (`punch-app --view …`, CLI.md) from the tray: a separate
//! process started on demand, so WebKit's memory is only paid while a window is open.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// The window's view names, as `punch-app --view` takes them.
pub const TIMER: &str = "timer";
pub const PICKER: &str = "picker";
pub const QUICK_LOG: &str = "quick-log";

/// `app` as a path to run: itself when it names a file, else the first executable of
/// that name on `PATH`.
pub fn find(app: &str) -> Option<PathBuf> {
    let given = Path::new(app);
    if given.components().count() > 1 {
        return is_executable(given).then(|| given.to_path_buf());
    }
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(app))
        .find(|candidate| is_executable(candidate))
}

fn is_executable(path: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    path.metadata()
        .is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
}

/// Start the window on `view`; `Ok(false)` when it isn't installed.
pub fn open(app: &str, view: &str) -> std::io::Result<bool> {
    let Some(program) = find(app) else {
        return Ok(false);
    };
    let mut child = Command::new(program)
        .args(["--view", view])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .spawn()?;
    // Reaped on a thread of its own, so a closed window never lingers as a zombie.
    std::thread::Builder::new()
        .name("punch-window".into())
        .spawn(move || {
            let _ = child.wait();
        })?;
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_window_is_reported_not_an_error() {
        assert!(!open("punch-app-that-is-not-installed", TIMER).unwrap());
        assert_eq!(find("/nonexistent/punch-app"), None);
    }

    #[test]
    fn the_window_is_started_with_the_view_asked_for() {
        let dir = tempfile::tempdir().unwrap();
        let app = dir.path().join("punch-app");
        let seen = dir.path().join("args");
        std::fs::write(
            &app,
            format!(
                "#!/bin/sh\necho \"$@\" > {}.tmp && mv {0}.tmp {0}\n",
                seen.display()
            ),
        )
        .unwrap();
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&app, std::fs::Permissions::from_mode(0o755)).unwrap();
        assert!(open(app.to_str().unwrap(), PICKER).unwrap());
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
        while !seen.exists() {
            assert!(
                std::time::Instant::now() < deadline,
                "the window never started"
            );
            std::thread::sleep(std::time::Duration::from_millis(10));
        }
        assert_eq!(
            std::fs::read_to_string(&seen).unwrap().trim(),
            "--view picker"
        );
    }
}
