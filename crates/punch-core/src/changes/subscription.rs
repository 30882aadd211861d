//! The other direction of the change socket: the window (or any face that draws the
//! store) asks the tray to tell it about changes, because only one process may listen
//! on a home's change socket, and that is the tray.
//!
//! A subscriber binds a datagram socket of its own beside the tray's
//! (`punch-<home tag>-<pid>-<n>.sock`) and sends `punch-subscribe 1 <its path>` to the
//! tray's socket; the tray then sends it one datagram after every change it sees or
//! makes. A subscriber renews its subscription whenever it has heard nothing for
//! [`RENEW`], so a tray that restarted learns about it again without anyone polling the
//! store, and a subscriber that died is forgotten the first time a send to it fails.

use std::collections::BTreeSet;
use std::io;
use std::os::unix::fs::PermissionsExt;
use std::os::unix::net::UnixDatagram;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use super::socket_path;

/// What a subscriber sends, followed by its socket's path.
pub(super) const SUBSCRIBE: &str = "punch-subscribe 1 ";
/// What [`tray_running`] sends: answered by the kernel (delivered or refused), ignored
/// by the tray.
pub(super) const PROBE: &str = "punch-probe 1";

/// How long a subscriber goes without renewing while nothing happens.
pub const RENEW: Duration = Duration::from_secs(30);

/// Whether a `punch tray` serves `home`'s change socket right now.
pub fn tray_running(home: &Path) -> bool {
    let Ok(socket) = UnixDatagram::unbound() else {
        return false;
    };
    let _ = socket.set_nonblocking(true);
    match socket.send_to(PROBE.as_bytes(), socket_path(home)) {
        Ok(_) => true,
        // A full queue means a listener that is busy, not absent.
        Err(e) => e.kind() == io::ErrorKind::WouldBlock,
    }
}

/// A face's subscription to the changes of one home. Dropping it removes its socket.
#[derive(Debug)]
pub struct Subscription {
    socket: UnixDatagram,
    path: PathBuf,
    tray: PathBuf,
}

impl Subscription {
    /// Subscribe to `home`'s changes; works whether or not a tray runs yet (the
    /// subscription reaches a tray that starts later at the next renewal).
    pub fn open(home: &Path) -> io::Result<Subscription> {
        Subscription::open_at(socket_path(home))
    }

    /// Subscribe through the tray socket at `tray`.
    pub fn open_at(tray: PathBuf) -> io::Result<Subscription> {
        static NEXT: AtomicU32 = AtomicU32::new(0);
        let dir = tray.parent().unwrap_or(Path::new("/tmp"));
        let stem = tray.file_stem().and_then(|s| s.to_str()).unwrap_or("punch");
        let n = NEXT.fetch_add(1, Ordering::Relaxed);
        let path = dir.join(format!("{stem}-{}-{n}.sock", std::process::id()));
        // A file of that name is a dead process's (pids are reused); ours now.
        let _ = std::fs::remove_file(&path);
        let socket = UnixDatagram::bind(&path)?;
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600))?;
        let subscription = Subscription { socket, path, tray };
        subscription.renew();
        Ok(subscription)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Ask the tray, if one runs, to tell us about changes. Harmless to repeat.
    pub fn renew(&self) {
        let _ = self.socket.set_nonblocking(true);
        let message = format!("{SUBSCRIBE}{}", self.path.display());
        let _ = self.socket.send_to(message.as_bytes(), &self.tray);
    }

    /// Block until the store changes (`true`) or `timeout` passes (`false`); with no
    /// timeout, as long as it takes. Changes that arrived together count as one.
    pub fn wait(&self, timeout: Option<Duration>) -> io::Result<bool> {
        let deadline = timeout.map(|t| Instant::now() + t);
        loop {
            let left = deadline.map(|d| d.saturating_duration_since(Instant::now()));
            if left.is_some_and(|l| l.is_zero()) {
                return self.drain().map(|n| n > 0);
            }
            let slice = left.map_or(RENEW, |l| l.min(RENEW));
            self.socket.set_nonblocking(false)?;
            self.socket.set_read_timeout(Some(slice))?;
            let mut buf = [0u8; 64];
            match self.socket.recv(&mut buf) {
                Ok(_) => {
                    self.drain()?;
                    return Ok(true);
                }
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e)
                    if matches!(
                        e.kind(),
                        io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut
                    ) =>
                {
                    self.renew();
                }
                Err(e) => return Err(e),
            }
        }
    }

    fn drain(&self) -> io::Result<usize> {
        self.socket.set_nonblocking(true)?;
        let mut buf = [0u8; 64];
        let mut drained = 0;
        loop {
            match self.socket.recv(&mut buf) {
                Ok(_) => drained += 1,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => return Ok(drained),
                Err(e) => return Err(e),
            }
        }
    }
}

impl Drop for Subscription {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
    }
}

/// The tray's list of subscribers, shared between the thread that hears about changes
/// and the loop that makes its own.
#[derive(Debug, Clone)]
pub struct Subscribers {
    /// Only sockets beside the tray's own are accepted: the tray sends to nothing else.
    dir: PathBuf,
    paths: Arc<Mutex<BTreeSet<PathBuf>>>,
}

impl Subscribers {
    pub(super) fn beside(socket: &Path) -> Subscribers {
        Subscribers {
            dir: socket.parent().unwrap_or(Path::new("/")).to_path_buf(),
            paths: Arc::default(),
        }
    }

    /// Take a subscribe message's path, if it is one the tray may send to.
    pub(super) fn add(&self, path: &str) {
        let path = PathBuf::from(path.trim());
        if path.parent() != Some(self.dir.as_path()) {
            return;
        }
        if let Ok(mut paths) = self.paths.lock() {
            paths.insert(path);
        }
    }

    pub fn len(&self) -> usize {
        self.paths.lock().map_or(0, |p| p.len())
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Tell every subscriber the store changed, forgetting those that are gone.
    pub fn notify(&self) {
        let Ok(mut paths) = self.paths.lock() else {
            return;
        };
        if paths.is_empty() {
            return;
        }
        let Ok(socket) = UnixDatagram::unbound() else {
            return;
        };
        let _ = socket.set_nonblocking(true);
        let payload = format!("{} {}", super::MAGIC, std::process::id());
        paths.retain(|path| match socket.send_to(payload.as_bytes(), path) {
            Ok(_) => true,
            // Queue full: it has a wake-up coming already.
            Err(e) => e.kind() == io::ErrorKind::WouldBlock,
        });
    }
}
