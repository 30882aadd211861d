//! Desktop notifications, sent so that a desktop without a notification server (or
//! with one that hangs in D-Bus activation for two minutes) never holds Punch up: each
//! note goes out on a worker thread that waits a bounded time, then gives up.

use std::fmt;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, RecvTimeoutError, SyncSender, TrySendError};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::Duration;

use punch_core::forms::format_duration;

/// How long a desktop notification may take before Punch stops waiting for it.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(2);

/// Notes waiting for the worker; beyond this they are dropped, since a backlog means the
/// server isn't answering and the news would be stale anyway.
const QUEUE: usize = 8;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Urgency {
    Low,
    Normal,
    Critical,
}

/// One notification, in the words a person reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    pub summary: String,
    pub body: String,
    pub urgency: Urgency,
    /// How long it stays up; `None` leaves it to the server.
    pub expire: Option<Duration>,
    /// Buttons, as (identifier, label); the identifier comes back when one is clicked.
    pub actions: Vec<(String, String)>,
}

/// What is done with the identifier of the action clicked on a note.
pub type OnAction = Box<dyn FnOnce(&str) + Send>;

impl Note {
    fn new(summary: impl Into<String>, body: impl Into<String>, urgency: Urgency) -> Note {
        Note {
            summary: summary.into(),
            body: body.into(),
            urgency,
            expire: None,
            actions: Vec::new(),
        }
    }

    /// Confirms a start from a hotkey, briefly: the user did not look at the tray.
    pub fn started(what: &str) -> Note {
        Note {
            expire: Some(Duration::from_secs(3)),
            ..Note::new("Timer started", what, Urgency::Low)
        }
    }

    /// Confirms a stop from a hotkey, briefly.
    pub fn stopped(what: &str, minutes: u32) -> Note {
        if minutes == 0 {
            return Note {
                expire: Some(Duration::from_secs(3)),
                ..Note::new("Timer discarded: it ran under a minute", what, Urgency::Low)
            };
        }
        Note {
            expire: Some(Duration::from_secs(3)),
            ..Note::new(
                format!("Timer stopped after {}", format_duration(minutes)),
                what,
                Urgency::Low,
            )
        }
    }

    /// An account's sign-in was refused: nothing reaches it until the user signs in.
    pub fn needs_login(account: &str, zoho_says: &str) -> Note {
        Note::new(
            format!("Zoho account `{account}` needs you to sign in again"),
            format!("{zoho_says}\nRun `punch account login {account}`."),
            Urgency::Critical,
        )
    }

    /// Zoho refused entries; `zoho_says` are its own words, one per refusal.
    pub fn rejected(count: u64, zoho_says: &[String]) -> Note {
        let summary = match count {
            1 => "Zoho refused an entry".to_owned(),
            n => format!("Zoho refused {n} entries"),
        };
        let mut body = zoho_says.join("\n");
        if !body.is_empty() {
            body.push('\n');
        }
        body.push_str("See `punch entries`; edit an entry to send it again.");
        Note::new(summary, body, Urgency::Normal)
    }

    /// A timer has run longer than the limit: maybe it was forgotten.
    pub fn still_running(what: &str, minutes: u32) -> Note {
        Note::new(
            "Is the timer still running?",
            format!(
                "{what} has been running for {}. If you stopped earlier, `punch stop --at HH:MM` ends it then.",
                format_duration(minutes)
            ),
            Urgency::Normal,
        )
    }

    /// Working hours, and nothing has been tracked for a while.
    pub fn nothing_tracked(minutes: u32) -> Note {
        Note::new(
            "Nothing is being tracked",
            format!(
                "No timer has run for {}. Start one from the tray, or log the time with `punch log`.",
                format_duration(minutes)
            ),
            Urgency::Low,
        )
    }

    /// A menu item wanted the window, which is not installed.
    pub fn window_missing(app: &str) -> Note {
        Note::new(
            "Punch's window isn't installed yet",
            format!("`{app}` was not found on PATH. The tray and `punch` work without it."),
            Urgency::Normal,
        )
    }

    /// Nobody shows tray icons on this desktop (stock GNOME without the AppIndicator
    /// extension): said once, so the user knows what still works.
    pub fn no_tray_host() -> Note {
        Note::new(
            "Punch runs, but this desktop shows no tray icons",
            "Your hotkeys, `punch toggle` and the window (`punch-app`) work as usual. \
             On GNOME, the AppIndicator extension shows Punch's icon.",
            Urgency::Normal,
        )
    }

    /// Something the user asked of the tray failed.
    pub fn failed(what: &str, error: &str) -> Note {
        Note::new(format!("Punch couldn't {what}"), error, Urgency::Normal)
    }
}

/// What became of one note.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Delivery {
    Shown,
    Failed(String),
    /// The server did not answer in time; Punch went on without it.
    TimedOut,
    /// Not tried: an earlier note is still stuck waiting for the server.
    Skipped,
}

/// Where notes go: the desktop, or a test's recorder.
pub trait Deliver: Send + Sync + fmt::Debug {
    /// Deliver one note; may block, at most about as long as the implementation's timeout.
    fn deliver(&self, note: &Note) -> Delivery;

    /// Deliver a note with actions; `on_action` gets the identifier of the one clicked,
    /// whenever that is (never, if the note is closed or the server can't say).
    fn deliver_asking(&self, note: &Note, on_action: OnAction) -> Delivery {
        drop(on_action);
        self.deliver(note)
    }
}

/// The desktop's notification server (`org.freedesktop.Notifications` on the session
/// bus), through `notify-rust`.
#[derive(Debug)]
pub struct Desktop {
    timeout: Duration,
    /// Set while a send is still blocked after its caller gave up on it.
    stuck: Arc<AtomicBool>,
}

impl Desktop {
    pub fn new(timeout: Duration) -> Desktop {
        Desktop {
            timeout,
            stuck: Arc::new(AtomicBool::new(false)),
        }
    }
}

impl Default for Desktop {
    fn default() -> Self {
        Desktop::new(DEFAULT_TIMEOUT)
    }
}

impl Deliver for Desktop {
    /// Sends on a thread of its own and waits at most the timeout: a call into D-Bus
    /// can't be cancelled, so a hung one is left to finish (or fail) alone, and notes
    /// are skipped until it has.
    fn deliver(&self, note: &Note) -> Delivery {
        self.send(note, None)
    }

    /// Waits for the click on the sending thread, which stays until the note closes.
    fn deliver_asking(&self, note: &Note, on_action: OnAction) -> Delivery {
        self.send(note, Some(on_action))
    }
}

impl Desktop {
    fn send(&self, note: &Note, on_action: Option<OnAction>) -> Delivery {
        if self.stuck.swap(true, Ordering::AcqRel) {
            return Delivery::Skipped;
        }
        let notification = to_notification(note);
        let (done, result) = mpsc::sync_channel(1);
        let stuck = Arc::clone(&self.stuck);
        let spawned = thread::Builder::new()
            .name("punch-notify-send".into())
            .spawn(move || {
                let shown = notification.show().map_err(|e| e.to_string());
                stuck.store(false, Ordering::Release);
                match (shown, on_action) {
                    (Ok(handle), Some(on_action)) => {
                        let _ = done.send(Ok(()));
                        handle.wait_for_action(|action| {
                            if action != "__closed" {
                                on_action(action);
                            }
                        });
                    }
                    (shown, _) => {
                        let _ = done.send(shown.map(drop));
                    }
                }
            });
        if let Err(e) = spawned {
            self.stuck.store(false, Ordering::Release);
            return Delivery::Failed(format!("can't start a thread: {e}"));
        }
        match result.recv_timeout(self.timeout) {
            Ok(Ok(())) => Delivery::Shown,
            Ok(Err(message)) => Delivery::Failed(message),
            Err(RecvTimeoutError::Timeout) => Delivery::TimedOut,
            Err(RecvTimeoutError::Disconnected) => Delivery::Failed("the send panicked".into()),
        }
    }
}

fn to_notification(note: &Note) -> notify_rust::Notification {
    let mut notification = notify_rust::Notification::new();
    notification
        .appname("Punch")
        .summary(&note.summary)
        .body(&note.body)
        .urgency(match note.urgency {
            Urgency::Low => notify_rust::Urgency::Low,
            Urgency::Normal => notify_rust::Urgency::Normal,
            Urgency::Critical => notify_rust::Urgency::Critical,
        });
    for (id, label) in &note.actions {
        notification.action(id, label);
    }
    if let Some(expire) = note.expire {
        let millis = u32::try_from(expire.as_millis()).unwrap_or(u32::MAX);
        notification.timeout(notify_rust::Timeout::Milliseconds(millis));
    }
    notification
}

/// Keeps the notes it is given, for tests and for a tray run without a desktop.
#[derive(Default)]
pub struct Recorder {
    notes: Mutex<Vec<Note>>,
    /// The last note with actions, waiting for a test to click one.
    asking: Mutex<Option<OnAction>>,
}

impl fmt::Debug for Recorder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Recorder")
            .field("notes", &self.notes)
            .finish_non_exhaustive()
    }
}

impl Recorder {
    pub fn notes(&self) -> Vec<Note> {
        self.notes.lock().map(|n| n.clone()).unwrap_or_default()
    }

    /// Click `action` on the last note that offered actions, as a person would; `false`
    /// when no such note waits.
    pub fn click(&self, action: &str) -> bool {
        let waiting = self.asking.lock().ok().and_then(|mut a| a.take());
        waiting.map(|on_action| on_action(action)).is_some()
    }
}

impl Deliver for Recorder {
    fn deliver(&self, note: &Note) -> Delivery {
        if let Ok(mut notes) = self.notes.lock() {
            notes.push(note.clone());
        }
        Delivery::Shown
    }

    fn deliver_asking(&self, note: &Note, on_action: OnAction) -> Delivery {
        if let Ok(mut asking) = self.asking.lock() {
            *asking = Some(on_action);
        }
        self.deliver(note)
    }
}

/// The tray's outbox for notes: `send` never blocks; one worker thread delivers them in
/// order. Dropping it lets the worker finish what it holds and end.
pub struct Notifier {
    queue: SyncSender<(Note, Option<OnAction>)>,
}

impl fmt::Debug for Notifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Notifier").finish_non_exhaustive()
    }
}

impl Notifier {
    pub fn spawn(deliver: Arc<dyn Deliver>) -> std::io::Result<Notifier> {
        let (queue, notes) = mpsc::sync_channel::<(Note, Option<OnAction>)>(QUEUE);
        thread::Builder::new()
            .name("punch-notify".into())
            .spawn(move || {
                for (note, on_action) in notes {
                    let delivery = match on_action {
                        Some(on_action) => deliver.deliver_asking(&note, on_action),
                        None => deliver.deliver(&note),
                    };
                    match delivery {
                        Delivery::Shown => {}
                        other => tracing::info!(summary = %note.summary, outcome = ?other, "notification not shown"),
                    }
                }
            })?;
        Ok(Notifier { queue })
    }

    pub fn send(&self, note: Note) {
        self.enqueue(note, None);
    }

    /// Send a note with actions; `on_action` hears which one is clicked.
    pub fn ask(&self, note: Note, on_action: OnAction) {
        self.enqueue(note, Some(on_action));
    }

    fn enqueue(&self, note: Note, on_action: Option<OnAction>) {
        match self.queue.try_send((note, on_action)) {
            Ok(()) => {}
            Err(TrySendError::Full((note, _)) | TrySendError::Disconnected((note, _))) => {
                tracing::info!(summary = %note.summary, "notification dropped: the server is not keeping up");
            }
        }
    }
}
