//! The commands through Tauri's IPC on the mock runtime, with the app's real config and
//! capability: what the UI sends arrives, errors come back as `{code, message}`, and
//! nothing but Punch's own commands is allowed.

use serde_json::{Value, json};
use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{INVOKE_KEY, MockRuntime, get_ipc_response, mock_builder};
use tauri::webview::InvokeRequest;
use tauri::{App, WebviewWindow, WebviewWindowBuilder};

struct Window {
    _home: tempfile::TempDir,
    _app: App<MockRuntime>,
    webview: WebviewWindow<MockRuntime>,
}

fn window(view: Option<&str>) -> Window {
    let home = tempfile::tempdir().unwrap();
    let builder = punch_app::builder(
        mock_builder(),
        home.path().to_path_buf(),
        view.map(str::to_owned),
        std::time::Instant::now(),
    )
    .unwrap();
    let app = builder
        .build(tauri::generate_context!(test = true))
        .unwrap();
    let webview = WebviewWindowBuilder::new(&app, punch_app::shell::WINDOW, Default::default())
        .build()
        .unwrap();
    Window {
        _home: home,
        _app: app,
        webview,
    }
}

fn invoke(window: &Window, cmd: &str, args: Value) -> Result<Value, Value> {
    let request = InvokeRequest {
        cmd: cmd.into(),
        callback: CallbackFn(0),
        error: CallbackFn(1),
        url: "tauri://localhost".parse().unwrap(),
        body: InvokeBody::Json(args),
        headers: Default::default(),
        invoke_key: INVOKE_KEY.to_string(),
    };
    get_ipc_response(&window.webview, request).map(|body| body.deserialize::<Value>().unwrap())
}

#[test]
fn start_status_and_stop_travel_through_ipc() {
    let w = window(None);
    let idle = invoke(&w, "status", json!({})).unwrap();
    assert_eq!(idle["running"], Value::Null);

    let started = invoke(
        &w,
        "start_timer",
        json!({"input": {"target": "people:777", "note": "standup", "billable": false}}),
    )
    .unwrap();
    assert_eq!(started["running"], true);
    assert_eq!(started["target"], "people:777");
    assert_eq!(started["label"]["name"], "people:777");

    let status = invoke(&w, "status", json!({})).unwrap();
    assert_eq!(status["running"]["id"], started["id"]);
    assert_eq!(status["running"]["note"], "standup");
    assert_eq!(status["running"]["billable"], false);

    let stopped = invoke(&w, "stop_timer", json!({})).unwrap();
    assert_eq!(stopped["entry"]["id"], started["id"]);
    // Stopped within the same second: under a minute, so discarded.
    assert_eq!(stopped["discarded"], true);
}

#[test]
fn errors_cross_as_code_and_message() {
    let w = window(None);
    let error = invoke(&w, "stop_timer", json!({})).unwrap_err();
    assert_eq!(error["code"], "nothing_to_do");
    assert!(error["message"].as_str().unwrap().contains("no timer"));

    let error = invoke(&w, "start_timer", json!({"input": {"target": "books:12"}})).unwrap_err();
    assert_eq!(error["code"], "invalid_input");
    let error = invoke(&w, "edit_entry", json!({"id": 41, "change": {"note": "x"}})).unwrap_err();
    assert_eq!(error["code"], "not_found");
}

#[test]
fn quick_log_preview_log_list_delete_and_undo_through_ipc() {
    let w = window(None);
    let preview = invoke(
        &w,
        "preview_quick_log",
        json!({"text": "yesterday 1h30m standup !$"}),
    )
    .unwrap();
    assert_eq!(preview["ok"], true);
    assert_eq!(
        preview["summary"],
        "Yesterday, 1 h 30 m, no target (stays on this machine) · standup, non-billable"
    );
    let bad = invoke(&w, "preview_quick_log", json!({"text": "standup"})).unwrap();
    assert_eq!(bad["ok"], false);

    let logged = invoke(
        &w,
        "quick_log",
        json!({"text": "yesterday 1h30m standup !$"}),
    )
    .unwrap();
    let day = invoke(&w, "list_entries", json!({"from": "yesterday"})).unwrap();
    assert_eq!(day["entries"][0]["id"], logged["id"]);
    assert_eq!(day["total"], "1h30m");

    let id = logged["id"].clone();
    invoke(&w, "delete_entry", json!({"id": id})).unwrap();
    let day = invoke(&w, "list_entries", json!({"from": "yesterday"})).unwrap();
    assert_eq!(day["entries"], json!([]));
    let back = invoke(&w, "undo_delete", json!({"id": id})).unwrap();
    assert_eq!(back["duration"], "1h30m");
    assert_eq!(back["note"], "standup");
}

#[test]
fn the_views_read_through_ipc() {
    let w = window(Some("week"));
    assert_eq!(invoke(&w, "initial_view", json!({})).unwrap(), "week");
    let week = invoke(&w, "week_report", json!({"offset": -1})).unwrap();
    assert_eq!(week["days"].as_array().unwrap().len(), 7);
    assert_eq!(invoke(&w, "list_accounts", json!({})).unwrap(), json!([]));
    assert_eq!(
        invoke(&w, "pick_targets", json!({"query": ""})).unwrap(),
        json!([])
    );
    let settings = invoke(&w, "get_settings", json!({})).unwrap();
    assert_eq!(settings["settings"]["keep_window_warm"], false);
    let error = invoke(
        &w,
        "set_timer_mode",
        json!({"name": "nobody", "mode": "log"}),
    )
    .unwrap_err();
    assert_eq!(error["code"], "invalid_input");
}

#[test]
fn every_command_is_allowed_by_the_capability_and_nothing_else_is() {
    let w = window(None);
    // The two that need no arguments and would reach for Zoho are left out.
    let quiet = punch_app::command_names::ALL
        .iter()
        .filter(|c| !["sync_now", "refresh_catalog"].contains(c));
    for command in quiet {
        // Arguments are left out: a command that is allowed fails on them, not on the ACL.
        let answer = invoke(&w, command, json!({}));
        if let Err(e) = &answer {
            let text = e.to_string();
            assert!(
                !text.contains("not allowed") && !text.contains("not found"),
                "{command}: {text}"
            );
        }
    }
    for foreign in [
        "plugin:window|close",
        "plugin:webview|print",
        "plugin:app|name",
    ] {
        let error = invoke(&w, foreign, json!({})).unwrap_err().to_string();
        assert!(error.contains("not allowed"), "{foreign}: {error}");
    }
}

#[test]
fn the_content_security_policy_allows_only_the_apps_own_files() {
    let context: tauri::Context<MockRuntime> = tauri::generate_context!(test = true);
    let csp = context
        .config()
        .app
        .security
        .csp
        .as_ref()
        .expect("a CSP is set")
        .to_string();
    for needed in [
        "default-src 'self'",
        "script-src 'self'",
        "object-src 'none'",
        "frame-ancestors 'none'",
    ] {
        assert!(csp.contains(needed), "{needed} missing from {csp}");
    }
    assert!(!csp.contains("unsafe-inline"), "{csp}");
    assert!(!csp.contains("unsafe-eval"), "{csp}");
    // The IPC endpoint is the one address besides the app's own files.
    let remote = csp.replace("http://ipc.localhost", "");
    assert!(!remote.contains("http"), "no remote content: {csp}");
}

#[test]
fn the_account_commands_take_the_shapes_the_ui_sends() {
    // Each is refused for what it says (before any network), not for its shape.
    let w = window(None);
    let login = json!({"name": "nobody", "signIn": {"kind": "code", "code": "1000.x"}});
    let error = invoke(&w, "login_account", login).unwrap_err();
    assert_eq!(error["code"], "invalid_input", "{error}");
    assert!(error["message"].as_str().unwrap().contains("nobody"));

    let connect = json!({"input": {
        "product": "ledger", "dc": "eu", "client_id": "1000.X", "client_secret": "s",
        "org": "", "portal": "", "user": "", "name": "", "mirror_timer": false,
        "sign_in": {"kind": "browser"},
    }});
    let error = invoke(&w, "connect_account", connect).unwrap_err();
    assert_eq!(error["code"], "invalid_input", "{error}");
    assert!(error["message"].as_str().unwrap().contains("ledger"));

    let error = invoke(
        &w,
        "disconnect_account",
        json!({"name": "nobody", "force": true}),
    )
    .unwrap_err();
    assert_eq!(error["code"], "invalid_input", "{error}");

    let settings = invoke(&w, "get_settings", json!({})).unwrap();
    let saved = invoke(
        &w,
        "save_settings",
        json!({"input": {"settings": settings["settings"], "autostart": null}}),
    )
    .unwrap();
    assert_eq!(saved["settings"], settings["settings"]);
}

#[test]
fn the_idle_question_shows_in_status_and_is_answered_through_ipc() {
    let w = window(None);
    let now = chrono::Utc::now();
    let minutes = chrono::TimeDelta::minutes;
    {
        // As the tray asks it: another process on the same store.
        let mut tracker = punch_core::tracker::Tracker::open(w._home.path()).unwrap();
        let request = punch_core::tracker::StartRequest {
            target: None,
            account: None,
            note: "writing".into(),
            billable: None,
            at: None,
        };
        let started = tracker.start(request, now - minutes(60)).unwrap().started;
        let question = punch_core::idle::Question {
            entry: started.id,
            since: now - minutes(50),
            until: now - minutes(10),
            cause: punch_core::idle::Cause::Sleep,
        };
        tracker.ask_idle(question, now - minutes(9)).unwrap();
    }
    let status = invoke(&w, "status", json!({})).unwrap();
    let idle = &status["idle"];
    assert_eq!(idle["minutes"], 40, "{status}");
    assert_eq!(idle["cause"], "sleep");
    assert!(
        idle["summary"]
            .as_str()
            .unwrap()
            .ends_with("(40 min) while the computer slept"),
        "{idle}"
    );

    let error = invoke(&w, "answer_idle", json!({"input": {"answer": "later"}})).unwrap_err();
    assert_eq!(error["code"], "invalid_input", "{error}");
    let done = invoke(
        &w,
        "answer_idle",
        json!({"input": {"answer": "split", "target": "people:777", "account": null}}),
    )
    .unwrap();
    assert_eq!(done["idle"]["target"], "people:777", "{done}");
    assert_eq!(done["idle"]["duration_minutes"], 40);
    assert_eq!(done["after"]["running"], true);
    let status = invoke(&w, "status", json!({})).unwrap();
    assert_eq!(status["idle"], Value::Null);
    let error = invoke(&w, "answer_idle", json!({"input": {"answer": "keep"}})).unwrap_err();
    assert_eq!(error["code"], "nothing_to_do", "{error}");
}

#[test]
fn the_first_paint_is_told_once_through_ipc() {
    let w = window(None);
    let first = invoke(&w, "ui_ready", json!({})).unwrap();
    assert!(first.is_u64(), "milliseconds since the start: {first}");
    assert_eq!(invoke(&w, "ui_ready", json!({})).unwrap(), Value::Null);
}
