//! Changes made elsewhere (the CLI, the tray, a sync pass) reach the open window: a
//! thread waits on the store's change subscription and emits `store-changed`, and the
//! UI re-reads what it shows.

use std::path::PathBuf;

use punch_core::changes::{Subscription, socket_path};
use tauri::{AppHandle, Emitter, Runtime};

use crate::ipc::STORE_CHANGED;

/// Start the thread; it ends with the process. When this window just started the tray
/// (`tray_started`), the subscription is sent again once the tray listens, rather than
/// at the next renewal.
pub fn follow<R: Runtime>(
    app: AppHandle<R>,
    home: PathBuf,
    tray_started: bool,
) -> std::io::Result<()> {
    let tray = socket_path(&home);
    follow_at(app, home, tray, tray_started)
}

/// [`follow`] through the tray socket at `tray` (tests give their own).
pub fn follow_at<R: Runtime>(
    app: AppHandle<R>,
    home: PathBuf,
    tray: PathBuf,
    tray_started: bool,
) -> std::io::Result<()> {
    let subscription = Subscription::open_at(tray)?;
    std::thread::Builder::new()
        .name("punch-changes".into())
        .spawn(move || {
            if tray_started {
                for _ in 0..100 {
                    if punch_core::changes::tray_running(&home) {
                        subscription.renew();
                        // The tray may have missed changes made while it started.
                        let _ = app.emit(STORE_CHANGED, ());
                        break;
                    }
                    std::thread::sleep(std::time::Duration::from_millis(50));
                }
            }
            loop {
                match subscription.wait(None) {
                    Ok(true) => {
                        let _ = app.emit(STORE_CHANGED, ());
                    }
                    Ok(false) => {}
                    // The socket is gone (its directory removed): nothing more will come.
                    Err(_) => return,
                }
            }
        })?;
    Ok(())
}
