//! Hotkeys on X11: a passive key grab (XGrabKey) on the root window, and a thread that
//! sleeps in the X connection until a grabbed key is pressed.
//!
//! Written on `x11rb` rather than the `global-hotkey` crate the issue names. Its 0.9
//! X11 path is GTK-free (x11rb too), but its event thread polls the connection every
//! 50 ms: twenty wake-ups a second, all day, where the tray's budget is one a minute.
//! It also reports a key taken by another client as the failure of the whole set and
//! delivers presses through a process-wide channel. The grab itself is short: look
//! the keysym's keycode and the server's modifier bits up, grab in every NumLock and
//! CapsLock state, block on the connection.

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::mpsc::Sender;
use std::thread::JoinHandle;

use x11rb::connection::Connection;
use x11rb::errors::ReplyError;
use x11rb::protocol::xproto::{
    ClientMessageEvent, ConnectionExt, CreateWindowAux, EventMask, GrabMode, Mapping, ModMask,
    Window, WindowClass,
};
use x11rb::protocol::{ErrorKind, Event};
use x11rb::rust_connection::RustConnection;

use super::keymap::Keymap;
use super::{Backend, Grab, HotkeyAction};

/// Keys grabbed on one X display, with the thread that hears them.
#[derive(Debug)]
pub struct X11Hotkeys {
    conn: Arc<RustConnection>,
    root: Window,
    /// An unmapped window of ours: an event sent to it wakes the thread to stop.
    wake: Window,
    refused: Vec<(HotkeyAction, String)>,
    /// Ends with the keys held at that moment, for `drop` to give back.
    listener: Option<JoinHandle<Taken>>,
}

/// The keys held now: (keycode, modifier bits) → action, each also grabbed in every
/// lock state of `locks`.
#[derive(Debug, Default)]
struct Taken {
    actions: HashMap<(u8, u16), HotkeyAction>,
    locks: [u16; 4],
    significant: u16,
}

/// Connects to `display` and grabs what it can; an error says why X11 can't be used.
pub fn start(
    display: &str,
    grabs: &[Grab],
    presses: Sender<HotkeyAction>,
) -> Result<X11Hotkeys, String> {
    let (conn, screen) = RustConnection::connect(Some(display))
        .map_err(|e| format!("the X display {display} can't be reached: {e}"))?;
    let conn = Arc::new(conn);
    let lost = |e: &dyn std::fmt::Display| format!("the X display {display} failed: {e}");
    let root = conn.setup().roots[screen].root;
    let keymap = read_keymap(&conn).map_err(|e| lost(&e))?;
    let (taken, refused) = take(&conn, root, &keymap, grabs).map_err(|e| lost(&e))?;

    let wake = conn.generate_id().map_err(|e| lost(&e))?;
    conn.create_window(
        0,
        wake,
        root,
        0,
        0,
        1,
        1,
        0,
        WindowClass::INPUT_ONLY,
        0,
        &CreateWindowAux::new(),
    )
    .map_err(|e| lost(&e))?;
    conn.flush().map_err(|e| lost(&e))?;

    let listening = Arc::clone(&conn);
    let grabs = grabs.to_vec();
    let listener = std::thread::Builder::new()
        .name("punch-hotkeys-x11".into())
        .spawn(move || listen(&listening, root, wake, &grabs, taken, &presses))
        .map_err(|e| format!("no thread for the X11 hotkeys: {e}"))?;
    Ok(X11Hotkeys {
        conn,
        root,
        wake,
        refused,
        listener: Some(listener),
    })
}

/// Grabs each key as `keymap` places it; returns what it holds and what it could not
/// take (no such key here, the same key twice, another client holds it).
fn take(
    conn: &RustConnection,
    root: Window,
    keymap: &Keymap,
    grabs: &[Grab],
) -> Result<(Taken, Vec<(HotkeyAction, String)>), ReplyError> {
    let mut taken = Taken {
        actions: HashMap::new(),
        locks: keymap.lock_variants(),
        significant: keymap.significant(),
    };
    let mut refused = Vec::new();
    for grab in grabs {
        let why = match keymap.keycode(grab.accelerator.key.keysym()) {
            None => "no key on this keyboard makes it",
            Some(keycode) => {
                let mask = keymap.mask(grab.accelerator.modifiers);
                if taken.actions.contains_key(&(keycode, mask)) {
                    "the same key as another hotkey"
                } else if grab_in_every_lock_state(conn, root, keycode, mask, &taken.locks)? {
                    taken.actions.insert((keycode, mask), grab.action);
                    continue;
                } else {
                    "another application holds it"
                }
            }
        };
        tracing::warn!(accelerator = %grab.written, "hotkey refused: {why}");
        refused.push((grab.action, grab.written.clone()));
    }
    Ok((taken, refused))
}

/// Gives every key back; errors are ignored, since a server that is gone has dropped
/// the grabs with the connection.
fn release(conn: &RustConnection, root: Window, taken: &Taken) {
    for &(keycode, mask) in taken.actions.keys() {
        for lock in taken.locks {
            let _ = conn.ungrab_key(keycode, root, ModMask::from(mask | lock));
        }
    }
}

fn read_keymap(conn: &RustConnection) -> Result<Keymap, ReplyError> {
    let setup = conn.setup();
    let (min, max) = (setup.min_keycode, setup.max_keycode);
    let mapping = conn.get_keyboard_mapping(min, max - min + 1)?.reply()?;
    let modifiers = conn.get_modifier_mapping()?.reply()?;
    Ok(Keymap::new(
        min,
        mapping.keysyms_per_keycode,
        mapping.keysyms,
        &modifiers.keycodes,
        usize::from(modifiers.keycodes_per_modifier()),
    ))
}

/// Grabs the key in every lock state; `Ok(false)` when another client already holds
/// it in one of them (BadAccess), in which case none of the states stays grabbed.
fn grab_in_every_lock_state(
    conn: &RustConnection,
    root: Window,
    keycode: u8,
    mask: u16,
    locks: &[u16; 4],
) -> Result<bool, ReplyError> {
    for (done, lock) in locks.iter().enumerate() {
        let grabbed = conn
            .grab_key(
                false,
                root,
                ModMask::from(mask | lock),
                keycode,
                GrabMode::ASYNC,
                GrabMode::ASYNC,
            )?
            .check();
        match grabbed {
            Ok(()) => {}
            Err(ReplyError::X11Error(e)) if e.error_kind == ErrorKind::Access => {
                for lock in &locks[..done] {
                    conn.ungrab_key(keycode, root, ModMask::from(mask | lock))?;
                }
                return Ok(false);
            }
            Err(e) => return Err(e),
        }
    }
    Ok(true)
}

/// The thread: blocks in the connection, sends each press of a grabbed key, grabs
/// again when the keyboard mapping changes (another layout moves keys to other
/// keycodes), and ends when woken through `wake` or when the X server goes away.
fn listen(
    conn: &RustConnection,
    root: Window,
    wake: Window,
    grabs: &[Grab],
    mut taken: Taken,
    presses: &Sender<HotkeyAction>,
) -> Taken {
    // X repeats a held key as release+press pairs with one timestamp; a press at the
    // time of its key's last release is a repeat, and holding a hotkey must not
    // toggle the timer over and over.
    let mut released_at: HashMap<u8, u32> = HashMap::new();
    loop {
        match conn.wait_for_event() {
            Ok(Event::KeyPress(press)) => {
                if released_at.get(&press.detail) == Some(&press.time) {
                    continue;
                }
                let mods = u16::from(press.state) & taken.significant;
                if let Some(&action) = taken.actions.get(&(press.detail, mods)) {
                    // The tray gone means the process is ending; nothing to do.
                    let _ = presses.send(action);
                }
            }
            Ok(Event::KeyRelease(release)) => {
                released_at.insert(release.detail, release.time);
            }
            Ok(Event::MappingNotify(change)) if change.request != Mapping::POINTER => {
                match retake(conn, root, grabs, &taken) {
                    Ok(Some(now)) => taken = now,
                    Ok(None) => {}
                    Err(e) => tracing::warn!("hotkeys: the new keyboard mapping: {e}"),
                }
            }
            Ok(Event::ClientMessage(message)) if message.window == wake => return taken,
            Ok(_) => {}
            Err(e) => {
                tracing::warn!("the X connection closed; hotkeys stop: {e}");
                return taken;
            }
        }
    }
}

/// After a mapping change: the keys as the new map places them, grabbed anew, or
/// `None` when nothing moved. Switching between keyboards with the same layout sends
/// such changes too, and costs two requests then.
fn retake(
    conn: &RustConnection,
    root: Window,
    grabs: &[Grab],
    taken: &Taken,
) -> Result<Option<Taken>, ReplyError> {
    let keymap = read_keymap(conn)?;
    let unmoved = taken.locks == keymap.lock_variants()
        && grabs.iter().all(|grab| {
            let key = keymap.keycode(grab.accelerator.key.keysym());
            let mask = keymap.mask(grab.accelerator.modifiers);
            key.and_then(|key| taken.actions.get(&(key, mask))) == Some(&grab.action)
        });
    if unmoved {
        return Ok(None);
    }
    release(conn, root, taken);
    let (now, _refused) = take(conn, root, &keymap, grabs)?;
    conn.flush()?;
    Ok(Some(now))
}

impl Backend for X11Hotkeys {
    fn name(&self) -> &'static str {
        "x11"
    }

    fn refused(&self) -> &[(HotkeyAction, String)] {
        &self.refused
    }
}

impl Drop for X11Hotkeys {
    fn drop(&mut self) {
        // Each step may fail when the server is gone, and then there is nothing left
        // to give back: closing the connection drops the grabs anyway.
        let wake = ClientMessageEvent::new(32, self.wake, 0u32, [0u32; 5]);
        // An empty event mask sends it to the window's creator: us.
        let _ = self
            .conn
            .send_event(false, self.wake, EventMask::NO_EVENT, wake);
        let _ = self.conn.flush();
        if let Some(taken) = self.listener.take().and_then(|l| l.join().ok()) {
            release(&self.conn, self.root, &taken);
        }
        let _ = self.conn.destroy_window(self.wake);
        let _ = self.conn.flush();
    }
}
