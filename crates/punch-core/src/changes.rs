//! The change socket: how a commit in one Punch process (the CLI, the window) reaches
//! the resident `punch tray` at once, without the tray polling the store.
//!
//! Protocol: after every committed write, the writer sends one datagram
//! (`punch-change 1 <pid>`) to a Unix datagram socket at
//! `$XDG_RUNTIME_DIR/punch-<home tag>.sock`, non-blocking, and forgets about it. Any
//! datagram means "the store changed, read it again": the tray never trusts a payload,
//! so a lost, merged or foreign datagram costs at most one extra read. Nobody
//! listening is the normal case for a CLI command when no tray runs, and is ignored.
//!
//! One listener per `PUNCH_HOME`: the listener holds an exclusive lock on
//! `$PUNCH_HOME/tray.lock` while it lives. The kernel drops that lock when its process
//! dies however it dies, so a socket file found while holding the lock is a crashed
//! tray's and is replaced.

use std::fs::{File, OpenOptions, TryLockError};
use std::io::{self, Read, Write};
use std::os::unix::fs::{DirBuilderExt, PermissionsExt};
use std::os::unix::net::UnixDatagram;
use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::paths::home_tag;

mod subscription;
pub use subscription::{RENEW, Subscribers, Subscription, tray_running};

/// `sun_path` holds 108 bytes, one of them the terminating NUL.
const MAX_SOCKET_PATH: usize = 107;

/// The lock file inside `PUNCH_HOME` that makes the listener exclusive.
pub const LOCK_FILE: &str = "tray.lock";

/// What a writer sends; the version lets a later tray tell old writers apart.
const MAGIC: &str = "punch-change 1";

/// Where the change socket of `home` lives: in `$XDG_RUNTIME_DIR` (else the temporary
/// directory), as long as the whole path fits a socket address.
pub fn socket_path(home: &Path) -> PathBuf {
    let runtime = std::env::var_os("XDG_RUNTIME_DIR")
        .filter(|dir| !dir.is_empty())
        .map(PathBuf::from)
        .filter(|dir| dir.is_absolute());
    socket_path_in(runtime.as_deref(), home)
}

/// [`socket_path`] with the runtime directory given: the first of `runtime`, the
/// temporary directory and `/tmp` whose path leaves room for the name.
pub fn socket_path_in(runtime: Option<&Path>, home: &Path) -> PathBuf {
    let name = format!("punch-{}.sock", home_tag(home));
    let temp = std::env::temp_dir();
    runtime
        .into_iter()
        .chain([temp.as_path(), Path::new("/tmp")])
        .map(|dir| dir.join(&name))
        .find(|path| path.as_os_str().len() <= MAX_SOCKET_PATH)
        .unwrap_or_else(|| Path::new("/tmp").join(&name))
}

/// The writer's side: one datagram after each commit.
#[derive(Debug, Clone)]
pub struct Pinger {
    path: PathBuf,
}

impl Pinger {
    pub fn for_home(home: &Path) -> Pinger {
        Pinger::at(socket_path(home))
    }

    pub fn at(path: PathBuf) -> Pinger {
        Pinger { path }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Tell the listener, if any, that the store changed. One socket and one `sendto`,
    /// never waiting: a full queue means the tray already has a wake-up coming, and no
    /// listener means no tray runs, so every error is ignored.
    pub fn ping(&self) {
        let Ok(socket) = UnixDatagram::unbound() else {
            return;
        };
        let _ = socket.set_nonblocking(true);
        let payload = format!("{MAGIC} {}", std::process::id());
        let _ = socket.send_to(payload.as_bytes(), &self.path);
    }
}

/// One wake-up: somebody committed a change.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Change {
    /// The writer's process id, when the datagram said it.
    pub pid: Option<u32>,
}

/// Why a listener could not be had.
#[derive(Debug)]
pub enum ListenError {
    /// Another listener (a running `punch tray`) has this home.
    Running {
        home: PathBuf,
        pid: Option<u32>,
    },
    Io {
        context: String,
        source: io::Error,
    },
}

impl std::fmt::Display for ListenError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ListenError::Running { home, pid } => {
                write!(f, "punch tray is already running for {}", home.display())?;
                match pid {
                    Some(pid) => write!(f, " (pid {pid})"),
                    None => Ok(()),
                }
            }
            ListenError::Io { context, source } => write!(f, "{context}: {source}"),
        }
    }
}

impl std::error::Error for ListenError {}

impl From<ListenError> for crate::Error {
    fn from(error: ListenError) -> Self {
        match error {
            running @ ListenError::Running { .. } => crate::Error::Conflict(running.to_string()),
            ListenError::Io { context, source } => crate::Error::Io { context, source },
        }
    }
}

fn io_error(context: String) -> impl FnOnce(io::Error) -> ListenError {
    move |source| ListenError::Io { context, source }
}

/// The tray's side: the bound socket, exclusive per `PUNCH_HOME`. Dropping it removes
/// the socket file and releases the home.
#[derive(Debug)]
pub struct ChangeListener {
    socket: UnixDatagram,
    path: PathBuf,
    subscribers: Subscribers,
    // Held, never read: the lock is the exclusivity.
    _lock: File,
}

impl ChangeListener {
    /// Serve the change socket of `home` (created if missing), at [`socket_path`].
    pub fn bind(home: &Path) -> Result<ChangeListener, ListenError> {
        std::fs::create_dir_all(home)
            .map_err(io_error(format!("can't create {}", home.display())))?;
        ChangeListener::bind_at(home, socket_path(home))
    }

    /// Serve the change socket of `home` at `path`.
    pub fn bind_at(home: &Path, path: PathBuf) -> Result<ChangeListener, ListenError> {
        let lock = take_lock(home)?;
        if let Some(dir) = path.parent() {
            create_private_dir(dir)?;
        }
        // The lock is ours, so a socket file left here belongs to a tray that died.
        match std::fs::remove_file(&path) {
            Err(e) if e.kind() != io::ErrorKind::NotFound => {
                return Err(io_error(format!("can't replace {}", path.display()))(e));
            }
            _ => {}
        }
        let socket = UnixDatagram::bind(&path)
            .map_err(io_error(format!("can't bind {}", path.display())))?;
        // Only this user's processes may wake the tray.
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600))
            .map_err(io_error(format!("can't restrict {}", path.display())))?;
        Ok(ChangeListener {
            socket,
            subscribers: Subscribers::beside(&path),
            path,
            _lock: lock,
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The faces that asked to hear about changes (the window), for whoever makes or
    /// relays them.
    pub fn subscribers(&self) -> Subscribers {
        self.subscribers.clone()
    }

    /// Block until a change arrives (`Some`) or `timeout` passes (`None`); with no
    /// timeout, wait as long as it takes. Several pings that arrived together are one
    /// change: the rest are drained, since each only says "read the store again".
    /// Subscriptions and probes are taken in passing and are not changes (each one
    /// starts the timeout again: they come seldom).
    pub fn wait(&self, timeout: Option<Duration>) -> io::Result<Option<Change>> {
        match timeout {
            Some(limit) if limit.is_zero() => self.socket.set_nonblocking(true)?,
            limit => {
                self.socket.set_nonblocking(false)?;
                self.socket.set_read_timeout(limit)?;
            }
        }
        // Room for a subscriber's path.
        let mut buf = [0u8; 512];
        let first = loop {
            match self.socket.recv(&mut buf) {
                Ok(len) => match self.take(&buf[..len]) {
                    Some(change) => break change,
                    None => continue,
                },
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e)
                    if matches!(
                        e.kind(),
                        io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut
                    ) =>
                {
                    return Ok(None);
                }
                Err(e) => return Err(e),
            }
        };
        self.drain()?;
        Ok(Some(first))
    }

    /// Read every ping already waiting, without blocking; how many changes there were.
    pub fn drain(&self) -> io::Result<usize> {
        self.socket.set_nonblocking(true)?;
        let mut buf = [0u8; 512];
        let mut drained = 0;
        loop {
            match self.socket.recv(&mut buf) {
                Ok(len) => drained += usize::from(self.take(&buf[..len]).is_some()),
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => return Ok(drained),
                Err(e) => return Err(e),
            }
        }
    }
}

impl ChangeListener {
    /// What a datagram means: a change, or (`None`) a subscription or probe, handled here.
    fn take(&self, datagram: &[u8]) -> Option<Change> {
        let text = std::str::from_utf8(datagram).unwrap_or_default();
        if let Some(path) = text.strip_prefix(subscription::SUBSCRIBE) {
            self.subscribers.add(path);
            return None;
        }
        if text.starts_with(subscription::PROBE) {
            return None;
        }
        Some(parse(datagram))
    }
}

impl Drop for ChangeListener {
    fn drop(&mut self) {
        // Still holding the lock here, so the file is certainly ours.
        let _ = std::fs::remove_file(&self.path);
    }
}

/// Lock `$PUNCH_HOME/tray.lock` and write our pid in it, or say who holds it.
fn take_lock(home: &Path) -> Result<File, ListenError> {
    let path = home.join(LOCK_FILE);
    let mut file = OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(&path)
        .map_err(io_error(format!("can't open {}", path.display())))?;
    match file.try_lock() {
        Ok(()) => {}
        Err(TryLockError::WouldBlock) => {
            let mut text = String::new();
            let _ = file.read_to_string(&mut text);
            return Err(ListenError::Running {
                home: home.to_path_buf(),
                pid: text.trim().parse().ok(),
            });
        }
        Err(TryLockError::Error(e)) => {
            return Err(io_error(format!("can't lock {}", path.display()))(e));
        }
    }
    // The pid is only for the message a second tray prints; failing to write it is harmless.
    let _ = file.set_len(0);
    let _ = file.write_all(format!("{}\n", std::process::id()).as_bytes());
    Ok(file)
}

/// The runtime directory is normally there (the session made it); a test's or a
/// fallback's may not be, and XDG wants it private.
fn create_private_dir(dir: &Path) -> Result<(), ListenError> {
    if dir.is_dir() {
        return Ok(());
    }
    std::fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(dir)
        .map_err(io_error(format!("can't create {}", dir.display())))
}

fn parse(datagram: &[u8]) -> Change {
    let text = std::str::from_utf8(datagram).unwrap_or_default();
    let pid = text
        .strip_prefix(MAGIC)
        .and_then(|rest| rest.trim().parse().ok());
    Change { pid }
}

#[cfg(test)]
#[path = "changes_tests.rs"]
mod tests;
