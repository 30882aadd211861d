//! The tray section: `punch tray` on a seeded store, in Xfce's panel, with its tooltip
//! and then its menu open, each as a person sees it after a hover or a right click.

use std::time::Duration;

use zbus::zvariant::OwnedValue;

use super::capture::{self, Area};
use super::{Shot, Shots, panel, seed};
use crate::desktop::{self, Desktop};

const SCREEN: (i32, i32) = (1280, 800);
/// Room around the icon and its popup in each picture, so the panel shows as a panel.
const MARGIN: i32 = 24;
/// How far left of the icon a picture starts, so the clock and some panel show.
const PANEL_CONTEXT: i32 = 260;

pub fn take(shots: &Shots) -> Result<Vec<Shot>, String> {
    let mut desktop = Desktop::start(
        &shots.work.join("desktop"),
        SCREEN.0 as u32,
        SCREEN.1 as u32,
    )?;
    panel::start(&mut desktop)?;
    let seeded = seed::seed(&desktop, &shots.punch)?;
    let mut tray = seeded.punch(&desktop, &shots.punch);
    tray.arg("tray");
    desktop.spawn("punch-tray", tray)?;
    wait_for_item(&mut desktop)?;
    let icon = icon_area(&desktop)?;

    let mut taken = Vec::new();
    let mut save = |name: &str, areas: &[Area], publish: bool| -> Result<(), String> {
        let path = shots.out.join(name);
        capture::save(&desktop, framed(icon, areas), &path)?;
        taken.push(Shot { path, publish });
        Ok(())
    };

    capture::move_to(&desktop, icon.center())?;
    let tooltip = wait_for_popups(&desktop, 1, "the tooltip shows")?;
    save("tray-tooltip.png", &tooltip, true)?;

    // Away and back, so the tooltip is gone before the menu opens.
    capture::move_to(&desktop, (SCREEN.0 / 2, SCREEN.1 / 2))?;
    std::thread::sleep(Duration::from_millis(500));
    capture::move_to(&desktop, icon.center())?;
    capture::click(&desktop, 3)?;
    let menu = wait_for_popups(&desktop, 1, "the menu opens on a right click")?;
    // The host asks the tray for the menu's items as it opens; let it draw them.
    std::thread::sleep(Duration::from_millis(500));
    save("tray-menu.png", &menu, true)?;

    let with_submenu = open_submenu(&desktop, menu[0])?;
    save("tray-menu-start.png", &with_submenu, true)?;

    let strip = Area {
        x: 0,
        y: 0,
        width: SCREEN.0,
        height: panel::HEIGHT,
    };
    capture::save(&desktop, strip, &shots.out.join("tray-panel.png"))?;
    taken.push(Shot {
        path: shots.out.join("tray-panel.png"),
        publish: false,
    });
    desktop.still_running("punch-tray")?;
    drop(seeded);
    Ok(taken)
}

/// Hovers down the menu until an item opens a submenu (Start ▸, the first with one),
/// as a person pointing at it would; returns the menu and the submenu.
fn open_submenu(desktop: &Desktop, menu: Area) -> Result<Vec<Area>, String> {
    let x = menu.x + menu.width / 3;
    for y in (menu.y + 4..menu.y + menu.height).step_by(8) {
        capture::move_to(desktop, (x, y))?;
        // GTK opens a submenu a moment after the pointer rests on its item.
        std::thread::sleep(Duration::from_millis(450));
        let open = popups(desktop)?;
        if open.len() >= 2 {
            return Ok(open);
        }
    }
    Err("no item of the tray's menu opened a submenu".to_owned())
}

/// Waits until the panel's watcher lists an item, which is the tray registering.
fn wait_for_item(desktop: &mut Desktop) -> Result<(), String> {
    let conn = desktop.connect()?;
    desktop::wait_until("the tray registers with the panel", || {
        desktop.still_running("punch-tray")?;
        let items = conn
            .call_method(
                Some("org.kde.StatusNotifierWatcher"),
                "/StatusNotifierWatcher",
                Some("org.freedesktop.DBus.Properties"),
                "Get",
                &(
                    "org.kde.StatusNotifierWatcher",
                    "RegisteredStatusNotifierItems",
                ),
            )
            .ok()
            .and_then(|reply| reply.body().deserialize::<OwnedValue>().ok())
            .and_then(|value| Vec::<String>::try_from(value).ok())
            .unwrap_or_default();
        Ok(!items.is_empty())
    })
}

/// The status tray plugin's window in the panel: with Punch the only item, the icon.
/// The panel lays itself out again once the icon arrives (the clock moves over), so
/// the place counts once it has held still for a second.
fn icon_area(desktop: &Desktop) -> Result<Area, String> {
    let place = || -> Result<Option<Area>, String> {
        Ok(capture::windows(desktop, panel::PLUGIN_CLASS)?
            .into_iter()
            .find(|a| a.y < panel::HEIGHT && a.width >= 16 && a.height >= 16))
    };
    let mut last = None;
    desktop::wait_until("the status tray's icon holds still", || {
        std::thread::sleep(Duration::from_millis(1000));
        let now = place()?;
        let still = now.is_some() && now == last;
        last = now;
        Ok(still)
    })?;
    last.ok_or_else(|| "no status tray in the panel".to_owned())
}

/// What the tray plugin shows below the panel: a tooltip, a menu, a submenu.
fn popups(desktop: &Desktop) -> Result<Vec<Area>, String> {
    Ok(capture::windows(desktop, panel::PLUGIN_CLASS)?
        .into_iter()
        .filter(|a| a.y >= panel::HEIGHT - 2 && a.width > 1 && a.height > 1)
        .collect())
}

fn wait_for_popups(desktop: &Desktop, count: usize, what: &str) -> Result<Vec<Area>, String> {
    let mut open = Vec::new();
    desktop::wait_until(what, || {
        open = popups(desktop)?;
        Ok(open.len() >= count)
    })?;
    Ok(open)
}

/// The picture's frame: the screen's top-right corner down past the popups, wide
/// enough to show the icon among some of the panel, with a margin.
fn framed(icon: Area, popups: &[Area]) -> Area {
    let context = Area {
        x: icon.x - PANEL_CONTEXT,
        y: 0,
        width: SCREEN.0 - (icon.x - PANEL_CONTEXT),
        height: panel::HEIGHT,
    };
    let all = popups
        .iter()
        .fold(context, |all, popup| all.union(popup, 0, SCREEN));
    let grown = all.union(&all, MARGIN, SCREEN);
    Area {
        y: 0,
        height: grown.height + grown.y,
        ..grown
    }
}
