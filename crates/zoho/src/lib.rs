//! Everything Punch needs to know about Zoho and nothing about Punch: OAuth, data
//! centers, rate limits, typed errors, and one client per product (Books, People,
//! Projects). Blocking I/O on purpose: a sync pass is a short sequence of calls, and the
//! resident tray must stay small.

pub mod books;
pub mod dc;
pub mod error;
pub mod lenient;
pub mod limit;
pub mod oauth;
pub mod people;
pub mod projects;
pub mod secret;
pub mod session;

pub use dc::{DataCenter, Endpoints};
pub use error::{ErrorKind, ZohoError};
pub use secret::Sensitive;
pub use session::{Credentials, Session};
