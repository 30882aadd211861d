//! The window's commands as plain functions, grouped by domain, each the window's
//! counterpart of a `punch` command: they take the tracker (or the home) and `now`, and
//! return what the UI draws or a `{code, message}` error. No Tauri in here, so every one
//! is tested without a window (`ipc.rs` wraps them for Tauri).

pub mod accounts;
pub mod entries;
pub mod idle;
pub mod launch;
pub mod picker;
pub mod quick_log;
pub mod settings;
pub mod timer;
pub mod week;

use punch_core::target::TargetRef;

use crate::error::{CommandError, CommandResult};

/// A target as the UI sends it: the text form, `@alias` or a bare alias; blank is none.
pub(crate) fn target_arg(text: Option<&str>) -> CommandResult<Option<TargetRef>> {
    match text.map(str::trim).filter(|t| !t.is_empty()) {
        None => Ok(None),
        Some(text) => TargetRef::parse_arg(text)
            .map(Some)
            .map_err(CommandError::invalid),
    }
}

/// A blank optional text is no text.
pub(crate) fn given(text: Option<&str>) -> Option<&str> {
    text.map(str::trim).filter(|t| !t.is_empty())
}
