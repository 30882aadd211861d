//! Changes made elsewhere reach the window: a stand-in for the tray serves the change
//! socket and relays a writer's ping to the window's subscription, and the window emits
//! `store-changed` for the UI.

use std::sync::mpsc;
use std::time::Duration;

use punch_core::changes::{ChangeListener, Pinger};
use tauri::Listener;
use tauri::test::mock_builder;

/// How long to wait before calling the relay broken; normally it takes milliseconds.
const GIVE_UP: Duration = Duration::from_secs(30);

#[test]
fn a_change_pinged_by_another_process_reaches_the_window_as_store_changed() {
    let home = tempfile::tempdir().unwrap();
    let sockets = tempfile::tempdir().unwrap();
    let tray_socket = sockets.path().join("punch-test.sock");
    let tray = ChangeListener::bind_at(home.path(), tray_socket.clone()).unwrap();
    let subscribers = tray.subscribers();
    // The tray's part: take subscriptions in passing, relay each change.
    let relay = std::thread::spawn(move || {
        while let Ok(Some(_)) = tray.wait(Some(GIVE_UP)) {
            subscribers.notify();
        }
    });

    let app = punch_app::builder(
        mock_builder(),
        home.path().to_path_buf(),
        None,
        std::time::Instant::now(),
    )
    .unwrap()
    .build(tauri::generate_context!(test = true))
    .unwrap();
    let (heard, hear) = mpsc::channel();
    app.listen_any(punch_app::ipc::STORE_CHANGED, move |_| {
        let _ = heard.send(());
    });
    punch_app::live::follow_at(
        app.handle().clone(),
        home.path().to_path_buf(),
        tray_socket.clone(),
        false,
    )
    .unwrap();
    assert!(hear.try_recv().is_err(), "nothing changed yet");

    // A writer (the CLI) commits and pings; the subscription reached the tray first,
    // since datagrams on one socket arrive in order.
    Pinger::at(tray_socket.clone()).ping();
    hear.recv_timeout(GIVE_UP)
        .expect("the window heard about the change");

    Pinger::at(tray_socket).ping();
    hear.recv_timeout(GIVE_UP).expect("and about the next one");
    drop(app);
    drop(relay);
}
