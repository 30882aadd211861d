//! Zoho Accounts as the simulator serves it (to be filled in).

use std::sync::Arc;

use axum::Router;

use crate::state::Shared;

pub fn routes() -> Router<Arc<Shared>> {
    Router::new()
}
