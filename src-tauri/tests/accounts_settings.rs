//! Accounts against the Zoho simulator (connect with a Self Client code, timer mode,
//! sync, disconnect) and the settings file, without Tauri.

mod support;

use punch_app::commands::accounts::{self, ConnectInput, SignIn, ZohoAccess};
use punch_app::commands::entries::EntryChange;
use punch_app::commands::settings::{self, SettingsInput};
use punch_app::commands::{entries, picker, quick_log};
use punch_core::secrets::MemorySecrets;
use support::{now, tracker};
use zoho_sim::{RunningSim, SimConfig};

/// A Self Client grant code, minted as Zoho's API console would.
fn grant_code(sim: &RunningSim) -> String {
    let url = format!("{}/_sim/oauth/self-client-code", sim.base_url());
    let mut answer = ureq::post(&url)
        .send_json(serde_json::json!({}))
        .expect("the sim mints a code");
    let doc: serde_json::Value = answer.body_mut().read_json().expect("JSON");
    doc["code"].as_str().expect("a code").to_owned()
}

fn people(code: String) -> ConnectInput {
    let (client_id, secret) = SimConfig::default().clients[0].clone();
    ConnectInput {
        product: "people".into(),
        name: None,
        client_id,
        client_secret: Some(secret),
        dc: Some("eu".into()),
        org: None,
        portal: None,
        user: Some("ana@zylker.test".into()),
        mirror_timer: false,
        sign_in: SignIn::Code { code },
    }
}

#[test]
fn a_people_account_connects_with_a_code_fills_the_picker_syncs_and_disconnects() {
    let sim = RunningSim::start(SimConfig::default(), 0).unwrap();
    let (_home, mut tracker) = tracker();
    let zoho = ZohoAccess {
        endpoint: Some(sim.base_url()),
        secrets: Box::new(MemorySecrets::default()),
    };
    assert!(accounts::list(&tracker).unwrap().is_empty());

    let connected =
        accounts::connect(&mut tracker, &zoho, people(grant_code(&sim)), now()).unwrap();
    assert_eq!(connected.account.name, "people");
    assert_eq!(connected.account.state, "ok");
    assert_eq!(connected.account.user.as_deref(), Some("ana@zylker.test"));
    assert!(connected.targets.unwrap() > 0, "{connected:?}");
    let listed = accounts::list(&tracker).unwrap();
    assert_eq!(listed, std::slice::from_ref(&connected.account));

    let again = accounts::connect(&mut tracker, &zoho, people(grant_code(&sim)), now());
    assert_eq!(
        again.unwrap_err().code,
        "invalid_input",
        "the name is taken"
    );

    let jobs = picker::pick(&tracker, "frontend", 10, now()).unwrap();
    assert_eq!(jobs[0].name, "Frontend build");
    assert_eq!(jobs[0].account.as_deref(), Some("people"));
    assert!(picker::refresh(&mut tracker, &zoho, now()).unwrap() > 0);

    let mirrored = accounts::set_timer_mode(&mut tracker, "people", "mirror").unwrap();
    assert_eq!(mirrored.timer_mode, "mirror");
    let bad = accounts::set_timer_mode(&mut tracker, "people", "sometimes");
    assert_eq!(bad.unwrap_err().code, "invalid_input");
    accounts::set_timer_mode(&mut tracker, "people", "log").unwrap();

    // Yesterday was a Sunday: Zoho People refuses it, in its own words.
    let text = format!("yesterday 1h {} design review", jobs[0].target);
    let logged = quick_log::log(&mut tracker, &text, now()).unwrap();
    assert_eq!(logged.entry.sync.state, "pending");
    let summary = accounts::sync_now(&mut tracker, &zoho, chrono::Utc::now()).unwrap();
    assert_eq!((summary.pushed, summary.rejected), (0, 1), "{summary:?}");
    let day = entries::list(&tracker, Some("yesterday"), None, now()).unwrap();
    let refused = &day.entries[0].entry.sync;
    assert_eq!(refused.state, "rejected");
    let words = &refused.error.as_ref().unwrap().message;
    assert!(words.contains("Weekend"), "{words}");

    // Moved to Friday, it is sent again and lands.
    let fix = EntryChange {
        date: Some("friday".into()),
        ..EntryChange::default()
    };
    let fixed = entries::edit(&mut tracker, logged.entry.id, fix, now()).unwrap();
    assert_eq!(fixed.entry.sync.state, "pending");
    let summary = accounts::sync_now(&mut tracker, &zoho, chrono::Utc::now()).unwrap();
    assert_eq!(summary.pushed, 1, "{summary:?}");
    let day = entries::list(&tracker, Some("friday"), None, now()).unwrap();
    assert_eq!(day.entries[0].entry.sync.state, "synced");

    let gone = accounts::disconnect(&mut tracker, &zoho, "people", false).unwrap();
    assert_eq!(gone.name, "people");
    assert_eq!(gone.stranded, 0);
    assert!(accounts::list(&tracker).unwrap().is_empty());
    let unknown = accounts::disconnect(&mut tracker, &zoho, "people", false);
    assert_eq!(unknown.unwrap_err().code, "invalid_input");
}

#[test]
fn a_connect_with_a_wrong_code_or_missing_user_is_refused_and_keeps_nothing() {
    let sim = RunningSim::start(SimConfig::default(), 0).unwrap();
    let (_home, mut tracker) = tracker();
    let zoho = ZohoAccess {
        endpoint: Some(sim.base_url()),
        secrets: Box::new(MemorySecrets::default()),
    };
    let wrong = accounts::connect(&mut tracker, &zoho, people("1000.nonsense".into()), now());
    assert!(wrong.is_err());
    let mut no_user = people(grant_code(&sim));
    no_user.user = None;
    let refused = accounts::connect(&mut tracker, &zoho, no_user, now()).unwrap_err();
    assert_eq!(refused.code, "invalid_input");
    assert!(refused.message.contains("--user"), "{}", refused.message);
    let mut blank_code = people(String::new());
    blank_code.sign_in = SignIn::Code { code: "  ".into() };
    let blank = accounts::connect(&mut tracker, &zoho, blank_code, now()).unwrap_err();
    assert_eq!(blank.code, "invalid_input");
    assert!(accounts::list(&tracker).unwrap().is_empty());
}

#[test]
fn settings_read_the_defaults_save_and_refuse_a_bad_value() {
    let (home, tracker) = tracker();
    let view = settings::get(&tracker, home.path()).unwrap();
    assert!(!view.settings.keep_window_warm);
    assert!(view.accounts.is_empty());

    let mut changed = view.settings.clone();
    changed.keep_window_warm = true;
    changed.idle_minutes = None;
    let input = SettingsInput {
        settings: changed.clone(),
        autostart: None,
    };
    let saved = settings::save(&tracker, home.path(), input).unwrap();
    assert_eq!(saved.settings, changed);
    assert_eq!(
        punch_core::settings::Settings::load(home.path()).unwrap(),
        changed
    );

    let mut bad = changed.clone();
    bad.pull_every_minutes = 0;
    let refused = settings::save(
        &tracker,
        home.path(),
        SettingsInput {
            settings: bad,
            autostart: None,
        },
    )
    .unwrap_err();
    assert_eq!(refused.code, "invalid_input");
    assert!(refused.message.contains("pull_every_minutes"));
    assert_eq!(
        punch_core::settings::Settings::load(home.path()).unwrap(),
        changed
    );
}
