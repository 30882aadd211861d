//! What the window's commands share: the home they work on, one open tracker, and the
//! shelf of deleted entries that undo can bring back.

use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};

use punch_core::tracker::Tracker;

use crate::commands::entries::Shelf;
use crate::error::{CommandError, CommandResult};

#[derive(Debug)]
pub struct Punch {
    home: PathBuf,
    tracker: Mutex<Tracker>,
    shelf: Mutex<Shelf>,
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    // A command that panicked left nothing half-written (every write is a transaction),
    // so the tracker is still good to use.
    mutex
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

impl Punch {
    pub fn open(home: &Path) -> CommandResult<Punch> {
        Ok(Punch {
            home: home.to_path_buf(),
            tracker: Mutex::new(Tracker::open(home)?),
            shelf: Mutex::new(Shelf::default()),
        })
    }

    pub fn home(&self) -> &Path {
        &self.home
    }

    pub fn tracker(&self) -> MutexGuard<'_, Tracker> {
        lock(&self.tracker)
    }

    pub fn shelf(&self) -> MutexGuard<'_, Shelf> {
        lock(&self.shelf)
    }

    /// A tracker of its own, for a command that may wait on the network for minutes
    /// (signing in, syncing) without holding up the window's other commands.
    pub fn own_tracker(&self) -> CommandResult<Tracker> {
        Tracker::open(&self.home).map_err(CommandError::from)
    }
}
