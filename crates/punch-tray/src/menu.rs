//! The tray's menu as plain data, built from the model: what each line says, whether it
//! can be clicked and which [`Action`] a click asks for. Each platform's face only draws
//! it, so the menu is the same everywhere and testable without a desktop.

use crate::model::{Action, TrayModel};

/// How many recent targets Start ▸ offers.
pub const RECENT_IN_MENU: usize = 5;

/// Menus are one line per item: longer text (a Zoho error can run on) is cut here, and the
/// tooltip and notifications carry the whole of it.
const MAX_LINE_CHARS: usize = 90;

/// One line of the menu.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MenuEntry {
    /// Text that informs and can't be clicked: the running entry, the last sync error.
    Text(String),
    /// Something to click; a disabled one is drawn greyed out and sends nothing.
    Item {
        label: String,
        enabled: bool,
        action: Action,
    },
    Submenu {
        label: String,
        entries: Vec<MenuEntry>,
    },
    Separator,
}

impl MenuEntry {
    fn item(label: impl Into<String>, enabled: bool, action: Action) -> Self {
        MenuEntry::Item {
            label: label.into(),
            enabled,
            action,
        }
    }
}

/// The whole menu for a model, top to bottom.
pub fn menu(model: &TrayModel) -> Vec<MenuEntry> {
    let running = model.running.is_some();
    let mut entries = vec![
        MenuEntry::Text(one_line(model.running.as_deref().unwrap_or("Not running"))),
        MenuEntry::item("Stop", running, Action::Stop),
        continue_item(model),
        start_submenu(model),
        MenuEntry::Separator,
        MenuEntry::item("Quick log…", true, Action::QuickLog),
        MenuEntry::item(sync_label(model.pending), true, Action::SyncNow),
    ];
    if let Some(error) = &model.last_error {
        entries.push(MenuEntry::Text(one_line(error)));
    }
    entries.extend([
        MenuEntry::Separator,
        MenuEntry::item("Open Punch", true, Action::OpenWindow),
        MenuEntry::item("Quit", true, Action::Quit),
    ]);
    entries
}

/// Continue names what it would start, so the click holds no surprise; with nothing to
/// continue, or a timer already running, it stays visible but greyed out.
fn continue_item(model: &TrayModel) -> MenuEntry {
    match &model.last {
        Some(last) => MenuEntry::item(
            one_line(&format!("Continue {}", last.label)),
            model.running.is_none(),
            Action::Continue,
        ),
        None => MenuEntry::item("Continue", false, Action::Continue),
    }
}

fn start_submenu(model: &TrayModel) -> MenuEntry {
    let mut entries: Vec<MenuEntry> = model
        .recent
        .iter()
        .take(RECENT_IN_MENU)
        .map(|recent| {
            MenuEntry::item(
                one_line(&recent.label),
                true,
                Action::Start(recent.target.clone()),
            )
        })
        .collect();
    if !entries.is_empty() {
        entries.push(MenuEntry::Separator);
    }
    entries.push(MenuEntry::item("Other…", true, Action::OpenPicker));
    MenuEntry::Submenu {
        label: "Start".into(),
        entries,
    }
}

fn sync_label(pending: u64) -> String {
    match pending {
        0 => "Sync now".into(),
        n => format!("Sync now ({n} pending)"),
    }
}

/// The first line of `text`, cut to [`MAX_LINE_CHARS`] with an ellipsis.
fn one_line(text: &str) -> String {
    let line = text.lines().next().unwrap_or("").trim();
    if line.chars().count() <= MAX_LINE_CHARS && line.len() == text.trim().len() {
        return line.to_owned();
    }
    let mut cut: String = line.chars().take(MAX_LINE_CHARS - 1).collect();
    cut.push('…');
    cut
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::RecentTarget;

    fn recent(n: usize) -> Vec<RecentTarget> {
        (1..=n)
            .map(|i| RecentTarget {
                target: format!("books:1/{i}"),
                label: format!("Website / task {i}"),
            })
            .collect()
    }

    fn idle() -> TrayModel {
        TrayModel {
            today: "Today 1h".into(),
            last: recent(1).pop(),
            recent: recent(2),
            ..TrayModel::default()
        }
    }

    /// Every clickable line as (label, enabled, action), submenus flattened.
    fn items(entries: &[MenuEntry]) -> Vec<(String, bool, Action)> {
        entries
            .iter()
            .flat_map(|entry| match entry {
                MenuEntry::Item {
                    label,
                    enabled,
                    action,
                } => vec![(label.clone(), *enabled, action.clone())],
                MenuEntry::Submenu { entries, .. } => items(entries),
                MenuEntry::Text(_) | MenuEntry::Separator => vec![],
            })
            .collect()
    }

    fn find(entries: &[MenuEntry], action: &Action) -> (String, bool) {
        items(entries)
            .into_iter()
            .find(|(_, _, a)| a == action)
            .map(|(label, enabled, _)| (label, enabled))
            .unwrap_or_else(|| panic!("no item for {action:?}"))
    }

    #[test]
    fn idle_menu_in_order() {
        let entries = menu(&idle());
        assert_eq!(entries[0], MenuEntry::Text("Not running".into()));
        assert_eq!(
            items(&entries),
            vec![
                ("Stop".into(), false, Action::Stop),
                ("Continue Website / task 1".into(), true, Action::Continue),
                (
                    "Website / task 1".into(),
                    true,
                    Action::Start("books:1/1".into())
                ),
                (
                    "Website / task 2".into(),
                    true,
                    Action::Start("books:1/2".into())
                ),
                ("Other…".into(), true, Action::OpenPicker),
                ("Quick log…".into(), true, Action::QuickLog),
                ("Sync now".into(), true, Action::SyncNow),
                ("Open Punch".into(), true, Action::OpenWindow),
                ("Quit".into(), true, Action::Quit),
            ]
        );
    }

    #[test]
    fn running_enables_stop_and_disables_continue() {
        let model = TrayModel {
            running: Some("0:12 · Website / task 1".into()),
            ..idle()
        };
        let entries = menu(&model);
        assert_eq!(
            entries[0],
            MenuEntry::Text("0:12 · Website / task 1".into())
        );
        assert_eq!(find(&entries, &Action::Stop), ("Stop".into(), true));
        assert!(!find(&entries, &Action::Continue).1);
    }

    #[test]
    fn nothing_to_continue_leaves_a_plain_disabled_continue() {
        let model = TrayModel {
            last: None,
            recent: vec![],
            ..idle()
        };
        let entries = menu(&model);
        assert_eq!(
            find(&entries, &Action::Continue),
            ("Continue".into(), false)
        );
        let start = entries
            .iter()
            .find_map(|entry| match entry {
                MenuEntry::Submenu { entries, .. } => Some(entries.clone()),
                _ => None,
            })
            .unwrap();
        assert_eq!(
            start,
            vec![MenuEntry::item("Other…", true, Action::OpenPicker)]
        );
    }

    #[test]
    fn start_offers_at_most_five_recent_targets() {
        let model = TrayModel {
            recent: recent(7),
            ..idle()
        };
        let starts: Vec<Action> = items(&menu(&model))
            .into_iter()
            .map(|(_, _, action)| action)
            .filter(|action| matches!(action, Action::Start(_)))
            .collect();
        assert_eq!(
            starts,
            (1..=5)
                .map(|i| Action::Start(format!("books:1/{i}")))
                .collect::<Vec<_>>()
        );
    }

    #[test]
    fn sync_shows_pending_and_the_last_error_under_it() {
        let model = TrayModel {
            pending: 3,
            last_error: Some("The timesheet for this period is locked.".into()),
            ..idle()
        };
        let entries = menu(&model);
        let sync_at = entries
            .iter()
            .position(|entry| {
                matches!(entry, MenuEntry::Item { action: Action::SyncNow, label, .. }
                    if label == "Sync now (3 pending)")
            })
            .expect("the sync item names the pending count");
        assert_eq!(
            entries[sync_at + 1],
            MenuEntry::Text("The timesheet for this period is locked.".into())
        );
    }

    #[test]
    fn long_or_multiline_text_is_cut_to_one_line() {
        let long = "x".repeat(200);
        let model = TrayModel {
            last_error: Some("first line\nsecond line".into()),
            running: Some(long),
            ..idle()
        };
        let entries = menu(&model);
        let MenuEntry::Text(running) = &entries[0] else {
            panic!("the first line is the running entry")
        };
        assert_eq!(running.chars().count(), MAX_LINE_CHARS);
        assert!(running.ends_with('…'));
        assert!(entries.contains(&MenuEntry::Text("first line…".into())));
    }
}
