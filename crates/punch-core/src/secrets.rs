//! Where refresh tokens and client secrets live: the OS keyring by default, a 0600 file
//! for machines without one (`PUNCH_SECRET_STORE=file`), or memory in tests. Never in
//! SQLite, config files, logs or Debug output.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use zoho::Sensitive;

use crate::{Error, Result};

/// Which secret of an account.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SecretKind {
    RefreshToken,
    ClientSecret,
}

impl SecretKind {
    fn as_str(self) -> &'static str {
        match self {
            SecretKind::RefreshToken => "refresh_token",
            SecretKind::ClientSecret => "client_secret",
        }
    }
}

/// A place for secrets, keyed by account name and kind.
pub trait SecretStore: Send + Sync + std::fmt::Debug {
    fn get(&self, account: &str, kind: SecretKind) -> Result<Option<Sensitive<String>>>;
    fn set(&self, account: &str, kind: SecretKind, value: &Sensitive<String>) -> Result<()>;
    fn delete(&self, account: &str, kind: SecretKind) -> Result<()>;
    /// A short name for messages (`keyring`, `file`, `memory`).
    fn name(&self) -> &'static str;
}

/// Pick the store `PUNCH_SECRET_STORE` names (`keyring`, the default, or `file`).
pub fn from_env(home: &Path, choice: Option<&str>) -> Result<Box<dyn SecretStore>> {
    match choice.unwrap_or("keyring") {
        "keyring" | "" => Ok(Box::new(KeyringSecrets::for_home(home))),
        "file" => Ok(Box::new(FileSecrets::new(home))),
        other => Err(Error::invalid(format!(
            "PUNCH_SECRET_STORE=`{other}` is not a secret store (use keyring or file)"
        ))),
    }
}

/// The OS keyring (Secret Service on Linux, Keychain on macOS, Credential Manager on
/// Windows). Entries are named after the account and the store's home, so two
/// `PUNCH_HOME`s never share secrets.
#[derive(Debug)]
pub struct KeyringSecrets {
    /// Distinguishes stores: a hash of `PUNCH_HOME`.
    home_tag: String,
}

impl KeyringSecrets {
    pub fn for_home(home: &Path) -> KeyringSecrets {
        KeyringSecrets {
            home_tag: crate::paths::home_tag(home),
        }
    }

    fn entry(&self, account: &str, kind: SecretKind) -> Result<keyring::Entry> {
        let user = format!("{account}/{}@{}", kind.as_str(), self.home_tag);
        keyring::Entry::new("punch", &user).map_err(keyring_error)
    }
}

fn keyring_error(e: keyring::Error) -> Error {
    Error::Io {
        context: "the OS keyring (set PUNCH_SECRET_STORE=file on machines without one)".into(),
        source: std::io::Error::other(e.to_string()),
    }
}

impl SecretStore for KeyringSecrets {
    fn get(&self, account: &str, kind: SecretKind) -> Result<Option<Sensitive<String>>> {
        match self.entry(account, kind)?.get_password() {
            Ok(value) => Ok(Some(Sensitive::new(value))),
            Err(keyring::Error::NoEntry) => Ok(None),
            Err(e) => Err(keyring_error(e)),
        }
    }

    fn set(&self, account: &str, kind: SecretKind, value: &Sensitive<String>) -> Result<()> {
        self.entry(account, kind)?
            .set_password(value.expose())
            .map_err(keyring_error)
    }

    fn delete(&self, account: &str, kind: SecretKind) -> Result<()> {
        match self.entry(account, kind)?.delete_credential() {
            Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
            Err(e) => Err(keyring_error(e)),
        }
    }

    fn name(&self) -> &'static str {
        "keyring"
    }
}

/// `$PUNCH_HOME/secrets.json`, readable by the user alone.
#[derive(Debug)]
pub struct FileSecrets {
    path: PathBuf,
    /// Serialises this process's read-modify-write of the file.
    lock: Mutex<()>,
}

type SecretMap = BTreeMap<String, String>;

impl FileSecrets {
    pub fn new(home: &Path) -> FileSecrets {
        FileSecrets {
            path: home.join("secrets.json"),
            lock: Mutex::new(()),
        }
    }

    fn key(account: &str, kind: SecretKind) -> String {
        format!("{account}/{}", kind.as_str())
    }

    fn read(&self) -> Result<SecretMap> {
        match std::fs::read_to_string(&self.path) {
            Ok(text) => serde_json::from_str(&text).map_err(|e| {
                Error::invalid(format!("{} is not valid JSON: {e}", self.path.display()))
            }),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(SecretMap::new()),
            Err(source) => Err(Error::Io {
                context: format!("can't read {}", self.path.display()),
                source,
            }),
        }
    }

    /// Write to a 0600 temp file and rename it over the old one, so a crash leaves the
    /// old secrets or the new ones, never half a file.
    fn write(&self, map: &SecretMap) -> Result<()> {
        use std::io::Write;
        let io = |source| Error::Io {
            context: format!("can't write {}", self.path.display()),
            source,
        };
        let tmp = self.path.with_extension("json.tmp");
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create(true).truncate(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        let mut file = options.open(&tmp).map_err(io)?;
        let text = serde_json::to_string_pretty(map).expect("a map of strings serialises");
        file.write_all(text.as_bytes()).map_err(io)?;
        file.sync_all().map_err(io)?;
        std::fs::rename(&tmp, &self.path).map_err(io)
    }

    fn change(&self, f: impl FnOnce(&mut SecretMap)) -> Result<()> {
        let _guard = self.lock.lock().unwrap_or_else(|p| p.into_inner());
        let mut map = self.read()?;
        f(&mut map);
        self.write(&map)
    }
}

impl SecretStore for FileSecrets {
    fn get(&self, account: &str, kind: SecretKind) -> Result<Option<Sensitive<String>>> {
        Ok(self
            .read()?
            .remove(&Self::key(account, kind))
            .map(Sensitive::new))
    }

    fn set(&self, account: &str, kind: SecretKind, value: &Sensitive<String>) -> Result<()> {
        self.change(|map| {
            map.insert(Self::key(account, kind), value.expose().clone());
        })
    }

    fn delete(&self, account: &str, kind: SecretKind) -> Result<()> {
        self.change(|map| {
            map.remove(&Self::key(account, kind));
        })
    }

    fn name(&self) -> &'static str {
        "file"
    }
}

/// Secrets in memory, for tests.
#[derive(Debug, Default)]
pub struct MemorySecrets {
    map: Mutex<SecretMap>,
}

impl SecretStore for MemorySecrets {
    fn get(&self, account: &str, kind: SecretKind) -> Result<Option<Sensitive<String>>> {
        let map = self.map.lock().unwrap_or_else(|p| p.into_inner());
        Ok(map
            .get(&FileSecrets::key(account, kind))
            .cloned()
            .map(Sensitive::new))
    }

    fn set(&self, account: &str, kind: SecretKind, value: &Sensitive<String>) -> Result<()> {
        let mut map = self.map.lock().unwrap_or_else(|p| p.into_inner());
        map.insert(FileSecrets::key(account, kind), value.expose().clone());
        Ok(())
    }

    fn delete(&self, account: &str, kind: SecretKind) -> Result<()> {
        let mut map = self.map.lock().unwrap_or_else(|p| p.into_inner());
        map.remove(&FileSecrets::key(account, kind));
        Ok(())
    }

    fn name(&self) -> &'static str {
        "memory"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_file_store_round_trips_and_is_private() {
        let dir = tempfile::tempdir().unwrap();
        let store = FileSecrets::new(dir.path());
        assert!(
            store
                .get("work", SecretKind::RefreshToken)
                .unwrap()
                .is_none()
        );
        let token = Sensitive::new("1000.refresh.secret".to_owned());
        store.set("work", SecretKind::RefreshToken, &token).unwrap();
        store
            .set(
                "work",
                SecretKind::ClientSecret,
                &Sensitive::new("cs".into()),
            )
            .unwrap();
        assert_eq!(
            store.get("work", SecretKind::RefreshToken).unwrap(),
            Some(token)
        );
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(dir.path().join("secrets.json"))
                .unwrap()
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        store.delete("work", SecretKind::RefreshToken).unwrap();
        assert!(
            store
                .get("work", SecretKind::RefreshToken)
                .unwrap()
                .is_none()
        );
        assert!(
            store
                .get("work", SecretKind::ClientSecret)
                .unwrap()
                .is_some()
        );
    }

    #[test]
    fn an_unknown_store_is_refused_by_name() {
        let err = from_env(Path::new("/tmp"), Some("vault")).unwrap_err();
        assert!(err.to_string().contains("`vault`"), "{err}");
    }
}
