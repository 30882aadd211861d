//! A store that looks lived in: a Books account signed in to zoho-sim (so targets carry
//! the catalog's project and task names, as they do for a real user), a working
//! morning of entries, and a timer running since an hour and 23 minutes ago.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::Command;

use chrono::{SubsecRound, TimeDelta, Timelike, Utc};
use punch_core::entry::rfc3339;
use serde_json::Value;
use zoho_sim::{RunningSim, SimConfig};

use crate::cmd;
use crate::desktop::Desktop;

/// The simulator's own API client (zoho-sim's default configuration).
const CLIENT_ID: &str = "1000.SIMCLIENT";
const CLIENT_SECRET: &str = "sim-secret";

/// The morning, oldest first: (project, task, note, minutes before now it started,
/// minutes before now it stopped). The last one is still running.
const DAY: &[(&str, &str, &str, i64, i64)] = &[
    (
        "Internal",
        "Training",
        "Security awareness course",
        300,
        275,
    ),
    ("Website relaunch", "Meetings", "Daily stand-up", 270, 255),
    ("Mobile app MVP", "Design", "Onboarding screens", 250, 170),
    (
        "Data warehouse migration",
        "ETL development",
        "Nightly load job",
        165,
        88,
    ),
    ("Website relaunch", "Development", "Checkout flow", 83, 0),
];

/// The store and the simulator it syncs with, which must outlive the tray.
#[derive(Debug)]
pub struct Seeded {
    pub home: PathBuf,
    pub sim: RunningSim,
}

impl Seeded {
    /// `punch` with this store and simulator, on `desktop`.
    pub fn punch(&self, desktop: &Desktop, punch: &Path) -> Command {
        let mut command = desktop.command(punch);
        command
            .env("PUNCH_HOME", &self.home)
            .env("PUNCH_ZOHO_ENDPOINT", self.sim.base_url());
        command
    }
}

pub fn seed(desktop: &Desktop, punch: &Path) -> Result<Seeded, String> {
    let sim = RunningSim::start(SimConfig::default(), 0)
        .map_err(|e| format!("zoho-sim can't listen: {e}"))?;
    let seeded = Seeded {
        home: desktop.dir("punch-home"),
        sim,
    };
    let run = |args: &[&str]| cmd::stdout_of(seeded.punch(desktop, punch).args(args));
    let code = self_client_code(&seeded.sim.base_url())?;
    run(&[
        "account",
        "add",
        "books",
        "--client-id",
        CLIENT_ID,
        "--client-secret",
        CLIENT_SECRET,
        "--grant-code",
        &code,
    ])?;
    let catalog: Value = serde_json::from_str(&run(&["targets", "--refresh", "--json"])?)
        .map_err(|e| format!("`punch targets --json` is not JSON: {e}"))?;
    // The pictures are taken within half a minute of seeding: started early in a
    // minute, every picture shows the same elapsed time.
    let second = Utc::now().second();
    if second > 30 {
        std::thread::sleep(std::time::Duration::from_secs(u64::from(61 - second)));
    }
    let now = Utc::now().trunc_subsecs(0);
    let now = now.with_second(0).unwrap_or(now);
    for &(project, task, note, from, to) in DAY {
        let target = find(&catalog, project, task)?;
        let at = |minutes_ago: i64| rfc3339(now - TimeDelta::minutes(minutes_ago));
        run(&["start", &target, "--note", note, "--at", &at(from)])?;
        if to > 0 {
            run(&["stop", "--at", &at(to)])?;
        }
    }
    Ok(seeded)
}

/// The target of `project` / `task` in `punch targets --json`.
fn find(catalog: &Value, project: &str, task: &str) -> Result<String, String> {
    catalog
        .as_array()
        .into_iter()
        .flatten()
        .find(|t| t["project"] == project && t["name"] == task)
        .and_then(|t| t["target"].as_str())
        .map(str::to_owned)
        .ok_or_else(|| format!("the simulator's catalog has no {project} / {task}"))
}

/// A grant code as Zoho's API console shows a Self Client one, from the simulator's
/// `/_sim/oauth/self-client-code`. One small HTTP/1.1 request: no client is worth
/// adding to xtask for it.
fn self_client_code(base_url: &str) -> Result<String, String> {
    let host = base_url
        .strip_prefix("http://")
        .ok_or_else(|| format!("unexpected simulator address {base_url}"))?;
    let mut stream = std::net::TcpStream::connect(host)
        .map_err(|e| format!("can't reach zoho-sim at {host}: {e}"))?;
    write!(
        stream,
        "POST /_sim/oauth/self-client-code HTTP/1.1\r\nHost: {host}\r\n\
         Content-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{{}}"
    )
    .map_err(|e| format!("can't ask zoho-sim for a code: {e}"))?;
    let mut answer = String::new();
    stream
        .read_to_string(&mut answer)
        .map_err(|e| format!("zoho-sim's answer: {e}"))?;
    let body = answer.split_once("\r\n\r\n").map_or("", |(_, b)| b);
    let json: Value = serde_json::from_str(body.trim())
        .map_err(|e| format!("zoho-sim's code is not JSON ({e}): {answer}"))?;
    json["code"]
        .as_str()
        .map(str::to_owned)
        .ok_or_else(|| format!("zoho-sim gave no code: {answer}"))
}
