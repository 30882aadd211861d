//! The X server's keyboard as a grab needs it: which keycode makes a keysym, and which
//! modifier bits Alt, Super and NumLock are on this keyboard (they are not fixed; a
//! grab made with the wrong bit never fires).

use super::accelerator::Modifiers;

const SHIFT: u16 = 1;
const LOCK: u16 = 1 << 1;
const CONTROL: u16 = 1 << 2;
const MOD1: u16 = 1 << 3;
const MOD2: u16 = 1 << 4;
const MOD4: u16 = 1 << 6;

const XK_NUM_LOCK: u32 = 0xff7f;
const XK_META_L: u32 = 0xffe7;
const XK_META_R: u32 = 0xffe8;
const XK_ALT_L: u32 = 0xffe9;
const XK_ALT_R: u32 = 0xffea;
const XK_SUPER_L: u32 = 0xffeb;
const XK_SUPER_R: u32 = 0xffec;

/// The keyboard mapping and modifier bits of one X server, read once at start.
#[derive(Debug, Clone)]
pub struct Keymap {
    min_keycode: u8,
    per_keycode: usize,
    keysyms: Vec<u32>,
    alt: u16,
    logo: u16,
    num_lock: u16,
}

impl Keymap {
    /// Builds the map from the replies of GetKeyboardMapping (starting at
    /// `min_keycode`) and GetModifierMapping (eight rows of `per_modifier` keycodes,
    /// Shift, Lock, Control, Mod1…Mod5).
    pub fn new(
        min_keycode: u8,
        per_keycode: u8,
        keysyms: Vec<u32>,
        modifier_keycodes: &[u8],
        per_modifier: usize,
    ) -> Keymap {
        let mut map = Keymap {
            min_keycode,
            per_keycode: usize::from(per_keycode).max(1),
            keysyms,
            alt: 0,
            logo: 0,
            num_lock: 0,
        };
        let holds = |row: usize, wanted: &[u32]| {
            modifier_keycodes
                .iter()
                .skip(row * per_modifier)
                .take(per_modifier)
                .filter(|&&keycode| keycode != 0)
                .any(|&keycode| map.keysyms_of(keycode).any(|sym| wanted.contains(&sym)))
        };
        // Rows 3..8 are Mod1..Mod5; the first row holding the key wins, as in xmodmap.
        let bit_of = |wanted: &[u32]| (3..8).find(|&row| holds(row, wanted)).map(|row| 1 << row);
        let (alt, logo, num_lock) = (
            bit_of(&[XK_ALT_L, XK_ALT_R]).or_else(|| bit_of(&[XK_META_L, XK_META_R])),
            bit_of(&[XK_SUPER_L, XK_SUPER_R]),
            bit_of(&[XK_NUM_LOCK]),
        );
        // Without the keys in the map, the usual bits: what most servers use.
        map.alt = alt.unwrap_or(MOD1);
        map.logo = logo.unwrap_or(MOD4);
        map.num_lock = num_lock.unwrap_or(MOD2);
        map
    }

    fn keysyms_of(&self, keycode: u8) -> impl Iterator<Item = u32> + '_ {
        let start = usize::from(keycode.saturating_sub(self.min_keycode)) * self.per_keycode;
        let row = if keycode < self.min_keycode {
            &[][..]
        } else {
            self.keysyms
                .get(start..start + self.per_keycode)
                .unwrap_or(&[])
        };
        row.iter().copied()
    }

    /// The keycode that makes `keysym`: one where it is unshifted if there is one,
    /// else any (so `F13` still works on a keyboard that has it only in a later group).
    pub fn keycode(&self, keysym: u32) -> Option<u8> {
        let rows = self
            .keysyms
            .chunks(self.per_keycode)
            .zip(self.min_keycode..=u8::MAX);
        let mut any = None;
        for (row, keycode) in rows {
            if row.first() == Some(&keysym) {
                return Some(keycode);
            }
            if any.is_none() && row.contains(&keysym) {
                any = Some(keycode);
            }
        }
        any
    }

    /// The modifier bits a key event carries for `modifiers`.
    pub fn mask(&self, modifiers: Modifiers) -> u16 {
        [
            (modifiers.ctrl, CONTROL),
            (modifiers.alt, self.alt),
            (modifiers.shift, SHIFT),
            (modifiers.logo, self.logo),
        ]
        .into_iter()
        .filter_map(|(held, bit)| held.then_some(bit))
        .fold(0, |mask, bit| mask | bit)
    }

    /// Every bit a hotkey's modifiers may use: the rest of an event's state (the lock
    /// keys, mouse buttons) is ignored when matching a press.
    pub fn significant(&self) -> u16 {
        CONTROL | SHIFT | self.alt | self.logo
    }

    /// The lock states a grab must also be made in: X matches a grab's modifiers
    /// exactly, so with NumLock or CapsLock on, a plain grab would never fire.
    pub fn lock_variants(&self) -> [u16; 4] {
        [0, LOCK, self.num_lock, LOCK | self.num_lock]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A tiny keyboard: keycode 10 `a A`, 11 `F9`, 12 `Alt_L Meta_L`, 13 `Super_L`,
    /// 14 `Num_Lock`, 15 `plus` shifted only.
    fn keyboard(modifier_rows: [&[u8]; 8]) -> Keymap {
        let keysyms = vec![
            0x61,
            0x41,
            0xffc6,
            0,
            XK_ALT_L,
            XK_META_L,
            XK_SUPER_L,
            0,
            XK_NUM_LOCK,
            0,
            0,
            0x2b,
        ];
        let per_modifier = modifier_rows.iter().map(|row| row.len()).max().unwrap();
        let mut keycodes = Vec::new();
        for row in modifier_rows {
            keycodes.extend(row.iter().copied());
            keycodes.resize(keycodes.len() + per_modifier - row.len(), 0);
        }
        Keymap::new(10, 2, keysyms, &keycodes, per_modifier)
    }

    #[test]
    fn finds_keycodes_unshifted_first() {
        let map = keyboard([&[], &[], &[], &[12], &[14], &[], &[13], &[]]);
        assert_eq!(map.keycode(0x61), Some(10));
        assert_eq!(map.keycode(0x41), Some(10));
        assert_eq!(map.keycode(0xffc6), Some(11));
        assert_eq!(map.keycode(0x2b), Some(15));
        assert_eq!(map.keycode(0xffc7), None);
    }

    #[test]
    fn reads_the_modifier_bits_from_the_server() {
        // Super on Mod3 and NumLock on Mod5, as some layouts have it.
        let map = keyboard([&[], &[], &[], &[12], &[], &[13], &[], &[14]]);
        let all = Modifiers {
            ctrl: true,
            alt: true,
            shift: true,
            logo: true,
        };
        assert_eq!(map.mask(all), CONTROL | MOD1 | SHIFT | (1 << 5));
        assert_eq!(map.lock_variants(), [0, LOCK, 1 << 7, LOCK | (1 << 7)]);
    }

    #[test]
    fn falls_back_to_the_usual_bits_when_the_keys_are_unmapped() {
        let map = keyboard([&[], &[], &[], &[], &[], &[], &[], &[]]);
        let alt_super = Modifiers {
            alt: true,
            logo: true,
            ..Modifiers::default()
        };
        assert_eq!(map.mask(alt_super), MOD1 | MOD4);
        assert_eq!(map.lock_variants()[2], MOD2);
    }
}
