//! The faults a scenario throws at sync between its changes: Zoho unreachable (a dead
//! port, or every connection dropped), answers lost after Zoho committed, 5xx, People's
//! threshold lock, expired tokens, and no time passing between passes (so the client's
//! own rate budgets run out). Unused faults stay queued for the passes after.

use std::time::Duration;

use zoho_sim::state::lock;
use zoho_sim::{Fault, FaultAction};

use super::model::Rng;
use super::world::World;

/// Paths (substrings) and methods of the calls that write each product's logs.
const CREATES: [(&str, &str); 3] = [
    ("/books/v3/projects/timeentries", "POST"),
    ("addupdatetimelogs", "POST"),
    ("/logs", "POST"),
];
const CHANGES: [(&str, &str); 5] = [
    ("/books/v3/projects/timeentries/", "PUT"),
    ("/books/v3/projects/timeentries/", "DELETE"),
    ("addupdatetimelogs", "POST"),
    ("deletetimelog", "POST"),
    ("/logs/", "DELETE"),
];
/// Any call of one product (reads too).
const PRODUCTS: [&str; 3] = ["/books/", "/people/", "/restapi/"];
/// People APIs a lock can fall on.
const PEOPLE_APIS: [&str; 4] = [
    "addupdatetimelogs",
    "gettimelogs",
    "deletetimelog",
    "getcurrentlyrunningtimer",
];

/// How a pass will go wrong; `Calm` passes after a minute for both sides.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Weather {
    Calm,
    /// No time passes before this pass: budgets and thresholds carry over.
    Hurried,
}

/// Queue this pass's faults and say whether time passes before it.
pub fn before_pass(rng: &mut Rng, world: &World, log: &mut Vec<String>) -> Weather {
    world.link.offline.set(false);
    let sim = world.sim();
    let inject = |fault: Fault, log: &mut Vec<String>| {
        log.push(format!("  fault {fault:?}"));
        sim.inject(fault);
    };
    for _ in 0..rng.below(3) {
        match rng.below(9) {
            0 => {
                world.link.offline.set(true);
                log.push("  offline (dead port)".into());
            }
            1 => {
                // Offline part way through the pass (and maybe the next).
                let fault = Fault::new("/", FaultAction::Drop).times(3 + rng.below(30) as u32);
                inject(fault, log);
            }
            2 | 3 => {
                let (path, method) = rng.pick(&CREATES);
                let fault = Fault::new(path, FaultAction::LoseAnswer)
                    .method(method)
                    .times(1 + rng.below(3) as u32);
                inject(fault, log);
            }
            4 => {
                let (path, method) = rng.pick(&CHANGES);
                let action = if rng.chance(50) {
                    FaultAction::LoseAnswer
                } else {
                    FaultAction::Drop
                };
                let fault = Fault::new(path, action)
                    .method(method)
                    .times(1 + rng.below(2) as u32);
                inject(fault, log);
            }
            5 => {
                let path = rng.pick(&PRODUCTS);
                let mut fault =
                    Fault::new(path, FaultAction::Status(503)).times(1 + rng.below(3) as u32);
                if rng.chance(50) {
                    let method: &&str = rng.pick(&["POST", "PUT", "DELETE"]);
                    fault = fault.method(method);
                }
                inject(fault, log);
            }
            6 => {
                let api = *rng.pick(&PEOPLE_APIS);
                let until =
                    sim.shared.clock.now_ms() + sim.shared.config.people_lock.as_millis() as i64;
                lock(&sim.shared.people)
                    .throttles
                    .entry(api.to_owned())
                    .or_default()
                    .locked_until = Some(until);
                log.push(format!("  people lock on {api}"));
            }
            7 => {
                // One at a time: a second expiry would hit the call retried with the
                // fresh token, which no real token does.
                let expiring = lock(&sim.shared.faults)
                    .iter()
                    .any(|f| f.action == FaultAction::ExpireTokens);
                if !expiring {
                    let path = rng.pick(&PRODUCTS);
                    inject(Fault::new(path, FaultAction::ExpireTokens), log);
                }
            }
            _ => {
                let path = rng.pick(&PRODUCTS);
                let fault = Fault::new(path, FaultAction::Drop).times(1 + rng.below(4) as u32);
                inject(fault, log);
            }
        }
    }
    if rng.chance(20) {
        log.push("  hurried (no time passes)".into());
        Weather::Hurried
    } else {
        world.minute_passes();
        Weather::Calm
    }
}

/// The faults stop: nothing queued, online, past every lock, fresh budgets.
pub fn clear(world: &World) {
    lock(&world.sim().shared.faults).clear();
    world.link.offline.set(false);
    world.sim().advance(Duration::from_secs(15 * 60));
    world.fresh_budgets();
}
