//! Zoho People as the simulator serves it (to be filled in).

use std::sync::Arc;

use axum::Router;

use crate::state::Shared;

/// The simulator's People data.
#[derive(Debug, Default)]
pub struct PeopleDb {}

impl PeopleDb {
    /// The demo catalog.
    pub fn seeded() -> Self {
        Self::default()
    }
}

pub fn routes() -> Router<Arc<Shared>> {
    Router::new()
}
