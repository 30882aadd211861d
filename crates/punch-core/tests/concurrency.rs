//! Two processes hammer one store: no operation fails (a refusal that the race itself
//! explains is an answer, not a failure; a store error such as "database is locked" is a
//! failure), at most one entry runs, the store passes `PRAGMA integrity_check`, every
//! created entry that was not discarded is there, and every finished entry with a target
//! has its outbox row.
//!
//! The test binary is its own child: `concurrency_child` does nothing unless
//! `PUNCH_CONC_CHILD` names a store. Both children wait for a go file, then open the
//! (fresh) store at the same moment and run their operations on a shared simulated clock
//! (the real clock, sped up, so both agree on what "now" is). Each prints
//! `@@ack <label> <n> <outcome>` after every operation. Replay the operation choices
//! with `PUNCH_CONC_SEED=<seed>`.
#![cfg(unix)]

use std::collections::BTreeMap;
use std::fs::File;
use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Child, ChildStdout, Command, Stdio};
use std::time::{Duration, Instant};

use chrono::{DateTime, NaiveTime, TimeDelta, Utc};
use punch_core::Error;
use punch_core::target::TargetRef;
use punch_core::tracker::{
    LogRequest, SpanChange, StartRequest, StopOutcome, ToggleOutcome, Tracker,
};
use rusqlite::Connection;
use serde::{Deserialize, Serialize};

const CHILD_ENV: &str = "PUNCH_CONC_CHILD";
const SEED_ENV: &str = "PUNCH_CONC_SEED";
const CHILD_TEST: &str = "concurrency_child";
/// Simulated milliseconds per real millisecond: a few real milliseconds between two
/// operations become a minute or so, so stops both keep and discard entries.
const SPEED: i64 = 100_000;

/// SplitMix64, seeded: picks the operations.
#[derive(Debug, Clone)]
struct Rng(u64);

impl Rng {
    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
}

fn mix(seed: u64, salt: u64) -> u64 {
    Rng(seed ^ salt.wrapping_mul(0xA24B_AED4_963E_E407)).next_u64()
}

/// What one acknowledged operation did, by entry id.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
struct Outcome {
    op: String,
    /// A refusal the race explains: nothing changed.
    refused: Option<String>,
    /// New entries; `running` says which of them is a started timer.
    created: Vec<i64>,
    running: Vec<i64>,
    /// Stopped entries with their end.
    stopped: Vec<(i64, i64)>,
    /// Running entries dropped for being under a minute.
    discarded: Vec<i64>,
}

// ---------------------------------------------------------------------------------------
// The child

fn env_number<T: std::str::FromStr>(name: &str) -> T {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| panic!("{name} is not set to a number"))
}

/// The shared simulated clock: `base` at the real instant `real_base`, running `SPEED`
/// times faster; never backwards within a process.
struct Clock {
    base: i64,
    real_base: i64,
    last: i64,
}

impl Clock {
    fn now(&mut self) -> DateTime<Utc> {
        let real = Utc::now().timestamp_millis();
        let sim = self.base + (real - self.real_base) * SPEED;
        self.last = sim.max(self.last + 1);
        let now = DateTime::from_timestamp_millis(self.last).unwrap();
        assert!(now <= Utc::now(), "the simulated clock ran into the future");
        now
    }
}

#[test]
#[ignore = "a child process of the concurrency tests; does nothing on its own"]
fn concurrency_child() {
    let Some(home) = std::env::var_os(CHILD_ENV) else {
        return;
    };
    let label = std::env::var("PUNCH_CONC_LABEL").unwrap();
    let ops: u64 = env_number("PUNCH_CONC_OPS");
    let mut rng = Rng(env_number("PUNCH_CONC_CHILD_SEED"));
    let mut clock = Clock {
        base: env_number("PUNCH_CONC_BASE_MS"),
        real_base: env_number("PUNCH_CONC_REAL_MS"),
        last: i64::MIN,
    };
    let go = std::env::var_os("PUNCH_CONC_GO").unwrap();
    let mut out = std::io::stdout().lock();
    writeln!(out, "@@waiting {label}").unwrap();
    out.flush().unwrap();
    let waiting = Instant::now();
    while !Path::new(&go).exists() {
        assert!(waiting.elapsed() < Duration::from_secs(60), "no go file");
        std::thread::sleep(Duration::from_micros(100));
    }
    let mut tracker = Tracker::open(Path::new(&home)).expect("open the store");
    const TARGETS: [Option<&str>; 4] = [None, Some("books:1/2"), Some("people:7"), None];
    for n in 0..ops {
        let target = TARGETS[rng.below(4) as usize].map(|t| TargetRef::parse_arg(t).unwrap());
        let note = format!("{label}{n}");
        let roll = rng.below(100);
        let long = rng.chance(50);
        let now = clock.now();
        let mut outcome = Outcome::default();
        let result: Result<(), Error> = match roll {
            0..35 => {
                outcome.op = "start".into();
                let request = StartRequest {
                    target,
                    note,
                    ..StartRequest::default()
                };
                tracker.start(request, now).map(|started| {
                    if let Some(stop) = &started.switched_from {
                        record_stop(&mut outcome, stop);
                    }
                    outcome.created.push(started.started.id);
                    outcome.running.push(started.started.id);
                })
            }
            35..65 => {
                outcome.op = "stop".into();
                tracker
                    .stop(None, now)
                    .map(|stop| record_stop(&mut outcome, &stop))
            }
            65..85 => {
                outcome.op = "log".into();
                let (date, span) = if long {
                    let from = NaiveTime::from_hms_opt(9 + rng.below(8) as u32, 0, 0).unwrap();
                    let to = from + TimeDelta::minutes(1 + rng.below(120) as i64);
                    let yesterday = tracker.today(now - TimeDelta::days(1));
                    (yesterday, SpanChange::Range { from, to })
                } else {
                    let minutes = 1 + rng.below(240) as u32;
                    (tracker.today(now), SpanChange::Duration(minutes))
                };
                let request = LogRequest {
                    date: Some(date),
                    span,
                    target,
                    account: None,
                    note,
                    billable: None,
                };
                tracker
                    .log(request, now)
                    .map(|entry| outcome.created.push(entry.id))
            }
            _ => {
                outcome.op = "toggle".into();
                tracker.toggle(now).map(|toggled| match toggled {
                    ToggleOutcome::Stopped(stop) => record_stop(&mut outcome, &stop),
                    ToggleOutcome::Started(entry) => {
                        outcome.created.push(entry.id);
                        outcome.running.push(entry.id);
                    }
                })
            }
        };
        match result {
            Ok(()) => {}
            Err(e) if is_explained_by_the_race(&e) => {
                outcome.refused = Some(format!("{}: {e}", e.code()));
            }
            Err(e) => panic!(
                "{label}: op {n} ({}) at {now} failed: {e} ({e:?})",
                outcome.op
            ),
        }
        let text = serde_json::to_string(&outcome).unwrap();
        writeln!(out, "@@ack {label} {n} {text}").unwrap();
        out.flush().unwrap();
    }
}

fn record_stop(outcome: &mut Outcome, stop: &StopOutcome) {
    match stop {
        StopOutcome::Stopped(entry) => outcome
            .stopped
            .push((entry.id, entry.end().unwrap().timestamp_millis())),
        StopOutcome::Discarded(entry, _) => outcome.discarded.push(entry.id),
    }
}

/// Nothing to stop (the other process just stopped it), or this process read the clock
/// before the other one started its timer and then waited for the write lock.
fn is_explained_by_the_race(e: &Error) -> bool {
    match e {
        Error::NothingToDo(_) => true,
        Error::InvalidInput(message) => message.contains("before the running entry's start"),
        _ => false,
    }
}

// ---------------------------------------------------------------------------------------
// The parent

fn seed() -> u64 {
    let seed = std::env::var(SEED_ENV)
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| {
            let nanos = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap()
                .as_nanos() as u64;
            mix(nanos, u64::from(std::process::id()))
        });
    eprintln!("concurrency test seed: {seed} (replay with {SEED_ENV}={seed})");
    seed
}

struct Spawned {
    label: &'static str,
    child: Child,
    stdout: BufReader<ChildStdout>,
    stderr: std::path::PathBuf,
}

/// Start one child and wait until it is ready to open the store.
fn spawn(label: &'static str, dir: &Path, seed: u64, ops: u64, base: i64, real: i64) -> Spawned {
    let scratch = dir.join(format!("scratch-{label}"));
    std::fs::create_dir_all(&scratch).unwrap();
    let stderr = dir.join(format!("stderr-{label}.txt"));
    let mut child = Command::new(std::env::current_exe().unwrap())
        .args([
            CHILD_TEST,
            "--exact",
            "--ignored",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(CHILD_ENV, dir.join("home"))
        .env("PUNCH_CONC_LABEL", label)
        .env("PUNCH_CONC_OPS", ops.to_string())
        .env(
            "PUNCH_CONC_CHILD_SEED",
            mix(seed, u64::from(label.as_bytes()[0])).to_string(),
        )
        .env("PUNCH_CONC_BASE_MS", base.to_string())
        .env("PUNCH_CONC_REAL_MS", real.to_string())
        .env("PUNCH_CONC_GO", dir.join("go"))
        .env("PUNCH_HOME", dir.join("home"))
        .env("HOME", &scratch)
        .env("XDG_DATA_HOME", scratch.join("data"))
        .env("XDG_RUNTIME_DIR", scratch.join("run"))
        .env("TZ", "Europe/Berlin")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(File::create(&stderr).unwrap())
        .spawn()
        .unwrap();
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let mut line = String::new();
    loop {
        line.clear();
        let read = stdout.read_line(&mut line).unwrap();
        assert!(
            read > 0,
            "child {label} ended before it was ready: {}",
            std::fs::read_to_string(&stderr).unwrap_or_default()
        );
        if line.contains("@@waiting") {
            break;
        }
    }
    Spawned {
        label,
        child,
        stdout,
        stderr,
    }
}

#[derive(Debug, Default)]
struct Tally {
    ops: u64,
    refused: BTreeMap<String, u64>,
    created: u64,
    stopped: u64,
    discarded: u64,
}

/// Run two children of `ops` operations each on one store; check the store after. With
/// `fresh`, the children create the store themselves, both at once; otherwise it exists.
fn hammer(seed: u64, ops: u64, fresh: bool) -> Tally {
    let dir = tempfile::tempdir().unwrap();
    if !fresh {
        Tracker::open(&dir.path().join("home")).unwrap();
    }
    let real = Utc::now().timestamp_millis();
    let base = real - 60 * 86_400_000;
    let children = [
        spawn("a", dir.path(), seed, ops, base, real),
        spawn("b", dir.path(), seed, ops, base, real),
    ];
    File::create(dir.path().join("go")).unwrap();
    let readers: Vec<_> = children
        .into_iter()
        .map(|mut spawned| {
            std::thread::spawn(move || {
                let mut lines = Vec::new();
                for line in (&mut spawned.stdout).lines() {
                    let line = line.unwrap();
                    if let Some(at) = line.find("@@ack ") {
                        lines.push(line[at + 6..].to_owned());
                    }
                }
                let status = spawned.child.wait().unwrap();
                let stderr = std::fs::read_to_string(&spawned.stderr).unwrap_or_default();
                assert!(
                    status.success(),
                    "seed {seed}: child {} failed ({status}):\n{stderr}",
                    spawned.label
                );
                lines
            })
        })
        .collect();
    let mut tally = Tally::default();
    // Multisets by id: SQLite may hand a purged (discarded) entry's id to a later one.
    let mut created: BTreeMap<i64, i64> = BTreeMap::new();
    let mut running: BTreeMap<i64, i64> = BTreeMap::new();
    let mut ends: BTreeMap<i64, i64> = BTreeMap::new();
    for reader in readers {
        let lines = reader
            .join()
            .unwrap_or_else(|e| std::panic::resume_unwind(e));
        assert_eq!(
            lines.len() as u64,
            ops,
            "seed {seed}: every op is acknowledged"
        );
        for line in lines {
            let (_, rest) = line.split_once(' ').unwrap();
            let (_, json) = rest.split_once(' ').unwrap();
            let outcome: Outcome = serde_json::from_str(json).unwrap();
            tally.ops += 1;
            if let Some(refusal) = &outcome.refused {
                let kind = refusal.split(':').next().unwrap_or_default();
                *tally
                    .refused
                    .entry(format!("{} {kind}", outcome.op))
                    .or_default() += 1;
            }
            for id in &outcome.created {
                *created.entry(*id).or_default() += 1;
                tally.created += 1;
            }
            for id in &outcome.running {
                *running.entry(*id).or_default() += 1;
            }
            for (id, end) in &outcome.stopped {
                *running.entry(*id).or_default() -= 1;
                assert!(
                    ends.insert(*id, *end).is_none(),
                    "seed {seed}: entry {id} stopped twice"
                );
                tally.stopped += 1;
            }
            for id in &outcome.discarded {
                *running.entry(*id).or_default() -= 1;
                *created.entry(*id).or_default() -= 1;
                tally.discarded += 1;
            }
        }
    }
    let expected: Vec<i64> = ids_with_count(&created, seed, "created");
    let expected_running: Vec<i64> = ids_with_count(&running, seed, "running");
    assert!(
        expected_running.len() <= 1,
        "seed {seed}: the acknowledgements leave {expected_running:?} running"
    );

    let conn =
        Connection::open(dir.path().join("home").join(punch_core::store::FILE_NAME)).unwrap();
    let integrity: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(integrity, "ok", "seed {seed}");
    let query = |sql: &str| -> Vec<i64> {
        conn.prepare(sql)
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap()
    };
    let in_store = query("SELECT id FROM entries WHERE deleted_ms IS NULL ORDER BY id");
    let running_in_store = query(
        "SELECT id FROM entries
         WHERE start_ms IS NOT NULL AND end_ms IS NULL AND deleted_ms IS NULL",
    );
    assert!(
        running_in_store.len() <= 1,
        "seed {seed}: {} entries run at once: {running_in_store:?}",
        running_in_store.len()
    );
    assert_eq!(
        running_in_store, expected_running,
        "seed {seed}: the running entry is the one started and never stopped"
    );
    assert_eq!(
        in_store.len() as u64,
        tally.created - tally.discarded,
        "seed {seed}: entries == acknowledged creations - discards ({tally:?})"
    );
    assert_eq!(
        in_store, expected,
        "seed {seed}: the entries are the acknowledged ones"
    );
    for (id, end) in &ends {
        let stored: Option<i64> = conn
            .query_row("SELECT end_ms FROM entries WHERE id = ?1", [id], |r| {
                r.get(0)
            })
            .unwrap();
        assert_eq!(stored, Some(*end), "seed {seed}: entry {id}'s end");
    }
    let tombstones = query("SELECT id FROM entries WHERE deleted_ms IS NOT NULL");
    assert!(
        tombstones.is_empty(),
        "seed {seed}: tombstones {tombstones:?}"
    );
    check_outbox(&conn, seed);
    tally
}

fn ids_with_count(counts: &BTreeMap<i64, i64>, seed: u64, what: &str) -> Vec<i64> {
    for (id, count) in counts {
        assert!(
            (0..=1).contains(count),
            "seed {seed}: entry {id} counted {count} times as {what}"
        );
    }
    counts
        .iter()
        .filter(|(_, count)| **count == 1)
        .map(|(id, _)| *id)
        .collect()
}

/// Every finished entry with a target has exactly one `create` row for it (nothing here
/// edits or deletes, and no account mirrors its timer); nothing else is queued.
fn check_outbox(conn: &Connection, seed: u64) {
    let orphans: i64 = conn
        .query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(orphans, 0, "seed {seed}: outbox rows without their entry");
    let mut stmt = conn
        .prepare(
            "SELECT e.id, e.target, e.end_ms IS NULL AND e.start_ms IS NOT NULL,
                    (SELECT count(*) FROM outbox o
                     WHERE o.entry_id = e.id AND o.op = 'create' AND o.target IS e.target),
                    (SELECT count(*) FROM outbox o WHERE o.entry_id = e.id)
             FROM entries e",
        )
        .unwrap();
    let rows = stmt
        .query_map([], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, Option<String>>(1)?,
                r.get::<_, bool>(2)?,
                r.get::<_, i64>(3)?,
                r.get::<_, i64>(4)?,
            ))
        })
        .unwrap();
    for row in rows {
        let (id, target, running, creates, all) = row.unwrap();
        let expected = i64::from(target.is_some() && !running);
        assert_eq!(
            (creates, all),
            (expected, expected),
            "seed {seed}: entry {id} (target {target:?}, running {running}) has {creates} \
             create rows of {all} outbox rows"
        );
    }
}

#[test]
fn two_processes_hammer_one_store() {
    let seed = seed();
    let tally = hammer(seed, 300, false);
    eprintln!("concurrency test (seed {seed}): {tally:?}");
    let refused: u64 = tally.refused.values().sum();
    assert!(
        refused * 3 < tally.ops,
        "seed {seed}: most operations should do something: {tally:?}"
    );
    assert!(
        tally.stopped + tally.discarded > 0,
        "seed {seed}: the mix should stop timers: {tally:?}"
    );
}

/// The first run of the tray and a `punch` command can come together: both must be able
/// to create and open the store.
#[test]
fn two_processes_create_a_store_at_once() {
    let seed = seed();
    for round in 0..20 {
        hammer(mix(seed, round), 5, true);
    }
}
