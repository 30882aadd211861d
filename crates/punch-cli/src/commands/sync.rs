//! `punch sync`: one full pass in this process, when no tray runs (or on demand).

use std::path::Path;

use chrono::{DateTime, Utc};
use punch_core::connect::session_for;
use punch_core::sync::{PassOptions, SyncSummary, run_pass};
use punch_core::tracker::Tracker;

use super::accounts::{endpoint_override, secret_store};
use super::{Failed, to_json_line};

pub fn run(
    tracker: &mut Tracker,
    home: &Path,
    json: bool,
    now: DateTime<Utc>,
) -> Result<String, Failed> {
    let secrets = secret_store(home)?;
    let endpoint = endpoint_override();
    let db = tracker.store().path().to_path_buf();
    let sessions = |account: &punch_core::store::accounts::Account| {
        session_for(&db, secrets.as_ref(), account, endpoint.as_deref())
    };
    let options = PassOptions::standard(tracker.today(now));
    let summary = run_pass(tracker, &sessions, &options, now)?;
    let stdout = if json {
        to_json_line(&summary)
    } else {
        human(&summary)
    };
    match &summary.error {
        // CLI.md: on exit 1 the summary is still printed, with its "error" key.
        Some(problem) => Err(Failed {
            error: Box::new(punch_core::Error::NothingToDo(format!(
                "{} ({})",
                problem.message, problem.account
            ))),
            code: Some(problem.code.clone()),
            stdout: Some(stdout),
        }),
        None => Ok(stdout),
    }
}

fn human(summary: &SyncSummary) -> String {
    let mut out = format!(
        "Sent {} logs to Zoho, merged {} from Zoho.",
        summary.pushed, summary.pulled
    );
    if summary.pending > 0 {
        out.push_str(&format!(
            " {} entries still wait to be sent.",
            summary.pending
        ));
    }
    out.push('\n');
    if summary.rejected > 0 {
        out.push_str(&format!(
            "{} entries were refused by Zoho: see `punch entries` for Zoho's words, edit them to send again.\n",
            summary.rejected
        ));
    }
    for problem in &summary.errors {
        let code = problem
            .zoho_code
            .map(|c| format!(" (Zoho code {c})"))
            .unwrap_or_default();
        out.push_str(&format!(
            "  {}: {}{code}\n",
            problem.account, problem.message
        ));
    }
    out
}
