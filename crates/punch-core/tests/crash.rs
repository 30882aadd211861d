//! The crash acceptance test: a child process runs at least 1,000 mixed start, stop, log,
//! edit and delete operations through the tracker and is killed with SIGKILL at random
//! moments, at least 100 times (the acceptance bar is 50). After every kill the store
//! must pass `PRAGMA integrity_check`, hold every acknowledged operation, and a running
//! timer must still run from its original start. The one operation in flight when the
//! kill came may or may not have committed, but only as a whole.
//!
//! The test binary is its own child: `crash_child` does nothing unless `PUNCH_CRASH_CHILD`
//! names a store. The child prints `@@begin <n> <now_ms> <op>` before each operation and
//! `@@ack <n> <outcome>` once its transaction has committed, flushing each line. Replay a
//! run's operations with `PUNCH_CRASH_SEED=<seed>` (the kill moments still vary).
#![cfg(unix)]

use std::collections::BTreeMap;
use std::fs::File;
use std::io::{BufRead, BufReader, Write};
use std::os::unix::process::ExitStatusExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::time::{Duration, Instant};

use chrono::{DateTime, NaiveDate, NaiveTime, TimeDelta, Utc};
use punch_core::Error;
use punch_core::entry::{Entry, When};
use punch_core::store::SCHEMA_VERSION;
use punch_core::target::TargetRef;
use punch_core::tracker::{
    EditRequest, LogRequest, SpanChange, StartRequest, StopOutcome, Tracker,
};
use rusqlite::{Connection, OpenFlags, OptionalExtension};
use serde::{Deserialize, Serialize};

const CHILD_ENV: &str = "PUNCH_CRASH_CHILD";
const SEED_ENV: &str = "PUNCH_CRASH_SEED";
const MIN_ACKED: u64 = 1_000;
const MIN_KILLS: u32 = 100;
const CHILD_TEST: &str = "crash_child";
const TZ: &str = "Europe/Berlin";

// ---------------------------------------------------------------------------------------
// Shared by parent and child

/// SplitMix64: small, seedable, good enough to pick operations and kill moments.
#[derive(Debug, Clone)]
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n > 0`).
    fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }
}

fn mix(seed: u64, salt: u64) -> u64 {
    Rng::new(seed ^ salt.wrapping_mul(0xA24B_AED4_963E_E407)).next_u64()
}

fn ms(instant: DateTime<Utc>) -> i64 {
    instant.timestamp_millis()
}

fn from_ms(ms: i64) -> DateTime<Utc> {
    DateTime::from_timestamp_millis(ms).expect("an instant in range")
}

/// An entry as the store keeps it, in the columns an operation can change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct Row {
    id: i64,
    start: Option<i64>,
    end: Option<i64>,
    minutes: Option<u32>,
    date: String,
    target: Option<String>,
    note: String,
    billable: bool,
    sync: String,
}

impl Row {
    fn of(entry: &Entry) -> Row {
        let (start, end, minutes) = match entry.when {
            When::Span { start, end } => (Some(ms(start)), end.map(ms), None),
            When::Duration { minutes } => (None, None, Some(minutes)),
        };
        Row {
            id: entry.id,
            start,
            end,
            minutes,
            date: entry.date.to_string(),
            target: entry.target.as_ref().map(ToString::to_string),
            note: entry.note.clone(),
            billable: entry.billable,
            sync: entry.sync.as_str().to_owned(),
        }
    }

    fn is_running(&self) -> bool {
        self.start.is_some() && self.end.is_none()
    }
}

fn sync_for(target: Option<&str>) -> String {
    if target.is_some() {
        "pending"
    } else {
        "local_only"
    }
    .to_owned()
}

/// One operation, as the child announces it before running it.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case")]
enum Op {
    Start {
        note: String,
        target: Option<String>,
        billable: Option<bool>,
        at: Option<i64>,
    },
    Stop {
        at: Option<i64>,
    },
    /// A range of local times (`from`, `to` as `HH:MM`) or `minutes` on `date`.
    Log {
        date: String,
        from: Option<String>,
        to: Option<String>,
        minutes: Option<u32>,
        note: String,
        target: Option<String>,
        billable: Option<bool>,
    },
    /// `id: None` edits the running entry. `target: "none"` makes it local-only.
    /// `start_date` is the local date of `start`, so the parent knows the entry's date.
    Edit {
        id: Option<i64>,
        note: Option<String>,
        billable: Option<bool>,
        target: Option<String>,
        start: Option<i64>,
        start_date: Option<String>,
    },
    Delete {
        id: i64,
    },
}

/// What an acknowledged operation did.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
struct Outcome {
    /// The error code and message of a legitimate refusal (nothing changed).
    refused: Option<String>,
    created: Vec<Row>,
    changed: Vec<Row>,
    removed: Vec<i64>,
}

// ---------------------------------------------------------------------------------------
// The child

fn env_number<T: std::str::FromStr>(name: &str) -> T {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| panic!("{name} is not set to a number"))
}

#[test]
#[ignore = "the child process of `kills_lose_nothing_acknowledged`; does nothing on its own"]
fn crash_child() {
    let Some(home) = std::env::var_os(CHILD_ENV) else {
        return;
    };
    let seed: u64 = env_number("PUNCH_CRASH_CHILD_SEED");
    let first: u64 = env_number("PUNCH_CRASH_FIRST_OP");
    let mut now = from_ms(env_number("PUNCH_CRASH_CLOCK_MS"));
    let mut rng = Rng::new(seed);
    let mut tracker = Tracker::open(Path::new(&home)).expect("open the store");
    let mut out = std::io::stdout().lock();
    for n in first.. {
        let step = if rng.chance(12) {
            rng.below(55_000) + 5_000
        } else {
            rng.below(330_000) + 30_000
        };
        now += TimeDelta::milliseconds(step as i64);
        assert!(now <= Utc::now(), "the simulated clock ran into the future");
        let op = choose(&mut rng, &tracker, n, now);
        let text = serde_json::to_string(&op).unwrap();
        writeln!(out, "@@begin {n} {} {text}", ms(now)).unwrap();
        out.flush().unwrap();
        let outcome = perform(&mut tracker, &op, now);
        let text = serde_json::to_string(&outcome).unwrap();
        writeln!(out, "@@ack {n} {text}").unwrap();
        out.flush().unwrap();
    }
}

const TARGETS: &[Option<&str>] = &[
    None,
    None,
    Some("books:1001/2002"),
    Some("people:777"),
    Some("projects:5/task/9"),
    Some("projects:5/general/Team meeting"),
];

fn random_target(rng: &mut Rng) -> Option<String> {
    rng.pick(TARGETS).map(str::to_owned)
}

fn random_billable(rng: &mut Rng) -> Option<bool> {
    *rng.pick(&[None, Some(true), Some(false)])
}

/// An instant in `lo..=now`, in whole milliseconds.
fn between(rng: &mut Rng, lo: i64, now: DateTime<Utc>) -> i64 {
    let hi = ms(now);
    if lo >= hi {
        return hi;
    }
    lo + rng.below((hi - lo + 1) as u64) as i64
}

fn choose(rng: &mut Rng, tracker: &Tracker, n: u64, now: DateTime<Utc>) -> Op {
    let conn = tracker.store().conn();
    let running: Option<(i64, i64)> = conn
        .query_row(
            "SELECT id, start_ms FROM entries
             WHERE start_ms IS NOT NULL AND end_ms IS NULL AND deleted_ms IS NULL",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()
        .unwrap();
    let ids: Vec<i64> = conn
        .prepare("SELECT id FROM entries WHERE deleted_ms IS NULL ORDER BY id")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let note = format!("op{n}");
    // Weights: start, stop, log, edit, delete.
    let weights: [u64; 5] = if running.is_some() {
        [20, 25, 20, 20, 15]
    } else {
        [40, 5, 25, 15, 15]
    };
    let mut roll = rng.below(weights.iter().sum());
    let mut kind = 0;
    while roll >= weights[kind] {
        roll -= weights[kind];
        kind += 1;
    }
    if kind >= 3 && ids.is_empty() {
        kind = 2;
    }
    // An explicit instant no earlier than the running entry's start (a switch or stop
    // before it would be refused, which is tested elsewhere).
    let earlier = |rng: &mut Rng| -> Option<i64> {
        rng.chance(25).then(|| {
            let lo = (ms(now) - 150_000).max(running.map_or(i64::MIN, |(_, s)| s));
            between(rng, lo, now)
        })
    };
    match kind {
        0 => Op::Start {
            note,
            target: random_target(rng),
            billable: random_billable(rng),
            at: earlier(rng),
        },
        1 => Op::Stop { at: earlier(rng) },
        2 => {
            let (date, from, to, minutes) = if rng.chance(50) {
                let day = tracker.today(now - TimeDelta::days(1));
                let from = rng.below(22 * 60) as u32;
                let to = (from + 1 + rng.below(150) as u32).min(23 * 60 + 59);
                let hm = |m: u32| format!("{:02}:{:02}", m / 60, m % 60);
                (day, Some(hm(from)), Some(hm(to)), None)
            } else {
                let minutes = 1 + rng.below(480) as u32;
                (tracker.today(now), None, None, Some(minutes))
            };
            Op::Log {
                date: date.to_string(),
                from,
                to,
                minutes,
                note,
                target: random_target(rng),
                billable: random_billable(rng),
            }
        }
        3 => {
            if let Some((_, start)) = running
                && rng.chance(25)
            {
                let new_start = if rng.chance(50) {
                    start - 1 - rng.below(1_800_000) as i64
                } else {
                    between(rng, start, now)
                };
                return Op::Edit {
                    id: None,
                    note: rng.chance(30).then(|| format!("{note}e")),
                    billable: None,
                    target: None,
                    start: Some(new_start),
                    start_date: Some(tracker.today(from_ms(new_start)).to_string()),
                };
            }
            let id = *rng.pick(&ids);
            let mut note = rng.chance(70).then(|| format!("{note}e"));
            let billable = rng.chance(30).then(|| rng.chance(50));
            let target = rng
                .chance(25)
                .then(|| random_target(rng).unwrap_or_else(|| "none".to_owned()));
            if billable.is_none() && target.is_none() {
                note.get_or_insert_with(|| format!("op{n}e"));
            }
            Op::Edit {
                id: Some(id),
                note,
                billable,
                target,
                start: None,
                start_date: None,
            }
        }
        _ => Op::Delete {
            id: *rng.pick(&ids),
        },
    }
}

fn target_ref(text: &str) -> TargetRef {
    TargetRef::parse_arg(text).expect("the test's targets parse")
}

fn stop_outcome(outcome: &mut Outcome, stop: &StopOutcome) {
    match stop {
        StopOutcome::Stopped(entry) => outcome.changed.push(Row::of(entry)),
        StopOutcome::Discarded(entry, _) => outcome.removed.push(entry.id),
    }
}

fn perform(tracker: &mut Tracker, op: &Op, now: DateTime<Utc>) -> Outcome {
    let mut outcome = Outcome::default();
    let result: Result<(), Error> = match op {
        Op::Start {
            note,
            target,
            billable,
            at,
        } => tracker
            .start(
                StartRequest {
                    target: target.as_deref().map(target_ref),
                    account: None,
                    note: note.clone(),
                    billable: *billable,
                    at: at.map(from_ms),
                },
                now,
            )
            .map(|started| {
                if let Some(stop) = &started.switched_from {
                    stop_outcome(&mut outcome, stop);
                }
                outcome.created.push(Row::of(&started.started));
            }),
        Op::Stop { at } => tracker
            .stop(at.map(from_ms), now)
            .map(|stop| stop_outcome(&mut outcome, &stop)),
        Op::Log {
            date,
            from,
            to,
            minutes,
            note,
            target,
            billable,
        } => {
            let span = match (from, to, minutes) {
                (Some(from), Some(to), _) => SpanChange::Range {
                    from: NaiveTime::parse_from_str(from, "%H:%M").unwrap(),
                    to: NaiveTime::parse_from_str(to, "%H:%M").unwrap(),
                },
                (_, _, minutes) => SpanChange::Duration(minutes.unwrap()),
            };
            tracker
                .log(
                    LogRequest {
                        date: Some(date.parse::<NaiveDate>().unwrap()),
                        span,
                        target: target.as_deref().map(target_ref),
                        account: None,
                        note: note.clone(),
                        billable: *billable,
                    },
                    now,
                )
                .map(|entry| outcome.created.push(Row::of(&entry)))
        }
        Op::Edit {
            id,
            note,
            billable,
            target,
            start,
            start_date: _,
        } => {
            let request = EditRequest {
                target: target.as_deref().map(|t| match t {
                    "none" => None,
                    t => Some(target_ref(t)),
                }),
                note: note.clone(),
                billable: *billable,
                start: start.map(from_ms),
                ..EditRequest::default()
            };
            tracker
                .edit(*id, request, now)
                .map(|entry| outcome.changed.push(Row::of(&entry)))
        }
        Op::Delete { id } => tracker
            .delete(*id, now)
            .map(|entry| outcome.removed.push(entry.id)),
    };
    match result {
        Ok(()) => {}
        Err(e @ (Error::InvalidInput(_) | Error::NothingToDo(_) | Error::NotFound(_))) => {
            outcome.refused = Some(format!("{}: {e}", e.code()));
        }
        Err(e) => panic!("{op:?} at {now} failed: {e} ({e:?})"),
    }
    outcome
}

// ---------------------------------------------------------------------------------------
// The parent

/// A line the child printed.
#[derive(Debug)]
enum Line {
    Begin { n: u64, now: i64, op: Op },
    Ack { n: u64, outcome: Outcome },
}

fn parse_line(text: &str) -> Option<Line> {
    let at = text.find("@@")?;
    let (kind, rest) = text[at + 2..].trim_end().split_once(' ')?;
    match kind {
        "begin" => {
            let mut parts = rest.splitn(3, ' ');
            let n = parts.next()?.parse().ok()?;
            let now = parts.next()?.parse().ok()?;
            let op = serde_json::from_str(parts.next()?).expect("a begin line's op parses");
            Some(Line::Begin { n, now, op })
        }
        "ack" => {
            let (n, outcome) = rest.split_once(' ')?;
            let outcome = serde_json::from_str(outcome).expect("an ack line's outcome parses");
            Some(Line::Ack {
                n: n.parse().ok()?,
                outcome,
            })
        }
        _ => None,
    }
}

/// When to kill the child: after…
#[derive(Debug, Clone, Copy)]
enum KillAfter {
    /// …it announced its `k`-th operation: likely inside the transaction.
    Begin(u32),
    /// …a moment past its `k`-th acknowledgement, somewhere in the next operation.
    Ack(u32, Duration),
    /// …a delay from the spawn, wherever it is (even opening the store).
    Delay(Duration),
}

/// The operation announced but not acknowledged when the child died.
#[derive(Debug, Clone)]
struct InFlight {
    n: u64,
    now: i64,
    op: Op,
}

#[derive(Debug, Default)]
struct Tally {
    runs: u32,
    kills: u32,
    acked: u64,
    refused: u64,
    in_flight_committed: u32,
    in_flight_lost: u32,
    in_flight_no_effect: u32,
    verified_copies: u32,
    verified_in_place: u32,
}

fn child_command(home: &Path, scratch: &Path, seed: u64, first_op: u64, clock: i64) -> Command {
    let mut command = Command::new(std::env::current_exe().expect("the test binary"));
    command
        .args([
            CHILD_TEST,
            "--exact",
            "--ignored",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(CHILD_ENV, home)
        .env("PUNCH_CRASH_CHILD_SEED", seed.to_string())
        .env("PUNCH_CRASH_FIRST_OP", first_op.to_string())
        .env("PUNCH_CRASH_CLOCK_MS", clock.to_string())
        .env("PUNCH_HOME", home)
        .env("HOME", scratch)
        .env("XDG_DATA_HOME", scratch.join("data"))
        .env("XDG_RUNTIME_DIR", scratch.join("run"))
        .env("TZ", TZ)
        .env_remove("RUST_BACKTRACE")
        .stdin(Stdio::null())
        .stdout(Stdio::piped());
    command
}

#[test]
fn kills_lose_nothing_acknowledged() {
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
    eprintln!("crash test seed: {seed} (replay with {SEED_ENV}={seed})");
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().join("home");
    let scratch = dir.path().join("scratch");
    std::fs::create_dir_all(&scratch).unwrap();
    let store = home.join(punch_core::store::FILE_NAME);
    let stderr_path = dir.path().join("child-stderr.txt");

    let mut rng = Rng::new(seed);
    let mut model: BTreeMap<i64, Row> = BTreeMap::new();
    // Twenty days ago, on a whole second: 1,000 operations of a few minutes each stay
    // well in the past.
    let mut clock = (ms(Utc::now()) - 20 * 86_400_000) / 1_000 * 1_000;
    let mut next_op = 0u64;
    let mut tally = Tally::default();

    while tally.acked < MIN_ACKED || tally.kills < MIN_KILLS {
        tally.runs += 1;
        let context = format!("seed {seed}, run {}", tally.runs);
        let plan = match rng.below(3) {
            0 => KillAfter::Begin(1 + rng.below(40) as u32),
            1 => KillAfter::Ack(
                1 + rng.below(40) as u32,
                Duration::from_micros(rng.below(2_000)),
            ),
            _ => KillAfter::Delay(Duration::from_micros(rng.below(150_000))),
        };
        let child_seed = mix(seed, u64::from(tally.runs));
        let mut child = child_command(&home, &scratch, child_seed, next_op, clock)
            .stderr(File::create(&stderr_path).unwrap())
            .spawn()
            .expect("spawn the child");
        let spawned = Instant::now();
        let stdout = child.stdout.take().unwrap();
        let (tx, rx) = mpsc::channel::<String>();
        let reader = std::thread::spawn(move || {
            let mut stdout = BufReader::new(stdout);
            let mut line = String::new();
            loop {
                line.clear();
                match stdout.read_line(&mut line) {
                    // A line cut short by the kill was never fully said: drop it.
                    Ok(0) | Err(_) => break,
                    Ok(_) if !line.ends_with('\n') => break,
                    Ok(_) => {
                        if tx.send(line.clone()).is_err() {
                            break;
                        }
                    }
                }
            }
        });

        let mut lines = Vec::new();
        let (mut begins, mut acks) = (0u32, 0u32);
        let mut died_early = false;
        loop {
            let received = match plan {
                KillAfter::Delay(delay) => {
                    match rx.recv_timeout(delay.saturating_sub(spawned.elapsed())) {
                        Ok(line) => Ok(line),
                        Err(RecvTimeoutError::Timeout) => break,
                        Err(RecvTimeoutError::Disconnected) => Err(()),
                    }
                }
                _ => rx.recv().map_err(|_| ()),
            };
            let Ok(text) = received else {
                died_early = true;
                break;
            };
            let Some(line) = parse_line(&text) else {
                continue;
            };
            let is_begin = matches!(line, Line::Begin { .. });
            lines.push(line);
            if is_begin {
                begins += 1;
            } else {
                acks += 1;
            }
            match plan {
                KillAfter::Begin(k) if is_begin && begins == k => break,
                KillAfter::Ack(k, pause) if !is_begin && acks == k => {
                    std::thread::sleep(pause);
                    break;
                }
                _ => {}
            }
        }
        let exited_by_itself = child.try_wait().unwrap();
        child.kill().unwrap();
        let status = child.wait().unwrap();
        let stderr = std::fs::read_to_string(&stderr_path).unwrap_or_default();
        assert!(
            !died_early && exited_by_itself.is_none() && status.signal() == Some(9),
            "{context}: the child ended by itself ({status}) instead of being killed:\n{stderr}"
        );
        tally.kills += 1;
        // Everything the child fully printed before it died counts.
        for text in rx.iter() {
            lines.extend(parse_line(&text));
        }
        reader.join().unwrap();

        let mut in_flight: Option<InFlight> = None;
        for line in lines {
            match line {
                Line::Begin { n, now, op } => {
                    assert!(
                        in_flight.is_none(),
                        "{context}: op {n} began before the previous one was acknowledged"
                    );
                    assert_eq!(n, next_op, "{context}: ops are numbered in order");
                    assert!(now > clock - 1_000, "{context}: the clock went back");
                    next_op = n + 1;
                    clock = now + 1_000;
                    in_flight = Some(InFlight { n, now, op });
                }
                Line::Ack { n, outcome } => {
                    let begun = in_flight.take().unwrap_or_else(|| {
                        panic!("{context}: op {n} acknowledged without beginning")
                    });
                    assert_eq!(begun.n, n, "{context}: acknowledged the wrong op");
                    tally.acked += 1;
                    if outcome.refused.is_some() {
                        tally.refused += 1;
                    }
                    apply_ack(&mut model, &outcome)
                        .unwrap_or_else(|e| panic!("{context}: ack of op {n}: {e}"));
                }
            }
        }

        // Check the store as SQLite left it on disk. Half the time a copy, so the next
        // child has to recover the hot WAL itself; half the time the store itself.
        let on_copy = rng.chance(50);
        let checked_path = if on_copy {
            tally.verified_copies += 1;
            copy_store(&store, &dir.path().join("copy"))
        } else {
            tally.verified_in_place += 1;
            store.clone()
        };
        let rows = check_store(&checked_path, &model, in_flight.as_ref()).unwrap_or_else(|e| {
            panic!(
                "{context}, after kill {} ({plan:?}, in flight: {in_flight:?}): {e}\n\
                 child stderr:\n{stderr}",
                tally.kills
            )
        });
        match &in_flight {
            Some(f) if !commits_something(f, &model) => tally.in_flight_no_effect += 1,
            Some(_) if rows == model => tally.in_flight_lost += 1,
            Some(_) => tally.in_flight_committed += 1,
            None => {}
        }
        model = rows;
    }
    eprintln!("crash test (seed {seed}): {tally:?}");
    assert!(tally.kills >= MIN_KILLS && tally.acked >= MIN_ACKED);
    assert!(
        tally.refused * 4 < tally.acked,
        "too many refusals to mean much: {tally:?}"
    );
}

/// Does this op change the store when it commits? (A stop with nothing running doesn't.)
fn commits_something(op: &InFlight, model: &BTreeMap<i64, Row>) -> bool {
    match &op.op {
        Op::Stop { .. } => model.values().any(Row::is_running),
        Op::Edit { id: None, .. } => model.values().any(Row::is_running),
        Op::Edit { id: Some(id), .. } | Op::Delete { id } => model.contains_key(id),
        Op::Start { .. } | Op::Log { .. } => true,
    }
}

fn apply_ack(model: &mut BTreeMap<i64, Row>, outcome: &Outcome) -> Result<(), String> {
    for id in &outcome.removed {
        model
            .remove(id)
            .ok_or_else(|| format!("removed entry {id}, which the model doesn't have"))?;
    }
    for row in &outcome.changed {
        let old = model
            .get_mut(&row.id)
            .ok_or_else(|| format!("changed entry {}, which the model doesn't have", row.id))?;
        *old = row.clone();
    }
    for row in &outcome.created {
        if model.insert(row.id, row.clone()).is_some() {
            return Err(format!("created entry {}, which already existed", row.id));
        }
    }
    Ok(())
}

/// Copy the store and its WAL (not the shared-memory index: a fresh reader rebuilds it
/// from the WAL, as after a reboot).
fn copy_store(store: &Path, dir: &Path) -> PathBuf {
    let _ = std::fs::remove_dir_all(dir);
    std::fs::create_dir_all(dir).unwrap();
    let copy = dir.join(punch_core::store::FILE_NAME);
    if store.exists() {
        std::fs::copy(store, &copy).unwrap();
        let wal = PathBuf::from(format!("{}-wal", store.display()));
        if wal.exists() {
            std::fs::copy(&wal, format!("{}-wal", copy.display())).unwrap();
        }
    }
    copy
}

fn load_rows(conn: &Connection) -> rusqlite::Result<BTreeMap<i64, Row>> {
    let mut stmt = conn.prepare(
        "SELECT id, start_ms, end_ms, minutes, date, target, note, billable, sync_state
         FROM entries WHERE deleted_ms IS NULL",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok(Row {
            id: r.get(0)?,
            start: r.get(1)?,
            end: r.get(2)?,
            minutes: r.get(3)?,
            date: r.get(4)?,
            target: r.get(5)?,
            note: r.get(6)?,
            billable: r.get(7)?,
            sync: r.get(8)?,
        })
    })?;
    rows.map(|r| r.map(|row| (row.id, row))).collect()
}

/// Check the store at `path` against the model of every acknowledged op; return what it
/// holds (the model plus the in-flight op, if that committed).
fn check_store(
    path: &Path,
    model: &BTreeMap<i64, Row>,
    in_flight: Option<&InFlight>,
) -> Result<BTreeMap<i64, Row>, String> {
    if !path.exists() {
        // Killed before the store was even created.
        return match model.is_empty() {
            true => Ok(BTreeMap::new()),
            false => Err("the store file is gone".into()),
        };
    }
    let sql = |e: rusqlite::Error| format!("SQL: {e}");
    let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_WRITE).map_err(sql)?;
    let integrity: Vec<String> = conn
        .prepare("PRAGMA integrity_check")
        .map_err(sql)?
        .query_map([], |r| r.get(0))
        .map_err(sql)?
        .collect::<Result<_, _>>()
        .map_err(sql)?;
    if integrity != ["ok"] {
        return Err(format!("integrity_check: {integrity:?}"));
    }
    let version: i64 = conn
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .map_err(sql)?;
    if version == 0 {
        // Killed before the first migration committed: it must have left nothing.
        let tables: i64 = conn
            .query_row(
                "SELECT count(*) FROM sqlite_master WHERE type = 'table'",
                [],
                |r| r.get(0),
            )
            .map_err(sql)?;
        if tables != 0 || !model.is_empty() {
            return Err(format!(
                "schema version 0 with {tables} tables and {} acknowledged entries",
                model.len()
            ));
        }
        return Ok(BTreeMap::new());
    }
    if version != SCHEMA_VERSION {
        // Killed between two migration steps (each its own transaction): legitimate, as
        // long as no operation was acknowledged, since those come after the migration.
        return match version < SCHEMA_VERSION && model.is_empty() {
            true => Ok(BTreeMap::new()),
            false => Err(format!(
                "schema version {version}, expected {SCHEMA_VERSION}, with {} acknowledged \
                 entries",
                model.len()
            )),
        };
    }
    let fk: i64 = conn
        .query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
            r.get(0)
        })
        .map_err(sql)?;
    if fk != 0 {
        return Err(format!("{fk} foreign key violations"));
    }
    let rows = load_rows(&conn).map_err(sql)?;
    let running: Vec<&Row> = rows.values().filter(|r| r.is_running()).collect();
    if running.len() > 1 {
        return Err(format!("{} running entries: {running:?}", running.len()));
    }
    check_outbox(&conn, &rows).map_err(|e| format!("outbox: {e}"))?;
    check_against_model(&rows, model, in_flight)?;
    Ok(rows)
}

/// Every finished entry with a target has a `create` row for that target (written in the
/// same transaction as the change); a running entry has none (no mirrored accounts here).
fn check_outbox(conn: &Connection, rows: &BTreeMap<i64, Row>) -> Result<(), String> {
    let mut stmt = conn
        .prepare("SELECT entry_id, op, target FROM outbox ORDER BY id")
        .map_err(|e| e.to_string())?;
    let outbox: Vec<(i64, String, Option<String>)> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .map_err(|e| e.to_string())?
        .collect::<Result<_, _>>()
        .map_err(|e| e.to_string())?;
    for row in rows.values() {
        let queued: Vec<_> = outbox.iter().filter(|(id, ..)| *id == row.id).collect();
        if row.is_running() {
            if !queued.is_empty() {
                return Err(format!("running entry {row:?} has outbox rows {queued:?}"));
            }
        } else if let Some(target) = &row.target
            && !queued
                .iter()
                .any(|(_, op, t)| op == "create" && t.as_ref() == Some(target))
        {
            return Err(format!(
                "entry {row:?} has no `create` row for its target: {queued:?}"
            ));
        }
    }
    Ok(())
}

fn describe_diff(db: Option<&Row>, model: Option<&Row>) -> String {
    format!("store has {db:?}, acknowledged ops say {model:?}")
}

fn check_against_model(
    db: &BTreeMap<i64, Row>,
    model: &BTreeMap<i64, Row>,
    in_flight: Option<&InFlight>,
) -> Result<(), String> {
    let extra: Vec<&Row> = db.values().filter(|r| !model.contains_key(&r.id)).collect();
    let changed: Vec<i64> = model
        .keys()
        .copied()
        .filter(|id| db.get(id) != model.get(id))
        .collect();
    if extra.len() > 1 {
        return Err(format!("unexpected entries in the store: {extra:?}"));
    }
    let running = model.values().find(|r| r.is_running());
    let only = |allowed: Option<i64>| -> Result<(), String> {
        match changed.iter().find(|id| Some(**id) != allowed) {
            Some(id) => Err(format!(
                "entry {id} differs: {}",
                describe_diff(db.get(id), model.get(id))
            )),
            None => Ok(()),
        }
    };
    let no_extra = || match extra.first() {
        Some(row) => Err(format!("unexpected entry in the store: {row:?}")),
        None => Ok(()),
    };
    let Some(f) = in_flight else {
        only(None)?;
        no_extra()?;
        if let Some(r) = running
            && db.get(&r.id).and_then(|d| d.start) != r.start
        {
            return Err(format!("the running timer {r:?} lost its start"));
        }
        return Ok(());
    };
    match &f.op {
        Op::Log {
            date,
            minutes,
            note,
            target,
            billable,
            ..
        } => {
            only(None)?;
            if let Some(new) = extra.first() {
                let expected = (
                    date,
                    note,
                    target.as_ref(),
                    billable.unwrap_or(true),
                    *minutes,
                );
                let got = (
                    &new.date,
                    &new.note,
                    new.target.as_ref(),
                    new.billable,
                    new.minutes,
                );
                if expected != got || new.is_running() {
                    return Err(format!("the in-flight log committed as {new:?}"));
                }
            }
        }
        Op::Start {
            note,
            target,
            billable,
            at,
        } => {
            let start = at.unwrap_or(f.now);
            only(running.map(|r| r.id))?;
            // A discarded running entry is purged, so SQLite may hand its id to the new one.
            let reused = running.and_then(|r| db.get(&r.id)).filter(|d| {
                d.is_running() && d.start == Some(start) && &d.note == note && running != Some(*d)
            });
            if reused.is_some() {
                no_extra()?;
            }
            let new = extra.first().copied().or(reused);
            if let Some(new) = new {
                let ok = new.is_running()
                    && new.start == Some(start)
                    && &new.note == note
                    && new.target == *target
                    && new.billable == billable.unwrap_or(true)
                    && new.sync == sync_for(target.as_deref());
                if !ok {
                    return Err(format!("the in-flight start committed as {new:?}"));
                }
            }
            if let Some(r) = running {
                let after = db.get(&r.id).filter(|_| reused.is_none());
                let switched = after != Some(r);
                if switched != new.is_some() {
                    return Err(format!(
                        "the in-flight start committed only in part: new entry {new:?}, \
                         running entry {}",
                        describe_diff(after, Some(r))
                    ));
                }
                if switched {
                    check_stopped(r, after, start)?;
                }
            }
        }
        Op::Stop { at } => {
            only(running.map(|r| r.id))?;
            no_extra()?;
            if let Some(r) = running
                && db.get(&r.id) != Some(r)
            {
                check_stopped(r, db.get(&r.id), at.unwrap_or(f.now))?;
            }
        }
        Op::Edit {
            id,
            note,
            billable,
            target,
            start,
            start_date,
        } => {
            no_extra()?;
            let Some(x) = id.or(running.map(|r| r.id)) else {
                return only(None);
            };
            only(Some(x))?;
            if let Some(before) = model.get(&x)
                && db.get(&x) != Some(before)
            {
                let mut after = before.clone();
                if let Some(note) = note {
                    after.note = note.clone();
                }
                if let Some(billable) = billable {
                    after.billable = *billable;
                }
                match target.as_deref() {
                    Some("none") => after.target = None,
                    Some(t) => after.target = Some(t.to_owned()),
                    None => {}
                }
                if let Some(start) = start {
                    after.start = Some(*start);
                    after.date = start_date.clone().unwrap_or_default();
                }
                after.sync = sync_for(after.target.as_deref());
                if db.get(&x) != Some(&after) {
                    return Err(format!(
                        "the in-flight edit committed as {:?}, expected {after:?}",
                        db.get(&x)
                    ));
                }
            }
        }
        Op::Delete { id } => {
            no_extra()?;
            only(Some(*id))?;
            if model.contains_key(id) && db.get(id).is_some_and(|d| Some(d) != model.get(id)) {
                return Err(format!(
                    "the in-flight delete changed entry {id} instead of removing it: {}",
                    describe_diff(db.get(id), model.get(id))
                ));
            }
        }
    }
    Ok(())
}

/// The running entry `before` was stopped at `end` by the in-flight op: kept if it ran at
/// least a minute, removed otherwise.
fn check_stopped(before: &Row, after: Option<&Row>, end: i64) -> Result<(), String> {
    let long_enough = end - before.start.unwrap_or(end) >= 60_000;
    let expected = long_enough.then(|| Row {
        end: Some(end),
        ..before.clone()
    });
    if after != expected.as_ref() {
        return Err(format!(
            "the in-flight op stopped the running entry wrongly: {}",
            describe_diff(after, expected.as_ref())
        ));
    }
    Ok(())
}
