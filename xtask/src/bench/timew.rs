//! Timewarrior, the yardstick: a mature CLI tracker from Debian, run on databases of its own.

use std::path::{Path, PathBuf};
use std::process::Command;

use chrono::{DateTime, Utc};

use crate::{cmd, system};

#[derive(Debug)]
pub struct Timew {
    pub version: String,
}

impl Timew {
    /// Install Timewarrior from Debian when it is missing.
    pub fn prepare() -> Result<Timew, String> {
        system::ensure_packages(system::BENCH_PACKAGES)?;
        let version = cmd::stdout_of(Command::new("timew").arg("--version"))?;
        Ok(Timew {
            version: version.trim().to_owned(),
        })
    }

    /// A fresh database in `dir`. Timewarrior asks "Create new database?" on stdin when
    /// its directory is missing, so the directory, its `data/` and a config file must
    /// exist before the first command.
    pub fn database(&self, dir: &Path) -> Result<PathBuf, String> {
        let data = dir.join("data");
        std::fs::create_dir_all(&data)
            .map_err(|e| format!("can't create {}: {e}", data.display()))?;
        let config = dir.join("timewarrior.cfg");
        // The defaults, as a new user has them.
        std::fs::write(&config, "# made by `cargo xtask bench`\n")
            .map_err(|e| format!("can't write {}: {e}", config.display()))?;
        Ok(dir.to_path_buf())
    }

    pub fn command(&self, database: &Path, args: &[String]) -> Command {
        let mut command = Command::new("timew");
        command.env("TIMEWARRIORDB", database).args(args);
        command
    }
}

/// An instant as Timewarrior reads it on its command line (UTC, to the second).
pub fn instant(t: DateTime<Utc>) -> String {
    t.format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn instants_are_iso_utc_seconds() {
        let t: DateTime<Utc> = "2026-11-23T07:05:09.250Z".parse().unwrap();
        assert_eq!(instant(t), "2026-11-23T07:05:09Z");
    }

    #[test]
    fn a_database_is_complete_before_timewarrior_sees_it() {
        let dir = tempfile::tempdir().unwrap();
        let timew = Timew {
            version: "test".into(),
        };
        let db = timew.database(dir.path()).unwrap();
        assert!(db.join("data").is_dir());
        assert!(db.join("timewarrior.cfg").is_file());
        let command = timew.command(&db, &["stop".into()]);
        let env: Vec<_> = command.get_envs().collect();
        assert_eq!(
            env,
            [(std::ffi::OsStr::new("TIMEWARRIORDB"), Some(db.as_os_str()))]
        );
    }
}
