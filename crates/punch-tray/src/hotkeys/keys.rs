//! The keys a hotkey may end in, by the names people write and the names X11 and the
//! XDG shortcuts format use: one table, so the X11 grab and the portal's preferred
//! trigger can never disagree about which key a name means.

/// One key, as X knows it: its keysym and the keysym's name (the XDG shortcuts format
/// spells keys by that name, e.g. `CTRL+ALT+F9`, `LOGO+t`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Key {
    keysym: u32,
    name: String,
    stands_alone: bool,
}

impl Key {
    /// The X keysym (for letters, the lower-case one: it is the keycode's first).
    pub fn keysym(&self) -> u32 {
        self.keysym
    }

    /// The keysym's name, as written in the XDG shortcuts format.
    pub fn xkb_name(&self) -> &str {
        &self.name
    }

    /// Whether the key may be bound without Ctrl, Alt or Super: a function or media
    /// key types nothing, but taking a letter, digit or Space would take it from every
    /// app.
    pub fn stands_alone(&self) -> bool {
        self.stands_alone
    }

    /// The key a name means (case-insensitive), or `None` for a name we don't know.
    pub fn named(name: &str) -> Option<Key> {
        let lower = name.to_ascii_lowercase();
        let mut chars = lower.chars();
        if let (Some(c), None) = (chars.next(), chars.next())
            && c.is_ascii_alphanumeric()
        {
            return Some(Key::typing(u32::from(c), c.to_string()));
        }
        if let Some(n) = lower.strip_prefix('f').and_then(|n| n.parse::<u32>().ok()) {
            // F1..F35 are consecutive keysyms; F24 is as far as keyboards go.
            if (1..=24).contains(&n) && !lower.starts_with("f0") {
                return Some(Key {
                    keysym: XK_F1 + n - 1,
                    name: format!("F{n}"),
                    stands_alone: true,
                });
            }
        }
        NAMED
            .iter()
            .find(|named| named.spellings.contains(&lower.as_str()))
            .map(|named| Key {
                keysym: named.keysym,
                name: named.name.to_owned(),
                stands_alone: named.stands_alone,
            })
    }

    fn typing(keysym: u32, name: String) -> Key {
        Key {
            keysym,
            name,
            stands_alone: false,
        }
    }
}

const XK_F1: u32 = 0xffbe;

struct NamedKey {
    /// Lower-case spellings people use; the first of them is what we suggest.
    spellings: &'static [&'static str],
    /// The keysym's name.
    name: &'static str,
    keysym: u32,
    stands_alone: bool,
}

const fn typing(spellings: &'static [&'static str], name: &'static str, keysym: u32) -> NamedKey {
    NamedKey {
        spellings,
        name,
        keysym,
        stands_alone: false,
    }
}

const fn lone(spellings: &'static [&'static str], name: &'static str, keysym: u32) -> NamedKey {
    NamedKey {
        spellings,
        name,
        keysym,
        stands_alone: true,
    }
}

/// Keysym values from X11's keysymdef.h and XF86keysym.h.
const NAMED: &[NamedKey] = &[
    typing(&["space"], "space", 0x0020),
    typing(&["return", "enter"], "Return", 0xff0d),
    typing(&["escape", "esc"], "Escape", 0xff1b),
    typing(&["tab"], "Tab", 0xff09),
    typing(&["backspace"], "BackSpace", 0xff08),
    typing(&["delete", "del"], "Delete", 0xffff),
    typing(&["insert", "ins"], "Insert", 0xff63),
    typing(&["home"], "Home", 0xff50),
    typing(&["end"], "End", 0xff57),
    typing(&["pageup", "pgup", "prior"], "Prior", 0xff55),
    typing(&["pagedown", "pgdn", "next"], "Next", 0xff56),
    typing(&["left"], "Left", 0xff51),
    typing(&["up"], "Up", 0xff52),
    typing(&["right"], "Right", 0xff53),
    typing(&["down"], "Down", 0xff54),
    typing(&["menu"], "Menu", 0xff67),
    typing(&["minus", "-"], "minus", 0x002d),
    typing(&["equal", "="], "equal", 0x003d),
    typing(&["comma", ","], "comma", 0x002c),
    typing(&["period", "."], "period", 0x002e),
    typing(&["slash", "/"], "slash", 0x002f),
    typing(&["backslash", "\\"], "backslash", 0x005c),
    typing(&["semicolon", ";"], "semicolon", 0x003b),
    typing(&["apostrophe", "'"], "apostrophe", 0x0027),
    typing(&["grave", "`"], "grave", 0x0060),
    typing(&["bracketleft", "["], "bracketleft", 0x005b),
    typing(&["bracketright", "]"], "bracketright", 0x005d),
    lone(&["print", "printscreen"], "Print", 0xff61),
    lone(&["pause"], "Pause", 0xff13),
    lone(&["scrolllock"], "Scroll_Lock", 0xff14),
    lone(
        &["mediaplaypause", "audioplay"],
        "XF86AudioPlay",
        0x1008_ff14,
    ),
    lone(&["mediastop", "audiostop"], "XF86AudioStop", 0x1008_ff15),
    lone(
        &["mediaprevious", "audioprev"],
        "XF86AudioPrev",
        0x1008_ff16,
    ),
    lone(&["medianext", "audionext"], "XF86AudioNext", 0x1008_ff17),
];
