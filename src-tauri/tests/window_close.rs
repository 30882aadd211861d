//! Closing the window on the mock runtime: by default the app ends with it (WebKit's
//! memory goes too); with keep-window-warm it only hides and the process stays.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use punch_core::settings::Settings;
use serde_json::json;
use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{INVOKE_KEY, get_ipc_response, mock_builder};
use tauri::webview::InvokeRequest;
use tauri::{Manager, RunEvent, WebviewWindowBuilder, WindowEvent};

/// What the UI sends on Esc in a window opened for one quick thing.
fn close_request() -> InvokeRequest {
    InvokeRequest {
        cmd: "close_window".into(),
        callback: CallbackFn(0),
        error: CallbackFn(1),
        url: "tauri://localhost".parse().unwrap(),
        body: InvokeBody::Json(json!({})),
        headers: Default::default(),
        invoke_key: INVOKE_KEY.to_string(),
    }
}

/// Close the window from the UI, run the app, and say whether the window was still
/// there after the close was handled.
fn close_and_see(keep_warm: bool) -> bool {
    let home = tempfile::tempdir().unwrap();
    let settings = Settings {
        keep_window_warm: keep_warm,
        ..Settings::default()
    };
    settings.save(home.path()).unwrap();
    let app = punch_app::builder(
        mock_builder(),
        home.path().to_path_buf(),
        None,
        std::time::Instant::now(),
    )
    .unwrap()
    .build(tauri::generate_context!(test = true))
    .unwrap();
    WebviewWindowBuilder::new(&app, punch_app::shell::WINDOW, Default::default())
        .build()
        .unwrap();

    let close_seen = Arc::new(AtomicBool::new(false));
    let kept = Arc::new(AtomicBool::new(false));
    let (seen, still) = (close_seen.clone(), kept.clone());
    app.run_return(move |handle, event| {
        // What the app does with the event first, as `main` runs it.
        punch_app::shell::on_run_event(handle, &event);
        match event {
            // The mock runtime only asks before closing once its loop runs.
            RunEvent::Ready => {
                let window = handle.get_webview_window(punch_app::shell::WINDOW).unwrap();
                get_ipc_response(&window, close_request()).unwrap();
            }
            RunEvent::WindowEvent {
                event: WindowEvent::CloseRequested { .. },
                ..
            } => seen.store(true, Ordering::SeqCst),
            // A loop turn after the close: the window is still there only if it was kept.
            // End the run then, as quitting from the tray would.
            RunEvent::MainEventsCleared if seen.load(Ordering::SeqCst) => {
                if let Some(window) = handle.get_webview_window(punch_app::shell::WINDOW) {
                    still.store(true, Ordering::SeqCst);
                    window.destroy().unwrap();
                }
            }
            _ => {}
        }
    });
    assert!(
        close_seen.load(Ordering::SeqCst),
        "the close reached the app"
    );
    kept.load(Ordering::SeqCst)
}

#[test]
fn closing_the_window_ends_the_app() {
    assert!(!close_and_see(false));
}

#[test]
fn with_keep_window_warm_closing_only_hides_it() {
    assert!(close_and_see(true));
}
