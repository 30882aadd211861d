//! `cargo xtask bench`'s tray figures: what `punch tray` costs while it sits in the
//! panel all day (memory, CPU, wake-ups) and how fast it shows what the CLI did, with
//! KTimeTracker measured beside it on the same Xvfb and bus, in the same windows.

mod latency;
mod procfs;
mod report;

#[cfg(test)]
pub use report::sample;

use std::path::Path;
use std::time::Duration;

use crate::bench::ktimetracker::{self, KTimeTracker};
use crate::bench::progress;
use crate::desktop::watcher::Watcher;
use crate::desktop::{self, Desktop};
use crate::system;
use latency::{IDLE_TITLE, ItemView, Latencies};
pub use procfs::{Memory, Window};

/// How long both trackers sit untouched before their memory is read.
const SETTLE: Duration = Duration::from_secs(10);
/// Each CPU and wake-up window.
const WINDOW: Duration = Duration::from_secs(60);
const LATENCY_WARMUP: usize = 3;
const LATENCY_RUNS: usize = 30;
const ALIAS: &str = "website";
const ALIAS_TARGET: &str = "books:1001/2002";
const NOTE: &str = "fix login";
/// KTimeTracker's task, named like Punch's timer.
const KTT_TASK: &str = "Website";

/// What one resident process costs.
#[derive(Debug, Clone)]
pub struct Costs {
    /// After [`SETTLE`] with nothing running.
    pub memory: Memory,
    /// Nothing running, nothing touched.
    pub idle: Window,
    /// A timer running, nothing touched.
    pub running: Window,
    /// At the end of the running window, after the latency rounds.
    pub memory_after: Memory,
}

#[derive(Debug, Clone)]
pub struct Figures {
    pub punch: Costs,
    /// KTimeTracker's version and costs, when it could be run.
    pub ktimetracker: Option<(String, Costs)>,
    pub latency: Latencies,
}

/// Runs `punch` (a release build) as the tray on a desktop under `work`.
pub fn measure(work: &Path, punch: &Path) -> Result<Figures, String> {
    system::ensure_packages(system::BENCH_PACKAGES)?;
    let ticks = procfs::ticks_per_second();
    progress("tray: starting Xvfb, a session bus and a StatusNotifierWatcher");
    let mut desktop = Desktop::start(&work.join("desktop"), 1280, 800)?;
    let watcher = Watcher::start(&desktop)?;
    let home = desktop.dir("punch-home");
    let punch_command = |desktop: &Desktop, args: &[&str]| {
        let mut command = desktop.command(punch);
        command.env("PUNCH_HOME", &home).args(args);
        command
    };
    crate::cmd::stdout_of(&mut punch_command(
        &desktop,
        &["alias", ALIAS, ALIAS_TARGET],
    ))?;
    let tray = punch_command(&desktop, &["tray"]);
    let tray_pid = desktop.spawn("punch-tray", tray)?;
    let service = watcher
        .next_item()
        .and_then(|service| desktop.still_running("punch-tray").map(|()| service))
        .map_err(|e| match desktop.still_running("punch-tray") {
            Ok(()) => format!("`punch tray` did not register its item: {e}"),
            Err(died) => died,
        })?;
    let ktt = match KTimeTracker::start(&mut desktop) {
        Ok(ktt) => Some(ktt),
        Err(e) => {
            eprintln!("xtask bench: tray figures WITHOUT the KTimeTracker comparison: {e}");
            desktop.stop(ktimetracker::PROGRAM);
            None
        }
    };
    let pids: Vec<u32> = std::iter::once(tray_pid)
        .chain(ktt.as_ref().map(|k| k.pid))
        .collect();

    progress(&format!("tray: {}s idle, then memory", SETTLE.as_secs()));
    std::thread::sleep(SETTLE);
    let memory = pids
        .iter()
        .map(|&p| procfs::memory(p))
        .collect::<Result<Vec<_>, _>>()?;
    progress(&format!(
        "tray: {}s idle, nothing running",
        WINDOW.as_secs()
    ));
    let idle = window(&pids, ticks)?;

    progress(&format!(
        "tray: {} rounds of punch start / punch stop, to the tray's new title",
        LATENCY_WARMUP + LATENCY_RUNS
    ));
    let item = ItemView::watch(watcher.connection(), &service)?;
    let start_args = ["start", ALIAS, "--note", NOTE];
    let latency = latency::measure(
        &item,
        &mut || punch_command(&desktop, &start_args),
        &mut || punch_command(&desktop, &["stop"]),
        LATENCY_WARMUP,
        LATENCY_RUNS,
    )?;

    progress(&format!("tray: {}s with a timer running", WINDOW.as_secs()));
    crate::cmd::stdout_of(&mut punch_command(&desktop, &start_args))?;
    desktop::wait_until("the tray shows the running timer", || {
        Ok(item.title()? != IDLE_TITLE)
    })?;
    if let Some(ktt) = &ktt {
        ktt.start_timer(watcher.connection(), KTT_TASK)?;
    }
    let running = window(&pids, ticks)?;
    let memory_after = pids
        .iter()
        .map(|&p| procfs::memory(p))
        .collect::<Result<Vec<_>, _>>()?;
    for name in ["punch-tray", ktimetracker::PROGRAM] {
        if ktt.is_some() || name == "punch-tray" {
            desktop.still_running(name)?;
        }
    }

    let costs = |i: usize| Costs {
        memory: memory[i],
        idle: idle[i].clone(),
        running: running[i].clone(),
        memory_after: memory_after[i],
    };
    Ok(Figures {
        punch: costs(0),
        ktimetracker: ktt.map(|k| (k.version, costs(1))),
        latency,
    })
}

/// Reads every process, waits [`WINDOW`], reads them again.
fn window(pids: &[u32], ticks: f64) -> Result<Vec<Window>, String> {
    let before = pids
        .iter()
        .map(|&p| procfs::read(p))
        .collect::<Result<Vec<_>, _>>()?;
    std::thread::sleep(WINDOW);
    let after = pids
        .iter()
        .map(|&p| procfs::read(p))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(before
        .iter()
        .zip(&after)
        .map(|(b, a)| Window::between(b, a, ticks))
        .collect())
}
