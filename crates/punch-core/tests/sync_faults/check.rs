//! The end of a scenario: once the faults stop and sync settles, Zoho holds exactly the
//! logs Punch's entries call for (as a multiset: no duplicates, no losses), Punch's
//! entries are what the user made of them, and every refusal is on its entry in
//! Zoho's words and nowhere in Zoho.

use std::collections::{BTreeMap, BTreeSet};

use punch_core::entry::{Source, SyncState, When};
use punch_core::sync::plan::desired;
use punch_core::target::Product;

use super::holdings::Held;
use super::model::Model;
use super::world::World;

/// What is on one side and not on the other, per product.
fn difference(
    zoho: &BTreeMap<Product, Vec<Held>>,
    punch: &BTreeMap<Product, Vec<Held>>,
) -> Vec<String> {
    let mut problems = Vec::new();
    for product in Product::ALL {
        let mut extra: Vec<Held> = zoho.get(&product).cloned().unwrap_or_default();
        let mut missing = Vec::new();
        for log in punch.get(&product).cloned().unwrap_or_default() {
            match extra.iter().position(|z| *z == log) {
                Some(i) => {
                    extra.remove(i);
                }
                None => missing.push(log),
            }
        }
        for log in extra {
            problems.push(format!(
                "{product}: in Zoho, not in Punch (duplicate or orphan): {log:?}"
            ));
        }
        for log in missing {
            problems.push(format!("{product}: in Punch, not in Zoho (lost): {log:?}"));
        }
    }
    problems
}

/// Everything that is wrong at the end of a scenario (empty: it passed).
pub fn settled_state(world: &World, model: &Model) -> Vec<String> {
    let mut problems = difference(&world.zoho_logs(), &world.punch_logs());
    let tz = *world.tracker.time_zone();
    let entries = world.entries();
    let mut seen_ids = BTreeSet::new();
    let mut held_ids = BTreeSet::new();
    let mut imported = 0;
    for entry in &entries {
        seen_ids.insert(entry.id);
        for id in &entry.remote_ids {
            if !held_ids.insert((entry.account.clone(), id.clone())) {
                problems.push(format!("remote id {id} is held by two entries"));
            }
        }
        let Some(intent) = model.live.get(&entry.id) else {
            match entry.source {
                // A log made in Zoho's pages: synced as it came.
                Source::Remote => {
                    imported += 1;
                    let pieces = desired(entry, &tz).len();
                    if entry.sync != SyncState::Synced || entry.remote_ids.len() != pieces {
                        problems.push(format!(
                            "imported entry #{} is not synced: {entry:?}",
                            entry.id
                        ));
                    }
                }
                Source::Local => problems.push(format!(
                    "entry #{} is in Punch but was never made or since deleted: {entry:?}",
                    entry.id
                )),
            }
            continue;
        };
        let mut differs = Vec::new();
        if entry.date != intent.date {
            differs.push(format!("date {} != {}", entry.date, intent.date));
        }
        if entry.when != intent.when {
            differs.push(format!("when {:?} != {:?}", entry.when, intent.when));
        }
        if entry.target.as_ref() != Some(&intent.target) {
            differs.push(format!("target {:?} != {}", entry.target, intent.target));
        }
        if entry.account.as_deref() != Some(intent.product().as_str()) {
            differs.push(format!(
                "account {:?} != {}",
                entry.account,
                intent.product()
            ));
        }
        if entry.note != intent.note {
            differs.push(format!("note {:?} != {:?}", entry.note, intent.note));
        }
        if entry.billable != intent.billable {
            differs.push(format!(
                "billable {} != {}",
                entry.billable, intent.billable
            ));
        }
        if entry.source != Source::Local {
            differs.push("source is remote".into());
        }
        if !differs.is_empty() {
            problems.push(format!(
                "entry #{} is not as the user left it: {}",
                entry.id,
                differs.join("; ")
            ));
        }
        let pieces = desired(entry, &tz).len();
        match (Model::refused(intent, &world.catalog), &entry.sync) {
            (Some((code, message)), SyncState::Rejected(error)) => {
                if error.zoho_code != Some(code)
                    || error.message != message
                    || error.code != "rejected"
                {
                    problems.push(format!(
                        "entry #{} is rejected with {error:?}, expected Zoho's {code} {message:?}",
                        entry.id
                    ));
                }
                if !entry.remote_ids.is_empty() {
                    problems.push(format!(
                        "rejected entry #{} holds Zoho logs {:?}",
                        entry.id, entry.remote_ids
                    ));
                }
            }
            (Some(_), state) => problems.push(format!(
                "entry #{} should be rejected, is {state:?}",
                entry.id
            )),
            (None, SyncState::Synced) if entry.remote_ids.len() == pieces => {}
            (None, state) => problems.push(format!(
                "entry #{} should be synced with {pieces} Zoho logs, is {state:?} with {:?}",
                entry.id, entry.remote_ids
            )),
        }
        if matches!(entry.when, When::Span { end: None, .. }) {
            problems.push(format!("entry #{} still runs", entry.id));
        }
    }
    if imported > model.made_in_zoho {
        problems.push(format!(
            "{imported} entries imported from Zoho, but only {} logs were made there (orphaned logs of Punch's?)",
            model.made_in_zoho
        ));
    }
    for id in model.live.keys() {
        if !seen_ids.contains(id) {
            problems.push(format!("entry #{id} was lost: {:?}", model.live[id]));
        }
    }
    problems
}
