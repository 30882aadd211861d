//! Accelerators as people write them in settings (`Super+Alt+T`, `ctrl+shift+space`),
//! read once, up front, so a typo is reported by name before anything is grabbed.

use std::fmt;

pub use super::keys::Key;

const XK_BACKSPACE: u32 = 0xff08;
const XK_F1: u32 = 0xffbe;
const XK_F12: u32 = 0xffc9;

/// The modifiers held with the key.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct Modifiers {
    pub ctrl: bool,
    pub alt: bool,
    pub shift: bool,
    /// The Windows/Command key: `Super`, `Meta`, `Win` or `Logo` when written.
    pub logo: bool,
}

impl Modifiers {
    /// The names in the order desktops show them.
    fn names(self) -> impl Iterator<Item = &'static str> {
        [
            (self.ctrl, "Ctrl"),
            (self.alt, "Alt"),
            (self.shift, "Shift"),
            (self.logo, "Super"),
        ]
        .into_iter()
        .filter_map(|(held, name)| held.then_some(name))
    }
}

/// A key and the modifiers held with it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Accelerator {
    pub modifiers: Modifiers,
    pub key: Key,
}

/// Why an accelerator can't be read; each names the part at fault.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AcceleratorError {
    Empty,
    EmptyPart {
        accelerator: String,
    },
    UnknownKey {
        key: String,
        accelerator: String,
    },
    NoKey {
        accelerator: String,
    },
    TwoKeys {
        first: String,
        second: String,
        accelerator: String,
    },
    NeedsModifier {
        key: String,
        accelerator: String,
    },
    SwitchesConsole {
        accelerator: String,
    },
}

impl fmt::Display for AcceleratorError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AcceleratorError::Empty => write!(f, "the accelerator is empty"),
            AcceleratorError::EmptyPart { accelerator } => {
                write!(
                    f,
                    "empty part in `{accelerator}` (write `minus`, `equal`… for symbols)"
                )
            }
            AcceleratorError::UnknownKey { key, accelerator } => {
                write!(f, "unknown key `{key}` in `{accelerator}`")
            }
            AcceleratorError::NoKey { accelerator } => {
                write!(f, "no key in `{accelerator}`, only modifiers")
            }
            AcceleratorError::TwoKeys {
                first,
                second,
                accelerator,
            } => write!(
                f,
                "two keys, `{first}` and `{second}`, in `{accelerator}`: a hotkey is one key with modifiers"
            ),
            AcceleratorError::NeedsModifier { key, accelerator } => write!(
                f,
                "`{accelerator}` would take `{key}` from every app: add Ctrl, Alt or Super"
            ),
            AcceleratorError::SwitchesConsole { accelerator } => write!(
                f,
                "`{accelerator}` belongs to the system (it switches to a text console or ends \
                 the X session), so no app ever sees it: choose another"
            ),
        }
    }
}

impl std::error::Error for AcceleratorError {}

impl Accelerator {
    /// Reads an accelerator: parts joined by `+`, case-insensitive, modifiers in any order.
    pub fn parse(text: &str) -> Result<Accelerator, AcceleratorError> {
        let accelerator = text.trim();
        if accelerator.is_empty() {
            return Err(AcceleratorError::Empty);
        }
        let mut modifiers = Modifiers::default();
        let mut key: Option<(&str, Key)> = None;
        for part in accelerator.split('+').map(str::trim) {
            if part.is_empty() {
                return Err(AcceleratorError::EmptyPart {
                    accelerator: accelerator.to_owned(),
                });
            }
            match part.to_ascii_lowercase().as_str() {
                "ctrl" | "control" => modifiers.ctrl = true,
                "alt" => modifiers.alt = true,
                "shift" => modifiers.shift = true,
                "super" | "meta" | "win" | "logo" => modifiers.logo = true,
                _ => {
                    let found = Key::named(part).ok_or_else(|| AcceleratorError::UnknownKey {
                        key: part.to_owned(),
                        accelerator: accelerator.to_owned(),
                    })?;
                    if let Some((first, _)) = key {
                        return Err(AcceleratorError::TwoKeys {
                            first: first.to_owned(),
                            second: part.to_owned(),
                            accelerator: accelerator.to_owned(),
                        });
                    }
                    key = Some((part, found));
                }
            }
        }
        let Some((written, key)) = key else {
            return Err(AcceleratorError::NoKey {
                accelerator: accelerator.to_owned(),
            });
        };
        let held = modifiers.ctrl || modifiers.alt || modifiers.logo;
        if !held && !key.stands_alone() {
            return Err(AcceleratorError::NeedsModifier {
                key: written.to_owned(),
                accelerator: accelerator.to_owned(),
            });
        }
        // X's keymaps turn these into console switches and the server's own exit,
        // which are never delivered: a hotkey on them would silently never fire.
        let console_key = key.keysym() == XK_BACKSPACE || (XK_F1..=XK_F12).contains(&key.keysym());
        if modifiers.ctrl && modifiers.alt && console_key {
            return Err(AcceleratorError::SwitchesConsole {
                accelerator: accelerator.to_owned(),
            });
        }
        Ok(Accelerator { modifiers, key })
    }

    /// The trigger in the XDG shortcuts format, which the GlobalShortcuts portal takes
    /// as a preference: `CTRL+ALT+F9`, `LOGO+t`.
    pub fn xdg_trigger(&self) -> String {
        let m = self.modifiers;
        [
            (m.ctrl, "CTRL"),
            (m.alt, "ALT"),
            (m.shift, "SHIFT"),
            (m.logo, "LOGO"),
        ]
        .into_iter()
        .filter_map(|(held, name)| held.then_some(name))
        .chain([self.key.xkb_name()])
        .collect::<Vec<_>>()
        .join("+")
    }
}

/// The canonical spelling: `Ctrl+Alt+T`, `Super+space`.
impl fmt::Display for Accelerator {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for name in self.modifiers.names() {
            write!(f, "{name}+")?;
        }
        let name = self.key.xkb_name();
        if name.len() == 1 {
            write!(f, "{}", name.to_ascii_uppercase())
        } else {
            write!(f, "{name}")
        }
    }
}

#[cfg(test)]
#[path = "accelerator_tests.rs"]
mod tests;
