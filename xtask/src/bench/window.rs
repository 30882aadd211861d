//! `cargo xtask bench`'s window figures: how long `punch-app` (release) takes from
//! launch until the window is on screen and until it shows the store's data, over
//! fresh launches, and what the window's whole process tree (the app and WebKit's
//! processes) costs in memory while open, and the tray alone after it closes.
//!
//! "First paint" is the app's own word: once the UI has drawn its first view with the
//! store's data and that frame was painted, it calls `ui_ready`, and the app prints
//! `punch-app: first paint <ms>` on stderr, counted from the start of its `main`. The
//! few milliseconds before `main` (exec, dynamic linking) are not in it; "mapped", the
//! window on screen as xdotool finds it, is measured from the spawn.

use std::path::Path;
use std::time::{Duration, Instant};

use chrono::{SubsecRound, Utc};
use punch_core::entry::rfc3339;
use serde_json::{Value, json};

use crate::bench::progress;
use crate::bench::stats::round3;
use crate::cmd;
use crate::desktop::watcher::Watcher;
use crate::desktop::{self, Desktop};

/// Launches timed; the first, which fills the OS's file cache, is not counted.
const LAUNCHES: usize = 12;
/// How long the open window sits before its memory is read.
const SETTLE: Duration = Duration::from_secs(5);
/// What the app prints on stderr at its first paint with data.
const FIRST_PAINT: &str = "punch-app: first paint ";

#[derive(Debug, Clone)]
pub struct Figures {
    /// Launch to the window mapped on screen, in ms, one per launch.
    pub mapped_ms: Vec<f64>,
    /// Launch to the view drawn with the store's data, in ms, one per launch.
    pub painted_ms: Vec<f64>,
    /// The window's processes while open: (name, RSS KiB, PSS KiB).
    pub open: Vec<(String, u64, u64)>,
    /// The tray before the window opened and after it closed: (RSS KiB, PSS KiB).
    pub tray_before: (u64, u64),
    pub tray_after: (u64, u64),
    /// Processes of the window still alive after it closed.
    pub leftovers: Vec<String>,
}

/// `cargo xtask bench window`, and the window part of the whole bench: measures,
/// prints, writes `window.json` in `bench_dir`.
pub fn run(work: &Path, bench_dir: &Path) -> Result<(), String> {
    let figures = measure(work)?;
    figures.print();
    let path = bench_dir.join("window.json");
    let mut doc = figures.to_json();
    doc["timestamp"] = rfc3339(Utc::now().trunc_subsecs(0)).into();
    doc["machine"] = super::output::machine();
    super::write_json(doc, &path)?;
    println!("window figures in {}", path.display());
    Ok(())
}

fn measure(work: &Path) -> Result<Figures, String> {
    crate::system::ensure_packages(&["xvfb", "dbus-daemon", "xdotool", "x11-apps"])?;
    // The bench's one release build, which names punch-app too: a no-op by now.
    cmd::run(cmd::cargo().args(super::RELEASE_BUILD))?;
    progress("window: Xvfb, a session bus, a watcher and `punch tray`");
    let mut desktop = Desktop::start(&work.join("window-desktop"), 1280, 800)?;
    let watcher = Watcher::start(&desktop)?;
    let home = desktop.dir("punch-home");
    let punch = |desktop: &Desktop, args: &[&str]| {
        let mut command = desktop.command(cmd::release_binary("punch"));
        command.env("PUNCH_HOME", &home).args(args);
        cmd::stdout_of(&mut command)
    };
    punch(&desktop, &["alias", "website", "books:1001/2002"])?;
    punch(
        &desktop,
        &[
            "log",
            "1h30m",
            "--target",
            "website",
            "--note",
            "code review",
        ],
    )?;
    punch(&desktop, &["start", "website", "--note", "fix login"])?;
    let mut tray = desktop.command(cmd::release_binary("punch"));
    tray.env("PUNCH_HOME", &home).arg("tray");
    let tray_pid = desktop.spawn("punch-tray", tray)?;
    watcher.next_item()?;
    std::thread::sleep(SETTLE);
    let tray_before = memory(tray_pid)?;

    progress(&format!("window: {LAUNCHES} launches to first paint"));
    let mut mapped_ms = Vec::new();
    let mut painted_ms = Vec::new();
    let mut open = Vec::new();
    let mut last_tree = Vec::new();
    for round in 0..=LAUNCHES {
        let (mapped, painted, pid) = launch(&mut desktop, &home, round)?;
        if round > 0 {
            mapped_ms.push(mapped);
            painted_ms.push(painted);
        }
        if round == LAUNCHES {
            std::thread::sleep(SETTLE);
            last_tree = tree(pid);
            open = last_tree
                .iter()
                .copied()
                .map(|p| {
                    let (rss, pss) = memory(p)?;
                    Ok((name(p), rss, pss))
                })
                .collect::<Result<_, String>>()?;
        }
        close(&desktop, pid)?;
        desktop.stop(&format!("punch-app-{round}"));
    }
    std::thread::sleep(SETTLE);
    let leftovers = last_tree
        .into_iter()
        .filter(|&p| Path::new(&format!("/proc/{p}")).exists() && !is_zombie(p))
        .map(name)
        .collect();
    desktop.still_running("punch-tray")?;
    Ok(Figures {
        mapped_ms,
        painted_ms,
        open,
        tray_before,
        tray_after: memory(tray_pid)?,
        leftovers,
    })
}

/// One launch: ms to mapped, ms to painted, the app's pid.
fn launch(desktop: &mut Desktop, home: &Path, round: usize) -> Result<(f64, f64, u32), String> {
    let mut app = desktop.command(cmd::release_binary("punch-app"));
    app.env("PUNCH_HOME", home)
        .env("WEBKIT_DISABLE_DMABUF_RENDERER", "1");
    let name = format!("punch-app-{round}");
    let started = Instant::now();
    let pid = desktop.spawn(&name, app)?;
    let log = desktop.log_path(&name);
    let mut mapped = None;
    let mut painted = None;
    desktop::wait_until("the window is drawn with the store's data", || {
        desktop.still_running(&name)?;
        if mapped.is_none() && find_window(desktop).is_some() {
            mapped = Some(started.elapsed());
        }
        painted = first_paint(&std::fs::read_to_string(&log).unwrap_or_default());
        Ok(mapped.is_some() && painted.is_some())
    })?;
    let ms = |d: Duration| round3(d.as_secs_f64() * 1000.0);
    let painted = painted.unwrap_or_default();
    Ok((mapped.map_or(painted, ms), painted, pid))
}

/// The app's first-paint figure, in ms since its `main` began, once it printed it.
fn first_paint(log: &str) -> Option<f64> {
    log.lines()
        .find_map(|line| line.strip_prefix(FIRST_PAINT)?.trim().parse().ok())
}

/// The visible window titled "Punch".
fn find_window(desktop: &Desktop) -> Option<u64> {
    let found = cmd::stdout_of(desktop.command("xdotool").args([
        "search",
        "--onlyvisible",
        "--name",
        "^Punch$",
    ]))
    .ok()?;
    found.split_whitespace().next()?.parse().ok()
}

/// Esc on the timer view puts the window away, as a person would close it; the
/// process ends with it (keep-warm is off).
fn close(desktop: &Desktop, pid: u32) -> Result<(), String> {
    let window = find_window(desktop).ok_or("the window is gone before its close")?;
    let id = window.to_string();
    cmd::stdout_of(
        desktop
            .command("xdotool")
            .args(["windowfocus", "--sync", &id]),
    )?;
    cmd::stdout_of(desktop.command("xdotool").args(["key", "Escape"]))?;
    desktop::wait_until("the window's process ends after Esc", || {
        Ok(!Path::new(&format!("/proc/{pid}")).exists() || is_zombie(pid))
    })
}

fn is_zombie(pid: u32) -> bool {
    std::fs::read_to_string(format!("/proc/{pid}/stat")).is_ok_and(|s| {
        s.rsplit_once(')')
            .is_some_and(|(_, rest)| rest.trim_start().starts_with('Z'))
    })
}

/// `pid` and every process under it.
fn tree(pid: u32) -> Vec<u32> {
    let parents: Vec<(u32, u32)> = all_pids()
        .into_iter()
        .filter_map(|p| Some((p, parent(p)?)))
        .collect();
    let mut found = vec![pid];
    let mut i = 0;
    while i < found.len() {
        let here = found[i];
        found.extend(
            parents
                .iter()
                .filter(|(_, pp)| *pp == here)
                .map(|(p, _)| *p),
        );
        i += 1;
    }
    found
}

fn all_pids() -> Vec<u32> {
    std::fs::read_dir("/proc").map_or_else(
        |_| Vec::new(),
        |entries| {
            entries
                .flatten()
                .filter_map(|e| e.file_name().to_str()?.parse().ok())
                .collect()
        },
    )
}

fn parent(pid: u32) -> Option<u32> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    stat.rsplit_once(')')?
        .1
        .split_whitespace()
        .nth(1)?
        .parse()
        .ok()
}

fn name(pid: u32) -> String {
    std::fs::read_to_string(format!("/proc/{pid}/comm"))
        .map(|n| n.trim().to_owned())
        .unwrap_or_default()
}

/// (RSS, PSS) in KiB, from smaps_rollup.
fn memory(pid: u32) -> Result<(u64, u64), String> {
    let path = format!("/proc/{pid}/smaps_rollup");
    let text = std::fs::read_to_string(&path).map_err(|e| format!("can't read {path}: {e}"))?;
    let field = |key: &str| -> Result<u64, String> {
        text.lines()
            .find_map(|l| l.strip_prefix(key))
            .and_then(|v| v.split_whitespace().next()?.parse().ok())
            .ok_or_else(|| format!("{path} has no {key}"))
    };
    Ok((field("Rss:")?, field("Pss:")?))
}

fn median(values: &[f64]) -> f64 {
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    match sorted.len() {
        0 => f64::NAN,
        n if n % 2 == 1 => sorted[n / 2],
        n => (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0,
    }
}

fn mib(kib: u64) -> f64 {
    round3(kib as f64 / 1024.0)
}

impl Figures {
    fn open_total(&self) -> (u64, u64) {
        self.open
            .iter()
            .fold((0, 0), |(r, p), (_, rss, pss)| (r + rss, p + pss))
    }

    fn print(&self) {
        let range = |v: &[f64]| {
            let min = v.iter().copied().fold(f64::INFINITY, f64::min);
            let max = v.iter().copied().fold(0.0, f64::max);
            format!("median {:.0} ms (min {min:.0}, max {max:.0})", median(v))
        };
        println!();
        println!("Punch window (release), {} launches", self.mapped_ms.len());
        println!(
            "  launch to window mapped          {}",
            range(&self.mapped_ms)
        );
        println!(
            "  first paint with data (ui_ready) {}",
            range(&self.painted_ms)
        );
        let (rss, pss) = self.open_total();
        println!(
            "  window process tree, open        RSS {:.1} MiB, PSS {:.1} MiB",
            mib(rss),
            mib(pss)
        );
        for (name, rss, pss) in &self.open {
            println!(
                "    {name:<28} RSS {:.1} MiB, PSS {:.1} MiB",
                mib(*rss),
                mib(*pss)
            );
        }
        println!(
            "  tray alone before / after        RSS {:.1} / {:.1} MiB",
            mib(self.tray_before.0),
            mib(self.tray_after.0)
        );
        if !self.leftovers.is_empty() {
            println!("  STILL RUNNING after close: {}", self.leftovers.join(", "));
        }
    }

    fn to_json(&self) -> Value {
        let (rss, pss) = self.open_total();
        json!({
            "launches": self.mapped_ms.len(),
            "mapped_ms": self.mapped_ms,
            "mapped_median_ms": median(&self.mapped_ms),
            "painted_ms": self.painted_ms,
            "painted_median_ms": median(&self.painted_ms),
            "first_paint": "the app's ui_ready: its first frame with the store's data painted, in ms since its main() began",
            "open_rss_mib": mib(rss),
            "open_pss_mib": mib(pss),
            "open_processes": self.open.iter().map(|(n, r, p)| json!({"name": n, "rss_mib": mib(*r), "pss_mib": mib(*p)})).collect::<Vec<_>>(),
            "tray_rss_mib_before": mib(self.tray_before.0),
            "tray_rss_mib_after": mib(self.tray_after.0),
            "tray_pss_mib_after": mib(self.tray_after.1),
            "leftovers_after_close": self.leftovers,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_paint_is_read_from_the_apps_own_line() {
        let log = "Gtk-Message: loaded\npunch-app: first paint 475.5\nlater\n";
        assert_eq!(first_paint(log), Some(475.5));
        assert_eq!(first_paint("punch-app: started\n"), None);
    }

    #[test]
    fn the_median_of_an_even_count_is_the_middle_pair() {
        assert_eq!(median(&[4.0, 1.0, 3.0, 2.0]), 2.5);
        assert_eq!(median(&[5.0, 1.0, 3.0]), 3.0);
    }
}
