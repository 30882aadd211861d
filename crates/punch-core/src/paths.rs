//! Names derived from `PUNCH_HOME`: several stores (a user's, a test's) can live on one
//! machine, and their keyring entries and change sockets must never meet.

use std::path::Path;

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
