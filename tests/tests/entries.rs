//! Past time in the window: the quick-log box with its live preview, then today's entry
//! edited in place, deleted, and brought back with Undo.

use punch_e2e::page::id;
use punch_e2e::{Page, Rig};
use serde_json::Value;

fn entries(rig: &Rig) -> Vec<Value> {
    let text = rig.punch(&["entries", "--json"]);
    match serde_json::from_str(&text).expect("entries --json is JSON") {
        Value::Array(entries) => entries,
        other => panic!("entries --json is not a list: {other}"),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "drives the built window: run with `cargo xtask e2e`"]
async fn a_quick_log_previews_what_it_understood_then_logs_it() {
    let rig = Rig::start().await;
    rig.punch(&["alias", "website", "books:1001/2002"]);
    let page = Page::new(&rig.client);
    page.press("nav-quick-log").await;
    page.get("view-quick-log").await;

    // Not loggable yet: an alias nobody made.
    page.fill("quicklog-input", "1h30m @nowhere fix login")
        .await;
    let error = page.until_text(&id("quicklog-error"), "nowhere").await;
    assert!(!error.is_empty());
    page.until(
        "the preview says it can't be logged",
        &format!(
            "document.querySelector('{}').dataset.ok === 'false'",
            id("quicklog-preview")
        ),
    )
    .await;

    page.fill("quicklog-input", "1h30m @website fix login !$")
        .await;
    let summary = page.until_text(&id("quicklog-summary"), "1 h 30 m").await;
    assert!(summary.contains("fix login"), "{summary}");
    assert!(summary.contains("non-billable"), "{summary}");
    page.until(
        "the preview says it can be logged",
        &format!(
            "document.querySelector('{}').dataset.ok === 'true'",
            id("quicklog-preview")
        ),
    )
    .await;
    page.enter("quicklog-input").await;
    page.until(
        "the input clears once logged",
        &format!(
            "document.querySelector('{}').value === ''",
            id("quicklog-input")
        ),
    )
    .await;

    let logged = entries(&rig);
    assert_eq!(logged.len(), 1, "{logged:?}");
    assert_eq!(logged[0]["target"], "books:1001/2002");
    assert_eq!(logged[0]["duration_minutes"], 90);
    assert_eq!(logged[0]["note"], "fix login");
    assert_eq!(logged[0]["billable"], false);
    rig.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "drives the built window: run with `cargo xtask e2e`"]
async fn an_entry_is_edited_in_place_then_deleted_and_brought_back() {
    let rig = Rig::start().await;
    rig.punch(&["log", "45m", "standup", "--non-billable"]);
    let page = Page::new(&rig.client);
    page.press("nav-today").await;
    let row = format!("{}[data-entry-id=\"1\"]", id("entry"));
    page.until_text(&format!("{row} {}", id("entry-note")), "standup")
        .await;

    page.click(&format!("{row} {}", id("entry-edit"))).await;
    page.get("edit-form").await;
    page.fill("edit-note", "daily standup").await;
    page.fill("edit-duration", "1h").await;
    page.press("edit-save").await;
    page.until_gone(&id("edit-form")).await;
    page.until_text(&format!("{row} {}", id("entry-note")), "daily standup")
        .await;
    let edited = entries(&rig);
    assert_eq!(edited[0]["note"], "daily standup");
    assert_eq!(edited[0]["duration_minutes"], 60);

    page.click(&format!("{row} {}", id("entry-delete"))).await;
    page.until_gone(&row).await;
    page.until_text(&id("toast-message"), "Deleted").await;
    assert!(entries(&rig).is_empty(), "the entry is gone from the store");
    page.press("toast-action").await;
    page.until_text(&id("entry-note"), "daily standup").await;
    let back = entries(&rig);
    assert_eq!(back.len(), 1, "{back:?}");
    // Its id is the window's business (a new one, or the same when the core restores
    // it); what counts is that the same time comes back.
    assert_eq!(back[0]["note"], "daily standup");
    assert_eq!(back[0]["duration_minutes"], 60);
    assert_eq!(back[0]["billable"], false);
    rig.close().await;
}
