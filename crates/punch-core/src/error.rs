//! One error type for every face of Punch, so the CLI, the tray and the window can act on
//! a stable `code` instead of parsing message text.

use serde::Serialize;

/// What went wrong, with a stable code and a message written for the user.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The user gave something that does not parse or is not allowed (exit 2).
    #[error("{0}")]
    InvalidInput(String),
    /// The command is valid but there is nothing to act on (exit 1).
    #[error("{0}")]
    NothingToDo(String),
    /// No entry (or alias, account…) with that id exists (exit 1).
    #[error("{0}")]
    NotFound(String),
    /// The store could not be read or written.
    #[error("store: {0}")]
    Store(#[from] rusqlite::Error),
    /// A valid command that would lose or strand data, refused until asked with force.
    #[error("{0}")]
    Conflict(String),
    /// Signing in to Zoho did not finish (browser closed, timeout, state mismatch…).
    #[error("{0}")]
    SignIn(String),
    /// Zoho refused a call or could not be reached.
    #[error("{0}")]
    Zoho(zoho::ZohoError),
    /// A file around the store (the directory, the config) could not be used.
    #[error("{context}: {source}")]
    Io {
        context: String,
        #[source]
        source: std::io::Error,
    },
}

impl From<zoho::ZohoError> for Error {
    fn from(error: zoho::ZohoError) -> Self {
        Error::Zoho(error)
    }
}

impl Error {
    pub fn invalid(message: impl Into<String>) -> Self {
        Error::InvalidInput(message.into())
    }

    /// The stable word the UI and scripts act on.
    pub fn code(&self) -> &'static str {
        match self {
            Error::InvalidInput(_) => "invalid_input",
            Error::NothingToDo(_) => "nothing_to_do",
            Error::NotFound(_) => "not_found",
            Error::Store(_) => "store",
            Error::Io { .. } => "io",
            Error::Conflict(_) => "conflict",
            Error::SignIn(_) => "sign_in",
            Error::Zoho(e) => match e.kind {
                // No answer at all: the usual reason is being offline.
                zoho::ErrorKind::Transient if e.status.is_none() => "offline",
                zoho::ErrorKind::Transient => "transient",
                zoho::ErrorKind::Auth => "auth_expired",
                zoho::ErrorKind::RateLimited { .. } => "rate_limited",
                zoho::ErrorKind::Rejected => "rejected",
                zoho::ErrorKind::NotFound => "not_found",
            },
        }
    }

    /// CLI.md: 2 for bad usage or invalid input, 1 for every failure at run time.
    pub fn exit_code(&self) -> i32 {
        match self {
            Error::InvalidInput(_) => 2,
            _ => 1,
        }
    }

    /// The `{code, message}` pair that crosses every boundary.
    pub fn to_wire(&self) -> WireError {
        WireError {
            code: self.code(),
            message: self.to_string(),
        }
    }
}

/// The serialisable form of [`Error`]: `{"code": "...", "message": "..."}`.
#[derive(Debug, Clone, Serialize)]
pub struct WireError {
    pub code: &'static str,
    pub message: String,
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
