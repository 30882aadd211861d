//! What a resident process costs, read from /proc: memory after it settles, CPU time
//! and wake-ups over a window, for every thread of the process.

use std::collections::HashMap;
use std::process::Command;
use std::time::Instant;

use serde_json::{Value, json};

use crate::bench::stats::round3;
use crate::cmd;

/// Resident and proportional set size, in KiB (smaps_rollup's unit).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Memory {
    pub rss_kib: u64,
    pub pss_kib: u64,
}

impl Memory {
    pub fn rss_mib(&self) -> f64 {
        self.rss_kib as f64 / 1024.0
    }

    pub fn pss_mib(&self) -> f64 {
        self.pss_kib as f64 / 1024.0
    }
}

pub fn memory(pid: u32) -> Result<Memory, String> {
    let path = format!("/proc/{pid}/smaps_rollup");
    let text = std::fs::read_to_string(&path).map_err(|e| format!("can't read {path}: {e}"))?;
    let field =
        |name: &str| kib_field(&text, name).ok_or_else(|| format!("{path} has no {name} line"));
    Ok(Memory {
        rss_kib: field("Rss:")?,
        pss_kib: field("Pss:")?,
    })
}

fn kib_field(text: &str, name: &str) -> Option<u64> {
    text.lines()
        .find_map(|l| l.strip_prefix(name))?
        .split_whitespace()
        .next()?
        .parse()
        .ok()
}

/// A reading of the process's counters at one instant.
#[derive(Debug, Clone)]
pub struct Reading {
    at: Instant,
    /// utime + stime of the whole process (all threads, live and exited), in ticks.
    cpu_ticks: u64,
    /// Each live thread's counters, by thread id.
    threads: HashMap<u32, Thread>,
}

#[derive(Debug, Clone, Default, PartialEq)]
struct Thread {
    name: String,
    /// Voluntary and involuntary context switches.
    switches: u64,
    /// Time on a CPU in nanoseconds (schedstat): finer than the stat's 10 ms ticks,
    /// which round a frugal process's minute down to nothing.
    run_ns: u64,
}

pub fn read(pid: u32) -> Result<Reading, String> {
    let at = Instant::now();
    let path = format!("/proc/{pid}/stat");
    let stat = std::fs::read_to_string(&path).map_err(|e| format!("can't read {path}: {e}"))?;
    let cpu_ticks = cpu_ticks(&stat).ok_or_else(|| format!("can't parse {path}: {stat}"))?;
    let tasks = format!("/proc/{pid}/task");
    let mut threads = HashMap::new();
    for task in std::fs::read_dir(&tasks).map_err(|e| format!("can't list {tasks}: {e}"))? {
        let task = task.map_err(|e| e.to_string())?;
        let Some(tid) = task.file_name().to_str().and_then(|t| t.parse().ok()) else {
            continue;
        };
        // A thread that ends between the listing and the read simply isn't counted.
        let read = |name: &str| std::fs::read_to_string(task.path().join(name));
        if let Ok(status) = read("status") {
            threads.insert(
                tid,
                Thread {
                    name: read("comm").unwrap_or_default().trim().to_owned(),
                    switches: context_switches(&status),
                    run_ns: read("schedstat")
                        .ok()
                        .and_then(|s| s.split_whitespace().next()?.parse().ok())
                        .unwrap_or(0),
                },
            );
        }
    }
    Ok(Reading {
        at,
        cpu_ticks,
        threads,
    })
}

/// Fields 14 and 15 (utime, stime) of /proc/PID/stat; the command name before them may
/// hold spaces and parentheses, so counting starts after its last `)`.
fn cpu_ticks(stat: &str) -> Option<u64> {
    let rest = &stat[stat.rfind(')')? + 1..];
    let fields: Vec<&str> = rest.split_whitespace().collect();
    // `rest` starts at field 3 (state).
    let utime: u64 = fields.get(11)?.parse().ok()?;
    let stime: u64 = fields.get(12)?.parse().ok()?;
    Some(utime + stime)
}

fn context_switches(status: &str) -> u64 {
    ["voluntary_ctxt_switches:", "nonvoluntary_ctxt_switches:"]
        .iter()
        .filter_map(|name| {
            status
                .lines()
                .find_map(|l| l.strip_prefix(name))?
                .trim()
                .parse::<u64>()
                .ok()
        })
        .sum()
}

/// What the process did between two readings.
#[derive(Debug, Clone, PartialEq)]
pub struct Window {
    pub seconds: f64,
    pub cpu_seconds: f64,
    /// The same from the scheduler's nanoseconds, for the threads alive at the end.
    pub cpu_seconds_scheduler: f64,
    /// Context switches of the threads alive at the end; one that started during the
    /// window counts from zero.
    pub wakeups: u64,
    /// The wake-ups by thread name, busiest first: which part of the process woke.
    pub wakeups_by_thread: Vec<(String, u64)>,
}

impl Window {
    pub fn between(before: &Reading, after: &Reading, ticks_per_second: f64) -> Window {
        let mut by_name: HashMap<&str, u64> = HashMap::new();
        let mut run_ns = 0;
        for (tid, thread) in &after.threads {
            let earlier = before.threads.get(tid).cloned().unwrap_or_default();
            *by_name.entry(thread.name.as_str()).or_default() +=
                thread.switches.saturating_sub(earlier.switches);
            run_ns += thread.run_ns.saturating_sub(earlier.run_ns);
        }
        let mut wakeups_by_thread: Vec<(String, u64)> = by_name
            .into_iter()
            .filter(|(_, n)| *n > 0)
            .map(|(name, n)| (name.to_owned(), n))
            .collect();
        wakeups_by_thread.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        Window {
            seconds: after.at.duration_since(before.at).as_secs_f64(),
            cpu_seconds: after.cpu_ticks.saturating_sub(before.cpu_ticks) as f64 / ticks_per_second,
            cpu_seconds_scheduler: run_ns as f64 / 1e9,
            wakeups: wakeups_by_thread.iter().map(|(_, n)| n).sum(),
            wakeups_by_thread,
        }
    }

    pub fn cpu_per_minute(&self) -> f64 {
        self.cpu_seconds * 60.0 / self.seconds
    }

    pub fn wakeups_per_minute(&self) -> f64 {
        self.wakeups as f64 * 60.0 / self.seconds
    }

    pub fn cpu_per_minute_scheduler(&self) -> f64 {
        self.cpu_seconds_scheduler * 60.0 / self.seconds
    }

    pub fn to_json(&self) -> Value {
        let by_thread: serde_json::Map<String, Value> = self
            .wakeups_by_thread
            .iter()
            .map(|(name, n)| (name.clone(), json!(n)))
            .collect();
        json!({
            "seconds": round3(self.seconds),
            "cpu_seconds": round3(self.cpu_seconds),
            "cpu_seconds_per_minute": round3(self.cpu_per_minute()),
            "cpu_seconds_scheduler": (self.cpu_seconds_scheduler * 1e6).round() / 1e6,
            "cpu_seconds_per_minute_scheduler":
                (self.cpu_per_minute_scheduler() * 1e6).round() / 1e6,
            "wakeups_by_thread": by_thread,
            "wakeups": self.wakeups,
            "wakeups_per_minute": round3(self.wakeups_per_minute()),
        })
    }
}

/// The kernel's clock ticks a second, which /proc/PID/stat counts in (100 on Linux
/// nearly everywhere, but asked rather than assumed).
pub fn ticks_per_second() -> f64 {
    cmd::stdout_of(Command::new("getconf").arg("CLK_TCK"))
        .ok()
        .and_then(|t| t.trim().parse().ok())
        .unwrap_or(100.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cpu_ticks_survive_a_name_with_spaces_and_parentheses() {
        let stat = "42 (punch (tray) x) S 1 42 42 0 -1 4194304 100 0 0 0 7 5 0 0 20 0 3 0";
        assert_eq!(cpu_ticks(stat), Some(12));
    }

    #[test]
    fn both_kinds_of_context_switch_count() {
        let status = "Name:\tpunch\nvoluntary_ctxt_switches:\t10\nnonvoluntary_ctxt_switches:\t3\n";
        assert_eq!(context_switches(status), 13);
    }

    #[test]
    fn memory_fields_are_read_in_kib() {
        let rollup = "5555-6666 ---p 00000000 00:00 0 [rollup]\nRss:   9876 kB\nPss:   4321 kB\nPss_Anon: 1 kB\n";
        assert_eq!(kib_field(rollup, "Rss:"), Some(9876));
        assert_eq!(kib_field(rollup, "Pss:"), Some(4321));
    }

    #[test]
    fn a_window_counts_new_threads_from_zero_and_scales_to_a_minute() {
        let thread = |name: &str, switches, run_ns| Thread {
            name: name.into(),
            switches,
            run_ns,
        };
        let start = Instant::now();
        let before = Reading {
            at: start,
            cpu_ticks: 100,
            threads: HashMap::from([(1, thread("punch", 50, 1_000)), (2, thread("gone", 7, 0))]),
        };
        let after = Reading {
            at: start + std::time::Duration::from_secs(30),
            cpu_ticks: 103,
            threads: HashMap::from([
                (1, thread("punch", 51, 2_001_000)),
                (3, thread("sync", 2, 500_000)),
            ]),
        };
        let w = Window::between(&before, &after, 100.0);
        assert_eq!(w.wakeups, 3);
        assert_eq!(
            w.wakeups_by_thread,
            [("sync".to_owned(), 2), ("punch".to_owned(), 1)]
        );
        assert!((w.cpu_seconds - 0.03).abs() < 1e-9);
        assert!((w.cpu_per_minute() - 0.06).abs() < 1e-9);
        assert!((w.cpu_seconds_scheduler - 0.0025).abs() < 1e-12);
        assert!((w.wakeups_per_minute() - 6.0).abs() < 1e-9);
    }

    #[test]
    fn this_process_can_be_read() {
        let pid = std::process::id();
        let m = memory(pid).unwrap();
        assert!(m.rss_kib > 0 && m.pss_kib > 0);
        let r = read(pid).unwrap();
        assert!(r.threads.values().any(|t| t.switches > 0 && t.run_ns > 0));
    }
}
