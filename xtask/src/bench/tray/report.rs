//! The tray figures as rows of the bench's table, targets judged PASS or MISS, and JSON.

use serde_json::{Value, json};

use super::{Costs, Figures, LATENCY_RUNS, LATENCY_WARMUP, SETTLE, WINDOW, Window};
use crate::bench::output::Verdict;
use crate::bench::stats::round3;

pub const RSS_TARGET_MIB: f64 = 15.0;
/// CPU seconds a minute, idle or with a timer running.
pub const CPU_TARGET: f64 = 0.05;
/// Wake-ups a minute with nothing running.
pub const WAKEUP_TARGET: f64 = 1.0;
/// From spawning `punch start` to the tray's new title, median.
pub const LATENCY_TARGET_MS: f64 = 100.0;

impl Figures {
    pub fn targets(&self) -> Vec<Verdict> {
        let p = &self.punch;
        let cpu = |what: &str, per_minute: f64| Verdict {
            what: format!("tray: CPU a minute, {what}"),
            measured: Some(per_minute),
            unit: "s",
            goal: format!("<= {CPU_TARGET} s"),
            met: Some(per_minute <= CPU_TARGET),
        };
        let latency = self.latency.start.median();
        vec![
            Verdict {
                what: format!("tray: RSS after {}s idle", SETTLE.as_secs()),
                measured: Some(p.memory.rss_mib()),
                unit: "MiB",
                goal: format!("<= {RSS_TARGET_MIB} MiB"),
                met: Some(p.memory.rss_mib() <= RSS_TARGET_MIB),
            },
            cpu("nothing running", p.idle.cpu_per_minute()),
            cpu("timer running", p.running.cpu_per_minute()),
            Verdict {
                what: "tray: wake-ups a minute, nothing running".into(),
                measured: Some(p.idle.wakeups_per_minute()),
                unit: "wake-ups",
                goal: format!("<= {WAKEUP_TARGET}"),
                met: Some(p.idle.wakeups_per_minute() <= WAKEUP_TARGET),
            },
            Verdict {
                what: "tray: punch start to new title, median".into(),
                measured: Some(latency),
                unit: "ms",
                goal: format!("< {LATENCY_TARGET_MS} ms"),
                met: Some(latency < LATENCY_TARGET_MS),
            },
        ]
    }

    pub fn print(&self, width: usize) {
        let ktt = self.ktimetracker.as_ref();
        println!(
            "Tray: `punch tray` (release) under Xvfb on a private session bus with a minimal StatusNotifierWatcher{}.",
            ktt.map_or(String::new(), |(v, _)| format!(
                "; KTimeTracker {v} beside it, on the same display and bus, in the same windows"
            ))
        );
        println!(
            "Memory from /proc/PID/smaps_rollup after {}s idle; CPU (utime+stime, all threads) and wake-ups \
             (voluntary+involuntary context switches of every thread) over {}s each, shown per minute.",
            SETTLE.as_secs(),
            WINDOW.as_secs()
        );
        println!();
        println!(
            "{:<width$} {:>10} {:>12} {:>10}",
            "tray, resident", "Punch", "KTimeTracker", "ratio"
        );
        let row = |label: &str, of: &dyn Fn(&Costs) -> f64, shown: &dyn Fn(f64) -> String| {
            let punch = of(&self.punch);
            let other = ktt.map(|(_, c)| of(c));
            let ratio = other
                .filter(|o| *o > 0.0)
                .map_or("".into(), |o| format!("{:.3}", punch / o));
            println!(
                "{label:<width$} {:>10} {:>12} {ratio:>10}",
                shown(punch),
                other.map_or("n/a".into(), shown)
            );
        };
        let mib = |x: f64| format!("{x:.1} MiB");
        let secs = |x: f64| format!("{x:.3} s");
        // Nanoseconds summed: worth a finer unit than the stat's 10 ms ticks.
        let fine = |x: f64| format!("{:.2} ms", x * 1000.0);
        let count = |x: f64| format!("{x:.1}");
        row(
            &format!("RSS after {}s idle", SETTLE.as_secs()),
            &|c| c.memory.rss_mib(),
            &mib,
        );
        row(
            &format!("PSS after {}s idle", SETTLE.as_secs()),
            &|c| c.memory.pss_mib(),
            &mib,
        );
        row(
            "CPU a minute, nothing running",
            &|c| c.idle.cpu_per_minute(),
            &secs,
        );
        row(
            "CPU a minute, timer running",
            &|c| c.running.cpu_per_minute(),
            &secs,
        );
        row(
            "  the same, from the scheduler's ns, nothing running",
            &|c| c.idle.cpu_per_minute_scheduler(),
            &fine,
        );
        row(
            "  the same, from the scheduler's ns, timer running",
            &|c| c.running.cpu_per_minute_scheduler(),
            &fine,
        );
        row(
            "wake-ups a minute, nothing running",
            &|c| c.idle.wakeups_per_minute(),
            &count,
        );
        row(
            "wake-ups a minute, timer running",
            &|c| c.running.wakeups_per_minute(),
            &count,
        );
        row("RSS at the end", &|c| c.memory_after.rss_mib(), &mib);
        println!();
        println!(
            "{:<width$} {:>10} {:>10} {:>5}",
            "CLI to tray (spawn to the title read on NewTitle)", "median", "p95", "runs"
        );
        for (label, series) in [
            ("punch start website → running title", &self.latency.start),
            ("punch stop → idle title", &self.latency.stop),
        ] {
            println!(
                "{label:<width$} {:>10} {:>10} {:>5}",
                format!("{:.2} ms", series.median()),
                format!("{:.2} ms", series.p95()),
                series.runs()
            );
        }
        println!("The running title read: {:?}", self.latency.running_title);
        let threads = |w: &Window| {
            w.wakeups_by_thread
                .iter()
                .map(|(name, n)| format!("{name} {n}"))
                .collect::<Vec<_>>()
                .join(", ")
        };
        println!(
            "Punch's wake-ups by thread: nothing running [{}]; timer running [{}].",
            threads(&self.punch.idle),
            threads(&self.punch.running)
        );
    }

    pub fn to_json(&self) -> Value {
        let costs = |c: &Costs| {
            json!({
                "rss_kib_after_settle": c.memory.rss_kib,
                "pss_kib_after_settle": c.memory.pss_kib,
                "idle_nothing_running": c.idle.to_json(),
                "timer_running": c.running.to_json(),
                "rss_kib_at_end": c.memory_after.rss_kib,
                "pss_kib_at_end": c.memory_after.pss_kib,
            })
        };
        let ratio = |of: &dyn Fn(&Costs) -> f64| {
            self.ktimetracker
                .as_ref()
                .map(|(_, k)| of(k))
                .filter(|k| *k > 0.0)
                .map(|k| round3(of(&self.punch) / k))
        };
        json!({
            "method": "punch tray (release) and KTimeTracker side by side under one Xvfb and one private \
                session bus with a minimal StatusNotifierWatcher; memory from /proc/PID/smaps_rollup, \
                CPU from /proc/PID/stat utime+stime, wake-ups as voluntary+nonvoluntary context \
                switches summed over /proc/PID/task/*/status; latency from spawning the CLI to \
                reading Title after the item's NewTitle signal",
            "settle_seconds": SETTLE.as_secs(),
            "window_seconds": WINDOW.as_secs(),
            "punch": costs(&self.punch),
            "ktimetracker": self.ktimetracker.as_ref().map(|(version, c)| json!({
                "version": version,
                "costs": costs(c),
            })),
            "ratio_punch_over_ktimetracker": {
                "rss": ratio(&|c| c.memory.rss_kib as f64),
                "pss": ratio(&|c| c.memory.pss_kib as f64),
                "cpu_idle": ratio(&|c| c.idle.cpu_seconds),
                "cpu_running": ratio(&|c| c.running.cpu_seconds),
                "wakeups_idle": ratio(&|c| c.idle.wakeups as f64),
                "wakeups_running": ratio(&|c| c.running.wakeups as f64),
            },
            "latency": {
                "warmup_rounds": LATENCY_WARMUP,
                "rounds": LATENCY_RUNS,
                "start_to_title": self.latency.start.to_json(),
                "stop_to_title": self.latency.stop.to_json(),
                "running_title": self.latency.running_title,
            },
        })
    }
}

#[cfg(test)]
pub fn sample() -> Figures {
    use super::procfs::Memory;
    let memory = Memory {
        rss_kib: 10 * 1024,
        pss_kib: 6 * 1024,
    };
    let window = |cpu_seconds, wakeups| Window {
        seconds: 60.0,
        cpu_seconds,
        cpu_seconds_scheduler: cpu_seconds,
        wakeups,
        wakeups_by_thread: vec![("punch".into(), wakeups)],
    };
    let costs = |m: Memory, idle: Window, running: Window| Costs {
        memory: m,
        idle,
        running,
        memory_after: m,
    };
    let mut latency = super::Latencies::default();
    latency.start.samples_ms = vec![20.0, 30.0, 40.0];
    latency.stop.samples_ms = vec![20.0];
    Figures {
        punch: costs(memory, window(0.01, 1), window(0.02, 3)),
        ktimetracker: Some((
            "5.0.1".into(),
            costs(
                Memory {
                    rss_kib: 100 * 1024,
                    pss_kib: 60 * 1024,
                },
                window(0.5, 100),
                window(1.0, 200),
            ),
        )),
        latency,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_frugal_tray_meets_every_target() {
        let figures = sample();
        let met: Vec<_> = figures.targets().iter().map(|v| v.met).collect();
        assert_eq!(met, [Some(true); 5]);
        let doc = figures.to_json();
        assert_eq!(doc["ratio_punch_over_ktimetracker"]["rss"], 0.1);
        assert_eq!(
            doc["punch"]["idle_nothing_running"]["wakeups_per_minute"],
            1.0
        );
        assert_eq!(doc["latency"]["start_to_title"]["median_ms"], 30.0);
    }

    #[test]
    fn two_wake_ups_a_minute_or_a_slow_title_miss() {
        let mut figures = sample();
        figures.punch.idle.wakeups = 2;
        figures.latency.start.samples_ms = vec![100.0];
        let met: Vec<_> = figures.targets().iter().map(|v| v.met).collect();
        assert_eq!(met[3], Some(false));
        assert_eq!(met[4], Some(false));
        assert_eq!(figures.to_json()["ktimetracker"]["version"], "5.0.1");
    }
}
