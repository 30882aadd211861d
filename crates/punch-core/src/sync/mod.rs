//! Sync: every change reaches the right Zoho product exactly once, whatever fails on
//! the way. The outbox says which entries changed; `plan` works out what Zoho needs
//! from each; `engine` sends it, recording each send before it goes so a lost answer
//! is reconciled (`matching`) instead of sent twice; `pull` brings Zoho's own changes
//! back. Products differ only behind `remote::Remote`.

pub mod engine;
pub mod ledger;
pub mod matching;
pub mod plan;
pub mod pull;
mod push;
pub mod remote;
pub mod remotes;

pub use engine::{PassOptions, SyncSummary, run_pass};
