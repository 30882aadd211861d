//! Hotkeys on Wayland, through the xdg-desktop-portal GlobalShortcuts interface: the
//! compositor owns the keyboard there, so Punch asks the desktop to bind the shortcuts
//! (the desktop may ask the user, who may pick other keys) and hears `Activated`.
//!
//! Every call is bounded: a desktop without the portal, or with one that hangs, must
//! leave the tray running within seconds, not after D-Bus's 25-second default.

use std::collections::{HashMap, HashSet};
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::sync::{Arc, OnceLock};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use zbus::blocking::{Connection, MessageIterator};
use zbus::message::Type;
use zbus::zvariant::{ObjectPath, OwnedObjectPath, OwnedValue, Value};
use zbus::{MatchRule, Message};

use super::{Backend, Grab, HotkeyAction};

const PORTAL: &str = "org.freedesktop.portal.Desktop";
const PORTAL_PATH: &str = "/org/freedesktop/portal/desktop";
const SHORTCUTS: &str = "org.freedesktop.portal.GlobalShortcuts";
const REQUEST: &str = "org.freedesktop.portal.Request";
const SESSION: &str = "org.freedesktop.portal.Session";
const REGISTRY: &str = "org.freedesktop.host.portal.Registry";
/// Punch's app id: the window's Tauri identifier, and the name its .desktop file needs
/// for the desktop to show the shortcuts as Punch's.
const APP_ID: &str = "app.punch.Punch";

/// The longest any method call may take, D-Bus activation of the portal included.
const CALL_TIMEOUT: Duration = Duration::from_secs(5);
/// How long the portal may take to answer a request that needs no one.
const ANSWER_TIMEOUT: Duration = Duration::from_secs(10);
/// How long binding may take: the desktop may show the user a dialog first.
const DIALOG_TIMEOUT: Duration = Duration::from_secs(60);

/// A GlobalShortcuts session; dropping it closes the session and stops the thread.
#[derive(Debug)]
pub struct PortalHotkeys {
    conn: Option<Connection>,
    session: String,
    refused: Vec<(HotkeyAction, String)>,
    listener: Option<JoinHandle<()>>,
}

/// A Request's `Response` signal: the answer to a portal call.
#[derive(Debug)]
struct Answer {
    request: String,
    code: u32,
    results: HashMap<String, OwnedValue>,
}

/// Opens a session with the portal on `bus` (the usual session bus when `None`) and
/// binds `grabs`; an error says why the portal can't be used.
pub fn start(
    bus: Option<&str>,
    grabs: &[Grab],
    presses: Sender<HotkeyAction>,
) -> Result<PortalHotkeys, String> {
    let builder = match bus {
        Some(address) => zbus::blocking::connection::Builder::address(address),
        None => zbus::blocking::connection::Builder::session(),
    };
    let conn = builder
        .and_then(|b| b.method_timeout(CALL_TIMEOUT).build())
        .map_err(|e| format!("the session bus can't be reached: {e}"))?;
    register(&conn)?;
    let portal = offers_global_shortcuts(&conn)?;

    // Listen before asking, so an answer can't come before anyone hears it.
    let rule = MatchRule::builder()
        .msg_type(Type::Signal)
        .sender(portal.as_str())
        .and_then(|b| b.path_namespace(PORTAL_PATH))
        .map(|b| b.build())
        .map_err(|e| format!("a match rule for the portal: {e}"))?;
    let signals = MessageIterator::for_match_rule(rule, &conn, None)
        .map_err(|e| format!("the portal's signals can't be followed: {e}"))?;
    let session = Arc::new(OnceLock::new());
    let (answers_tx, answers) = mpsc::channel();
    let listener = {
        let session = Arc::clone(&session);
        std::thread::Builder::new()
            .name("punch-hotkeys-portal".into())
            .spawn(move || listen(signals, &portal, &answers_tx, &session, &presses))
            .map_err(|e| format!("no thread for the portal's hotkeys: {e}"))?
    };
    let mut hotkeys = PortalHotkeys {
        conn: Some(conn),
        session: String::new(),
        refused: Vec::new(),
        listener: Some(listener),
    };
    // From here on, dropping `hotkeys` on an error closes what was opened.
    let conn = hotkeys.conn.as_ref().expect("just set");
    hotkeys.session = create_session(conn, &answers)?;
    let _ = session.set(hotkeys.session.clone());
    let bound = bind(conn, &answers, &hotkeys.session, grabs)?;
    hotkeys.refused = grabs
        .iter()
        .filter(|grab| !bound.contains(grab.action.id()))
        .map(|grab| (grab.action, grab.written.clone()))
        .collect();
    Ok(hotkeys)
}

/// Tells the portal who we are, before any other call as the portal requires: since
/// xdg-desktop-portal 1.21 an unsandboxed app without an app id gets no shortcuts
/// session. The id is the window's (Tauri's `identifier`), so the desktop names the
/// shortcuts after Punch. Older portals lack the registry, which is fine.
fn register(conn: &Connection) -> Result<(), String> {
    let options: HashMap<&str, Value> = HashMap::new();
    let registered = conn.call_method(
        Some(PORTAL),
        PORTAL_PATH,
        Some(REGISTRY),
        "Register",
        &(APP_ID, options),
    );
    match registered {
        Ok(_) => Ok(()),
        Err(e) => match unreachable(&e) {
            Some(reason) => Err(reason),
            None => {
                tracing::debug!("hotkeys: the portal's registry: {e}");
                Ok(())
            }
        },
    }
}

/// The portal's unique name when it offers GlobalShortcuts, else why not.
fn offers_global_shortcuts(conn: &Connection) -> Result<String, String> {
    let version = conn.call_method(
        Some(PORTAL),
        PORTAL_PATH,
        Some("org.freedesktop.DBus.Properties"),
        "Get",
        &(SHORTCUTS, "version"),
    );
    match version {
        Ok(reply) => reply
            .header()
            .sender()
            .map(|name| name.to_string())
            .ok_or_else(|| "the portal's answer has no sender".to_owned()),
        Err(e) => Err(unreachable(&e).unwrap_or_else(|| {
            format!("this desktop's xdg-desktop-portal has no GlobalShortcuts ({e})")
        })),
    }
}

/// Why no portal can be reached, when that is what `error` says.
fn unreachable(error: &zbus::Error) -> Option<String> {
    match error {
        zbus::Error::MethodError(name, _, _)
            if name.as_str() == "org.freedesktop.DBus.Error.ServiceUnknown" =>
        {
            Some("no xdg-desktop-portal on the session bus".into())
        }
        zbus::Error::InputOutput(e) if e.kind() == std::io::ErrorKind::TimedOut => Some(format!(
            "xdg-desktop-portal did not answer within {CALL_TIMEOUT:?}"
        )),
        _ => None,
    }
}

fn create_session(conn: &Connection, answers: &Receiver<Answer>) -> Result<String, String> {
    let options = HashMap::from([
        ("handle_token", Value::from(token())),
        ("session_handle_token", Value::from(token())),
    ]);
    let results = request(conn, answers, "CreateSession", &(options,), ANSWER_TIMEOUT)?;
    // Older portals send the handle as a string, newer ones as an object path.
    match results.get("session_handle").map(|value| &**value) {
        Some(Value::ObjectPath(path)) => Ok(path.to_string()),
        Some(Value::Str(path)) => Ok(path.to_string()),
        _ => Err("the portal opened a session without naming it".into()),
    }
}

/// Asks the portal to bind `grabs`; returns the ids it bound.
fn bind(
    conn: &Connection,
    answers: &Receiver<Answer>,
    session: &str,
    grabs: &[Grab],
) -> Result<HashSet<String>, String> {
    let session = ObjectPath::try_from(session).map_err(|e| format!("the session: {e}"))?;
    let shortcuts: Vec<(&str, HashMap<&str, Value>)> = grabs
        .iter()
        .map(|grab| {
            let properties = HashMap::from([
                ("description", Value::from(grab.action.description())),
                (
                    "preferred_trigger",
                    Value::from(grab.accelerator.xdg_trigger()),
                ),
            ]);
            (grab.action.id(), properties)
        })
        .collect();
    let options = HashMap::from([("handle_token", Value::from(token()))]);
    let body = (session, shortcuts, "", options);
    let results = match request(conn, answers, "BindShortcuts", &body, DIALOG_TIMEOUT) {
        Ok(results) => results,
        // The user said no in the portal's dialog: nothing is bound, nothing failed.
        Err(reason) if reason.contains("cancelled") => {
            tracing::warn!("hotkeys: {reason}");
            HashMap::new()
        }
        Err(reason) => return Err(reason),
    };
    Ok(bound_ids(&results))
}

/// The ids in a BindShortcuts answer's `shortcuts` (`a(sa{sv})`).
fn bound_ids(results: &HashMap<String, OwnedValue>) -> HashSet<String> {
    let Some(Value::Array(shortcuts)) = results.get("shortcuts").map(|value| &**value) else {
        return HashSet::new();
    };
    shortcuts
        .iter()
        .filter_map(|shortcut| match shortcut {
            Value::Structure(fields) => match fields.fields().first() {
                Some(Value::Str(id)) => Some(id.to_string()),
                _ => None,
            },
            _ => None,
        })
        .collect()
}

/// Calls a GlobalShortcuts method that answers through a Request, and waits at most
/// `wait` for the answer.
fn request<B>(
    conn: &Connection,
    answers: &Receiver<Answer>,
    method: &str,
    body: &B,
    wait: Duration,
) -> Result<HashMap<String, OwnedValue>, String>
where
    B: zbus::export::serde::Serialize + zbus::zvariant::DynamicType,
{
    let request: OwnedObjectPath = conn
        .call_method(Some(PORTAL), PORTAL_PATH, Some(SHORTCUTS), method, body)
        .and_then(|reply| reply.body().deserialize())
        .map_err(|e| format!("the portal's {method} failed: {e}"))?;
    let deadline = Instant::now() + wait;
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        let answer = match answers.recv_timeout(left) {
            Ok(answer) => answer,
            Err(RecvTimeoutError::Timeout) => {
                return Err(format!(
                    "the portal did not answer {method} within {wait:?}"
                ));
            }
            Err(RecvTimeoutError::Disconnected) => {
                return Err(format!("the bus closed while waiting for {method}"));
            }
        };
        if answer.request != request.as_str() {
            continue;
        }
        return match answer.code {
            0 => Ok(answer.results),
            1 => Err(format!("the user cancelled {method}")),
            _ => Err(format!("the portal ended {method} (code {})", answer.code)),
        };
    }
}

/// A token for a request or session handle: unique in this process, and only the
/// characters an object path allows.
fn token() -> String {
    static NEXT: AtomicU32 = AtomicU32::new(0);
    let n = NEXT.fetch_add(1, Ordering::Relaxed);
    format!("punch{}_{n}", std::process::id())
}

/// The thread: hands answers to whoever waits for them and turns `Activated` in our
/// session into presses. It ends when the connection closes.
fn listen(
    signals: MessageIterator,
    portal: &str,
    answers: &Sender<Answer>,
    session: &OnceLock<String>,
    presses: &Sender<HotkeyAction>,
) {
    for message in signals {
        let Ok(message) = message else { break };
        // The bus filters on the sender too; checked again since any client may emit.
        if message.header().sender().map(|s| s.as_str()) != Some(portal) {
            continue;
        }
        let member = message.header().member().map(|m| m.to_string());
        let interface = message.header().interface().map(|i| i.to_string());
        match (interface.as_deref(), member.as_deref()) {
            (Some(REQUEST), Some("Response")) => {
                if let Some(answer) = read_answer(&message) {
                    let _ = answers.send(answer);
                }
            }
            (Some(SHORTCUTS), Some("Activated")) => {
                let activated =
                    message
                        .body()
                        .deserialize::<(OwnedObjectPath, String, u64, HashMap<String, OwnedValue>)>(
                        );
                let Ok((from, id, _, _)) = activated else {
                    continue;
                };
                if session.get().map(String::as_str) != Some(from.as_str()) {
                    continue;
                }
                if let Some(action) = HotkeyAction::from_id(&id) {
                    let _ = presses.send(action);
                }
            }
            _ => {}
        }
    }
}

fn read_answer(message: &Message) -> Option<Answer> {
    let request = message.header().path()?.to_string();
    let (code, results) = message
        .body()
        .deserialize::<(u32, HashMap<String, OwnedValue>)>()
        .ok()?;
    Some(Answer {
        request,
        code,
        results,
    })
}

impl Backend for PortalHotkeys {
    fn name(&self) -> &'static str {
        "portal"
    }

    fn refused(&self) -> &[(HotkeyAction, String)] {
        &self.refused
    }
}

impl Drop for PortalHotkeys {
    fn drop(&mut self) {
        let Some(conn) = self.conn.take() else { return };
        if !self.session.is_empty() {
            // Bounded by the call timeout; a portal that is gone has closed it anyway.
            let closed = conn.call_method(
                Some(PORTAL),
                self.session.as_str(),
                Some(SESSION),
                "Close",
                &(),
            );
            if let Err(e) = closed {
                tracing::debug!("closing the portal session: {e}");
            }
        }
        // Closing the connection ends the thread's wait for signals.
        let _ = conn.close();
        if let Some(listener) = self.listener.take() {
            let _ = listener.join();
        }
    }
}
