//! The least of a panel a StatusNotifierItem needs before it shows itself: a
//! `org.kde.StatusNotifierWatcher` that takes registrations and says a host is there.
//! The bench uses it where a real panel would only add its own cost and noise.

use std::sync::mpsc::{self, Receiver, Sender};

use zbus::blocking::Connection;

use super::{DEADLINE, Desktop};

struct Registry {
    registered: Sender<String>,
}

#[zbus::interface(name = "org.kde.StatusNotifierWatcher")]
impl Registry {
    fn register_status_notifier_item(&self, service: String) {
        let _ = self.registered.send(service);
    }

    fn register_status_notifier_host(&self, _service: String) {}

    #[zbus(property)]
    fn is_status_notifier_host_registered(&self) -> bool {
        true
    }

    #[zbus(property)]
    fn protocol_version(&self) -> i32 {
        0
    }

    #[zbus(property)]
    fn registered_status_notifier_items(&self) -> Vec<String> {
        Vec::new()
    }
}

/// The watcher on the desktop's bus, for as long as it lives.
pub struct Watcher {
    conn: Connection,
    registered: Receiver<String>,
}

impl std::fmt::Debug for Watcher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Watcher")
    }
}

impl Watcher {
    pub fn start(desktop: &Desktop) -> Result<Watcher, String> {
        let (sender, registered) = mpsc::channel();
        let conn = zbus::blocking::connection::Builder::address(desktop.bus_address())
            .and_then(|b| b.serve_at("/StatusNotifierWatcher", Registry { registered: sender }))
            .and_then(|b| b.name("org.kde.StatusNotifierWatcher"))
            .and_then(|b| b.build())
            .map_err(|e| format!("can't put a StatusNotifierWatcher on the bus: {e}"))?;
        Ok(Watcher { conn, registered })
    }

    /// The bus name of the next item that registers.
    pub fn next_item(&self) -> Result<String, String> {
        self.registered
            .recv_timeout(DEADLINE)
            .map_err(|_| format!("no item registered within {}s", DEADLINE.as_secs()))
    }

    /// The watcher's own connection, also good for talking to the items.
    pub fn connection(&self) -> &Connection {
        &self.conn
    }
}
