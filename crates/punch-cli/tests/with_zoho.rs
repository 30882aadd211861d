//! The commands that talk to Zoho (accounts, targets, sync) through the real `punch`
//! binary against the Zoho simulator: connecting a People account with a Self Client
//! code lists the sim's jobs, sync keeps CLI.md's summary and exit codes, and no secret
//! ever reaches the logs, even at TRACE.

use std::path::Path;
use std::process::{Command, Output};

use zoho_sim::{RunningSim, SimConfig};

fn punch(home: &Path, sim: &RunningSim, args: &[&str], log: Option<&str>) -> Output {
    punch_via(home, &sim.base_url(), args, log)
}

/// `punch` with every Zoho host replaced by `endpoint`.
fn punch_via(home: &Path, endpoint: &str, args: &[&str], log: Option<&str>) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_punch"));
    command
        .args(args)
        .env("PUNCH_HOME", home)
        .env("HOME", home)
        .env("XDG_DATA_HOME", home)
        .env("PUNCH_SECRET_STORE", "file")
        .env("PUNCH_ZOHO_ENDPOINT", endpoint)
        .env_remove("PUNCH_LOG");
    if let Some(filter) = log {
        command.env("PUNCH_LOG", filter);
    }
    command.output().expect("punch runs")
}

/// A Self Client grant code, minted as Zoho's API console would.
fn grant_code(sim: &RunningSim) -> String {
    let url = format!("{}/_sim/oauth/self-client-code", sim.base_url());
    let mut answer = ureq::post(&url)
        .send_json(serde_json::json!({}))
        .expect("the sim mints a code");
    let doc: serde_json::Value = answer.body_mut().read_json().expect("JSON");
    doc["code"].as_str().expect("a code").to_owned()
}

fn client() -> (String, String) {
    SimConfig::default().clients[0].clone()
}

fn add_people(home: &Path, sim: &RunningSim, code: &str, log: Option<&str>) -> Output {
    let (id, secret) = client();
    punch(
        home,
        sim,
        &[
            "account",
            "add",
            "people",
            "--client-id",
            &id,
            "--client-secret",
            &secret,
            "--grant-code",
            code,
            "--user",
            "ana@zylker.test",
        ],
        log,
    )
}

fn stdout_json(output: &Output) -> serde_json::Value {
    assert!(
        output.status.success(),
        "stderr: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("one JSON document")
}

#[test]
fn a_people_account_added_with_a_grant_code_lists_the_sims_jobs() {
    let sim = RunningSim::start(SimConfig::default(), 0).unwrap();
    let home = tempfile::tempdir().unwrap();
    let added = add_people(home.path(), &sim, &grant_code(&sim), None);
    assert!(
        added.status.success(),
        "{}",
        String::from_utf8_lossy(&added.stderr)
    );

    let targets = stdout_json(&punch(
        home.path(),
        &sim,
        &["targets", "--refresh", "--json"],
        None,
    ));
    let jobs: Vec<&str> = targets
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["name"].as_str().unwrap())
        .collect();
    for job in ["Design", "Frontend build", "Team meetings"] {
        assert!(jobs.contains(&job), "{job} missing from {jobs:?}");
    }
    let first = &targets[0];
    for key in ["target", "account", "product", "name", "project", "active"] {
        assert!(
            first.get(key).is_some(),
            "targets --json lacks {key}: {first}"
        );
    }
    assert!(first["target"].as_str().unwrap().starts_with("people:"));

    let accounts = stdout_json(&punch(
        home.path(),
        &sim,
        &["account", "list", "--json"],
        None,
    ));
    assert_eq!(accounts[0]["name"], "people");
    assert_eq!(accounts[0]["product"], "people");
    assert_eq!(accounts[0]["user"], "ana@zylker.test");
    for key in ["dc", "api_domain"] {
        assert!(
            accounts[0].get(key).is_some(),
            "account list --json lacks {key}"
        );
    }
}

#[test]
fn account_names_products_and_codes_are_checked() {
    let sim = RunningSim::start(SimConfig::default(), 0).unwrap();
    let home = tempfile::tempdir().unwrap();
    let (id, secret) = client();
    // People needs --user: refused before any network call.
    let no_user = punch(
        home.path(),
        &sim,
        &[
            "account",
            "add",
            "people",
            "--client-id",
            &id,
            "--client-secret",
            &secret,
            "--grant-code",
            "x",
        ],
        None,
    );
    assert_eq!(no_user.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&no_user.stderr).contains("--user"));
    // A used or unknown code is Zoho's refusal, at run time.
    let bad = add_people(home.path(), &sim, "1000.unknown.code", None);
    assert_eq!(bad.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&bad.stderr).contains("invalid_code"),
        "{}",
        String::from_utf8_lossy(&bad.stderr)
    );
    // A name in use is refused.
    assert!(
        add_people(home.path(), &sim, &grant_code(&sim), None)
            .status
            .success()
    );
    let twice = add_people(home.path(), &sim, &grant_code(&sim), None);
    assert_eq!(twice.status.code(), Some(2));
    // An unknown account anywhere is exit 2.
    let unknown = punch(home.path(), &sim, &["targets", "--account", "nope"], None);
    assert_eq!(unknown.status.code(), Some(2));
}

#[test]
fn removing_an_account_refuses_while_entries_wait_and_revokes_its_token() {
    let sim = RunningSim::start(SimConfig::default(), 0).unwrap();
    let home = tempfile::tempdir().unwrap();
    assert!(
        add_people(home.path(), &sim, &grant_code(&sim), None)
            .status
            .success()
    );
    let logged = punch(
        home.path(),
        &sim,
        &[
            "log",
            "1h",
            "--target",
            "people:412762000000042001",
            "--date",
            "yesterday",
        ],
        None,
    );
    assert!(
        logged.status.success(),
        "{}",
        String::from_utf8_lossy(&logged.stderr)
    );

    let refused = punch(home.path(), &sim, &["account", "remove", "people"], None);
    assert_eq!(refused.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("wait to sync"));

    let removed = stdout_json(&punch(
        home.path(),
        &sim,
        &["account", "remove", "people", "--force", "--json"],
        None,
    ));
    assert_eq!(removed["revoked"], true);
    assert_eq!(removed["stranded"], 1);
    let secrets = std::fs::read_to_string(home.path().join("secrets.json")).unwrap();
    assert!(
        !secrets.contains("people/refresh_token"),
        "the token stays behind: {secrets}"
    );
    let entries = stdout_json(&punch(
        home.path(),
        &sim,
        &["entries", "--from", "yesterday", "--json"],
        None,
    ));
    assert_eq!(
        entries[0]["sync"]["state"], "pending",
        "the entry waits for another account"
    );
    assert_eq!(entries[0]["account"], serde_json::Value::Null);
}

#[test]
fn no_secret_reaches_the_logs_even_at_trace() {
    let sim = RunningSim::start(SimConfig::default(), 0).unwrap();
    let home = tempfile::tempdir().unwrap();
    let code = grant_code(&sim);
    let (_, client_secret) = client();
    let added = add_people(home.path(), &sim, &code, Some("trace"));
    assert!(
        added.status.success(),
        "{}",
        String::from_utf8_lossy(&added.stderr)
    );
    // A sync-like call: every API call after sign-in goes through a token refresh.
    let refreshed = punch(home.path(), &sim, &["targets", "--refresh"], Some("trace"));
    assert!(refreshed.status.success());

    let mut logs = String::from_utf8_lossy(&added.stderr).into_owned();
    logs.push_str(&String::from_utf8_lossy(&refreshed.stderr));
    assert!(logs.contains("zoho request"), "tracing was not on: {logs}");

    let tokens = sim.shared.tokens.lock().unwrap();
    let mut secrets: Vec<String> = tokens.refresh.keys().cloned().collect();
    secrets.extend(tokens.access.keys().cloned());
    secrets.push(code);
    secrets.push(client_secret);
    assert!(secrets.len() >= 4);
    for secret in &secrets {
        assert!(!logs.contains(secret.as_str()), "a secret reached the logs");
        // Nor a recognisable part of one.
        let middle = &secret[secret.len() / 4..secret.len() * 3 / 4];
        assert!(!logs.contains(middle), "part of a secret reached the logs");
    }
}

#[test]
fn a_projects_account_learns_its_portal_choice_and_user() {
    let sim = RunningSim::start(SimConfig::default(), 0).unwrap();
    let home = tempfile::tempdir().unwrap();
    let (id, secret) = client();
    let add = |extra: &[&str]| {
        let code = grant_code(&sim);
        let mut args = vec![
            "account",
            "add",
            "projects",
            "--client-id",
            &id,
            "--client-secret",
            &secret,
            "--grant-code",
            &code,
        ];
        args.extend_from_slice(extra);
        punch(home.path(), &sim, &args, None)
    };
    // Two portals: the user must choose, and is told the choices.
    let ambiguous = add(&[]);
    assert_eq!(ambiguous.status.code(), Some(2));
    let message = String::from_utf8_lossy(&ambiguous.stderr);
    assert!(
        message.contains("--portal") && message.contains("brightline"),
        "{message}"
    );

    let added = add(&["--portal", "brightline", "--json"]);
    let account = stdout_json(&added);
    assert_eq!(account["portal"], "brightline");
    let listed = stdout_json(&punch(
        home.path(),
        &sim,
        &["account", "list", "--json"],
        None,
    ));
    assert_eq!(listed[0]["name"], "projects");
    let targets = stdout_json(&punch(
        home.path(),
        &sim,
        &["targets", "--account", "projects", "--json"],
        None,
    ));
    assert!(
        targets
            .as_array()
            .unwrap()
            .iter()
            .any(|t| t["target"].as_str().unwrap().contains("/bug/"))
    );
}

#[test]
fn sync_sends_once_keeps_zohos_refusal_and_reports_offline_with_exit_1() {
    let sim = RunningSim::start(SimConfig::default(), 0).unwrap();
    let home = tempfile::tempdir().unwrap();
    assert!(
        add_people(home.path(), &sim, &grant_code(&sim), None)
            .status
            .success()
    );
    // Friday 2025-03-07 is a working day in the simulated company.
    let log = |expression: &str| {
        let out = punch(home.path(), &sim, &["log", expression], None);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    };
    log("2025-03-07 1h30m people:412762000000042001 design review");
    log("2025-03-07 45m people:412762000000042009 workshop prep"); // a completed job

    let first = punch(home.path(), &sim, &["sync", "--json"], None);
    assert_eq!(first.status.code(), Some(0), "refusals don't fail the pass");
    let summary = stdout_json(&first);
    for key in ["pushed", "pulled", "rejected", "pending", "errors"] {
        assert!(
            summary.get(key).is_some(),
            "sync --json lacks {key}: {summary}"
        );
    }
    assert_eq!(summary["pushed"], 1);
    assert_eq!(summary["rejected"], 1);
    assert_eq!(summary["pending"], 0);

    let entries = stdout_json(&punch(
        home.path(),
        &sim,
        &[
            "entries",
            "--from",
            "2025-03-07",
            "--to",
            "2025-03-07",
            "--json",
        ],
        None,
    ));
    let refused = entries
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["note"] == "workshop prep")
        .unwrap();
    assert_eq!(refused["sync"]["state"], "rejected");
    assert_eq!(
        refused["sync"]["error"]["message"],
        "Cannot log time for a completed job"
    );
    assert_eq!(refused["sync"]["error"]["zoho_code"], 9025);
    let landed = entries
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["note"] == "design review")
        .unwrap();
    assert_eq!(landed["sync"]["state"], "synced");
    assert!(landed["sync"]["remote_id"].is_string());

    // Nothing is sent twice.
    let again = stdout_json(&punch(home.path(), &sim, &["sync", "--json"], None));
    assert_eq!(again["pushed"], 0);
    assert_eq!(
        sim.shared
            .people
            .lock()
            .unwrap()
            .logs
            .iter()
            .filter(|l| l.description == "design review")
            .count(),
        1
    );

    // Offline: exit 1, and the summary is still printed, with its "error" key.
    log("2025-03-07 15m people:412762000000042001 one more");
    drop(sim);
    let dead = RunningSim::start(SimConfig::default(), 0).unwrap();
    let port = dead.addr.port();
    drop(dead);
    let out = punch_via(
        home.path(),
        &format!("http://127.0.0.1:{port}"),
        &["sync", "--json"],
        None,
    );
    assert_eq!(out.status.code(), Some(1));
    let summary: serde_json::Value =
        serde_json::from_slice(&out.stdout).expect("one JSON document");
    assert_eq!(summary["error"]["code"], "offline", "{summary}");
    assert_eq!(summary["pending"], 1, "the new entry waits, nothing lost");
    assert!(String::from_utf8_lossy(&out.stderr).starts_with("error: "));
}

#[test]
fn in_mirror_mode_zohos_own_timer_runs_while_punchs_does() {
    let sim = RunningSim::start(SimConfig::default(), 0).unwrap();
    let home = tempfile::tempdir().unwrap();
    let (id, secret) = client();
    let code = grant_code(&sim);
    let added = punch(
        home.path(),
        &sim,
        &[
            "account",
            "add",
            "people",
            "--client-id",
            &id,
            "--client-secret",
            &secret,
            "--grant-code",
            &code,
            "--user",
            "ana@zylker.test",
            "--timer-mode",
            "mirror",
        ],
        None,
    );
    assert!(
        added.status.success(),
        "{}",
        String::from_utf8_lossy(&added.stderr)
    );
    let ten_minutes_ago = (chrono::Utc::now() - chrono::TimeDelta::minutes(10)).to_rfc3339();
    let started = stdout_json(&punch(
        home.path(),
        &sim,
        &[
            "start",
            "people:412762000000042001",
            "--note",
            "pairing",
            "--at",
            &ten_minutes_ago,
            "--json",
        ],
        None,
    ));
    assert_eq!(started["running"], true);
    let in_zoho = |note: &str| {
        let db = sim.shared.people.lock().unwrap();
        let logs: Vec<_> = db
            .logs
            .iter()
            .filter(|l| l.description == note)
            .cloned()
            .collect();
        (
            logs.len(),
            logs.iter().filter(|l| l.running().is_some()).count(),
        )
    };
    let first = stdout_json(&punch(home.path(), &sim, &["sync", "--json"], None));
    if first["errors"]
        .as_array()
        .unwrap()
        .iter()
        .any(|e| e["zoho_code"] == 8008)
    {
        return; // a weekend or holiday in the simulated company: nothing to mirror today
    }
    assert_eq!(
        in_zoho("pairing"),
        (1, 1),
        "sync started Zoho's timer: {first}"
    );
    let second = stdout_json(&punch(home.path(), &sim, &["sync", "--json"], None));
    assert_eq!(in_zoho("pairing"), (1, 1), "one timer, not two: {second}");

    let stopped = stdout_json(&punch(home.path(), &sim, &["stop", "--json"], None));
    assert_eq!(stopped["discarded"], false);
    let after = stdout_json(&punch(home.path(), &sim, &["sync", "--json"], None));
    assert_eq!(
        in_zoho("pairing"),
        (1, 0),
        "stopping in Punch stopped Zoho's timer: {after}"
    );
    let entry = stdout_json(&punch(home.path(), &sim, &["entries", "--json"], None))[0].clone();
    assert_eq!(entry["sync"]["state"], "synced");
    assert!(entry["sync"]["remote_id"].is_string());

    // A timer thrown away in Punch leaves nothing in Zoho.
    assert!(
        punch(
            home.path(),
            &sim,
            &["start", "people:412762000000042001", "--note", "oops"],
            None
        )
        .status
        .success()
    );
    stdout_json(&punch(home.path(), &sim, &["sync", "--json"], None));
    assert_eq!(in_zoho("oops"), (1, 1));
    let discarded = stdout_json(&punch(home.path(), &sim, &["stop", "--json"], None));
    assert_eq!(discarded["discarded"], true, "under a minute");
    let last = stdout_json(&punch(home.path(), &sim, &["sync", "--json"], None));
    assert_eq!(
        in_zoho("oops"),
        (0, 0),
        "the discarded timer's log is gone from Zoho: {last}"
    );
}

#[test]
fn an_account_whose_token_died_signs_in_again_and_nothing_is_lost() {
    let sim = RunningSim::start(SimConfig::default(), 0).unwrap();
    {
        let mut people = sim.shared.people.lock().unwrap();
        people.weekend.clear();
        people.holidays.clear();
    }
    let home = tempfile::tempdir().unwrap();
    assert!(
        add_people(home.path(), &sim, &grant_code(&sim), None)
            .status
            .success()
    );
    let logged = punch(
        home.path(),
        &sim,
        &["log", "2025-03-07 1h people:412762000000042001 kept"],
        None,
    );
    assert!(logged.status.success());

    // Zoho forgets the refresh token (revoked in the API console, say).
    for grant in sim.shared.tokens.lock().unwrap().refresh.values_mut() {
        grant.revoked = true;
    }
    let refused = punch(home.path(), &sim, &["sync", "--json"], None);
    assert_eq!(
        refused.status.code(),
        Some(1),
        "an account needing login fails the pass"
    );
    let summary: serde_json::Value = serde_json::from_slice(&refused.stdout).unwrap();
    assert_eq!(summary["error"]["code"], "needs_login", "{summary}");
    assert_eq!(summary["pending"], 1, "the entry waits");
    let accounts = stdout_json(&punch(
        home.path(),
        &sim,
        &["account", "list", "--json"],
        None,
    ));
    assert_eq!(accounts[0]["state"], "needs_login");

    let code = grant_code(&sim);
    let login = punch(
        home.path(),
        &sim,
        &["account", "login", "people", "--grant-code", &code],
        None,
    );
    assert!(
        login.status.success(),
        "{}",
        String::from_utf8_lossy(&login.stderr)
    );
    let accounts = stdout_json(&punch(
        home.path(),
        &sim,
        &["account", "list", "--json"],
        None,
    ));
    assert_eq!(accounts[0]["state"], "ok");
    let synced = stdout_json(&punch(home.path(), &sim, &["sync", "--json"], None));
    assert_eq!(synced["pushed"], 1, "{synced}");
    assert_eq!(synced["pending"], 0);
}
