//! X11's idle counter: the XScreenSaver extension's milliseconds since the last input,
//! read over x11rb (no Xlib, no GTK). X sends no event when input resumes, so this
//! source polls, at most every 30 s and only while a timer runs.

use std::time::Duration;

use chrono::Utc;
use x11rb::connection::{Connection, RequestConnection};
use x11rb::protocol::screensaver::{self, ConnectionExt as _};
use x11rb::rust_connection::RustConnection;

use super::{IdleCounter, IdleSource, Watch};

/// A connection to one display's idle counter.
#[derive(Debug)]
pub struct X11Idle {
    conn: RustConnection,
    root: u32,
    display: String,
}

impl X11Idle {
    /// Connect to `display`; an error says why its idle counter can't be read.
    pub fn connect(display: &str) -> Result<X11Idle, String> {
        let (conn, screen) = RustConnection::connect(Some(display))
            .map_err(|e| format!("the X display {display} can't be reached: {e}"))?;
        let present = conn
            .extension_information(screensaver::X11_EXTENSION_NAME)
            .map_err(|e| format!("the X display {display} failed: {e}"))?;
        if present.is_none() {
            return Err(format!(
                "the X display {display} has no MIT-SCREEN-SAVER extension"
            ));
        }
        let root = conn.setup().roots[screen].root;
        Ok(X11Idle {
            conn,
            root,
            display: display.to_owned(),
        })
    }

    /// How long since the last keyboard or mouse input on this display.
    pub fn idle_time(&self) -> Result<Duration, String> {
        let reply = self
            .conn
            .screensaver_query_info(self.root)
            .map_err(x11rb::errors::ReplyError::from)
            .and_then(|cookie| cookie.reply())
            .map_err(|e| format!("the X display {} failed: {e}", self.display))?;
        Ok(Duration::from_millis(u64::from(reply.ms_since_user_input)))
    }

    /// This counter as a source, read every `poll` while a timer runs, saying "idle"
    /// from `notice` on.
    pub fn polling(self, poll: Duration, notice: Duration) -> X11Source {
        X11Source {
            idle: self,
            poll,
            notice,
        }
    }
}

/// The polling source over an [`X11Idle`].
#[derive(Debug)]
pub struct X11Source {
    idle: X11Idle,
    poll: Duration,
    notice: Duration,
}

impl IdleSource for X11Source {
    fn name(&self) -> &'static str {
        "x11"
    }

    fn run(self: Box<Self>, watch: Watch) {
        let mut counter = IdleCounter::new(self.notice);
        let mut pause = Duration::ZERO;
        while watch.next_poll(pause) {
            pause = self.poll;
            let idle = match self.idle.idle_time() {
                Ok(idle) => idle,
                Err(e) => {
                    tracing::warn!("{e}; idle time is no longer watched there");
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
