//! The change socket, end to end: real stores pinging real listeners in temporary homes.

use super::*;
use crate::tracker::{StartRequest, Tracker};

const BOUND: Duration = Duration::from_secs(10);

#[test]
fn a_commit_in_one_tracker_wakes_the_listener() {
    let home = tempfile::tempdir().unwrap();
    let listener = ChangeListener::bind(home.path()).unwrap();
    let mut tracker = Tracker::open(home.path()).unwrap();
    tracker
        .start(StartRequest::default(), chrono::Utc::now())
        .unwrap();
    let change = listener.wait(Some(BOUND)).unwrap();
    assert_eq!(
        change,
        Some(Change {
            pid: Some(std::process::id())
        })
    );
}

#[test]
fn a_store_told_to_keep_quiet_sends_nothing() {
    let home = tempfile::tempdir().unwrap();
    let listener = ChangeListener::bind(home.path()).unwrap();
    let mut tracker = Tracker::open(home.path()).unwrap();
    tracker.store_mut().set_change_pings(false);
    tracker
        .start(StartRequest::default(), chrono::Utc::now())
        .unwrap();
    // A local datagram is queued before `sendto` returns, so nothing queued now
    // means nothing was sent.
    assert_eq!(listener.wait(Some(Duration::ZERO)).unwrap(), None);
    tracker.store_mut().set_change_pings(true);
    tracker.discard(chrono::Utc::now()).unwrap();
    assert!(listener.wait(Some(Duration::ZERO)).unwrap().is_some());
}

#[test]
fn a_second_listener_on_the_same_home_is_refused_until_the_first_is_gone() {
    let home = tempfile::tempdir().unwrap();
    let first = ChangeListener::bind(home.path()).unwrap();
    let refused = ChangeListener::bind(home.path()).unwrap_err();
    match &refused {
        ListenError::Running { pid, .. } => assert_eq!(*pid, Some(std::process::id())),
        other => panic!("expected Running, got {other:?}"),
    }
    let message = refused.to_string();
    assert!(
        message.starts_with(&format!(
            "punch tray is already running for {}",
            home.path().display()
        )),
        "{message}"
    );
    assert!(matches!(
        crate::Error::from(refused),
        crate::Error::Conflict(_)
    ));
    let path = first.path().to_path_buf();
    drop(first);
    assert!(!path.exists(), "a listener removes its socket file");
    let again = ChangeListener::bind(home.path()).unwrap();
    Pinger::at(again.path().to_path_buf()).ping();
    assert!(again.wait(Some(BOUND)).unwrap().is_some());
}

#[test]
fn a_stale_socket_file_from_a_crashed_tray_is_taken_over() {
    let home = tempfile::tempdir().unwrap();
    let runtime = tempfile::tempdir().unwrap();
    let path = socket_path_in(Some(runtime.path()), home.path());
    // What a killed tray leaves: the file, with nobody reading it.
    drop(UnixDatagram::bind(&path).unwrap());
    assert!(path.exists());
    Pinger::at(path.clone()).ping();
    let listener = ChangeListener::bind_at(home.path(), path.clone()).unwrap();
    Pinger::at(path).ping();
    assert!(listener.wait(Some(BOUND)).unwrap().is_some());
}

#[test]
fn writes_succeed_with_no_listener_and_with_a_dead_socket_file() {
    let home = tempfile::tempdir().unwrap();
    let mut tracker = Tracker::open(home.path()).unwrap();
    let now = chrono::Utc::now();
    tracker.start(StartRequest::default(), now).unwrap();
    tracker.discard(now).unwrap();
    let runtime = tempfile::tempdir().unwrap();
    let dead = socket_path_in(Some(runtime.path()), home.path());
    drop(UnixDatagram::bind(&dead).unwrap());
    Pinger::at(dead).ping();
    Pinger::at(runtime.path().join("missing/punch.sock")).ping();
}

#[test]
fn pings_that_arrive_together_are_one_change_and_waiting_can_time_out() {
    let home = tempfile::tempdir().unwrap();
    let runtime = tempfile::tempdir().unwrap();
    let path = socket_path_in(Some(runtime.path()), home.path());
    let listener = ChangeListener::bind_at(home.path(), path.clone()).unwrap();
    assert_eq!(
        listener.wait(Some(Duration::from_millis(20))).unwrap(),
        None
    );
    for _ in 0..3 {
        Pinger::at(path.clone()).ping();
    }
    assert!(listener.wait(Some(BOUND)).unwrap().is_some());
    assert_eq!(listener.wait(Some(Duration::ZERO)).unwrap(), None);
}

#[test]
fn a_foreign_datagram_still_counts_as_a_change() {
    assert_eq!(parse(b"hello"), Change { pid: None });
    assert_eq!(parse(b"punch-change 1 42"), Change { pid: Some(42) });
}

#[test]
fn the_socket_path_is_named_after_the_home_and_always_fits_a_socket_address() {
    let home = tempfile::tempdir().unwrap();
    let other = tempfile::tempdir().unwrap();
    let runtime = Path::new("/run/user/1000");
    let path = socket_path_in(Some(runtime), home.path());
    assert_eq!(path.parent(), Some(runtime));
    assert_ne!(path, socket_path_in(Some(runtime), other.path()));
    let long = PathBuf::from(format!("/{}", "r".repeat(120)));
    let fallback = socket_path_in(Some(&long), home.path());
    assert!(!fallback.starts_with(&long));
    assert!(fallback.as_os_str().len() <= MAX_SOCKET_PATH);
}

#[test]
fn a_subscriber_hears_changes_the_tray_relays_and_is_forgotten_when_gone() {
    let home = tempfile::tempdir().unwrap();
    let runtime = tempfile::tempdir().unwrap();
    let path = socket_path_in(Some(runtime.path()), home.path());
    let listener = ChangeListener::bind_at(home.path(), path.clone()).unwrap();
    let subscribers = listener.subscribers();
    let window = Subscription::open_at(path.clone()).unwrap();
    // The subscribe message is not a change, so the listener has none to report…
    assert_eq!(listener.wait(Some(Duration::ZERO)).unwrap(), None);
    assert_eq!(subscribers.len(), 1);
    // …and the window hears nothing until the tray relays one.
    assert!(!window.wait(Some(Duration::ZERO)).unwrap());
    subscribers.notify();
    assert!(window.wait(Some(BOUND)).unwrap());
    assert!(
        !window.wait(Some(Duration::ZERO)).unwrap(),
        "one relay is one change"
    );

    // Renewing doesn't subscribe twice.
    window.renew();
    listener.drain().unwrap();
    assert_eq!(subscribers.len(), 1);

    let gone = window.path().to_path_buf();
    drop(window);
    assert!(!gone.exists(), "a subscription removes its socket");
    subscribers.notify();
    assert!(subscribers.is_empty(), "a dead subscriber is forgotten");
}

#[test]
fn the_tray_sends_only_to_sockets_beside_its_own() {
    let home = tempfile::tempdir().unwrap();
    let runtime = tempfile::tempdir().unwrap();
    let elsewhere = tempfile::tempdir().unwrap();
    let path = socket_path_in(Some(runtime.path()), home.path());
    let listener = ChangeListener::bind_at(home.path(), path.clone()).unwrap();
    let stray = elsewhere.path().join("x.sock");
    let socket = UnixDatagram::bind(&stray).unwrap();
    socket
        .send_to(
            format!("punch-subscribe 1 {}", stray.display()).as_bytes(),
            &path,
        )
        .unwrap();
    assert_eq!(listener.wait(Some(Duration::ZERO)).unwrap(), None);
    assert!(listener.subscribers().is_empty());
}

#[test]
fn a_probe_says_whether_a_tray_listens_without_waking_it() {
    let home = tempfile::tempdir().unwrap();
    assert!(!tray_running(home.path()));
    let listener = ChangeListener::bind(home.path()).unwrap();
    assert!(tray_running(home.path()));
    assert_eq!(listener.wait(Some(Duration::ZERO)).unwrap(), None);
    drop(listener);
    assert!(!tray_running(home.path()));
}
