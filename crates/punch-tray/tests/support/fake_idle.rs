//! Stand-ins for what idle sources listen to, on a private bus: logind (sleep, resume,
//! and one session's lock) and a desktop's `org.freedesktop.ScreenSaver` (its idle
//! counter, set by the test, and its `ActiveChanged`).

#![allow(dead_code)] // each test binary uses its own part of this

use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};

use zbus::blocking::Connection;
use zbus::zvariant::OwnedObjectPath;

pub const SESSION_PATH: &str = "/org/freedesktop/login1/session/_32";

struct Manager;

#[zbus::interface(name = "org.freedesktop.login1.Manager")]
impl Manager {
    fn get_session(&self, _id: &str) -> OwnedObjectPath {
        OwnedObjectPath::try_from(SESSION_PATH).expect("a valid path")
    }
}

struct Session;

#[zbus::interface(name = "org.freedesktop.login1.Session")]
impl Session {
    #[zbus(property)]
    fn locked_hint(&self) -> bool {
        false
    }
}

/// logind's name on the bus, with its manager and one session.
pub struct FakeLogind {
    conn: Connection,
}

impl FakeLogind {
    pub fn start(address: &str) -> FakeLogind {
        let conn = zbus::blocking::connection::Builder::address(address)
            .and_then(|b| b.name("org.freedesktop.login1"))
            .and_then(|b| b.serve_at("/org/freedesktop/login1", Manager))
            .and_then(|b| b.serve_at(SESSION_PATH, Session))
            .and_then(|b| b.build())
            .expect("the stand-in takes logind's name");
        FakeLogind { conn }
    }

    /// `PrepareForSleep(going)`: `true` before a sleep, `false` after it.
    pub fn prepare_for_sleep(&self, going: bool) {
        self.conn
            .emit_signal(
                None::<()>,
                "/org/freedesktop/login1",
                "org.freedesktop.login1.Manager",
                "PrepareForSleep",
                &(going,),
            )
            .expect("the signal is sent");
    }

    /// The session's `Lock` or `Unlock` signal.
    pub fn session_signal(&self, member: &str) {
        self.conn
            .emit_signal(
                None::<()>,
                SESSION_PATH,
                "org.freedesktop.login1.Session",
                member,
                &(),
            )
            .expect("the signal is sent");
    }
}

struct Saver {
    idle_ms: Arc<AtomicU32>,
    polls: Arc<AtomicU32>,
}

#[zbus::interface(name = "org.freedesktop.ScreenSaver")]
impl Saver {
    fn get_session_idle_time(&self) -> u32 {
        self.polls.fetch_add(1, Ordering::SeqCst);
        self.idle_ms.load(Ordering::SeqCst)
    }
}

/// A desktop's screen saver service whose idle counter the test sets.
pub struct FakeScreenSaver {
    conn: Connection,
    idle_ms: Arc<AtomicU32>,
    polls: Arc<AtomicU32>,
}

impl FakeScreenSaver {
    pub fn start(address: &str) -> FakeScreenSaver {
        let idle_ms = Arc::new(AtomicU32::new(0));
        let polls = Arc::new(AtomicU32::new(0));
        let saver = Saver {
            idle_ms: Arc::clone(&idle_ms),
            polls: Arc::clone(&polls),
        };
        let conn = zbus::blocking::connection::Builder::address(address)
            .and_then(|b| b.name("org.freedesktop.ScreenSaver"))
            .and_then(|b| b.serve_at("/org/freedesktop/ScreenSaver", saver))
            .and_then(|b| b.build())
            .expect("the stand-in takes the screen saver's name");
        FakeScreenSaver {
            conn,
            idle_ms,
            polls,
        }
    }

    /// How often `GetSessionIdleTime` was called.
    pub fn polls(&self) -> u32 {
        self.polls.load(Ordering::SeqCst)
    }

    /// What `GetSessionIdleTime` answers from now on, in milliseconds.
    pub fn set_idle_ms(&self, ms: u32) {
        self.idle_ms.store(ms, Ordering::SeqCst);
    }

    /// `ActiveChanged(active)`: the saver or lock screen came on (`true`) or went.
    pub fn active_changed(&self, active: bool) {
        self.conn
            .emit_signal(
                None::<()>,
                "/org/freedesktop/ScreenSaver",
                "org.freedesktop.ScreenSaver",
                "ActiveChanged",
                &(active,),
            )
            .expect("the signal is sent");
    }
}

struct IdleMonitor {
    next: AtomicU32,
}

#[zbus::interface(name = "org.gnome.Mutter.IdleMonitor")]
impl IdleMonitor {
    /// Watch ids count up from 1: the first is the idle watch, the next the active one.
    fn add_idle_watch(&self, _interval: u64) -> u32 {
        self.next.fetch_add(1, Ordering::SeqCst) + 1
    }

    fn add_user_active_watch(&self) -> u32 {
        self.next.fetch_add(1, Ordering::SeqCst) + 1
    }
}

/// GNOME's idle monitor, firing the watches when the test says.
pub struct FakeMutter {
    conn: Connection,
}

impl FakeMutter {
    pub fn start(address: &str) -> FakeMutter {
        let monitor = IdleMonitor {
            next: AtomicU32::new(0),
        };
        let conn = zbus::blocking::connection::Builder::address(address)
            .and_then(|b| b.name("org.gnome.Mutter.IdleMonitor"))
            .and_then(|b| b.serve_at("/org/gnome/Mutter/IdleMonitor/Core", monitor))
            .and_then(|b| b.build())
            .expect("the stand-in takes Mutter's name");
        FakeMutter { conn }
    }

    /// `WatchFired(id)`.
    pub fn fire(&self, id: u32) {
        self.conn
            .emit_signal(
                None::<()>,
                "/org/gnome/Mutter/IdleMonitor/Core",
                "org.gnome.Mutter.IdleMonitor",
                "WatchFired",
                &(id,),
            )
            .expect("the signal is sent");
    }
}
