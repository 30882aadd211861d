//! The window itself: created at start (WebDriver needs it there), titled "Punch",
//! brought forward on the view a later launch asks for, and ended on close unless the
//! keep-window-warm setting asks to hide it instead.

use punch_core::settings::Settings;
use tauri::{
    AppHandle, Emitter, Manager, RunEvent, Runtime, WebviewUrl, WebviewWindow,
    WebviewWindowBuilder, WindowEvent,
};

use crate::state::Punch;
use crate::view::StartView;

/// The window's label; capabilities name it.
pub const WINDOW: &str = "main";

/// The event that switches the UI to a view (its payload is the view's name).
pub const SHOW_VIEW: &str = "show-view";

pub fn create<R: Runtime>(app: &AppHandle<R>) -> tauri::Result<WebviewWindow<R>> {
    WebviewWindowBuilder::new(app, WINDOW, WebviewUrl::App("index.html".into()))
        .title("Punch")
        .inner_size(420.0, 640.0)
        .min_inner_size(360.0, 480.0)
        .center()
        .focused(true)
        .build()
}

/// Bring the window forward, on `view` when one is given.
pub fn show<R: Runtime>(app: &AppHandle<R>, view: Option<&str>) {
    if let Some(view) = view {
        app.state::<StartView>().set(view);
        let _ = app.emit_to(WINDOW, SHOW_VIEW, view);
    }
    let window = match app.get_webview_window(WINDOW) {
        Some(window) => window,
        None => match create(app) {
            Ok(window) => window,
            Err(_) => return,
        },
    };
    let _ = window.show();
    let _ = window.unminimize();
    let _ = window.set_focus();
}

/// Closing ends the process (WebKit's memory goes with it) unless the user chose to keep
/// the window warm, in which case it only hides. Handled on the run loop's event (not a
/// window listener), so the mock runtime's tests see the very same decision.
pub fn on_run_event<R: Runtime>(app: &AppHandle<R>, event: &RunEvent) {
    if let RunEvent::WindowEvent {
        label,
        event: WindowEvent::CloseRequested { api, .. },
        ..
    } = event
        && label == WINDOW
    {
        let home = app.state::<Punch>().home().to_path_buf();
        if Settings::load(&home).is_ok_and(|s| s.keep_window_warm) {
            api.prevent_close();
            if let Some(window) = app.get_webview_window(WINDOW) {
                let _ = window.hide();
            }
        }
    }
}
