//! `punch idle keep|discard|continue|split [TARGET]`: answer the pending idle question,
//! and the line `punch status` shows about it.

use chrono::{DateTime, Utc};
use punch_core::Result;
use punch_core::entry::Entry;
use punch_core::forms::format_duration;
use punch_core::tracker::{IdleAnswer, IdleOutcome, IdleQuestion, Tracker};

use super::{invalid, target_arg, to_json_line};
use crate::args::IdleChoice;
use crate::render::{self, clock_time};

pub fn answer(
    tracker: &mut Tracker,
    choice: IdleChoice,
    target: Option<&str>,
    account: Option<&str>,
    json: bool,
    now: DateTime<Utc>,
) -> Result<String> {
    if choice != IdleChoice::Split && (target.is_some() || account.is_some()) {
        return Err(invalid(
            "only `punch idle split` takes a TARGET or --account".to_owned(),
        ));
    }
    let answer = match choice {
        IdleChoice::Keep => IdleAnswer::Keep,
        IdleChoice::Discard => IdleAnswer::Discard,
        IdleChoice::Continue => IdleAnswer::Continue,
        IdleChoice::Split => IdleAnswer::Split {
            target: target.map(target_arg).transpose()?,
            account: account.map(str::to_owned),
        },
    };
    let word = answer.word();
    let outcome = tracker.answer_idle(answer, now)?;
    Ok(if json {
        let entry = |e: &Option<Entry>| {
            e.as_ref().map_or(serde_json::Value::Null, |e| {
                serde_json::to_value(e.to_json(now)).unwrap_or_default()
            })
        };
        to_json_line(&serde_json::json!({
            "answer": word,
            "question": outcome.asked.to_json(now),
            "entry": entry(&outcome.entry),
            "idle": entry(&outcome.idle),
            "after": entry(&outcome.after),
            "started": entry(&outcome.started),
        }))
    } else {
        lines(word, &outcome, now)
    })
}

/// `12:00–13:00 (1h)`.
fn stretch(asked: &IdleQuestion) -> String {
    format!(
        "{}–{} ({})",
        clock_time(asked.question.since),
        clock_time(asked.question.until),
        format_duration(asked.minutes())
    )
}

fn lines(word: &str, outcome: &IdleOutcome, now: DateTime<Utc>) -> String {
    let asked = &outcome.asked;
    let what = render::what(&asked.entry);
    let mut out = match (word, &outcome.entry) {
        ("keep", _) => format!("Kept {} on {what}\n", stretch(asked)),
        (_, Some(entry)) if entry.end() == Some(asked.question.since) => format!(
            "{what} ends at {} ({}); the time away, {}, is not on it\n",
            clock_time(asked.question.since),
            format_duration(entry.duration_minutes(now)),
            stretch(asked)
        ),
        (_, Some(_)) => format!(
            "{what} did not reach into the time away, {}: it is unchanged\n",
            stretch(asked)
        ),
        (_, None) => format!(
            "Discarded {what}: all of it was in the time away, {}\n",
            stretch(asked)
        ),
    };
    if let Some(idle) = &outcome.idle {
        out.push_str(&format!(
            "Logged {} as {} [id {}]\n",
            stretch(asked),
            render::what(idle),
            idle.id
        ));
    }
    if let Some(after) = &outcome.after {
        let verb = if after.is_running() {
            "goes on"
        } else {
            "stays"
        };
        out.push_str(&format!(
            "{} {verb}: {} [id {}]\n",
            render::what(after),
            render::times(after),
            after.id
        ));
    }
    if let Some(started) = &outcome.started {
        out.push_str(&format!(
            "Started {} at {}\n",
            render::what(started),
            clock_time(started.start().unwrap_or(now))
        ));
    }
    out
}

/// `punch status`'s line about a pending question.
pub fn status_line(asked: &IdleQuestion) -> String {
    format!(
        "Idle: {} ran {} while you were away: answer with `punch idle keep|discard|continue|split [TARGET]`\n",
        render::what(&asked.entry),
        stretch(asked)
    )
}
