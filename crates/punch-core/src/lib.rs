//! Punch's core: everything the tray, the window and the CLI share. It owns the timer,
//! the entries and the outbox; the faces only send it commands and draw what it reports.

pub mod catalog_sync;
pub mod changes;
pub mod clock;
pub mod connect;
pub mod entry;
pub mod error;
pub mod forms;
pub mod idle;
pub mod paths;
pub mod quicklog;
pub mod report;
pub mod secrets;
pub mod settings;
pub mod split;
pub mod store;
pub mod sync;
pub mod target;
pub mod timer;
pub mod tracker;

pub use error::{Error, Result};
