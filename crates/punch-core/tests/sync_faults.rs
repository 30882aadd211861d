//! The acceptance suite of sync: seeded random scenarios against zoho-sim. Each makes
//! a fresh simulator and store with a Books, a People and a Projects account, makes
//! 5 to 25 changes (logs, timers, edits, deletes, across the three products) with sync
//! passes between them while faults fall (offline, lost answers, 5xx, People's lock,
//! expired tokens, rate budgets run out), then stops the faults and syncs until
//! settled. Then Zoho's logs equal Punch's as a multiset (no duplicate, no loss),
//! Punch's entries are what the user made of them, and every refusal is on its entry.
//!
//! A failing scenario prints its seed; replay one with
//! `PUNCH_SYNC_SEED=<seed> cargo test -p punch-core --test sync_faults -- --nocapture`
//! (`PUNCH_SYNC_BASE=<n>` shifts every seed, to explore new scenarios).

#[path = "sync_faults/catalog.rs"]
mod catalog;
#[path = "sync_faults/check.rs"]
mod check;
#[path = "sync_faults/faults.rs"]
mod faults;
#[path = "sync_faults/holdings.rs"]
mod holdings;
#[path = "sync_faults/model.rs"]
mod model;
#[path = "sync_faults/world.rs"]
mod world;
#[path = "sync_faults/zoho_side.rs"]
mod zoho_side;

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::time::{Duration, Instant};

use model::{Model, Rng};
use world::World;
use zoho_sim::SimConfig;

/// Scenarios in all, spread over `SHARDS` tests so both cores work.
const SCENARIOS: u64 = 200;
const SHARDS: u64 = 4;
/// Passes after the faults stop before a scenario must have settled.
const SETTLE_PASSES: usize = 12;

fn env_u64(name: &str) -> Option<u64> {
    std::env::var(name).ok().map(|v| {
        v.trim()
            .parse()
            .unwrap_or_else(|_| panic!("{name} must be a number, not {v:?}"))
    })
}

/// A simulator tuned for speed and trouble: short tokens and locks, and sometimes a
/// Books limit a busy pass runs into.
fn config(rng: &mut Rng) -> SimConfig {
    SimConfig {
        token_lifetime: Duration::from_secs(if rng.chance(50) { 90 } else { 3600 }),
        people_lock: Duration::from_secs(90),
        books_per_minute: if rng.chance(30) { 12 } else { 100 },
        ..SimConfig::default()
    }
}

/// Seeds that found bugs (before Zoho-side changes joined the scenarios), replayed as
/// they were.
const FOUND_BUGS: [u64; 9] = [10, 53, 54, 114, 141, 3125, 5080, 11110, 12139];

/// Odd seeds also have people working in Zoho's pages meanwhile.
fn with_zoho_side(seed: u64) -> bool {
    seed % 2 == 1
}

/// One scenario; `Err` lists what is wrong at the end. Zoho-side changes draw from a
/// stream of their own, so the rest of a scenario is the same with or without them.
fn scenario(seed: u64, zoho_side: bool) -> Result<(), String> {
    let mut rng = Rng::new(seed);
    let mut side = Rng::new(seed.rotate_left(29) ^ 0xA5A5_5A5A);
    let mut world = World::new(config(&mut rng));
    let mut model = Model::default();
    let changes = 5 + rng.below(21);
    let mut made = 0;
    while made < changes {
        if rng.chance(30) {
            let weather = faults::before_pass(&mut rng, &world, &mut model.log);
            let summary = world.pass();
            model.log.push(format!("pass ({weather:?}): {summary:?}"));
            model.follow_touched(&world);
            continue;
        }
        if zoho_side && side.chance(10) {
            model.zoho_change(&mut side, &mut world);
        }
        made += 1;
        match rng.below(10) {
            _ if model.running.is_some() && rng.chance(50) => model.stop(&mut rng, &mut world),
            0..=3 => model.log(&mut rng, &mut world),
            4 if model.running.is_none() => model.start(&mut rng, &mut world),
            4..=6 => model.edit(&mut rng, &mut world),
            _ => model.delete(&mut rng, &mut world),
        }
    }
    model.stop(&mut rng, &mut world);

    faults::clear(&world);
    let mut settled = false;
    for _ in 0..SETTLE_PASSES {
        world.minute_passes();
        let summary = world.pass();
        model.log.push(format!("settling pass: {summary:?}"));
        model.follow_touched(&world);
        if summary.pending == 0 && summary.error.is_none() && world.queued() == (0, 0) {
            settled = true;
            break;
        }
    }
    let mut problems = Vec::new();
    if !settled {
        problems.push(format!(
            "sync did not settle in {SETTLE_PASSES} passes (outbox, inflight: {:?})",
            world.queued()
        ));
    }
    // Settled means settled: another pass changes nothing in Zoho.
    world.minute_passes();
    let before = world.requests();
    let summary = world.pass();
    let writes = world.writes_since(before);
    if !writes.is_empty() || summary.pulled != 0 {
        problems.push(format!(
            "a pass after settling still wrote {writes:?} / pulled {}",
            summary.pulled
        ));
    }
    problems.extend(check::settled_state(&world, &model));
    if problems.is_empty() {
        return Ok(());
    }
    Err(format!(
        "{}\n--- what happened:\n{}\n--- Zoho: {:#?}\n--- Punch: {:#?}",
        problems.join("\n"),
        model.log.join("\n"),
        world.zoho_logs(),
        world.entries()
    ))
}

/// Run `seeds`, report every failure with its seed, fail if any did.
fn run(seeds: impl Iterator<Item = u64>, zoho_side: impl Fn(u64) -> bool) {
    let started = Instant::now();
    let mut failed = Vec::new();
    let mut count = 0;
    for seed in seeds {
        count += 1;
        let outcome = catch_unwind(AssertUnwindSafe(|| scenario(seed, zoho_side(seed))))
            .unwrap_or_else(|panic| {
                let message = panic
                    .downcast_ref::<String>()
                    .cloned()
                    .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
                    .unwrap_or_default();
                Err(format!("panicked: {message}"))
            });
        if let Err(report) = outcome {
            eprintln!(
                "\n=== scenario seed {seed} FAILED (replay: PUNCH_SYNC_SEED={seed}):\n{report}\n"
            );
            failed.push(seed);
        }
    }
    eprintln!("{count} scenarios in {:.1?}", started.elapsed());
    assert!(
        failed.is_empty(),
        "failing seeds: {failed:?} (replay one with PUNCH_SYNC_SEED=<seed>)"
    );
}

/// This shard's seeds, or the one seed asked for (run by shard 0 only).
fn shard(index: u64) {
    if let Some(seed) = env_u64("PUNCH_SYNC_SEED") {
        if index == 0 {
            run(std::iter::once(seed), with_zoho_side);
        }
        return;
    }
    let base = env_u64("PUNCH_SYNC_BASE").unwrap_or(0);
    run(
        (index..SCENARIOS)
            .step_by(SHARDS as usize)
            .map(|i| base + i),
        with_zoho_side,
    );
}

#[test]
fn scenarios_that_found_bugs() {
    if std::env::var_os("PUNCH_SYNC_SEED").is_none() {
        run(FOUND_BUGS.into_iter(), |_| false);
    }
}

#[test]
fn scenarios_shard_0() {
    shard(0);
}

#[test]
fn scenarios_shard_1() {
    shard(1);
}

#[test]
fn scenarios_shard_2() {
    shard(2);
}

#[test]
fn scenarios_shard_3() {
    shard(3);
}
