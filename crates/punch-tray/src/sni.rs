//! The Linux tray: a StatusNotifierItem with a dbusmenu menu, spoken over D-Bus through
//! `ksni`, so no GTK is linked and a desktop shell (or a test) drives it over the bus.
//!
//! It starts whether or not a StatusNotifierWatcher is on the bus: the item keeps its
//! bus name and registers when a watcher appears (stock GNOME has none until the
//! AppIndicator extension is enabled), and [`SniTray::has_host`] tells the run loop
//! whether anyone is showing it.

use std::fmt;
use std::sync::Arc;
use std::sync::atomic::{AtomicU8, Ordering};
use std::sync::mpsc::{self, Receiver, Sender};
use std::thread;

use ksni::blocking::{Handle, TrayMethods};
use ksni::menu::{StandardItem, SubMenu};

use crate::icons::{IconState, Pixmap};
use crate::menu::{self, MenuEntry};
use crate::model::{Action, TrayFace, TrayModel};
use crate::title;

/// The tray on the session bus. Dropping it takes the item off the bus.
#[derive(Debug)]
pub struct SniTray {
    models: Sender<TrayModel>,
    host: Arc<HostFlag>,
}

/// Why the tray could not start at all (no session bus, typically): Punch goes on
/// without a tray; hotkeys, the CLI and the window don't need it.
#[derive(Debug)]
pub enum StartError {
    Bus(ksni::Error),
    Thread(std::io::Error),
}

impl fmt::Display for StartError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StartError::Bus(e) => write!(f, "the tray can't use the session bus: {e}"),
            StartError::Thread(e) => write!(f, "the tray's thread didn't start: {e}"),
        }
    }
}

impl std::error::Error for StartError {}

impl SniTray {
    /// Puts the item on the session bus (`DBUS_SESSION_BUS_ADDRESS`) showing `model`,
    /// and registers it with the watcher if there is one. Clicks arrive on `actions`.
    ///
    /// Blocks for the few round trips of claiming a name and registering; without a
    /// watcher that is an immediate "no such service", not a wait.
    pub fn start(model: &TrayModel, actions: Sender<Action>) -> Result<Self, StartError> {
        let host = Arc::new(HostFlag::default());
        let item = Item {
            model: model.clone(),
            actions,
            host: Arc::clone(&host),
            icons: Icons::decode(),
        };
        // Without assuming an SNI implementation, ksni gives up when no watcher is
        // there yet; with it, a missing watcher is reported to `watcher_offline` and
        // the item waits for one to appear.
        let handle = item
            .assume_sni_available(true)
            .spawn()
            .map_err(StartError::Bus)?;
        host.settle();
        let (models, newest) = mpsc::channel();
        thread::Builder::new()
            .name("punch-sni".into())
            .spawn(move || relay(&handle, &newest))
            .map_err(StartError::Thread)?;
        Ok(SniTray { models, host })
    }

    /// Whether a watcher took the item, so that someone can see it. `false` on stock
    /// GNOME without the AppIndicator extension; it turns `true` if one appears later.
    pub fn has_host(&self) -> bool {
        self.host.present()
    }
}

impl TrayFace for SniTray {
    /// Hands the model to the tray's own thread and returns at once: a slow or stuck
    /// panel must never hold up the run loop.
    fn show(&mut self, model: &TrayModel) {
        // The relay thread only ends with the bus connection; then there's nothing to show.
        let _ = self.models.send(model.clone());
    }

    fn has_host(&self) -> Option<bool> {
        Some(SniTray::has_host(self))
    }
}

/// Applies models as they come, skipping to the newest when several wait, until the
/// [`SniTray`] is dropped; then takes the item off the bus.
fn relay(handle: &Handle<Item>, models: &Receiver<TrayModel>) {
    while let Ok(mut model) = models.recv() {
        while let Ok(newer) = models.try_recv() {
            model = newer;
        }
        if handle.update(|item| item.model = model).is_none() {
            tracing::warn!("the tray's D-Bus service stopped");
            return;
        }
    }
    handle.shutdown().wait();
}

/// Whether a watcher has the item: unknown until `start` returns, then present or absent
/// as ksni reports the watcher coming and going.
#[derive(Debug, Default)]
struct HostFlag(AtomicU8);

const UNKNOWN: u8 = 0;
const PRESENT: u8 = 1;
const ABSENT: u8 = 2;

impl HostFlag {
    /// Registration succeeded unless ksni said otherwise while starting.
    fn settle(&self) {
        let _ = self
            .0
            .compare_exchange(UNKNOWN, PRESENT, Ordering::AcqRel, Ordering::Acquire);
    }

    fn set(&self, present: bool) {
        self.0
            .store(if present { PRESENT } else { ABSENT }, Ordering::Release);
    }

    fn present(&self) -> bool {
        self.0.load(Ordering::Acquire) == PRESENT
    }
}

/// The three icons, decoded once: ksni reads the pixmap on every update to see whether
/// it changed.
struct Icons {
    idle: ksni::Icon,
    running: ksni::Icon,
    attention: ksni::Icon,
}

impl Icons {
    fn decode() -> Self {
        let icon = |state: IconState| {
            let Pixmap {
                width,
                height,
                argb,
            } = state.pixmap();
            ksni::Icon {
                width,
                height,
                data: argb,
            }
        };
        Icons {
            idle: icon(IconState::Idle),
            running: icon(IconState::Running),
            attention: icon(IconState::Attention),
        }
    }

    fn get(&self, state: IconState) -> &ksni::Icon {
        match state {
            IconState::Idle => &self.idle,
            IconState::Running => &self.running,
            IconState::Attention => &self.attention,
        }
    }
}

/// What ksni serves: the model, and where clicks go.
struct Item {
    model: TrayModel,
    actions: Sender<Action>,
    host: Arc<HostFlag>,
    icons: Icons,
}

impl Item {
    fn ask(&self, action: Action) {
        if self.actions.send(action).is_err() {
            tracing::debug!("a tray click arrived after the run loop stopped listening");
        }
    }
}

impl ksni::Tray for Item {
    fn id(&self) -> String {
        "punch".into()
    }

    fn title(&self) -> String {
        title::title(&self.model)
    }

    fn status(&self) -> ksni::Status {
        match IconState::for_model(&self.model) {
            IconState::Attention => ksni::Status::NeedsAttention,
            IconState::Idle | IconState::Running => ksni::Status::Active,
        }
    }

    fn icon_pixmap(&self) -> Vec<ksni::Icon> {
        vec![self.icons.get(IconState::for_model(&self.model)).clone()]
    }

    /// Hosts show this instead of the icon while the status is NeedsAttention.
    fn attention_icon_pixmap(&self) -> Vec<ksni::Icon> {
        vec![self.icons.attention.clone()]
    }

    fn tool_tip(&self) -> ksni::ToolTip {
        let tooltip = title::tooltip(&self.model);
        ksni::ToolTip {
            title: tooltip.heading,
            description: tooltip.body,
            ..ksni::ToolTip::default()
        }
    }

    fn activate(&mut self, _x: i32, _y: i32) {
        self.ask(Action::Activate);
    }

    fn menu(&self) -> Vec<ksni::MenuItem<Self>> {
        menu::menu(&self.model).into_iter().map(menu_item).collect()
    }

    fn watcher_online(&self) {
        tracing::info!("a tray host appeared; the tray registers with it");
        self.host.set(true);
    }

    fn watcher_offline(&self, reason: ksni::OfflineReason) -> bool {
        tracing::debug!(?reason, "no StatusNotifierWatcher has the tray");
        self.host.set(false);
        // Keep the item and its name: a watcher may come (the panel starting after us,
        // a shell restart, the AppIndicator extension switched on).
        true
    }
}

fn menu_item(entry: MenuEntry) -> ksni::MenuItem<Item> {
    match entry {
        MenuEntry::Text(text) => StandardItem {
            label: escape(&text),
            enabled: false,
            ..StandardItem::default()
        }
        .into(),
        MenuEntry::Item {
            label,
            enabled,
            action,
        } => StandardItem {
            label: escape(&label),
            enabled,
            // A disabled item sends nothing, whatever a host lets through.
            activate: Box::new(move |item: &mut Item| {
                if enabled {
                    item.ask(action.clone());
                }
            }),
            ..StandardItem::default()
        }
        .into(),
        MenuEntry::Submenu { label, entries } => SubMenu {
            label: escape(&label),
            submenu: entries.into_iter().map(menu_item).collect(),
            ..SubMenu::default()
        }
        .into(),
        MenuEntry::Separator => ksni::MenuItem::Separator,
    }
}

/// dbusmenu reads `_` as the mark of an access key; a target named `fix_login` must
/// show its underscore.
fn escape(label: &str) -> String {
    label.replace('_', "__")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn underscores_survive_dbusmenu() {
        assert_eq!(escape("fix_login_form"), "fix__login__form");
        assert_eq!(escape("Website / Design"), "Website / Design");
    }

    #[test]
    fn the_host_flag_settles_only_when_nothing_was_reported() {
        let quiet = HostFlag::default();
        assert!(!quiet.present());
        quiet.settle();
        assert!(quiet.present());

        let refused = HostFlag::default();
        refused.set(false);
        refused.settle();
        assert!(!refused.present());
        refused.set(true);
        assert!(refused.present());
    }
}
