//! `org.freedesktop.ScreenSaver` on the session bus (KDE, Xfce, LXQt, …): its
//! `ActiveChanged` signal says the screen saver or lock came on or went, and
//! `GetSessionIdleTime` is the session's idle counter where no better source runs.
//! KWin answers in milliseconds (other implementations disagree, but those desktops run
//! on X11, where the X11 source is used instead).

use std::time::Duration;

use chrono::Utc;
use zbus::blocking::Connection;

use super::signals::{each, rule, subscribe};
use super::{IdleCounter, IdleSource, Signal, Watch, has_owner, session_bus};

const NAME: &str = "org.freedesktop.ScreenSaver";
const PATH: &str = "/org/freedesktop/ScreenSaver";

#[derive(Debug)]
pub struct ScreenSaver {
    conn: Connection,
    /// Poll `GetSessionIdleTime` (no other idle counter runs).
    count_idle: bool,
    poll: Duration,
    notice: Duration,
}

impl ScreenSaver {
    pub fn connect(
        bus: Option<&str>,
        count_idle: bool,
        poll: Duration,
        notice: Duration,
    ) -> zbus::Result<ScreenSaver> {
        let conn = session_bus(bus)?;
        if !has_owner(&conn, NAME)? {
            return Err(zbus::Error::Failure(format!("{NAME} is not on the bus")));
        }
        Ok(ScreenSaver {
            conn,
            count_idle,
            poll,
            notice,
        })
    }

    fn idle_time(&self) -> zbus::Result<Duration> {
        let millis: u32 = self
            .conn
            .call_method(Some(NAME), PATH, Some(NAME), "GetSessionIdleTime", &())?
            .body()
            .deserialize()?;
        Ok(Duration::from_millis(u64::from(millis)))
    }
}

impl IdleSource for ScreenSaver {
    fn name(&self) -> &'static str {
        "screensaver"
    }

    fn run(self: Box<Self>, watch: Watch) {
        // Any path: KWin sends it from two.
        match rule(NAME, "ActiveChanged", None).and_then(|r| subscribe(&self.conn, r)) {
            Ok(signals) => {
                let watch = watch.clone();
                let spawned = std::thread::Builder::new()
                    .name("punch-idle-lock".into())
                    .spawn(move || {
                        each(signals, |message| {
                            let Ok(active) = message.body().deserialize::<bool>() else {
                                return true;
                            };
                            let at = Utc::now();
                            watch.report(if active {
                                Signal::Lock { at }
                            } else {
                                Signal::Unlock { at }
                            })
                        });
                    });
                if let Err(e) = spawned {
                    tracing::warn!("can't watch the screen saver: {e}");
                }
            }
            Err(e) => tracing::warn!("can't watch the screen saver: {e}"),
        }
        if !self.count_idle {
            return;
        }
        let mut counter = IdleCounter::new(self.notice);
        let mut pause = Duration::ZERO;
        while watch.next_poll(pause) {
            pause = self.poll;
            let idle = match self.idle_time() {
                Ok(idle) => idle,
                Err(e) => {
                    tracing::debug!(
                        "{NAME} has no idle counter ({e}); its lock signal still counts"
                    );
                    return;
                }
            };
            for signal in counter.reading(idle, Utc::now()) {
                if !watch.report(signal) {
                    return;
                }
            }
        }
    }
}
