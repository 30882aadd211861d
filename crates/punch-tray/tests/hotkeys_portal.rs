//! Global hotkeys under Wayland, through a fake GlobalShortcuts portal on a private
//! session bus: shortcuts are bound, `Activated` becomes a press, a shortcut the
//! desktop won't bind is reported, and a desktop without the portal (or with a hung
//! one) gives the user the fallback promptly instead of hanging the tray.

#[path = "support/fake_portal.rs"]
mod fake_portal;
mod support;

use std::sync::mpsc::{self, Receiver};

use fake_portal::{FakePortal, SilentPortal};
use punch_tray::hotkeys::{Binding, DesktopSession, HotkeyAction, HotkeyError, Hotkeys, start_in};
use support::bus::PrivateBus;
use support::{DEADLINE, wait_until};

fn wayland_on(bus: &PrivateBus) -> DesktopSession {
    DesktopSession {
        wayland_display: Some("wayland-punch-test".into()),
        display: None,
        session_bus: Some(bus.address().to_owned()),
    }
}

fn bindings() -> Vec<Binding> {
    [
        (HotkeyAction::Toggle, "Super+Alt+T"),
        (HotkeyAction::QuickLog, "Ctrl+Shift+F10"),
        (HotkeyAction::OpenWindow, "Ctrl+Alt+P"),
    ]
    .into_iter()
    .map(|(action, accelerator)| Binding {
        action,
        accelerator: accelerator.to_owned(),
    })
    .collect()
}

fn listen(session: &DesktopSession) -> (Hotkeys, Receiver<HotkeyAction>) {
    let (presses, heard) = mpsc::channel();
    let hotkeys = start_in(session, &bindings(), presses).expect("hotkeys through the portal");
    assert_eq!(hotkeys.backend(), "portal");
    (hotkeys, heard)
}

/// Runs `start_in` on a thread, so a hang fails the test at the deadline instead of
/// holding it forever.
fn start_within_deadline(session: DesktopSession) -> Result<Hotkeys, HotkeyError> {
    let (done, result) = mpsc::channel();
    std::thread::spawn(move || {
        let (presses, _heard) = mpsc::channel();
        let _ = done.send(start_in(&session, &bindings(), presses));
    });
    result
        .recv_timeout(DEADLINE)
        .expect("start returns without waiting out D-Bus's 25-second timeout")
}

fn reason(result: Result<Hotkeys, HotkeyError>) -> String {
    match result {
        Err(HotkeyError::Unavailable { reason }) => reason,
        other => panic!("expected Unavailable, got {other:?}"),
    }
}

#[test]
fn binds_through_the_portal_and_hears_activated() {
    let bus = PrivateBus::start();
    let portal = FakePortal::start(&bus, &[]);
    let (hotkeys, heard) = listen(&wayland_on(&bus));
    assert_eq!(hotkeys.refused(), &[]);
    assert_eq!(
        portal.seen.lock().unwrap().bound,
        [
            ("toggle", "ALT+LOGO+t"),
            ("quick-log", "CTRL+SHIFT+F10"),
            ("open-window", "CTRL+ALT+p"),
        ]
        .map(|(id, trigger)| (id.to_owned(), trigger.to_owned()))
    );

    // The app id goes first: the portal refuses a session to an app without one.
    assert_eq!(
        portal.seen.lock().unwrap().calls,
        ["Register app.punch.Punch", "CreateSession", "BindShortcuts"]
    );

    let session = portal.session();
    portal.activate(&session, "quick-log");
    assert_eq!(heard.recv_timeout(DEADLINE), Ok(HotkeyAction::QuickLog));
    // Another session's shortcut, or one we never asked for, is not ours: the next
    // thing heard is the press after them.
    portal.activate(
        "/org/freedesktop/portal/desktop/session/1_99/other",
        "toggle",
    );
    portal.activate(&session, "screenshot");
    portal.activate(&session, "toggle");
    assert_eq!(heard.recv_timeout(DEADLINE), Ok(HotkeyAction::Toggle));
}

#[test]
fn a_shortcut_the_desktop_will_not_bind_is_refused() {
    let bus = PrivateBus::start();
    let portal = FakePortal::start(&bus, &["CTRL+SHIFT+F10"]);
    let (hotkeys, heard) = listen(&wayland_on(&bus));
    assert_eq!(
        hotkeys.refused(),
        &[(HotkeyAction::QuickLog, "Ctrl+Shift+F10".to_owned())]
    );
    portal.activate(&portal.session(), "open-window");
    assert_eq!(heard.recv_timeout(DEADLINE), Ok(HotkeyAction::OpenWindow));
}

#[test]
fn dropping_the_hotkeys_closes_the_portal_session() {
    let bus = PrivateBus::start();
    let portal = FakePortal::start(&bus, &[]);
    let (hotkeys, _heard) = listen(&wayland_on(&bus));
    let session = portal.session();
    drop(hotkeys);
    wait_until("the session is closed", || {
        portal.seen.lock().unwrap().closed.contains(&session)
    });
}

#[test]
fn without_a_portal_the_user_is_told_to_bind_the_commands() {
    let bus = PrivateBus::start();
    // An X display is set too, as Xwayland's is: its grabs would see keys only while
    // an X window has the focus, so it is not used.
    let session = DesktopSession {
        display: Some(":9999".into()),
        ..wayland_on(&bus)
    };
    let error = start_within_deadline(session).unwrap_err();
    let message = error.to_string();
    assert!(message.contains("no xdg-desktop-portal"), "{message}");
    assert!(message.contains("`punch toggle`"), "{message}");
    assert!(
        message.contains("`punch-app --view quick-log`"),
        "{message}"
    );
}

#[test]
fn a_portal_without_global_shortcuts_is_not_used() {
    let bus = PrivateBus::start();
    let _portal = FakePortal::without_global_shortcuts(&bus);
    let reason = reason(start_within_deadline(wayland_on(&bus)));
    assert!(reason.contains("has no GlobalShortcuts"), "{reason}");
}

#[test]
fn a_portal_that_never_answers_gives_up_before_the_dbus_timeout() {
    let bus = PrivateBus::start();
    let _silent = SilentPortal::start(&bus);
    let reason = reason(start_within_deadline(wayland_on(&bus)));
    assert!(reason.contains("did not answer"), "{reason}");
}
