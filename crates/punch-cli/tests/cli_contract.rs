//! CLI.md's output rules: exit codes, `error: …` on stderr, one JSON document with
//! `--json` (the error document on failures), where the store lives, and that a refused
//! command changes nothing.

mod common;

use chrono::TimeDelta;
use common::*;

#[test]
fn usage_errors_exit_2() {
    let punch = Punch::new();
    for args in [
        &["frobnicate"][..],
        &[
            "log",
            "--duration",
            "1h",
            "--from",
            "09:00",
            "--to",
            "10:00",
        ],
        &["start", "--billable", "--non-billable"],
        &["log", "--from", "09:00"],
        &["delete", "seven"],
        &["report", "--by", "week"],
    ] {
        let out = punch.run(args);
        assert_eq!(out.code, 2, "punch {args:?}: {out:?}");
        assert!(out.stderr.starts_with("error: "), "punch {args:?}: {out:?}");
        assert_eq!(out.stdout, "", "punch {args:?}");
        let mut all = args.to_vec();
        all.push("--json");
        let out = punch.run(&all);
        assert_eq!(out.code, 2, "punch {all:?}: {out:?}");
        let doc = out.json();
        assert!(
            doc["error"]["code"].is_string() && doc["error"]["message"].is_string(),
            "punch {all:?}: {doc}"
        );
        assert!(out.stderr.starts_with("error: "), "punch {all:?}: {out:?}");
    }
    // `--csv` and `--json` exclude each other.
    let out = punch.run(&["report", "--csv", "--json"]);
    assert_eq!(out.code, 2, "{out:?}");
    assert_eq!(out.json()["error"]["code"], "invalid_input");
    // Help and version are answers, not failures.
    assert!(punch.ok(&["--help"]).stdout.contains("Usage"));
    assert!(punch.ok(&["--version"]).stdout.contains("punch"));
}

/// A store with a running entry (since two hours), a logged entry and an alias.
fn busy_store(punch: &Punch) -> i64 {
    punch.ok(&["alias", "web", "books:1001/2002"]);
    let since = rfc(now() - TimeDelta::hours(2));
    punch.json(&["start", "people:777", "--note", "running", "--at", &since]);
    let date = days_ago(2).to_string();
    let logged = punch.json(&[
        "log", "--date", &date, "--from", "09:00", "--to", "10:00", "--target", "web",
    ]);
    id(&logged)
}

#[test]
fn invalid_input_exits_2_and_changes_nothing() {
    let punch = Punch::new();
    let logged = busy_store(&punch);
    let logged = logged.to_string();
    let before = punch.snapshot();
    let past = days_ago(2).to_string();
    let tomorrow = (today() + TimeDelta::days(1)).to_string();
    let future = rfc(now() + TimeDelta::hours(1));
    let before_start = rfc(now() - TimeDelta::hours(3));
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (vec!["start", "nosuch"], "alias"),
        (vec!["start", "@nosuch"], "alias"),
        (vec!["log", "1h", "@nosuch"], "alias"),
        (
            vec!["log", "--duration", "1h", "--target", "nosuch"],
            "alias",
        ),
        (vec!["start", "books:1001"], "books:1001"),
        (vec!["start", "crm:5"], "crm"),
        (vec!["start", "projects:5/epic/3"], "epic"),
        (vec!["alias", "x", "people:"], "people:"),
        (vec!["alias", "bad name", "people:7"], "bad name"),
        (
            vec!["log", "--date", &past, "--from", "25:00", "--to", "26:00"],
            "25:00",
        ),
        (vec!["start", "--at", "25:00"], "25:00"),
        (
            vec!["log", "--date", &past, "--from", "10:00", "--to", "09:00"],
            "10:00-09:00",
        ),
        (
            vec!["log", "--date", &past, "--from", "10:00", "--to", "10:00"],
            "10:00-10:00",
        ),
        (vec!["log", "10:00-09:00"], "10:00-09:00"),
        (vec!["start", "--at", &future], "future"),
        (vec!["start", "people:1", "--at", &future], "future"),
        (vec!["stop", "--at", &future], "future"),
        (
            vec![
                "log", "--date", &tomorrow, "--from", "09:00", "--to", "10:00",
            ],
            "future",
        ),
        (
            vec!["log", "--date", &tomorrow, "--duration", "1h"],
            "future",
        ),
        (vec!["edit", "running", "--start", &future], "future"),
        (vec!["edit", "running", "--duration", "1h"], "running"),
        (
            vec!["edit", &logged, "--from", "11:00", "--to", "10:00"],
            "11:00",
        ),
        (vec!["edit", &logged], "nothing to change"),
        (vec!["edit", &logged, "--target", "nosuch"], "nosuch"),
        (vec!["edit", &logged, "--account", "nosuch"], "nosuch"),
        (vec!["edit", &logged, "--start", &future], "future"),
        (vec!["stop", "--at", &before_start], "before"),
        (vec!["start", "people:2", "--at", &before_start], "before"),
        (vec!["edit", "abc", "--note", "x"], "abc"),
        (vec!["log", "--duration", "25h"], "25h"),
        (vec!["log", "--duration", "abc"], "abc"),
        (vec!["log", "--duration", "0m"], "0m"),
        (vec!["log", "fix", "login"], "duration"),
        (
            vec!["log", "--date", "someday", "--duration", "1h"],
            "someday",
        ),
        (vec!["log", "2026-02-30", "1h"], "2026-02-30"),
        (vec!["log", "1h", "2h"], "two durations"),
        (vec!["log", "1h", "--duration", "2h"], "twice"),
        (vec!["log", "1h", "\"unclosed"], "quote"),
        (vec!["start", "books:1/2", "--account", "nosuch"], "nosuch"),
        (vec!["start", "--account", "nosuch"], "nosuch"),
        (
            vec!["entries", "--from", "today", "--to", "yesterday"],
            "before",
        ),
        (
            vec!["report", "--from", "today", "--to", "yesterday"],
            "before",
        ),
        (
            vec![
                "log",
                "--date",
                "2026-03-29",
                "--from",
                "02:30",
                "--to",
                "03:30",
            ],
            "02:30",
        ),
    ];
    for (args, mentions) in cases {
        let message = punch.fails(&args, 2, "invalid_input");
        assert!(
            message.contains(mentions),
            "punch {args:?}: the message should name `{mentions}`: {message}"
        );
        assert_eq!(punch.snapshot(), before, "punch {args:?} changed the store");
    }
}

#[test]
fn nothing_to_act_on_exits_1() {
    let punch = Punch::new();
    let before = punch.snapshot();
    assert_eq!(before, serde_json::json!([]));
    punch.fails(&["stop"], 1, "nothing_to_do");
    punch.fails(&["toggle"], 1, "nothing_to_do");
    punch.fails(&["edit", "running", "--note", "x"], 1, "nothing_to_do");
    punch.fails(&["delete", "999"], 1, "not_found");
    punch.fails(&["edit", "999", "--note", "x"], 1, "not_found");
    assert_eq!(punch.snapshot(), before);

    let logged = busy_store(&punch);
    punch.ok(&["stop"]);
    let before = punch.snapshot();
    punch.fails(&["stop"], 1, "nothing_to_do");
    punch.fails(&["stop", "--at", "00:00"], 1, "nothing_to_do");
    punch.fails(&["delete", "999"], 1, "not_found");
    punch.ok(&["delete", &logged.to_string()]);
    let after_delete = punch.snapshot();
    assert_ne!(after_delete, before);
    let message = punch.fails(&["delete", &logged.to_string()], 1, "not_found");
    assert!(message.contains(&logged.to_string()), "{message}");
    punch.fails(
        &["edit", &logged.to_string(), "--note", "x"],
        1,
        "not_found",
    );
    assert_eq!(punch.snapshot(), after_delete);
}

#[test]
fn every_command_prints_one_json_document() {
    let punch = Punch::new();
    let date = days_ago(2).to_string();
    let alias = punch.json(&["alias", "web", "books:1001/2002"]);
    assert_eq!(alias["alias"], "web");
    assert_eq!(alias["target"], "books:1001/2002");
    let logged = punch.json(&[
        "log",
        "--date",
        &date,
        "--duration",
        "1h",
        "--target",
        "web",
    ]);
    assert_entry_shape(&logged);
    let started = punch.json(&["start", "--at", &rfc(now() - TimeDelta::minutes(5))]);
    assert_entry_shape(&started);
    assert!(started.get("switched_from").is_some(), "{started}");
    assert_status_shape(&punch.json(&["status"]));
    let edited = punch.json(&["edit", "running", "--note", "n"]);
    assert_entry_shape(&edited);
    let stopped = punch.json(&["stop"]);
    assert_entry_shape(&stopped);
    assert_eq!(stopped["discarded"], false);
    let toggled = punch.json(&["toggle"]);
    assert_entry_shape(&toggled);
    let entries = punch.json(&["entries"]);
    assert!(entries.is_array());
    assert_report_shape(&punch.json(&["report"]));
    assert_report_shape(&punch.json(&["report", "--by", "target"]));
    let deleted = punch.json(&["delete", &id(&logged).to_string()]);
    assert_entry_shape(&deleted);
    assert_eq!(deleted["deleted"], true);
}

#[test]
fn the_store_lives_in_punch_home_or_the_data_dir() {
    let punch = Punch::new();
    punch.ok(&["log", "1h"]);
    assert!(punch.home().join("punch.db").exists());
    assert!(!punch.root().join("data/punch").exists());
    assert!(!punch.root().join("user/.local/share/punch").exists());

    // Without PUNCH_HOME: $XDG_DATA_HOME/punch, and nothing in PUNCH_HOME.
    let other = Punch::new();
    let mut command = other.command();
    command.env_remove("PUNCH_HOME");
    let out = other.run_with(command, &["log", "1h", "--json"]);
    assert_eq!(out.code, 0, "{out:?}");
    assert!(other.root().join("data/punch/punch.db").exists());
    assert!(!other.home().join("punch.db").exists());

    // An empty PUNCH_HOME counts as unset; without XDG_DATA_HOME, ~/.local/share/punch.
    let third = Punch::new();
    let mut command = third.command();
    command.env("PUNCH_HOME", "").env_remove("XDG_DATA_HOME");
    let out = third.run_with(command, &["log", "1h", "--json"]);
    assert_eq!(out.code, 0, "{out:?}");
    assert!(
        third
            .root()
            .join("user/.local/share/punch/punch.db")
            .exists()
    );
    assert_eq!(other.snapshot(), serde_json::json!([]));
}
