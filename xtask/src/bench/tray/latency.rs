//! How long the tray takes to show what the CLI did: from spawning `punch start` (or
//! `stop`) to the moment a panel, told by the item's NewTitle signal, reads the new
//! title. This is the change socket's whole path: commit, ping, reload, D-Bus.

use std::process::{Command, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::time::{Duration, Instant};

use zbus::blocking::{Connection, MessageIterator};
use zbus::message::Type;
use zbus::zvariant::OwnedValue;

use crate::bench::stats::Series;
use crate::desktop::DEADLINE;

/// The tray's title when no timer runs (punch-tray's `title::IDLE_TITLE`).
pub const IDLE_TITLE: &str = "Punch";

const ITEM_PATH: &str = "/StatusNotifierItem";
const ITEM_INTERFACE: &str = "org.kde.StatusNotifierItem";

/// The item as a panel sees it: its title, and a feed of its NewTitle signals.
pub struct ItemView<'c> {
    conn: &'c Connection,
    service: String,
    new_titles: Receiver<()>,
}

impl<'c> ItemView<'c> {
    /// Subscribes to `service`'s NewTitle before returning, so no signal that follows
    /// is missed.
    pub fn watch(conn: &'c Connection, service: &str) -> Result<ItemView<'c>, String> {
        let rule = zbus::MatchRule::builder()
            .msg_type(Type::Signal)
            .sender(service)
            .and_then(|b| b.interface(ITEM_INTERFACE))
            .and_then(|b| b.member("NewTitle"))
            .map(|b| b.build())
            .map_err(|e| format!("a match rule for {service}: {e}"))?;
        let signals = MessageIterator::for_match_rule(rule, conn, Some(256))
            .map_err(|e| format!("can't subscribe to {service}'s NewTitle: {e}"))?;
        let (sender, new_titles) = mpsc::channel();
        // Ends with the bus, at the end of the bench.
        std::thread::spawn(move || {
            for _ in signals {
                if sender.send(()).is_err() {
                    return;
                }
            }
        });
        Ok(ItemView {
            conn,
            service: service.to_owned(),
            new_titles,
        })
    }

    pub fn title(&self) -> Result<String, String> {
        let reply = self
            .conn
            .call_method(
                Some(self.service.as_str()),
                ITEM_PATH,
                Some("org.freedesktop.DBus.Properties"),
                "Get",
                &(ITEM_INTERFACE, "Title"),
            )
            .map_err(|e| format!("can't read the tray's title: {e}"))?;
        let value: OwnedValue = reply
            .body()
            .deserialize()
            .map_err(|e| format!("the tray's title: {e}"))?;
        String::try_from(value).map_err(|e| format!("the tray's title is not text: {e}"))
    }

    /// Forgets signals of earlier rounds.
    fn drain(&self) {
        while self.new_titles.try_recv().is_ok() {}
    }

    /// Waits for NewTitle signals, reading the title after each, until it satisfies
    /// `wanted`; returns what it read.
    fn await_title(&self, wanted: &dyn Fn(&str) -> bool) -> Result<String, String> {
        let deadline = Instant::now() + DEADLINE;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            self.new_titles.recv_timeout(left).map_err(|_| {
                format!(
                    "the tray's title did not change as expected within {}s (it reads {:?})",
                    DEADLINE.as_secs(),
                    self.title().unwrap_or_default()
                )
            })?;
            let title = self.title()?;
            if wanted(&title) {
                return Ok(title);
            }
        }
    }
}

/// Start and stop latencies, in milliseconds.
#[derive(Debug, Clone, Default)]
pub struct Latencies {
    pub start: Series,
    pub stop: Series,
    /// The title the tray showed after the last start, as a person would see it.
    pub running_title: String,
}

/// `warmup + runs` rounds of `punch start …` then `punch stop`, each timed from spawn
/// to the title read after its NewTitle. The timers last under a minute, so each stop
/// discards its timer and the store stays as it was.
pub fn measure(
    item: &ItemView<'_>,
    start: &mut dyn FnMut() -> Command,
    stop: &mut dyn FnMut() -> Command,
    warmup: usize,
    runs: usize,
) -> Result<Latencies, String> {
    let mut out = Latencies::default();
    if item.title()? != IDLE_TITLE {
        return Err(format!(
            "the tray should be idle before the latency rounds, but its title is {:?}",
            item.title()?
        ));
    }
    let running = |t: &str| t != IDLE_TITLE;
    let idle = |t: &str| t == IDLE_TITLE;
    for round in 0..warmup + runs {
        let (ms, title) = timed(item, &mut *start, &running)?;
        out.running_title = title;
        let (stop_ms, _) = timed(item, &mut *stop, &idle)?;
        if round >= warmup {
            out.start.samples_ms.push(ms);
            out.stop.samples_ms.push(stop_ms);
        }
        // Let the tray finish the round's work (the stop's own reload and
        // sync nudge) before the next start, as a person's clicks would.
        std::thread::sleep(Duration::from_millis(50));
    }
    Ok(out)
}

fn timed(
    item: &ItemView<'_>,
    make: &mut dyn FnMut() -> Command,
    wanted: &dyn Fn(&str) -> bool,
) -> Result<(f64, String), String> {
    item.drain();
    let mut command = make();
    command
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let started = Instant::now();
    // The title is awaited while the command still runs: the tray may well show the
    // change before the CLI has printed its answer and exited.
    let child = command
        .spawn()
        .map_err(|e| format!("can't start `{}`: {e}", crate::cmd::describe(&command)))?;
    let title = item.await_title(wanted);
    let ms = started.elapsed().as_secs_f64() * 1000.0;
    let output = child
        .wait_with_output()
        .map_err(|e| format!("`{}` vanished: {e}", crate::cmd::describe(&command)))?;
    if !output.status.success() {
        return Err(format!(
            "`{}` failed ({}): {}",
            crate::cmd::describe(&command),
            output.status,
            String::from_utf8_lossy(&output.stderr).trim()
        ));
    }
    Ok((ms, title?))
}
