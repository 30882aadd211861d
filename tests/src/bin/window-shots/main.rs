//! `window-shots OUT_DIR`: every view of the real window, in light and dark, on a store
//! seeded through zoho-sim, as `window-<view>-<light|dark>.png` in OUT_DIR (one path a
//! line on stdout). `cargo xtask screenshots` runs it; WebKit's own screenshot of the
//! page is the window's content, without the window manager's frame.

mod seed;

use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono::{Datelike, Local};
use punch_e2e::page::id;
use punch_e2e::{Launch, Page, Rig};

/// The views, in the order they are taken.
const VIEWS: &[&str] = &[
    "timer",
    "picker",
    "quick-log",
    "today",
    "week",
    "accounts",
    "settings",
];

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() -> std::process::ExitCode {
    let Some(out) = std::env::args_os().nth(1).map(PathBuf::from) else {
        eprintln!("usage: window-shots OUT_DIR");
        return std::process::ExitCode::from(2);
    };
    if let Err(e) = std::fs::create_dir_all(&out) {
        eprintln!("can't create {}: {e}", out.display());
        return std::process::ExitCode::FAILURE;
    }
    for dark in [false, true] {
        let rig = Rig::launch(Launch { view: None, dark }).await;
        seed::seed(&rig, Local::now());
        let page = Page::new(&rig.client);
        check_scheme(&page, dark).await;
        for view in VIEWS {
            show(&page, view).await;
            // The view is drawn; give WebKit a moment to paint fonts and the SVG.
            tokio::time::sleep(Duration::from_millis(400)).await;
            let scheme = if dark { "dark" } else { "light" };
            let path = out.join(format!("window-{view}-{scheme}.png"));
            save(&path, &page.screenshot().await);
            println!("{}", path.display());
        }
        rig.close().await;
    }
    std::process::ExitCode::SUCCESS
}

/// Opens `view` and waits until it shows what the picture is for.
async fn show(page: &Page<'_>, view: &str) {
    match view {
        "timer" => {
            page.press("nav-timer").await;
            page.get("timer-running").await;
        }
        "picker" => {
            page.press("nav-picker").await;
            page.get("picker-item").await;
        }
        "quick-log" => {
            page.press("nav-quick-log").await;
            page.fill(
                "quicklog-input",
                "yesterday 14:00-15:30 @design review with Harbor $",
            )
            .await;
            page.until_text(&id("quicklog-summary"), "1 h 30 m").await;
        }
        "today" => {
            page.press("nav-today").await;
            for state in ["synced", "rejected", "pending"] {
                page.find(&format!("{}[data-state=\"{state}\"]", id("entry")))
                    .await;
            }
        }
        "week" => {
            page.press("nav-week").await;
            page.get("week-chart").await;
            // Early in the week there is little to show yet: last week is full.
            if Local::now().weekday().num_days_from_monday() < 2 {
                page.press("week-prev").await;
                page.until(
                    "last week is drawn",
                    &format!(
                        "[...document.querySelectorAll('{}')].some(b => b.dataset.minutes > 0)",
                        id("week-bar")
                    ),
                )
                .await;
            }
        }
        "accounts" => {
            page.press("nav-accounts").await;
            page.get("account").await;
        }
        "settings" => {
            page.press("nav-settings").await;
            page.get("settings-form").await;
        }
        other => panic!("no view {other}"),
    }
}

/// The dark pictures are only worth taking if WebKit really follows the GTK theme.
async fn check_scheme(page: &Page<'_>, dark: bool) {
    let wanted = if dark { "dark" } else { "light" };
    page.until(
        &format!("the window follows the {wanted} theme"),
        &format!("document.documentElement.dataset.scheme === '{wanted}'"),
    )
    .await;
}

fn save(path: &Path, png: &[u8]) {
    std::fs::write(path, png).unwrap_or_else(|e| panic!("can't write {}: {e}", path.display()));
}
