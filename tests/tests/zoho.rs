//! The window with Zoho (the simulator): connecting a People account with a Self Client
//! code, a sync that shows entries as synced, and an entry on a completed job that
//! shows Zoho's refusal in its words, then is fixed and sent again.

use punch_e2e::page::id;
use punch_e2e::{Page, Rig};

const USER: &str = "ana@zylker.test";
const DESIGN: &str = "people:412762000000042001";
/// Zylker's "Discovery workshop", which Zoho says is completed.
const COMPLETED: &str = "people:412762000000042009";

fn entry(id_: u64) -> String {
    format!("{}[data-entry-id=\"{id_}\"]", id("entry"))
}

/// Zoho's logs of the signed-in user with `description`.
fn logs_in_zoho(rig: &Rig, description: &str) -> usize {
    let people = zoho_sim::state::lock(&rig.sim.shared.people);
    people
        .logs
        .iter()
        .filter(|l| l.description == description)
        .count()
}

async fn sync_from_accounts(page: &Page<'_>) {
    page.press("nav-accounts").await;
    page.press("accounts-sync").await;
    page.until(
        "the sync pass ends",
        &format!(
            "(() => {{ const b = document.querySelector('{}'); return b && !b.disabled; }})()",
            id("accounts-sync")
        ),
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "drives the built window: run with `cargo xtask e2e`"]
async fn a_people_account_connects_with_a_self_client_code() {
    let rig = Rig::start().await;
    let page = Page::new(&rig.client);
    page.press("nav-accounts").await;
    page.get("accounts-empty").await;
    page.press("accounts-connect").await;
    page.get("connect-form").await;

    let (client_id, secret) = rig.sim_client();
    page.choose("connect-product", "people").await;
    page.choose("connect-dc", "eu").await;
    page.fill("connect-client-id", &client_id).await;
    page.fill("connect-client-secret", &secret).await;
    page.choose("connect-method", "code").await;
    page.fill("connect-code", &rig.self_client_code()).await;
    page.fill("connect-user", USER).await;
    page.press("connect-submit").await;

    let account = format!("{}[data-name=\"people\"][data-state=\"ok\"]", id("account"));
    page.until_text(&format!("{account} {}", id("account-state")), "Connected")
        .await;
    let listed = rig.punch(&["account", "list", "--json"]);
    assert!(listed.contains(USER), "{listed}");

    // The catalog came with it: the picker finds the simulator's jobs by name.
    page.press("nav-picker").await;
    page.fill("picker-search", "frontend").await;
    page.until_text(&id("picker-item-name"), "Frontend build")
        .await;
    rig.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "drives the built window: run with `cargo xtask e2e`"]
async fn a_sync_from_the_window_shows_entries_as_synced() {
    let rig = Rig::start().await;
    rig.connect_people(USER);
    rig.punch(&["log", "1h", "--target", DESIGN, "--note", "wireframes"]);
    let page = Page::new(&rig.client);

    sync_from_accounts(&page).await;
    page.press("nav-today").await;
    page.find(&format!("{}[data-state=\"synced\"]", entry(1)))
        .await;
    page.until_text(&format!("{} {}", entry(1), id("entry-sync")), "synced")
        .await;
    assert_eq!(logs_in_zoho(&rig, "wireframes"), 1, "sent to Zoho once");
    page.until_gone(&id("status-pending")).await;
    rig.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "drives the built window: run with `cargo xtask e2e`"]
async fn a_refused_entry_shows_zohos_words_and_is_fixed_and_sent_again() {
    let rig = Rig::start().await;
    rig.connect_people(USER);
    rig.punch(&[
        "log",
        "2h",
        "--target",
        COMPLETED,
        "--note",
        "workshop notes",
    ]);
    let page = Page::new(&rig.client);

    sync_from_accounts(&page).await;
    page.press("nav-today").await;
    page.find(&format!("{}[data-state=\"rejected\"]", entry(1)))
        .await;
    let refusal = page
        .until_text(
            &format!("{} {}", entry(1), id("entry-refusal")),
            "completed job",
        )
        .await;
    assert!(refusal.contains("9025"), "Zoho's code shows: {refusal}");
    page.until_text(&id("status-rejected"), "1 refused").await;
    assert_eq!(logs_in_zoho(&rig, "workshop notes"), 0);

    // Fixed: the right job; saving sends it again.
    page.click(&format!("{} {}", entry(1), id("entry-edit")))
        .await;
    page.fill("edit-target", DESIGN).await;
    page.press("edit-save").await;
    page.until_gone(&id("edit-form")).await;
    sync_from_accounts(&page).await;
    page.press("nav-today").await;
    page.find(&format!("{}[data-state=\"synced\"]", entry(1)))
        .await;
    page.until_gone(&format!("{} {}", entry(1), id("entry-refusal")))
        .await;
    page.until_gone(&id("status-rejected")).await;
    assert_eq!(logs_in_zoho(&rig, "workshop notes"), 1);
    rig.close().await;
}
