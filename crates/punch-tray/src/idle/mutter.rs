//! GNOME's idle monitor (`org.gnome.Mutter.IdleMonitor` on the session bus): an idle
//! watch fires once the session has been idle long enough, then a one-shot user-active
//! watch fires at the next input. Nothing is polled, on X11 and on Wayland alike.

use std::time::Duration;

use chrono::{TimeDelta, Utc};
use zbus::blocking::Connection;

use super::signals::{each, rule, subscribe};
use super::{IdleSource, Signal, Watch, has_owner, session_bus};

const NAME: &str = "org.gnome.Mutter.IdleMonitor";
const PATH: &str = "/org/gnome/Mutter/IdleMonitor/Core";

#[derive(Debug)]
pub struct Mutter {
    conn: Connection,
    notice: Duration,
}

impl Mutter {
    /// Connect on `bus` (`None`: the session bus); an error when Mutter is not there.
    pub fn connect(bus: Option<&str>, notice: Duration) -> zbus::Result<Mutter> {
        let conn = session_bus(bus)?;
        if !has_owner(&conn, NAME)? {
            return Err(zbus::Error::Failure(format!("{NAME} is not on the bus")));
        }
        Ok(Mutter { conn, notice })
    }

    /// A watch that fires each time the session has been idle `millis`.
    fn add_idle_watch(&self, millis: u64) -> zbus::Result<u32> {
        self.conn
            .call_method(Some(NAME), PATH, Some(NAME), "AddIdleWatch", &(millis,))?
            .body()
            .deserialize()
    }

    /// A watch that fires once, at the next input.
    fn add_active_watch(&self) -> zbus::Result<u32> {
        self.conn
            .call_method(Some(NAME), PATH, Some(NAME), "AddUserActiveWatch", &())?
            .body()
            .deserialize()
    }
}

impl IdleSource for Mutter {
    fn name(&self) -> &'static str {
        "mutter"
    }

    fn run(self: Box<Self>, watch: Watch) {
        let watched = rule(NAME, "WatchFired", Some(PATH)).and_then(|r| subscribe(&self.conn, r));
        let millis = u64::try_from(self.notice.as_millis()).unwrap_or(u64::MAX);
        let (signals, idle_watch) =
            match watched.and_then(|s| Ok((s, self.add_idle_watch(millis)?))) {
                Ok(started) => started,
                Err(e) => {
                    tracing::warn!("can't watch Mutter's idle monitor: {e}");
                    return;
                }
            };
        let notice = TimeDelta::from_std(self.notice).unwrap_or(TimeDelta::MAX);
        let mut active_watch = None;
        each(signals, |message| {
            let Ok(id) = message.body().deserialize::<u32>() else {
                return true;
            };
            let now = Utc::now();
            if id == idle_watch {
                // A repeat of the idle watch while one for input waits adds no second.
                if active_watch.is_none() {
                    active_watch = self.add_active_watch().ok();
                }
                watch.report(Signal::Idle {
                    since: now - notice,
                })
            } else if Some(id) == active_watch {
                active_watch = None;
                watch.report(Signal::Active { at: now })
            } else {
                true
            }
        });
    }
}
