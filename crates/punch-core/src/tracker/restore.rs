//! Undo of a delete: the entry comes back as itself, with its id, rather than as a new
//! entry, so Zoho hears nothing when the delete had not been sent yet (no delete and
//! create of the same log) and one create when it had.
//!
//! A deleted entry with a target stays as a tombstone until its delete reaches Zoho
//! (`sync::ledger::settle` purges it then); one that never left this machine is purged
//! at once. Only a tombstone can be restored: a purged entry is gone, and whoever wants
//! its time back logs it again as a new entry (which is also what Zoho needs then).
//!
//! Sync plans from state (the entry against the logs Zoho is known to hold), so the
//! queued delete needs no cancelling: one more outbox row makes the entry dirty, and the
//! next pass finds either its logs still in Zoho (nothing to send, or an update) or
//! none, because the delete went out meanwhile (a create).

use chrono::{DateTime, Utc};

use super::Tracker;
use crate::entry::{Entry, EntryId, SyncState};
use crate::store::entries;
use crate::store::outbox::{self, Op};
use crate::{Error, Result};

impl Tracker {
    /// Undelete entry `id`. Refused for an entry that isn't deleted (`nothing_to_do`),
    /// one no longer kept (`not_found`), and a discarded timer (`invalid_input`: starting
    /// it again is a start, with the running timer's rules).
    pub fn restore(&mut self, id: EntryId, now: DateTime<Utc>) -> Result<Entry> {
        self.store.write(|tx| {
            let (entry, deleted) =
                entries::get_with_deleted(tx, id)?.ok_or_else(|| entries::no_such_entry(id))?;
            if !deleted {
                return Err(Error::NothingToDo(format!("entry {id} is not deleted")));
            }
            if entry.is_running() {
                return Err(Error::invalid(format!(
                    "entry {id} was a running timer: start it again instead"
                )));
            }
            entries::undelete(tx, id, now)?;
            let mut restored = entry;
            // Whatever Zoho last said about it is for the next pass to say again.
            restored.sync = SyncState::for_target(restored.target.as_ref());
            entries::save(tx, &restored, now)?;
            if let Some(target) = &restored.target {
                let op = if entries::has_remote_logs(tx, id)? {
                    Op::Update
                } else {
                    Op::Create
                };
                outbox::push(tx, id, op, Some(target), restored.account.as_deref(), now)?;
            }
            entries::get(tx, id)?.ok_or_else(|| entries::no_such_entry(id))
        })
    }
}

#[cfg(test)]
#[path = "restore_tests.rs"]
mod tests;
