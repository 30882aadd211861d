//! Focused tests of the sync engine against zoho-sim: what one pass sends and what a
//! second one does not, lost answers, a refusal inside a People batch, tokens that
//! expire or die, the pull's merge policy, timers started in Zoho, and the lease.
//! The random fault-injection suite is `sync_faults`.

#[path = "sync_faults/catalog.rs"]
mod catalog;
#[path = "sync_faults/holdings.rs"]
mod holdings;
#[path = "sync_engine/pull.rs"]
mod pull;
#[path = "sync_engine/push.rs"]
mod push;
#[path = "sync_engine/timers.rs"]
mod timers;
#[path = "sync_faults/world.rs"]
mod world;

use chrono::NaiveDate;
use punch_core::entry::Entry;
use punch_core::target::{Target, TargetRef};
use punch_core::tracker::{LogRequest, SpanChange};
use world::{World, later};

/// Log `minutes` of past time on `target` (billable).
pub fn log(world: &mut World, target: &Target, date: NaiveDate, minutes: u32, note: &str) -> Entry {
    world
        .tracker
        .log(
            LogRequest {
                date: Some(date),
                span: SpanChange::Duration(minutes),
                target: Some(TargetRef::Target(target.clone())),
                account: None,
                note: note.into(),
                billable: Some(true),
            },
            later(),
        )
        .expect("the log is accepted")
}
