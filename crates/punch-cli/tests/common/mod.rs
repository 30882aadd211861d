//! Driving the real `punch` binary: a temporary `PUNCH_HOME` (and `HOME`, `XDG_*`) per
//! test, `TZ=Europe/Berlin`, and checks for CLI.md's output rules.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

use chrono::{DateTime, NaiveDate, NaiveTime, SecondsFormat, TimeDelta, TimeZone, Utc};
use chrono_tz::Europe::Berlin;
use serde_json::Value;
use tempfile::TempDir;

pub const TZ: &str = "Europe/Berlin";

/// What one run of `punch` printed and returned.
#[derive(Debug)]
pub struct Out {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Out {
    /// The one JSON document on stdout.
    pub fn json(&self) -> Value {
        one_json(&self.stdout)
    }
}

/// A `punch` with its own store.
#[derive(Debug)]
pub struct Punch {
    dir: TempDir,
}

impl Default for Punch {
    fn default() -> Self {
        Self::new()
    }
}

impl Punch {
    pub fn new() -> Punch {
        let dir = tempfile::tempdir().unwrap();
        for sub in ["home", "user", "data", "run"] {
            std::fs::create_dir_all(dir.path().join(sub)).unwrap();
        }
        Punch { dir }
    }

    pub fn home(&self) -> PathBuf {
        self.dir.path().join("home")
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    /// A command with a clean environment: nothing of the real user's leaks in.
    pub fn command(&self) -> Command {
        let mut command = Command::new(env!("CARGO_BIN_EXE_punch"));
        command
            .env_clear()
            .env("PUNCH_HOME", self.home())
            .env("HOME", self.dir.path().join("user"))
            .env("XDG_DATA_HOME", self.dir.path().join("data"))
            .env("XDG_RUNTIME_DIR", self.dir.path().join("run"))
            // No bus of the user's machine: a tray started here must not hear its
            // logind or NetworkManager. Tests that want a bus set their own.
            .env(
                "DBUS_SYSTEM_BUS_ADDRESS",
                format!(
                    "unix:path={}",
                    self.dir.path().join("no-system-bus").display()
                ),
            )
            .env("TZ", TZ)
            .env("LANG", "C.UTF-8");
        command
    }

    pub fn run_with(&self, mut command: Command, args: &[&str]) -> Out {
        let output = command.args(args).output().expect("run punch");
        Out {
            code: output.status.code().expect("punch exited, not killed"),
            stdout: String::from_utf8(output.stdout).expect("stdout is UTF-8"),
            stderr: String::from_utf8(output.stderr).expect("stderr is UTF-8"),
        }
    }

    pub fn run(&self, args: &[&str]) -> Out {
        self.run_with(self.command(), args)
    }

    /// Run, expecting success.
    pub fn ok(&self, args: &[&str]) -> Out {
        let out = self.run(args);
        assert_eq!(out.code, 0, "punch {args:?} failed: {out:?}");
        out
    }

    /// Run with `--json`, expecting success and exactly one JSON document on stdout.
    pub fn json(&self, args: &[&str]) -> Value {
        let mut all = args.to_vec();
        all.push("--json");
        let out = self.ok(&all);
        assert_eq!(out.stderr, "", "punch {all:?} wrote to stderr");
        out.json()
    }

    /// Run, expecting exit `code` with `error: <message>` on stderr and nothing on stdout;
    /// then again with `--json`, expecting the same plus the error document, whose
    /// `code` is `error_code`. Returns the message.
    pub fn fails(&self, args: &[&str], code: i32, error_code: &str) -> String {
        let out = self.run(args);
        assert_eq!(out.code, code, "punch {args:?}: {out:?}");
        assert!(
            out.stderr.starts_with("error: "),
            "punch {args:?}: stderr is not `error: …`: {out:?}"
        );
        assert_eq!(
            out.stdout, "",
            "punch {args:?}: a failure printed on stdout"
        );
        let mut all = args.to_vec();
        all.push("--json");
        let out = self.run(&all);
        assert_eq!(out.code, code, "punch {all:?}: {out:?}");
        let doc = out.json();
        let error = &doc["error"];
        assert_eq!(
            error["code"], error_code,
            "punch {all:?}: the error code: {doc}"
        );
        let message = error["message"]
            .as_str()
            .unwrap_or_else(|| panic!("punch {all:?}: no error message: {doc}"));
        assert!(!message.is_empty(), "punch {all:?}: empty message");
        assert_eq!(
            out.stderr.lines().next(),
            Some(format!("error: {message}").as_str()),
            "punch {all:?}: stderr says what the JSON says"
        );
        message.to_owned()
    }

    /// Every entry in the store (from 2000 to today), for before/after comparisons; a
    /// running entry's `duration_minutes` grows by itself, so it is left out.
    pub fn snapshot(&self) -> Value {
        let to = today().to_string();
        let mut entries = self.json(&["entries", "--from", "2000-01-01", "--to", &to]);
        for entry in entries.as_array_mut().unwrap() {
            if entry["running"] == true {
                entry.as_object_mut().unwrap().remove("duration_minutes");
            }
        }
        entries
    }

    /// The entries on `from..=to`.
    pub fn entries(&self, from: NaiveDate, to: NaiveDate) -> Vec<Value> {
        let (from, to) = (from.to_string(), to.to_string());
        let doc = self.json(&["entries", "--from", &from, "--to", &to]);
        let entries = doc.as_array().expect("entries --json is an array").clone();
        for entry in &entries {
            assert_entry_shape(entry);
        }
        entries
    }

    /// The entry with this id, wherever it is.
    pub fn entry(&self, id: i64) -> Option<Value> {
        let to = today().to_string();
        let doc = self.json(&["entries", "--from", "2000-01-01", "--to", &to]);
        doc.as_array()
            .unwrap()
            .iter()
            .find(|e| e["id"] == id)
            .cloned()
    }
}

/// Exactly one JSON document (and only whitespace besides).
pub fn one_json(text: &str) -> Value {
    let docs: Vec<Value> = serde_json::Deserializer::from_str(text)
        .into_iter::<Value>()
        .collect::<Result<_, _>>()
        .unwrap_or_else(|e| panic!("stdout is not JSON ({e}): {text:?}"));
    assert_eq!(docs.len(), 1, "not exactly one JSON document: {text:?}");
    docs.into_iter().next().unwrap()
}

/// Now, to the second (the CLI's own now is a little later).
pub fn now() -> DateTime<Utc> {
    let now = Utc::now();
    DateTime::from_timestamp(now.timestamp(), 0).unwrap()
}

pub fn today() -> NaiveDate {
    Utc::now().with_timezone(&Berlin).date_naive()
}

pub fn days_ago(days: u64) -> NaiveDate {
    today() - TimeDelta::days(days as i64)
}

/// The instant of a Berlin wall-clock time.
pub fn berlin(date: NaiveDate, h: u32, m: u32) -> DateTime<Utc> {
    Berlin
        .from_local_datetime(&date.and_time(NaiveTime::from_hms_opt(h, m, 0).unwrap()))
        .earliest()
        .unwrap()
        .with_timezone(&Utc)
}

/// An RFC 3339 argument.
pub fn rfc(instant: DateTime<Utc>) -> String {
    instant.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// An instant the CLI printed.
pub fn instant(value: &Value) -> DateTime<Utc> {
    let text = value
        .as_str()
        .unwrap_or_else(|| panic!("not an instant: {value}"));
    DateTime::parse_from_rfc3339(text)
        .unwrap_or_else(|e| panic!("{text}: {e}"))
        .with_timezone(&Utc)
}

pub fn id(entry: &Value) -> i64 {
    entry["id"]
        .as_i64()
        .unwrap_or_else(|| panic!("no id: {entry}"))
}

fn is_str_or_null(v: &Value) -> bool {
    v.is_string() || v.is_null()
}

/// CLI.md's entry: `{"id", "target", "account", "date", "start", "end",
/// "duration_minutes", "note", "billable", "running", "source", "sync": {"state",
/// "remote_id", "error"}}`.
pub fn assert_entry_shape(e: &Value) {
    let ok = e["id"].is_i64()
        && is_str_or_null(&e["target"])
        && is_str_or_null(&e["account"])
        && e["date"]
            .as_str()
            .is_some_and(|d| d.parse::<NaiveDate>().is_ok())
        && is_str_or_null(&e["start"])
        && is_str_or_null(&e["end"])
        && e["duration_minutes"].is_u64()
        && e["note"].is_string()
        && e["billable"].is_boolean()
        && e["running"].is_boolean()
        && (e["source"] == "local" || e["source"] == "remote")
        && e["sync"].is_object()
        && ["local_only", "pending", "synced", "rejected"]
            .iter()
            .any(|s| e["sync"]["state"] == *s)
        && e["sync"].get("remote_id").is_some_and(is_str_or_null)
        && e["sync"]
            .get("error")
            .is_some_and(|v| v.is_null() || v.is_object());
    assert!(ok, "not an entry as CLI.md has it: {e}");
    for key in ["target", "account", "start", "end"] {
        assert!(e.get(key).is_some(), "entry without `{key}`: {e}");
    }
    assert_eq!(
        e["running"],
        e["end"].is_null() && !e["start"].is_null(),
        "running means started and not ended: {e}"
    );
}

/// CLI.md's `status --json`.
pub fn assert_status_shape(s: &Value) {
    assert!(s.get("running").is_some(), "status without running: {s}");
    if !s["running"].is_null() {
        assert_entry_shape(&s["running"]);
    }
    assert!(
        s["today_minutes"].is_u64() && s["pending"].is_u64() && s["rejected"].is_u64(),
        "status counts: {s}"
    );
    assert!(
        s.get("idle").is_some_and(|i| i.is_null() || i.is_object()),
        "status idle: {s}"
    );
}

/// CLI.md's `report --json`.
pub fn assert_report_shape(r: &Value) {
    let ok = r["from"].is_string()
        && r["to"].is_string()
        && r["total_minutes"].is_u64()
        && r["billable_minutes"].is_u64()
        && r["rows"].as_array().is_some_and(|rows| {
            rows.iter().all(|row| {
                row.get("key").is_some_and(is_str_or_null)
                    && row["minutes"].is_u64()
                    && row["billable_minutes"].is_u64()
            })
        });
    assert!(ok, "not a report as CLI.md has it: {r}");
}
