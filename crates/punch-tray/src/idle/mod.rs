//! Where the tray hears that the person left and came back: one source per desktop,
//! each on a thread of its own, all reporting [`Signal`]s to the run loop, where the
//! core's idle policy decides whether to ask.
//!
//! - X11: the XScreenSaver extension's idle counter ([`x11`]), polled.
//! - GNOME: Mutter's `IdleMonitor` over D-Bus ([`mutter`]): idle and active watches,
//!   no polling at all.
//! - KDE and others: `org.freedesktop.ScreenSaver` ([`screensaver`]): `ActiveChanged`
//!   for the lock, `GetSessionIdleTime` polled where nothing better runs.
//! - logind ([`logind`]): `PrepareForSleep` on the system bus, and the session's lock.
//!   The run loop also finds sleeps from the wall clock jumping (see
//!   [`punch_core::idle::slept`]), for machines without logind.
//!
//! Polling happens at most every [`POLL`] and only while a timer runs (or, once the
//! person left with one running, until they are back); otherwise a polling source
//! sleeps on a condition variable and costs nothing.
//!
//! Not here: Wayland's `ext-idle-notify-v1`. It needs a Wayland client connection of
//! the tray's own (the wayland-client and wayland-protocols crates, and an event queue
//! thread), while the compositors that offer it also offer a way already used here
//! (KWin: `org.freedesktop.ScreenSaver`; GNOME has Mutter's monitor instead). Sway and
//! other wlroots desktops without a ScreenSaver service get logind's sleep and lock
//! only, until that protocol is worth its dependencies.

pub mod logind;
pub mod mutter;
pub mod screensaver;
#[cfg(target_os = "linux")]
pub mod x11;

mod counter;
pub(crate) mod presence;
mod signals;

use std::fmt;
use std::sync::{Arc, Condvar, Mutex};
use std::time::Duration;

pub use counter::IdleCounter;
pub use punch_core::idle::Signal;

use crate::hotkeys::DesktopSession;

/// The longest a polling source waits between two readings while a timer runs.
pub const POLL: Duration = Duration::from_secs(30);

/// How long without input before a polling source says "idle": short, so a stretch
/// that crosses the threshold between two polls is still seen from its start; the
/// policy's threshold decides whether to ask.
pub const NOTICE: Duration = Duration::from_secs(60);

/// One way of hearing about the person; `run` blocks on its own thread until the tray
/// goes (`watch` says so) or the source fails.
pub trait IdleSource: Send {
    /// A short name for logs: `x11`, `mutter`, `screensaver`, `logind`.
    fn name(&self) -> &'static str;
    fn run(self: Box<Self>, watch: Watch);
}

/// Where and how often the sources look (the session's display and bus come from the
/// tray's [`DesktopSession`]); tests shorten the intervals and point the system bus at
/// a private one.
#[derive(Debug, Clone)]
pub struct IdleConfig {
    /// The bus logind speaks on; `None`: the system bus.
    pub system_bus: Option<String>,
    pub poll: Duration,
    pub notice: Duration,
}

impl Default for IdleConfig {
    fn default() -> Self {
        IdleConfig {
            system_bus: None,
            poll: POLL,
            notice: NOTICE,
        }
    }
}

#[derive(Debug, Default)]
struct Shared {
    /// Polling is useful: a timer runs, or the person is away and their return counts.
    polling: bool,
    closed: bool,
}

/// A source's line to the tray: where signals go, and whether polling is useful now
/// (polling sources sleep otherwise).
#[derive(Clone)]
pub struct Watch {
    report: Arc<dyn Fn(Signal) -> bool + Send + Sync>,
    shared: Arc<(Mutex<Shared>, Condvar)>,
}

impl fmt::Debug for Watch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Watch").finish_non_exhaustive()
    }
}

impl Watch {
    /// `report` hands a signal on and says whether anyone still listens.
    pub fn new(report: impl Fn(Signal) -> bool + Send + Sync + 'static) -> Watch {
        Watch {
            report: Arc::new(report),
            shared: Arc::default(),
        }
    }

    /// Hand a signal to the tray; `false` once the tray is gone.
    pub fn report(&self, signal: Signal) -> bool {
        !self.is_closed() && (self.report)(signal)
    }

    /// Whether polling sources should read their counters (the tray says: while a timer
    /// runs or the person is away).
    pub fn set_polling(&self, polling: bool) {
        let (lock, wake) = &*self.shared;
        if let Ok(mut shared) = lock.lock()
            && shared.polling != polling
        {
            // Only a change is worth a wake-up: the tray says this after every refresh.
            shared.polling = polling;
            wake.notify_all();
        }
    }

    /// Tell the sources to end (at their next wake-up).
    pub fn close(&self) {
        let (lock, wake) = &*self.shared;
        if let Ok(mut shared) = lock.lock() {
            shared.closed = true;
            wake.notify_all();
        }
    }

    pub fn is_closed(&self) -> bool {
        self.shared.0.lock().map_or(true, |s| s.closed)
    }

    /// For polling sources: wait `pause`, then until polling is useful. `false` when
    /// the tray is gone and the source should end.
    pub fn next_poll(&self, pause: Duration) -> bool {
        let (lock, wake) = &*self.shared;
        let Ok(shared) = lock.lock() else {
            return false;
        };
        let Ok((shared, _)) = wake.wait_timeout_while(shared, pause, |s| !s.closed) else {
            return false;
        };
        match wake.wait_while(shared, |s| !s.closed && !s.polling) {
            Ok(shared) => !shared.closed,
            Err(_) => false,
        }
    }
}

/// Start every source this desktop offers, each on its own thread. Returns their names.
pub fn start(config: &IdleConfig, desktop: &DesktopSession, watch: &Watch) -> Vec<&'static str> {
    let mut sources: Vec<Box<dyn IdleSource>> = Vec::new();
    let bus = desktop.session_bus.as_deref();
    // Mutter first: it says when, where X11 must be asked every so often.
    let mut counts_idle = match mutter::Mutter::connect(bus, config.notice) {
        Ok(source) => {
            sources.push(Box::new(source));
            true
        }
        Err(e) => {
            tracing::debug!("no Mutter idle monitor: {e}");
            false
        }
    };
    #[cfg(target_os = "linux")]
    if !counts_idle
        && desktop.wayland_display.is_none()
        && let Some(display) = &desktop.display
    {
        match x11::X11Idle::connect(display) {
            Ok(source) => {
                sources.push(Box::new(source.polling(config.poll, config.notice)));
                counts_idle = true;
            }
            Err(e) => tracing::debug!("no X11 idle counter: {e}"),
        }
    }
    match screensaver::ScreenSaver::connect(bus, !counts_idle, config.poll, config.notice) {
        Ok(source) => sources.push(Box::new(source)),
        Err(e) => tracing::debug!("no org.freedesktop.ScreenSaver: {e}"),
    }
    match logind::Logind::connect(config.system_bus.as_deref()) {
        Ok(source) => sources.push(Box::new(source)),
        Err(e) => tracing::debug!("no logind: {e}; sleeps are found from the clock"),
    }
    let mut names = Vec::new();
    for source in sources {
        let name = source.name();
        let watch = watch.clone();
        let spawned = std::thread::Builder::new()
            .name(format!("punch-idle-{name}"))
            .spawn(move || source.run(watch));
        match spawned {
            Ok(_) => names.push(name),
            Err(e) => tracing::warn!("can't watch for idleness through {name}: {e}"),
        }
    }
    names
}

/// Connect to `address`, or to the session bus when `None`.
pub(crate) fn session_bus(address: Option<&str>) -> zbus::Result<zbus::blocking::Connection> {
    match address {
        Some(address) => zbus::blocking::connection::Builder::address(address)?.build(),
        None => zbus::blocking::Connection::session(),
    }
}

/// Whether some connection on the bus owns `name`.
pub(crate) fn has_owner(conn: &zbus::blocking::Connection, name: &str) -> zbus::Result<bool> {
    let proxy = zbus::blocking::fdo::DBusProxy::new(conn)?;
    let name = zbus::names::BusName::try_from(name)?;
    Ok(proxy.name_has_owner(name)?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{DateTime, TimeDelta, Utc};
    use punch_core::idle::{Cause, IdlePolicy, RunningTimer};
    use std::sync::mpsc;

    /// A fake source: reports a scripted idle counter, as a polling source would.
    struct FakeCounter {
        readings: Vec<(DateTime<Utc>, Duration)>,
    }

    impl IdleSource for FakeCounter {
        fn name(&self) -> &'static str {
            "fake"
        }
        fn run(self: Box<Self>, watch: Watch) {
            let mut counter = IdleCounter::new(NOTICE);
            for (now, idle) in self.readings {
                for signal in counter.reading(idle, now) {
                    watch.report(signal);
                }
            }
        }
    }

    #[test]
    fn a_polled_counter_through_the_policy_asks_about_the_lunch_break() {
        let t =
            |m: i64| DateTime::from_timestamp(1_790_000_000, 0).unwrap() + TimeDelta::minutes(m);
        let min = |m: u64| Duration::from_secs(m * 60);
        // Polled every minute of the test's clock: idle from 12 to 47, then back.
        let mut readings: Vec<_> = (13..=47).map(|m| (t(m), min(m as u64 - 12))).collect();
        readings.push((t(48), Duration::from_secs(20)));
        let (sent, signals) = mpsc::channel();
        let watch = Watch::new(move |s| sent.send(s).is_ok());
        Box::new(FakeCounter { readings }).run(watch);
        let mut policy = IdlePolicy::new(Some(TimeDelta::minutes(10)));
        policy.set_timer(
            Some(RunningTimer {
                entry: 1,
                start: t(0),
            }),
            t(0),
        );
        let questions: Vec<_> = signals
            .try_iter()
            .filter_map(|s| policy.observe(s))
            .collect();
        assert_eq!(questions.len(), 1, "{questions:?}");
        let q = questions[0];
        assert_eq!((q.since, q.cause), (t(12), Cause::Idle));
        assert_eq!(q.until, t(47), "back no earlier than the last idle reading");
    }

    #[test]
    fn polling_waits_for_a_timer_and_ends_when_the_tray_goes() {
        let watch = Watch::new(|_| true);
        let polled = {
            let watch = watch.clone();
            std::thread::spawn(move || watch.next_poll(Duration::ZERO))
        };
        watch.set_polling(true);
        assert!(polled.join().unwrap(), "a timer runs: poll");
        watch.set_polling(false);
        let ended = {
            let watch = watch.clone();
            std::thread::spawn(move || watch.next_poll(Duration::ZERO))
        };
        watch.close();
        assert!(!ended.join().unwrap(), "closed: end");
        assert!(!watch.report(Signal::Active { at: Utc::now() }));
    }
}
