//! Global hotkeys on a real X server (Xvfb): keys pressed with xdotool reach the
//! channel, in every lock state, and a key another client holds is reported, not fatal.

mod support;
#[path = "support/virtual_display.rs"]
mod virtual_display;

use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use punch_tray::hotkeys::{Binding, DesktopSession, HotkeyAction, Hotkeys, start_in};
use support::DEADLINE;
use virtual_display::VirtualDisplay;

fn on(display: &VirtualDisplay) -> DesktopSession {
    DesktopSession {
        display: Some(display.name().to_owned()),
        ..DesktopSession::default()
    }
}

fn binding(action: HotkeyAction, accelerator: &str) -> Binding {
    Binding {
        action,
        accelerator: accelerator.to_owned(),
    }
}

fn listen(display: &VirtualDisplay, bindings: &[Binding]) -> (Hotkeys, Receiver<HotkeyAction>) {
    let (presses, heard) = mpsc::channel();
    let hotkeys = start_in(&on(display), bindings, presses).expect("hotkeys on Xvfb");
    assert_eq!(hotkeys.backend(), "x11");
    (hotkeys, heard)
}

fn next(heard: &Receiver<HotkeyAction>) -> HotkeyAction {
    heard
        .recv_timeout(DEADLINE)
        .expect("a press reaches the channel")
}

#[test]
fn each_bound_key_sends_its_action() {
    let display = VirtualDisplay::start();
    let (hotkeys, heard) = listen(
        &display,
        &[
            binding(HotkeyAction::Toggle, "Ctrl+Shift+F9"),
            binding(HotkeyAction::QuickLog, "super+shift+l"),
            binding(HotkeyAction::OpenWindow, "Ctrl+Alt+space"),
        ],
    );
    assert_eq!(hotkeys.refused(), &[]);

    display.press("ctrl+shift+F9");
    assert_eq!(next(&heard), HotkeyAction::Toggle);
    // A key that isn't bound, or is bound with other modifiers, sends nothing: the
    // next thing heard is the press after it.
    display.press("ctrl+shift+F10");
    display.press("ctrl+F9");
    display.press("super+shift+l");
    assert_eq!(next(&heard), HotkeyAction::QuickLog);
    display.press("ctrl+alt+space");
    assert_eq!(next(&heard), HotkeyAction::OpenWindow);
}

#[test]
fn keys_fire_with_num_lock_and_caps_lock_on() {
    let display = VirtualDisplay::start();
    let (_hotkeys, heard) = listen(&display, &[binding(HotkeyAction::Toggle, "Ctrl+Shift+F9")]);

    display.press("Num_Lock");
    display.press("ctrl+shift+F9");
    assert_eq!(next(&heard), HotkeyAction::Toggle);
    display.press("Caps_Lock");
    display.press("ctrl+shift+F9");
    assert_eq!(next(&heard), HotkeyAction::Toggle);
    display.press("Num_Lock");
    display.press("ctrl+shift+F9");
    assert_eq!(next(&heard), HotkeyAction::Toggle);
}

#[test]
fn a_key_another_client_holds_is_refused_and_the_rest_still_work() {
    let display = VirtualDisplay::start();
    let (first, first_heard) = listen(&display, &[binding(HotkeyAction::Toggle, "Ctrl+Shift+F9")]);

    let (second, second_heard) = listen(
        &display,
        &[
            binding(HotkeyAction::Toggle, "ctrl+shift+f9"),
            binding(HotkeyAction::QuickLog, "Ctrl+Shift+F10"),
        ],
    );
    assert_eq!(
        second.refused(),
        &[(HotkeyAction::Toggle, "ctrl+shift+f9".to_owned())]
    );
    display.press("ctrl+shift+F10");
    assert_eq!(next(&second_heard), HotkeyAction::QuickLog);
    display.press("ctrl+shift+F9");
    assert_eq!(next(&first_heard), HotkeyAction::Toggle);

    // Dropping the first gives its key back: a newcomer takes it and hears it.
    drop(first);
    let (third, third_heard) = listen(&display, &[binding(HotkeyAction::Toggle, "Ctrl+Shift+F9")]);
    assert_eq!(third.refused(), &[]);
    display.press("ctrl+shift+F9");
    assert_eq!(next(&third_heard), HotkeyAction::Toggle);
    drop(second);
}

#[test]
fn one_key_bound_twice_is_refused_the_second_time() {
    let display = VirtualDisplay::start();
    let (hotkeys, heard) = listen(
        &display,
        &[
            binding(HotkeyAction::Toggle, "Ctrl+Shift+F9"),
            binding(HotkeyAction::OpenWindow, "Control+SHIFT+f9"),
        ],
    );
    assert_eq!(
        hotkeys.refused(),
        &[(HotkeyAction::OpenWindow, "Control+SHIFT+f9".to_owned())]
    );
    display.press("ctrl+shift+F9");
    assert_eq!(next(&heard), HotkeyAction::Toggle);
}

#[test]
fn keys_follow_the_keyboard_to_another_layout() {
    let display = VirtualDisplay::start();
    let (_hotkeys, heard) = listen(&display, &[binding(HotkeyAction::Toggle, "Ctrl+Shift+Z")]);
    display.press("ctrl+shift+z");
    assert_eq!(next(&heard), HotkeyAction::Toggle);

    // On a German keyboard Z is where Y was: the grab must move to Z's new keycode.
    display.set_layout("de");
    // It moves once the listener has read the new map, and a press before that is
    // lost, so press until one is heard.
    let deadline = Instant::now() + DEADLINE;
    loop {
        display.press("ctrl+shift+z");
        match heard.recv_timeout(Duration::from_millis(250)) {
            Ok(action) => break assert_eq!(action, HotkeyAction::Toggle),
            Err(RecvTimeoutError::Timeout) => {
                assert!(
                    Instant::now() < deadline,
                    "Z was never heard after the switch"
                )
            }
            Err(e) => panic!("the listener is gone: {e}"),
        }
    }
}
