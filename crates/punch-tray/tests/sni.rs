//! The Linux tray driven as a desktop panel drives it, over D-Bus on a private session
//! bus: registration, properties, the dbusmenu layout, clicks and Activate.

mod support;

use support::bus::PrivateBus;
use support::panel::Panel;
use support::tray_process::{self, TrayProcess};
use support::wait_until;

/// The test that becomes the tray when this binary is started as the tray's process.
const TRAY_ENTRY: &str = "tray_process";

#[test]
#[ignore = "the tray's own process, started by the other tests"]
fn tray_process() {
    tray_process::serve();
}

#[test]
fn a_panel_reads_the_idle_tray() {
    let bus = PrivateBus::start();
    let panel = Panel::start(&bus);
    let mut tray = TrayProcess::start(&bus, TRAY_ENTRY, "idle");
    let item = panel.next_item();

    assert!(
        item.service
            .starts_with(&format!("org.kde.StatusNotifierItem-{}-", tray.pid())),
        "registered as {}",
        item.service
    );
    assert!(tray.has_host());
    assert_eq!(item.property::<String>("Id"), "punch");
    assert_eq!(item.property::<String>("Status"), "Active");
    assert_eq!(item.title(), "Punch");
    assert_eq!(
        item.tooltip(),
        ("Punch".into(), "Not running · Today 3h12m".into())
    );
    let icon = item.icon();
    assert_eq!(icon.len(), 1);
    let (width, height, argb) = &icon[0];
    assert_eq!((*width, *height), (64, 64));
    assert_eq!(argb.len(), 64 * 64 * 4);
}

#[test]
fn the_menu_layout_follows_the_model() {
    let bus = PrivateBus::start();
    let panel = Panel::start(&bus);
    let mut tray = TrayProcess::start(&bus, TRAY_ENTRY, "idle");
    let item = panel.next_item();

    let menu = item.menu();
    assert_eq!(
        menu.labels(),
        [
            "Not running",
            "Stop",
            "Continue Website / fix__login",
            "Start",
            "---",
            "Quick log…",
            "Sync now",
            "---",
            "Open Punch",
            "Quit",
        ]
    );
    let enabled = |label: &str| menu.find(label).expect(label).enabled;
    assert!(!enabled("Not running"));
    assert!(!enabled("Stop"));
    assert!(enabled("Continue Website / fix__login"));
    assert_eq!(
        menu.find("Start").unwrap().labels(),
        [
            "Website / fix__login",
            "Intranet / Design",
            "Support",
            "---",
            "Other…"
        ]
    );

    tray.show("running");
    item.wait_for_title("1:23 · Website / fix_login");
    let menu = item.menu();
    assert_eq!(
        menu.labels()[..4],
        [
            "1:23 · Website / fix__login",
            "Stop",
            "Continue Website / fix__login",
            "Start"
        ]
    );
    assert!(!menu.find("1:23 · Website / fix__login").unwrap().enabled);
    assert!(menu.find("Stop").unwrap().enabled);
    assert!(!menu.find("Continue Website / fix__login").unwrap().enabled);
    let sync = menu
        .find("Sync now (2 pending)")
        .expect("the pending count");
    assert!(sync.enabled);
    let error = menu
        .find("The timesheet for this period is locked.")
        .expect("Zoho's words under Sync now");
    assert!(!error.enabled);
    assert_eq!(error.id, menu.children[sync_index(&menu, sync.id) + 1].id);

    tray.show("bare");
    item.wait_for_title("Punch");
    let menu = item.menu();
    assert!(!menu.find("Continue").expect("a plain Continue").enabled);
    assert_eq!(menu.find("Start").unwrap().labels(), ["Other…"]);
}

fn sync_index(menu: &support::panel::Node, id: i32) -> usize {
    menu.children
        .iter()
        .position(|child| child.id == id)
        .expect("Sync now is a top-level line")
}

#[test]
fn clicks_and_activate_reach_the_run_loop() {
    let bus = PrivateBus::start();
    let panel = Panel::start(&bus);
    let mut tray = TrayProcess::start(&bus, TRAY_ENTRY, "idle");
    let item = panel.next_item();

    // Stop is disabled while idle: its click must send nothing, so the next action
    // to arrive is Continue's.
    item.click("Stop");
    item.click("Continue Website / fix__login");
    assert_eq!(tray.next_action(), "Continue");
    item.click("Intranet / Design");
    assert_eq!(tray.next_action(), r#"Start("projects:9/4")"#);
    item.click("Other…");
    assert_eq!(tray.next_action(), "OpenPicker");
    item.click("Quick log…");
    assert_eq!(tray.next_action(), "QuickLog");
    item.click("Sync now");
    assert_eq!(tray.next_action(), "SyncNow");
    item.click("Open Punch");
    assert_eq!(tray.next_action(), "OpenWindow");
    item.activate();
    assert_eq!(tray.next_action(), "Activate");

    tray.show("running");
    item.wait_for_title("1:23 · Website / fix_login");
    item.click("Continue Website / fix__login");
    item.click("Stop");
    assert_eq!(tray.next_action(), "Stop");
    item.click("Quit");
    assert_eq!(tray.next_action(), "Quit");
}

#[test]
fn title_tooltip_and_icon_follow_the_model() {
    let bus = PrivateBus::start();
    let panel = Panel::start(&bus);
    let mut tray = TrayProcess::start(&bus, TRAY_ENTRY, "idle");
    let item = panel.next_item();
    let idle_icon = item.icon();

    tray.show("running");
    item.wait_for_title("1:23 · Website / fix_login");
    assert_eq!(
        item.tooltip(),
        ("1:23 · Website / fix_login".into(), "Today 3h12m".into())
    );
    let running_icon = item.icon();
    assert_ne!(running_icon, idle_icon);
    assert_eq!(item.property::<String>("Status"), "Active");

    tray.show("attention");
    wait_until("the status asks for attention", || {
        item.property::<String>("Status") == "NeedsAttention"
    });
    let attention_icon = item.icon();
    assert_ne!(attention_icon, idle_icon);
    assert_ne!(attention_icon, running_icon);
    assert_eq!(
        item.property::<support::panel::Pixmaps>("AttentionIconPixmap"),
        attention_icon
    );
    assert_eq!(
        item.tooltip(),
        (
            "Punch".into(),
            "Not running · Today 3h12m\n2 entries were rejected".into()
        )
    );
}

#[test]
fn the_tray_registers_when_a_watcher_appears_later() {
    let bus = PrivateBus::start();
    let mut tray = TrayProcess::start(&bus, TRAY_ENTRY, "idle");
    assert!(!tray.has_host(), "no watcher is on the bus yet");
    let name = format!("org.kde.StatusNotifierItem-{}-", tray.pid());
    assert!(bus.has_name_starting(&name), "the item holds its name");

    let panel = Panel::start(&bus);
    let item = panel.next_item();
    assert!(item.service.starts_with(&name));
    assert_eq!(item.title(), "Punch");
    wait_until("the tray knows it has a host", || tray.has_host());

    // The shell goes away and comes back, as a restarting panel does.
    drop(item);
    drop(panel);
    wait_until("the tray notices the host left", || !tray.has_host());
    let panel = Panel::start(&bus);
    let item = panel.next_item();
    assert!(item.service.starts_with(&name));
    wait_until("the tray knows it has a host again", || tray.has_host());
    item.activate();
    assert_eq!(tray.next_action(), "Activate");
}
