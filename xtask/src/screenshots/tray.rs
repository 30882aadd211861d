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
    // The host fetches the icon and menu after the registration; give it time to draw.
    std::thread::sleep(Duration::from_millis(1500));

    let mut taken = Vec::new();
    let path = |name: &str| shots.out.join(name);

    capture::move_to(&desktop, icon.center())?;
    std::thread::sleep(Duration::from_millis(2000));
    let tooltip = popups_beside(&desktop, icon)?;
    capture::save(&desktop, framed(icon, tooltip), &path("tray-tooltip.png"))?;
    taken.push(Shot {
        path: path("tray-tooltip.png"),
        publish: true,
    });

    // Away and back, so the tooltip is gone before the menu opens.
    capture::move_to(&desktop, (SCREEN.0 / 2, SCREEN.1 / 2))?;
    std::thread::sleep(Duration::from_millis(500));
    capture::move_to(&desktop, icon.center())?;
    capture::click(&desktop, 3)?;
    std::thread::sleep(Duration::from_millis(1200));
    let menu = popups_beside(&desktop, icon)?;
    if menu == icon {
        return Err(format!(
            "no menu opened on a right click at {:?}; the panel's log: {}",
            icon.center(),
            std::fs::read_to_string(desktop.log_path("xfce4-panel")).unwrap_or_default()
        ));
    }
    capture::save(&desktop, framed(icon, menu), &path("tray-menu.png"))?;
    taken.push(Shot {
        path: path("tray-menu.png"),
        publish: true,
    });

    let strip = Area {
        x: 0,
        y: 0,
        width: SCREEN.0,
        height: panel::HEIGHT,
    };
    capture::save(&desktop, strip, &path("tray-panel.png"))?;
    taken.push(Shot {
        path: path("tray-panel.png"),
        publish: false,
    });
    desktop.still_running("punch-tray")?;
    drop(seeded);
    Ok(taken)
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
fn icon_area(desktop: &Desktop) -> Result<Area, String> {
    let mut found = None;
    desktop::wait_until("the status tray shows an icon", || {
        found = capture::windows(desktop, panel::PLUGIN_CLASS)?
            .into_iter()
            .find(|a| a.y < panel::HEIGHT && a.width >= 16 && a.height >= 16);
        Ok(found.is_some())
    })?;
    found.ok_or_else(|| "no status tray in the panel".to_owned())
}

/// Everything the tray plugin shows below the panel (a tooltip, a menu), as one area
/// with the icon; the icon alone when nothing is open.
fn popups_beside(desktop: &Desktop, icon: Area) -> Result<Area, String> {
    Ok(capture::windows(desktop, panel::PLUGIN_CLASS)?
        .into_iter()
        .filter(|a| a.y >= panel::HEIGHT - 2 && a.width > 1 && a.height > 1)
        .fold(icon, |all, popup| all.union(&popup, 0, SCREEN)))
}

/// The picture's frame: the icon and its popup with a margin, reaching left to show
/// some of the panel and down past the popup.
fn framed(icon: Area, popup: Area) -> Area {
    let context = Area {
        x: icon.x - PANEL_CONTEXT,
        y: 0,
        width: PANEL_CONTEXT,
        height: panel::HEIGHT,
    };
    let area = popup.union(&context, MARGIN, SCREEN);
    Area {
        y: 0,
        height: area.height + area.y,
        ..area
    }
}
