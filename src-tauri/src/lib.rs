//! `punch-app`: Punch's window, a thin Tauri shell over `punch-core`. The commands are
//! plain functions (`commands`), wrapped for IPC in `ipc`; the shell (`shell`, `live`,
//! `tray`) creates the window, follows changes and makes sure a tray runs.

pub mod command_names;
pub mod commands;
pub mod entry_view;
pub mod error;
pub mod fuzzy;
pub mod ipc;
pub mod labels;
pub mod live;
pub mod shell;
pub mod state;
pub mod tray;
pub mod view;

use std::path::PathBuf;
use std::time::Instant;

use tauri::{Manager, Runtime};

pub use commands::launch::Launch;
pub use error::{CommandError, CommandResult};
pub use state::Punch;
pub use view::StartView;

/// The builder every run uses, real or mock: Punch's state and commands. `view` is the
/// view the window opens on; `started` is when the process started, for the first-paint
/// line (`ui_ready`). Run the built app with [`shell::on_run_event`].
pub fn builder<R: Runtime>(
    builder: tauri::Builder<R>,
    home: PathBuf,
    view: Option<String>,
    started: Instant,
) -> CommandResult<tauri::Builder<R>> {
    let punch = Punch::open(&home)?;
    Ok(builder
        .manage(punch)
        .manage(StartView::new(view))
        .manage(Launch::new(started))
        .invoke_handler(ipc::handler()))
}

/// What the real app does once Tauri runs: the window, the tray, live changes.
pub fn start<R: Runtime>(app: &tauri::App<R>) -> tauri::Result<()> {
    shell::create(app.handle())?;
    let handle = app.handle().clone();
    let home = app.state::<Punch>().home().to_path_buf();
    std::thread::Builder::new()
        .name("punch-start".into())
        .spawn(move || {
            let started = tray::ensure_running(&home).unwrap_or(false);
            let _ = live::follow(handle, home, started);
        })?;
    Ok(())
}
