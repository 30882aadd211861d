//! The timer in the window: started from the picker and stopped with its button, and a
//! timer started with the CLI showing up in the window that is already open.

use punch_e2e::page::id;
use punch_e2e::{Page, Rig};

const ALIAS: &str = "website";
const TARGET: &str = "books:1001/2002";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "drives the built window: run with `cargo xtask e2e`"]
async fn a_timer_starts_from_the_picker_and_stops_from_the_window() {
    let rig = Rig::start().await;
    rig.punch(&["alias", ALIAS, TARGET]);
    let page = Page::new(&rig.client);
    page.get("timer-idle").await;

    page.press("timer-start").await;
    page.get("view-picker").await;
    page.fill("picker-search", ALIAS).await;
    page.find(&format!("{}[data-target=\"{TARGET}\"]", id("picker-item")))
        .await;
    page.fill("picker-note", "fix login").await;
    page.enter("picker-note").await;

    page.get("timer-running").await;
    let status: serde_json::Value =
        serde_json::from_str(&rig.punch(&["status", "--json"])).expect("status is JSON");
    let running = &status["running"];
    assert_eq!(running["target"], TARGET, "{status}");
    assert_eq!(running["note"], "fix login", "{status}");
    let target = page.get("timer-target").await;
    assert_eq!(
        target.attr("title").await.unwrap().as_deref(),
        Some(TARGET),
        "the timer names its target's text form in its title"
    );
    // Ticks: wait for the elapsed time to move rather than for a second to pass.
    let first = page.text("timer-elapsed").await;
    page.until(
        "the elapsed time ticks",
        &format!(
            "document.querySelector('{}').textContent !== {}",
            id("timer-elapsed"),
            serde_json::Value::from(first.as_str())
        ),
    )
    .await;

    page.press("timer-stop").await;
    page.get("timer-idle").await;
    let status: serde_json::Value =
        serde_json::from_str(&rig.punch(&["status", "--json"])).expect("status is JSON");
    assert!(status["running"].is_null(), "still running: {status}");
    rig.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "drives the built window: run with `cargo xtask e2e`"]
async fn a_timer_started_with_the_cli_appears_in_the_open_window() {
    let rig = Rig::start().await;
    let page = Page::new(&rig.client);
    page.get("timer-idle").await;

    rig.punch(&["alias", ALIAS, TARGET]);
    rig.punch(&["start", ALIAS, "--note", "from the terminal"]);
    let running = page.get("timer-running").await;
    let entry_id = running.attr("data-entry-id").await.unwrap();
    assert!(entry_id.is_some(), "the running card names its entry");
    assert_eq!(
        page.get("timer-note")
            .await
            .prop("value")
            .await
            .unwrap()
            .as_deref(),
        Some("from the terminal")
    );

    rig.punch(&["stop"]);
    page.get("timer-idle").await;
    rig.close().await;
}
