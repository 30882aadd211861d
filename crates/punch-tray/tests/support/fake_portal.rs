//! A desktop's xdg-desktop-portal, as far as GlobalShortcuts goes: it opens sessions,
//! binds the shortcuts it is asked for (except the triggers it was told are taken, as
//! a desktop whose user picked "no" would), answers through Request objects, and emits
//! `Activated` when the test presses a shortcut.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use zbus::blocking::Connection;
use zbus::message::Header;
use zbus::zvariant::{ObjectPath, OwnedObjectPath, OwnedValue, Value};

use crate::support::bus::PrivateBus;

const PORTAL: &str = "org.freedesktop.portal.Desktop";
const PORTAL_PATH: &str = "/org/freedesktop/portal/desktop";

/// What the portal saw, for the test to check.
#[derive(Debug, Default)]
pub struct Seen {
    /// The session handle it opened last.
    pub session: Option<String>,
    /// (shortcut id, preferred trigger) of each shortcut it bound.
    pub bound: Vec<(String, String)>,
    /// Sessions closed by their owner.
    pub closed: Vec<String>,
    /// The calls made to it, in order: `Register <app id>`, `CreateSession`, …
    pub calls: Vec<String>,
}

struct Shortcuts {
    seen: Arc<Mutex<Seen>>,
    taken: Vec<String>,
}

/// A request or session handle as the portal spec builds it: the caller's unique name
/// without the colon and with dots as underscores, then the caller's token.
fn handle(
    kind: &str,
    header: &Header<'_>,
    options: &HashMap<String, OwnedValue>,
    key: &str,
) -> String {
    let sender = header.sender().map(|s| s.as_str()).unwrap_or(":0.0");
    let sender = sender.trim_start_matches(':').replace('.', "_");
    let token = match options.get(key).map(|value| &**value) {
        Some(Value::Str(token)) => token.to_string(),
        _ => "t".to_owned(),
    };
    format!("{PORTAL_PATH}/{kind}/{sender}/{token}")
}

async fn respond(conn: &zbus::Connection, request: &str, results: HashMap<&str, Value<'_>>) {
    conn.emit_signal(
        None::<&str>,
        request,
        "org.freedesktop.portal.Request",
        "Response",
        &(0u32, results),
    )
    .await
    .expect("the fake portal answers");
}

#[zbus::interface(name = "org.freedesktop.portal.GlobalShortcuts")]
impl Shortcuts {
    async fn create_session(
        &self,
        options: HashMap<String, OwnedValue>,
        #[zbus(header)] header: Header<'_>,
        #[zbus(connection)] conn: &zbus::Connection,
    ) -> OwnedObjectPath {
        self.seen.lock().unwrap().calls.push("CreateSession".into());
        let request = handle("request", &header, &options, "handle_token");
        let session = handle("session", &header, &options, "session_handle_token");
        conn.object_server()
            .at(
                session.as_str(),
                Session {
                    seen: Arc::clone(&self.seen),
                    path: session.clone(),
                },
            )
            .await
            .expect("the session object is served");
        self.seen.lock().unwrap().session = Some(session.clone());
        // Sent as a string, as older portals do; the client takes both.
        respond(
            conn,
            &request,
            HashMap::from([("session_handle", Value::from(session))]),
        )
        .await;
        ObjectPath::try_from(request).unwrap().into()
    }

    async fn bind_shortcuts(
        &self,
        _session: OwnedObjectPath,
        shortcuts: Vec<(String, HashMap<String, OwnedValue>)>,
        _parent_window: String,
        options: HashMap<String, OwnedValue>,
        #[zbus(header)] header: Header<'_>,
        #[zbus(connection)] conn: &zbus::Connection,
    ) -> OwnedObjectPath {
        self.seen.lock().unwrap().calls.push("BindShortcuts".into());
        let request = handle("request", &header, &options, "handle_token");
        let mut bound = Vec::new();
        for (id, properties) in shortcuts {
            let trigger = match properties.get("preferred_trigger").map(|v| &**v) {
                Some(Value::Str(trigger)) => trigger.to_string(),
                _ => String::new(),
            };
            if self.taken.contains(&trigger) {
                continue;
            }
            self.seen
                .lock()
                .unwrap()
                .bound
                .push((id.clone(), trigger.clone()));
            let described = HashMap::from([
                ("description".to_owned(), Value::from("bound")),
                ("trigger_description".to_owned(), Value::from(trigger)),
            ]);
            bound.push((id, described));
        }
        respond(
            conn,
            &request,
            HashMap::from([("shortcuts", Value::from(bound))]),
        )
        .await;
        ObjectPath::try_from(request).unwrap().into()
    }

    #[zbus(property, name = "version")]
    fn version(&self) -> u32 {
        1
    }
}

/// The host app registry, where an unsandboxed app says which app it is.
struct Registry {
    seen: Arc<Mutex<Seen>>,
}

#[zbus::interface(name = "org.freedesktop.host.portal.Registry")]
impl Registry {
    fn register(&self, app_id: String, _options: HashMap<String, OwnedValue>) {
        let mut seen = self.seen.lock().unwrap();
        seen.calls.push(format!("Register {app_id}"));
    }
}

struct Session {
    seen: Arc<Mutex<Seen>>,
    path: String,
}

#[zbus::interface(name = "org.freedesktop.portal.Session")]
impl Session {
    fn close(&self) {
        self.seen.lock().unwrap().closed.push(self.path.clone());
    }
}

/// The portal on a private bus; dropping it takes it off the bus.
pub struct FakePortal {
    conn: Connection,
    pub seen: Arc<Mutex<Seen>>,
}

impl FakePortal {
    /// A portal that binds every shortcut except those whose preferred trigger is in
    /// `taken` (e.g. `CTRL+SHIFT+F10`).
    pub fn start(bus: &PrivateBus, taken: &[&str]) -> Self {
        let seen = Arc::new(Mutex::new(Seen::default()));
        let shortcuts = Shortcuts {
            seen: Arc::clone(&seen),
            taken: taken.iter().map(|t| (*t).to_owned()).collect(),
        };
        let conn = zbus::blocking::connection::Builder::address(bus.address())
            .and_then(|b| b.serve_at(PORTAL_PATH, shortcuts))
            .and_then(|b| {
                b.serve_at(
                    PORTAL_PATH,
                    Registry {
                        seen: Arc::clone(&seen),
                    },
                )
            })
            .and_then(|b| b.name(PORTAL))
            .and_then(|b| b.build())
            .expect("the fake portal takes its name");
        FakePortal { conn, seen }
    }

    /// A portal of a desktop whose backend has no GlobalShortcuts (GNOME before 48,
    /// Xfce): it answers on the same object, without that interface.
    pub fn without_global_shortcuts(bus: &PrivateBus) -> Self {
        let seen = Arc::new(Mutex::new(Seen::default()));
        let registry = Registry {
            seen: Arc::clone(&seen),
        };
        let conn = zbus::blocking::connection::Builder::address(bus.address())
            .and_then(|b| b.serve_at(PORTAL_PATH, registry))
            .and_then(|b| b.name(PORTAL))
            .and_then(|b| b.build())
            .expect("the fake portal takes its name");
        FakePortal { conn, seen }
    }

    /// Presses the shortcut `id` in `session`, as the desktop does when the user
    /// presses its keys.
    pub fn activate(&self, session: &str, id: &str) {
        let options: HashMap<&str, Value> = HashMap::new();
        self.conn
            .emit_signal(
                None::<&str>,
                PORTAL_PATH,
                "org.freedesktop.portal.GlobalShortcuts",
                "Activated",
                &(ObjectPath::try_from(session).unwrap(), id, 0u64, options),
            )
            .expect("the fake portal emits Activated");
    }

    /// The session handle the portal opened last.
    pub fn session(&self) -> String {
        self.seen
            .lock()
            .unwrap()
            .session
            .clone()
            .expect("a session was opened")
    }
}

/// A portal that took the name and never answers, as a hung one would: its
/// connection serves no objects, so calls to it wait for a reply that never comes.
pub struct SilentPortal {
    _conn: Connection,
}

impl SilentPortal {
    pub fn start(bus: &PrivateBus) -> Self {
        let conn = zbus::blocking::connection::Builder::address(bus.address())
            .and_then(|b| b.build())
            .expect("the silent portal connects");
        conn.request_name(PORTAL)
            .expect("it takes the portal's name");
        SilentPortal { _conn: conn }
    }
}
