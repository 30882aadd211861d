//! Reading accelerators: what people write, and the errors that name the bad part.

use proptest::prelude::*;

use super::*;

fn parse(text: &str) -> Accelerator {
    Accelerator::parse(text).unwrap_or_else(|e| panic!("`{text}` should parse: {e}"))
}

fn error(text: &str) -> String {
    match Accelerator::parse(text) {
        Ok(accelerator) => panic!("`{text}` should be refused, read as {accelerator}"),
        Err(e) => e.to_string(),
    }
}

#[test]
fn reads_modifiers_and_a_letter() {
    let accelerator = parse("Super+Alt+T");
    assert_eq!(
        accelerator.modifiers,
        Modifiers {
            alt: true,
            logo: true,
            ..Modifiers::default()
        }
    );
    assert_eq!(accelerator.key.keysym(), u32::from('t'));
    assert_eq!(accelerator.to_string(), "Alt+Super+T");
}

#[test]
fn is_case_insensitive_and_takes_every_spelling_of_a_modifier() {
    let canonical = parse("Ctrl+Alt+Shift+Super+K");
    for text in [
        "control+ALT+shift+meta+k",
        "CTRL+alt+SHIFT+WIN+k",
        "logo+shift+alt+ctrl+K",
        " Ctrl + Alt + Shift + Super + k ",
    ] {
        assert_eq!(parse(text), canonical, "{text}");
    }
}

#[test]
fn reads_digits_function_keys_and_named_keys() {
    assert_eq!(parse("Ctrl+5").key.keysym(), 0x35);
    assert_eq!(parse("Ctrl+Shift+F9").key.keysym(), 0xffc6);
    assert_eq!(parse("F1").key.keysym(), 0xffbe);
    assert_eq!(parse("f24").key.xkb_name(), "F24");
    assert_eq!(parse("Ctrl+Shift+space").key.keysym(), 0x20);
    assert_eq!(parse("Alt+Enter").key.xkb_name(), "Return");
    assert_eq!(parse("Super+PageDown").key.xkb_name(), "Next");
    assert_eq!(parse("Ctrl+minus").key.keysym(), 0x2d);
    assert_eq!(parse("Ctrl+-").key.keysym(), 0x2d);
    assert_eq!(parse("MediaPlayPause").key.xkb_name(), "XF86AudioPlay");
}

#[test]
fn names_the_unknown_key() {
    assert_eq!(error("Super+Foo"), "unknown key `Foo` in `Super+Foo`");
    assert_eq!(error("Ctrl+F25"), "unknown key `F25` in `Ctrl+F25`");
    assert_eq!(error("Ctrl+F0"), "unknown key `F0` in `Ctrl+F0`");
    assert_eq!(error("Hyper+T"), "unknown key `Hyper` in `Hyper+T`");
}

#[test]
fn refuses_modifiers_alone_two_keys_and_empty_parts() {
    assert_eq!(error("Ctrl+Alt"), "no key in `Ctrl+Alt`, only modifiers");
    assert_eq!(
        error("Ctrl+A+B"),
        "two keys, `A` and `B`, in `Ctrl+A+B`: a hotkey is one key with modifiers"
    );
    assert!(error("Ctrl++T").starts_with("empty part in `Ctrl++T`"));
    assert!(error("Ctrl+T+").starts_with("empty part in `Ctrl+T+`"));
    assert_eq!(error("   "), "the accelerator is empty");
}

#[test]
fn refuses_a_typing_key_without_ctrl_alt_or_super() {
    assert_eq!(
        error("Shift+T"),
        "`Shift+T` would take `T` from every app: add Ctrl, Alt or Super"
    );
    assert_eq!(
        error("space"),
        "`space` would take `space` from every app: add Ctrl, Alt or Super"
    );
    // Keys that type nothing may stand alone.
    parse("Pause");
    parse("Shift+F12");
}

#[test]
fn refuses_the_keys_that_switch_consoles() {
    for text in ["Ctrl+Alt+F1", "ctrl+alt+shift+f12", "Ctrl+Alt+BackSpace"] {
        assert!(
            error(text).contains("switches to a text console"),
            "{text}: {}",
            error(text)
        );
    }
    parse("Ctrl+Alt+F13");
    parse("Ctrl+Shift+F9");
    parse("Alt+F9");
}

#[test]
fn spells_the_portal_trigger_in_the_xdg_shortcuts_format() {
    assert_eq!(parse("Super+Alt+T").xdg_trigger(), "ALT+LOGO+t");
    assert_eq!(parse("ctrl+shift+space").xdg_trigger(), "CTRL+SHIFT+space");
    assert_eq!(parse("Ctrl+Alt+F13").xdg_trigger(), "CTRL+ALT+F13");
    assert_eq!(parse("Print").xdg_trigger(), "Print");
}

fn modifier_spelling() -> impl Strategy<Value = &'static str> {
    prop::sample::select(vec![
        "Ctrl", "control", "ALT", "Shift", "super", "Meta", "win", "Logo",
    ])
}

fn key_spelling() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-zA-Z0-9]",
        (1u32..=24).prop_map(|n| format!("f{n}")),
        prop::sample::select(vec!["space", "Return", "esc", "Home", "slash", "Pause"])
            .prop_map(str::to_owned),
    ]
}

proptest! {
    /// What we print reads back as the same accelerator, so settings survive a round
    /// trip through the window's editor.
    #[test]
    fn the_canonical_spelling_reads_back(
        modifiers in prop::collection::vec(modifier_spelling(), 1..4),
        key in key_spelling(),
    ) {
        let text = format!("{}+{key}", modifiers.join("+"));
        if let Ok(accelerator) = Accelerator::parse(&text) {
            prop_assert_eq!(Accelerator::parse(&accelerator.to_string()), Ok(accelerator));
        }
    }
}
