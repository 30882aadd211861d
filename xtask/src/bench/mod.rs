//! `cargo xtask bench`: the speed targets, measured against Timewarrior rather than asserted,
//! what a sync pass costs in Zoho calls, measured against zoho-sim, and what the resident
//! tray costs, measured against KTimeTracker.

mod ktimetracker;
mod output;
mod stats;
mod store;
mod sync;
mod timew;
mod tray;
mod window;

use std::path::{Path, PathBuf};
use std::process::Command;

use chrono::{DateTime, Local, SubsecRound, TimeDelta, Timelike, Utc};
use punch_core::entry::rfc3339;

use crate::cmd;
use output::{Pair, Results};
use stats::Maker;
use timew::Timew;

const WARMUP: usize = 10;
const RUNS: usize = 100;
const QUERY_RUNS: usize = 500;
const STORE_ENTRIES: usize = 100_000;
const TARGET: &str = "books:1001/2001";
const TAG: &str = "bench";
/// Each timer starts this many minutes after the previous one and runs for two, long
/// enough that `stop` keeps it (Zoho logs whole minutes). Timewarrior refuses
/// overlapping intervals, so the timeline must not overlap.
const TIMER_SLOT_MINUTES: i64 = 3;
const TIMER_MINUTES: i64 = 2;
/// The same for `timew track`: its 30-minute ranges must not overlap either.
const TRACK_SLOT_MINUTES: i64 = 40;

/// Both builds, the debug xtask's hand-over and the release xtask's check, name the
/// same packages: cargo unifies features over the packages it builds, and building
/// `punch-cli` alone after both would compile half the workspace again.
const RELEASE_BUILD: &[&str] = &[
    "build",
    "--release",
    "--package",
    "punch-cli",
    "--package",
    "xtask",
    "--package",
    "punch-app",
];

/// The parts of the bench that can be run alone: `cargo xtask bench tray|window`.
pub const SECTIONS: &[&str] = &["tray", "window"];

/// The whole bench, or only `section`.
pub fn run(section: Option<&str>) -> Result<(), String> {
    if let Some(s) = section.filter(|s| !SECTIONS.contains(s)) {
        return Err(format!(
            "the bench has no section `{s}` (sections: {})",
            SECTIONS.join(", ")
        ));
    }
    if cfg!(debug_assertions) {
        return hand_over_to_release_build(section);
    }
    cmd::run(cmd::cargo().args(RELEASE_BUILD))?;
    let bench_dir = cmd::target_dir().join("bench");
    std::fs::create_dir_all(&bench_dir)
        .map_err(|e| format!("can't create {}: {e}", bench_dir.display()))?;
    // On the project's disk rather than in /tmp, which is often a tmpfs where fsync costs
    // nothing; a real store lives on a real disk.
    let work = tempfile::Builder::new()
        .prefix("work-")
        .tempdir_in(&bench_dir)
        .map_err(|e| format!("can't make a directory in {}: {e}", bench_dir.display()))?;
    if section == Some("tray") {
        return tray_alone(work.path(), &bench_dir);
    }
    if section == Some("window") {
        return window::run(work.path(), &bench_dir);
    }
    let results = measure(work.path())?;
    output::print(&results);
    let json_path = bench_dir.join("cli.json");
    write_json(output::to_json(&results), &json_path)?;
    // Its own table and window.json: the window has no Timewarrior to compare with.
    window::run(work.path(), &bench_dir)?;
    println!();
    println!("{}", output::summary(&results, &json_path));
    Ok(())
}

/// `cargo xtask bench tray`: the tray's figures only, in `tray.json`.
fn tray_alone(work: &Path, bench_dir: &Path) -> Result<(), String> {
    let idle_before = output::idle_percent(std::time::Duration::from_secs(1));
    let figures = tray::measure(work, &cmd::release_binary("punch"))?;
    let width = 58;
    println!();
    println!("Punch tray bench, {}", rfc3339(Utc::now().trunc_subsecs(0)));
    output::print_idle(idle_before);
    figures.print(width);
    println!();
    let verdicts = figures.targets();
    output::print_verdicts(&verdicts, width);
    let json_path = bench_dir.join("tray.json");
    let doc = serde_json::json!({
        "timestamp": rfc3339(Utc::now().trunc_subsecs(0)),
        "machine": output::machine(),
        "cpu_idle_percent_before": idle_before.map(|i| i.round()),
        "tray": figures.to_json(),
    });
    write_json(doc, &json_path)?;
    println!();
    println!("{}", output::summary_of(&verdicts, &json_path));
    Ok(())
}

/// The figures with the commit they were measured on.
fn write_json(mut doc: serde_json::Value, path: &Path) -> Result<(), String> {
    doc["commit"] = cmd::stdout_of(
        Command::new("git")
            .arg("-C")
            .arg(cmd::root())
            .args(["describe", "--always", "--dirty"]),
    )
    .map(|c| c.trim().to_owned())
    .ok()
    .into();
    let text = serde_json::to_string_pretty(&doc).map_err(|e| e.to_string())?;
    std::fs::write(path, text + "\n").map_err(|e| format!("can't write {}: {e}", path.display()))
}

/// `cargo xtask` is a debug build, and timing the query in unoptimised code would say
/// nothing, so the bench runs as a release build of itself.
fn hand_over_to_release_build(section: Option<&str>) -> Result<(), String> {
    cmd::run(cmd::cargo().args(RELEASE_BUILD))?;
    let status = Command::new(cmd::release_binary("xtask"))
        .arg("bench")
        .args(section)
        .status()
        .map_err(|e| format!("can't start the release build of xtask: {e}"))?;
    std::process::exit(status.code().unwrap_or(1));
}

/// Every timing, with stores and databases made fresh inside `work`.
fn measure(work: &Path) -> Result<Results, String> {
    let punch = Punch::new(work)?;
    let timew = match Timew::prepare() {
        Ok(t) => Some(t),
        Err(e) => {
            eprintln!("xtask bench: WITHOUT the Timewarrior comparison: {e}");
            None
        }
    };
    let idle_before = output::idle_percent(std::time::Duration::from_secs(1));
    // First: it is quick, and a simulator that fails to start should fail the bench
    // before minutes of timings, not after. Its threads are gone when it returns.
    let sync = sync::measure(work)?;
    progress("start and stop");
    let mut pairs = timer_pairs(&punch, timew.as_ref(), work)?;
    progress("log and track");
    pairs.push(log_pair(&punch, timew.as_ref(), work)?);

    progress(&format!("writing a store of {STORE_ENTRIES} entries"));
    let report_home = work.join("report-home");
    let today = Local::now().date_naive();
    let yesterday = today.pred_opt().unwrap_or(today);
    let store = store::generate(&report_home, STORE_ENTRIES, yesterday)?;
    let week = store::last_full_week(today);
    progress(&format!("report on the week {} to {}", week.0, week.1));
    let report_args: Vec<String> = ["report", "--by", "day", "--from"]
        .map(String::from)
        .into_iter()
        .chain([week.0.to_string(), "--to".into(), week.1.to_string()])
        .collect();
    let mut report = vec![punch.maker(&report_home, |_| report_args.clone())];
    let report_cli = stats::interleaved(WARMUP, RUNS, &mut report)?.remove(0);
    drop(report);
    let (query, query_entries) = store::time_query(&report_home, week, WARMUP, QUERY_RUNS)?;
    let mut floor: Vec<Maker<'_>> = vec![Box::new(|_| Command::new("/bin/true"))];
    let floor = stats::interleaved(WARMUP, RUNS, &mut floor)?.remove(0);
    // Last: it takes minutes of waiting, and the CLI figures need no desktop.
    let tray = tray::measure(work, &punch.binary)?;

    Ok(Results {
        timestamp: rfc3339(Utc::now().trunc_subsecs(0)),
        machine: output::machine(),
        idle_before,
        punch_version: cmd::stdout_of(Command::new(&punch.binary).arg("--version"))?
            .trim()
            .to_owned(),
        timew_version: timew.map(|t| t.version),
        warmup: WARMUP,
        pairs,
        store,
        week: format!("{} to {}", week.0, week.1),
        report_command: format!("punch {}", report_args.join(" ")),
        report_cli,
        query,
        query_entries,
        floor,
        sync,
        tray,
    })
}

fn progress(what: &str) {
    eprintln!("xtask bench: {what}…");
}

/// The release `punch`, always run on a store of the bench's own.
struct Punch {
    binary: PathBuf,
    runtime_dir: PathBuf,
}

impl Punch {
    fn new(work: &Path) -> Result<Punch, String> {
        let runtime_dir = work.join("runtime");
        std::fs::create_dir_all(&runtime_dir)
            .map_err(|e| format!("can't create {}: {e}", runtime_dir.display()))?;
        Ok(Punch {
            binary: cmd::release_binary("punch"),
            runtime_dir,
        })
    }

    fn maker<'a>(
        &'a self,
        home: &'a Path,
        mut args: impl FnMut(usize) -> Vec<String> + 'a,
    ) -> Maker<'a> {
        Box::new(move |i| {
            let mut command = Command::new(&self.binary);
            // A private runtime dir too, so no tray the developer runs hears the bench.
            command
                .env("PUNCH_HOME", home)
                .env("XDG_RUNTIME_DIR", &self.runtime_dir)
                .args(args(i));
            command
        })
    }
}

fn timew_maker<'a>(
    timew: &'a Timew,
    db: PathBuf,
    mut args: impl FnMut(usize) -> Vec<String> + 'a,
) -> Maker<'a> {
    Box::new(move |i| timew.command(&db, &args(i)))
}

/// A whole minute far enough back that every slot of the timeline lies in the past.
fn timeline_start(slot_minutes: i64, before: DateTime<Utc>) -> DateTime<Utc> {
    let rounds = (WARMUP + RUNS) as i64;
    let t = before - TimeDelta::minutes(rounds * slot_minutes + 10);
    t.with_second(0).unwrap_or(t).trunc_subsecs(0)
}

/// `start` then `stop`, for Punch and Timewarrior in turn, every round.
fn timer_pairs(punch: &Punch, timew: Option<&Timew>, work: &Path) -> Result<Vec<Pair>, String> {
    let base = timeline_start(TIMER_SLOT_MINUTES, Utc::now());
    let start_of = move |i: usize| base + TimeDelta::minutes(i as i64 * TIMER_SLOT_MINUTES);
    let stop_of = move |i: usize| start_of(i) + TimeDelta::minutes(TIMER_MINUTES);
    let home = work.join("timer-home");
    let mut makers = vec![
        punch.maker(&home, |i| {
            let at = rfc3339(start_of(i));
            vec!["start".into(), TARGET.into(), "--at".into(), at]
        }),
        punch.maker(&home, |i| {
            vec!["stop".into(), "--at".into(), rfc3339(stop_of(i))]
        }),
    ];
    if let Some(timew) = timew {
        let db = timew.database(&work.join("timer-timew"))?;
        makers.push(timew_maker(timew, db.clone(), move |i| {
            vec!["start".into(), timew::instant(start_of(i)), TAG.into()]
        }));
        makers.push(timew_maker(timew, db, move |i| {
            vec!["stop".into(), timew::instant(stop_of(i))]
        }));
    }
    let mut series = stats::interleaved(WARMUP, RUNS, &mut makers)?.into_iter();
    let mut next = || series.next().unwrap_or_default();
    let (punch_start, punch_stop) = (next(), next());
    let (timew_start, timew_stop) = match timew {
        Some(_) => (Some(next()), Some(next())),
        None => (None, None),
    };
    Ok(vec![
        Pair {
            name: "start",
            punch_command: format!("punch start {TARGET} --at <3-min slot>"),
            punch: punch_start,
            timew_command: format!("timew start <3-min slot> {TAG}"),
            timew: timew_start,
        },
        Pair {
            name: "stop",
            punch_command: "punch stop --at <start + 2 min>".into(),
            punch: punch_stop,
            timew_command: "timew stop <start + 2 min>".into(),
            timew: timew_stop,
        },
    ])
}

/// `punch log 30m <target>` beside `timew track <range> <tag>`.
fn log_pair(punch: &Punch, timew: Option<&Timew>, work: &Path) -> Result<Pair, String> {
    let home = work.join("log-home");
    let mut makers = vec![punch.maker(&home, |_| vec!["log".into(), "30m".into(), TARGET.into()])];
    if let Some(timew) = timew {
        let db = timew.database(&work.join("log-timew"))?;
        let base = timeline_start(TRACK_SLOT_MINUTES, Utc::now());
        makers.push(timew_maker(timew, db, move |i| {
            let from = base + TimeDelta::minutes(i as i64 * TRACK_SLOT_MINUTES);
            let to = from + TimeDelta::minutes(30);
            let (from, to) = (timew::instant(from), timew::instant(to));
            vec!["track".into(), from, "-".into(), to, TAG.into()]
        }));
    }
    let mut series = stats::interleaved(WARMUP, RUNS, &mut makers)?.into_iter();
    Ok(Pair {
        name: "log",
        punch_command: format!("punch log 30m {TARGET}"),
        punch: series.next().unwrap_or_default(),
        timew_command: format!("timew track <30-min range> {TAG}"),
        timew: series.next(),
    })
}
