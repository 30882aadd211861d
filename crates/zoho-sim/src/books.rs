//! Zoho Books as the simulator serves it (to be filled in).

use std::sync::Arc;

use axum::Router;

use crate::state::Shared;

/// The simulator's Books data.
#[derive(Debug, Default)]
pub struct BooksDb {}

impl BooksDb {
    /// The demo catalog.
    pub fn seeded() -> Self {
        Self::default()
    }
}

pub fn routes() -> Router<Arc<Shared>> {
    Router::new()
}
