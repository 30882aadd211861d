//! The bench's figures as a table for people and JSON for tools, each target judged PASS or MISS.

use std::path::Path;

use serde_json::{Value, json};

use super::stats::{Series, round3};
use super::store::Generated;
use super::sync::Figures;
use super::tray;

/// Punch's median must be at most this share of Timewarrior's.
pub const RATIO_TARGET: f64 = 0.5;
/// The report query's p95, in milliseconds, must stay under this.
pub const QUERY_TARGET_MS: f64 = 5.0;

/// Below this CPU idle percentage the figures come with a warning.
const BUSY_BELOW: f64 = 80.0;

/// One command of Punch's, and Timewarrior's equivalent when it could be run.
#[derive(Debug)]
pub struct Pair {
    pub name: &'static str,
    pub punch_command: String,
    pub punch: Series,
    pub timew_command: String,
    pub timew: Option<Series>,
}

impl Pair {
    pub fn ratio(&self) -> Option<f64> {
        self.timew
            .as_ref()
            .map(|t| self.punch.median() / t.median())
    }
}

#[derive(Debug)]
pub struct Results {
    pub timestamp: String,
    pub machine: Value,
    /// CPU idle percentage just before the timings started.
    pub idle_before: Option<f64>,
    pub punch_version: String,
    pub timew_version: Option<String>,
    pub warmup: usize,
    pub pairs: Vec<Pair>,
    pub store: Generated,
    pub week: String,
    pub report_command: String,
    pub report_cli: Series,
    pub query: Series,
    pub query_entries: usize,
    pub floor: Series,
    pub sync: Figures,
    pub tray: tray::Figures,
}

/// One target of the plan, judged.
#[derive(Debug)]
pub struct Verdict {
    pub what: String,
    /// `None` when it could not be measured (no Timewarrior to compare with).
    pub measured: Option<f64>,
    pub unit: &'static str,
    pub goal: String,
    pub met: Option<bool>,
}

impl Verdict {
    fn shown(&self) -> String {
        match (self.measured, self.unit) {
            (None, _) => "n/a".into(),
            (Some(x), "ms") => ms(x),
            (Some(x), "calls" | "logs") => format!("{x:.0}"),
            (Some(x), "s") => format!("{x:.3} s"),
            (Some(x), "MiB") => format!("{x:.1} MiB"),
            (Some(x), "wake-ups") => format!("{x:.1}"),
            (Some(x), _) => format!("{x:.2}"),
        }
    }
}

fn verdicts(r: &Results) -> Vec<Verdict> {
    let mut rows: Vec<Verdict> = r
        .pairs
        .iter()
        .map(|p| Verdict {
            what: format!("{}: Punch median / Timewarrior median", p.name),
            measured: p.ratio(),
            unit: "ratio",
            goal: format!("<= {RATIO_TARGET:.2}"),
            met: p.ratio().map(|x| x <= RATIO_TARGET),
        })
        .collect();
    let p95 = r.query.p95();
    rows.push(Verdict {
        what: "report query (in process), p95".into(),
        measured: Some(p95),
        unit: "ms",
        goal: format!("< {QUERY_TARGET_MS} ms"),
        met: Some(p95 < QUERY_TARGET_MS),
    });
    rows.extend(r.sync.targets());
    rows.extend(r.tray.targets());
    rows
}

fn ms(value: f64) -> String {
    format!("{value:.2} ms")
}

pub fn print(r: &Results) {
    println!();
    println!("Punch bench, {}", r.timestamp);
    println!(
        "{} cores, {}, Linux {}; {}; {}",
        r.machine["nproc"],
        r.machine["os"].as_str().unwrap_or("?"),
        r.machine["kernel"].as_str().unwrap_or("?"),
        r.punch_version,
        r.timew_version
            .as_deref()
            .map_or("Timewarrior not available".into(), |v| format!(
                "Timewarrior {v}"
            )),
    );
    print_idle(r.idle_before);
    println!(
        "Whole process, spawn to exit, after {} warm-up runs. Store: {} entries, {} to {} ({} working days).",
        r.warmup, r.store.entries, r.store.first_day, r.store.last_day, r.store.working_days
    );
    println!();
    let width = 58;
    println!(
        "{:<width$} {:>10} {:>10} {:>5}",
        "command", "median", "p95", "runs"
    );
    let row = |label: &str, s: &Series| {
        println!(
            "{:<width$} {:>10} {:>10} {:>5}",
            label,
            ms(s.median()),
            ms(s.p95()),
            s.runs()
        );
    };
    for pair in &r.pairs {
        row(&pair.punch_command, &pair.punch);
        if let Some(timew) = &pair.timew {
            row(&pair.timew_command, timew);
        }
    }
    row(&r.report_command, &r.report_cli);
    row(
        &format!(
            "report query in process ({} entries in the week)",
            r.query_entries
        ),
        &r.query,
    );
    row("spawn of /bin/true (the floor for any command)", &r.floor);
    println!();
    r.sync.print(width);
    println!();
    r.tray.print(width);
    println!();
    print_verdicts(&verdicts(r), width);
}

/// How busy the machine was before the figures were taken, with a warning when busy.
pub fn print_idle(idle_before: Option<f64>) {
    match idle_before {
        Some(idle) if idle < BUSY_BELOW => println!(
            "WARNING: the CPUs were only {idle:.0}% idle before the run: other work skews these figures."
        ),
        Some(idle) => println!("The CPUs were {idle:.0}% idle before the run."),
        None => {}
    }
}

/// The targets, each judged.
pub fn print_verdicts(verdicts: &[Verdict], width: usize) {
    println!(
        "{:<width$} {:>10} {:>10} {:>6}",
        "target", "measured", "goal", "result"
    );
    for v in verdicts {
        let verdict = match v.met {
            Some(true) => "PASS",
            Some(false) => "MISS",
            None => "n/a",
        };
        println!(
            "{:<width$} {:>10} {:>10} {verdict:>6}",
            v.what,
            v.shown(),
            v.goal
        );
    }
}

/// The closing line: how many targets were met, and where the figures are.
pub fn summary(r: &Results, json_path: &Path) -> String {
    summary_of(&verdicts(r), json_path)
}

pub fn summary_of(verdicts: &[Verdict], json_path: &Path) -> String {
    let judged = verdicts.iter().filter(|v| v.met.is_some()).count();
    let met = verdicts.iter().filter(|v| v.met == Some(true)).count();
    format!(
        "xtask bench: {met} of {judged} targets met (speed is reported, not enforced); figures in {}",
        json_path.display()
    )
}

pub fn to_json(r: &Results) -> Value {
    let pairs: Vec<Value> = r
        .pairs
        .iter()
        .map(|p| {
            json!({
                "name": p.name,
                "punch": { "command": p.punch_command, "timing": p.punch.to_json() },
                "timewarrior": p.timew.as_ref().map(|t| json!({
                    "command": p.timew_command,
                    "timing": t.to_json(),
                })),
                "ratio_punch_over_timewarrior": p.ratio().map(round3),
            })
        })
        .collect();
    let targets: Vec<Value> = verdicts(r)
        .into_iter()
        .map(|v| {
            json!({
                "target": v.what,
                "measured": v.measured.map(round3),
                "unit": v.unit,
                "goal": v.goal,
                "met": v.met,
            })
        })
        .collect();
    json!({
        "timestamp": r.timestamp,
        "machine": r.machine,
        "cpu_idle_percent_before": r.idle_before.map(|i| i.round()),
        "punch_version": r.punch_version,
        "timewarrior_version": r.timew_version,
        "method": "whole process, spawn to exit (std::time::Instant), commands taking turns",
        "warmup_runs": r.warmup,
        "pairs": pairs,
        "report": {
            "store": r.store.to_json(),
            "week": r.week,
            "cli": { "command": r.report_command, "timing": r.report_cli.to_json() },
            "query_in_process": {
                "what": "Tracker::entries(from, to) + punch_core::report::build, store opened once",
                "entries_in_week": r.query_entries,
                "timing": r.query.to_json(),
            },
        },
        "spawn_floor": { "command": "/bin/true", "timing": r.floor.to_json() },
        "sync": r.sync.to_json(),
        "tray": r.tray.to_json(),
        "targets": targets,
    })
}

/// How idle the CPUs are over `window`, in percent, from /proc/stat. Other work on the
/// machine (a build, a browser) slows short processes a lot, so the record says so.
pub fn idle_percent(window: std::time::Duration) -> Option<f64> {
    fn sample() -> Option<(u64, u64)> {
        let stat = std::fs::read_to_string("/proc/stat").ok()?;
        let fields: Vec<u64> = stat
            .lines()
            .next()?
            .split_whitespace()
            .skip(1)
            .take(8)
            .filter_map(|f| f.parse().ok())
            .collect();
        // user nice system idle iowait irq softirq steal
        let idle = fields.get(3)? + fields.get(4)?;
        Some((idle, fields.iter().sum()))
    }
    let (idle0, total0) = sample()?;
    std::thread::sleep(window);
    let (idle1, total1) = sample()?;
    let total = total1.checked_sub(total0).filter(|t| *t > 0)?;
    Some(100.0 * idle1.saturating_sub(idle0) as f64 / total as f64)
}

/// What machine the figures come from.
pub fn machine() -> Value {
    let read = |path: &str| std::fs::read_to_string(path).unwrap_or_default();
    let os_release = read("/etc/os-release");
    let os = os_release
        .lines()
        .find_map(|l| l.strip_prefix("PRETTY_NAME="))
        .map(|v| v.trim_matches('"').to_owned());
    let cpuinfo = read("/proc/cpuinfo");
    let cpu = cpuinfo
        .lines()
        .find(|l| l.starts_with("model name"))
        .and_then(|l| l.split_once(':'))
        .map(|(_, v)| v.trim().to_owned());
    json!({
        "nproc": std::thread::available_parallelism().map_or(0, |n| n.get()),
        "kernel": read("/proc/sys/kernel/osrelease").trim(),
        "os": os,
        "debian_version": read("/etc/debian_version").trim(),
        "cpu": cpu,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn series(ms: f64) -> Series {
        Series {
            samples_ms: vec![ms; 3],
        }
    }

    fn results(timew: Option<f64>, query_ms: f64) -> Results {
        let day = "2026-11-20".parse().unwrap();
        Results {
            timestamp: "2026-11-23T09:00:00Z".into(),
            machine: machine(),
            idle_before: Some(99.0),
            punch_version: "punch 0.1.0".into(),
            timew_version: timew.map(|_| "1.4.3".into()),
            warmup: 1,
            pairs: vec![Pair {
                name: "start",
                punch_command: "punch start".into(),
                punch: series(1.0),
                timew_command: "timew start".into(),
                timew: timew.map(series),
            }],
            store: Generated {
                entries: 3,
                first_day: day,
                last_day: day,
                working_days: 1,
                local_only: 0,
                durations: 0,
                across_midnight: 0,
                write_seconds: 0.0,
            },
            week: "a week".into(),
            report_command: "punch report".into(),
            report_cli: series(2.0),
            query: series(query_ms),
            query_entries: 3,
            floor: series(0.5),
            sync: crate::bench::sync::sample(),
            tray: crate::bench::tray::sample(),
        }
    }

    #[test]
    fn targets_are_judged_but_never_without_a_measure() {
        let r = results(Some(2.0), 4.9);
        let met: Vec<_> = verdicts(&r).iter().map(|v| v.met).take(2).collect();
        assert_eq!(met, [Some(true), Some(true)]);
        // With the five sync targets of a pass that met them all.
        assert!(summary(&r, Path::new("cli.json")).contains("12 of 12 targets met"));

        let r = results(Some(1.9), 5.0);
        let met: Vec<_> = verdicts(&r).iter().map(|v| v.met).take(2).collect();
        assert_eq!(met, [Some(false), Some(false)]);

        let r = results(None, 1.0);
        assert!(summary(&r, Path::new("cli.json")).contains("11 of 11 targets met"));
    }

    #[test]
    fn the_json_holds_every_figure() {
        let doc = to_json(&results(Some(4.0), 1.0));
        assert_eq!(doc["pairs"][0]["ratio_punch_over_timewarrior"], 0.25);
        assert_eq!(doc["pairs"][0]["punch"]["timing"]["samples_ms"][2], 1.0);
        assert_eq!(doc["report"]["query_in_process"]["timing"]["p95_ms"], 1.0);
        assert_eq!(doc["targets"][1]["unit"], "ms");
        assert_eq!(doc["targets"][0]["met"], true);
        assert_eq!(doc["targets"][2]["unit"], "calls");
        assert_eq!(doc["sync"]["people_push"]["write_calls"], 10);
        assert!(doc["machine"]["nproc"].as_u64().unwrap() >= 1);
    }
}
