//! Names derived from `PUNCH_HOME`: several stores (a user's, a test's) can live on one
//! machine, and their keyring entries and change sockets must never meet.

use std::path::{Path, PathBuf};

use crate::{Error, Result};

/// Where the store lives, as every face finds it: `PUNCH_HOME`, else
/// `$XDG_DATA_HOME/punch`, else `~/.local/share/punch`. An error (never a guess such as
/// the working directory) when none of them is set.
pub fn punch_home() -> Result<PathBuf> {
    let var = |name: &str| std::env::var_os(name).filter(|v| !v.is_empty());
    if let Some(home) = var("PUNCH_HOME") {
        return Ok(PathBuf::from(home));
    }
    if let Some(data) = var("XDG_DATA_HOME") {
        return Ok(PathBuf::from(data).join("punch"));
    }
    match var("HOME") {
        Some(home) => Ok(PathBuf::from(home).join(".local/share/punch")),
        None => Err(Error::invalid(
            "can't find a place for the store: set PUNCH_HOME or HOME",
        )),
    }
}

/// A short, stable tag for a home directory (FNV-1a of its path: no dependency, and it
/// only has to tell homes apart, not resist anyone).
pub fn home_tag(home: &Path) -> String {
    let canonical = home.canonicalize().unwrap_or_else(|_| home.to_path_buf());
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in canonical.as_os_str().as_encoded_bytes() {
        hash ^= u64::from(*byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{hash:016x}")
}
