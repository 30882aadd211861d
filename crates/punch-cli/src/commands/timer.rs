//! `start`, `stop`, `toggle` and `status`.

use chrono::{DateTime, Utc};
use punch_core::Result;
use punch_core::tracker::{StartRequest, ToggleOutcome, Tracker};

use super::{instant_arg, target_arg, to_json_line};
use crate::args::StartArgs;
use crate::render;

pub fn start(
    tracker: &mut Tracker,
    args: &StartArgs,
    json: bool,
    now: DateTime<Utc>,
) -> Result<String> {
    let request = StartRequest {
        target: args.target.as_deref().map(target_arg).transpose()?,
        account: args.account.clone(),
        note: args.note.clone().unwrap_or_default(),
        billable: args.billable.choice(),
        at: args
            .at
            .as_deref()
            .map(|t| instant_arg(t, now))
            .transpose()?,
    };
    let outcome = tracker.start(request, now)?;
    if json {
        let mut doc = serde_json::to_value(outcome.started.to_json(now)).unwrap_or_default();
        doc["switched_from"] = match &outcome.switched_from {
            Some(stop) => render::stop_json(stop, now),
            None => serde_json::Value::Null,
        };
        return Ok(to_json_line(&doc));
    }
    let mut out = String::new();
    if let Some(stop) = &outcome.switched_from {
        out.push_str(&render::stop_line(stop, now));
    }
    out.push_str(&format!(
        "Started {} at {}\n",
        render::what(&outcome.started),
        render::clock_time(outcome.started.start().unwrap_or(now))
    ));
    Ok(out)
}

pub fn stop(
    tracker: &mut Tracker,
    at: Option<&str>,
    json: bool,
    now: DateTime<Utc>,
) -> Result<String> {
    let at = at.map(|t| instant_arg(t, now)).transpose()?;
    let outcome = tracker.stop(at, now)?;
    Ok(if json {
        to_json_line(&render::stop_json(&outcome, now))
    } else {
        render::stop_line(&outcome, now)
    })
}

pub fn toggle(tracker: &mut Tracker, json: bool, now: DateTime<Utc>) -> Result<String> {
    let outcome = tracker.toggle(now)?;
    Ok(match (&outcome, json) {
        (ToggleOutcome::Stopped(stop), true) => to_json_line(&render::stop_json(stop, now)),
        (ToggleOutcome::Stopped(stop), false) => render::stop_line(stop, now),
        (ToggleOutcome::Started(entry), true) => to_json_line(&entry.to_json(now)),
        (ToggleOutcome::Started(entry), false) => format!(
            "Continued {} at {}\n",
            render::what(entry),
            render::clock_time(entry.start().unwrap_or(now))
        ),
    })
}

pub fn status(tracker: &Tracker, json: bool, now: DateTime<Utc>) -> Result<String> {
    let status = tracker.status(now)?;
    if json {
        return Ok(to_json_line(&status.to_json(now)));
    }
    let mut out = match &status.running {
        Some(entry) => format!(
            "Running {} · {} (since {})\n",
            render::elapsed(entry.duration_minutes(now)),
            render::what(entry),
            render::clock_time(entry.start().unwrap_or(now))
        ),
        None => "Not running.\n".to_owned(),
    };
    out.push_str(&format!(
        "Today {}",
        punch_core::forms::format_duration(status.today_minutes)
    ));
    if status.pending > 0 {
        out.push_str(&format!(" · {} waiting to sync", status.pending));
    }
    if status.rejected > 0 {
        out.push_str(&format!(
            " · {} refused by Zoho (see `punch entries`)",
            status.rejected
        ));
    }
    out.push('\n');
    if let Some(asked) = &status.idle {
        out.push_str(&super::idle::status_line(asked));
    }
    Ok(out)
}
