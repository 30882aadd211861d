//! Starting hotkeys where nothing can listen, or with bindings that can't be read:
//! the errors the tray shows the user, with no display or bus involved.

use std::sync::mpsc;

use punch_tray::hotkeys::{Binding, DesktopSession, HotkeyAction, HotkeyError, start_in};

fn binding(action: HotkeyAction, accelerator: &str) -> Binding {
    Binding {
        action,
        accelerator: accelerator.to_owned(),
    }
}

#[test]
fn with_no_display_the_error_says_which_commands_to_bind() {
    let (presses, _heard) = mpsc::channel();
    let error = start_in(
        &DesktopSession::default(),
        &[binding(HotkeyAction::Toggle, "Super+Alt+T")],
        presses,
    )
    .unwrap_err();
    assert!(
        matches!(error, HotkeyError::Unavailable { .. }),
        "{error:?}"
    );
    assert_eq!(
        error.to_string(),
        "global hotkeys are not available here (neither WAYLAND_DISPLAY nor DISPLAY is set). \
         Bind them in your desktop's keyboard shortcut settings instead: `punch toggle` to \
         start or stop the timer, `punch-app --view quick-log` to log time, and `punch-app` \
         to open Punch, each as a custom shortcut."
    );
}

#[test]
fn a_bad_binding_names_its_action_and_part_before_anything_is_grabbed() {
    let (presses, _heard) = mpsc::channel();
    let error = start_in(
        &DesktopSession::default(),
        &[
            binding(HotkeyAction::Toggle, "Super+Alt+T"),
            binding(HotkeyAction::QuickLog, "Super+Foo"),
        ],
        presses,
    )
    .unwrap_err();
    assert_eq!(
        error.to_string(),
        "the hotkey for `quick-log`: unknown key `Foo` in `Super+Foo`"
    );
}

#[test]
fn no_bindings_listen_nowhere() {
    let (presses, _heard) = mpsc::channel();
    let hotkeys = start_in(&DesktopSession::default(), &[], presses).unwrap();
    assert_eq!(hotkeys.backend(), "none");
    assert_eq!(hotkeys.refused(), &[]);
}

#[test]
fn an_x_display_that_is_not_there_is_reported_with_the_fallback() {
    let (presses, _heard) = mpsc::channel();
    let session = DesktopSession {
        display: Some(":4242".into()),
        ..DesktopSession::default()
    };
    let error = start_in(
        &session,
        &[binding(HotkeyAction::Toggle, "Super+Alt+T")],
        presses,
    )
    .unwrap_err();
    let message = error.to_string();
    assert!(message.contains("X display :4242"), "{message}");
    assert!(message.contains("`punch toggle`"), "{message}");
}
