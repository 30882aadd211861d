//! The idle question in the window: what it says ("The timer ran 12:02–12:58 (56 min)
//! while you were away") and the four answers, through the same core command as the
//! CLI and the tray's notification, so every face agrees.

use chrono::{DateTime, Local, Utc};
use punch_core::idle::Cause;
use punch_core::tracker::{IdleAnswer, IdleOutcome, IdleQuestion, Tracker};
use serde::{Deserialize, Serialize};

use super::{given, target_arg};
use crate::entry_view::{EntryView, clock_time};
use crate::error::{CommandError, CommandResult};
use crate::labels::Labels;

/// The pending question as the window shows it.
#[derive(Debug, Clone, Serialize)]
pub struct IdleView {
    /// RFC 3339 instants.
    pub since: String,
    pub until: String,
    pub minutes: u32,
    pub cause: Cause,
    /// `12:02–12:58`, local time.
    pub times: String,
    /// `56 min`, `1 h 5 min`.
    pub duration: String,
    /// `while you were away`, `while the screen was locked`, `while the computer slept`.
    pub away: String,
    /// The whole sentence: `The timer ran 12:02–12:58 (56 min) while you were away`.
    pub summary: String,
    /// The question's entry as it is now.
    pub entry: EntryView,
}

/// An answer as the UI sends it: `keep`, `discard`, `continue` or `split` (with the idle
/// part's target, blank for none, and the catalog account it was chosen from).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct AnswerInput {
    pub answer: String,
    pub target: Option<String>,
    pub account: Option<String>,
}

/// What the answer did, for the toast.
#[derive(Debug, Clone, Serialize)]
pub struct AnswerView {
    pub answer: String,
    /// The question's entry now; `None` when nothing of it was left.
    pub entry: Option<EntryView>,
    /// Split: the time away as its own entry.
    pub idle: Option<EntryView>,
    /// The entry's time after the stretch, as its own entry.
    pub after: Option<EntryView>,
    /// Continue: the timer started now.
    pub started: Option<EntryView>,
    /// One sentence saying what happened.
    pub message: String,
}

/// How a person would say why the timer ran unattended.
pub fn away_words(cause: Cause) -> &'static str {
    match cause {
        Cause::Idle => "while you were away",
        Cause::Locked => "while the screen was locked",
        Cause::Sleep => "while the computer slept",
    }
}

/// `56 min`, `1 h`, `1 h 5 min`: a duration read at a glance.
pub fn spoken_minutes(minutes: u32) -> String {
    match (minutes / 60, minutes % 60) {
        (0, m) => format!("{m} min"),
        (h, 0) => format!("{h} h"),
        (h, m) => format!("{h} h {m} min"),
    }
}

impl IdleView {
    pub fn new(asked: &IdleQuestion, labels: &Labels, now: DateTime<Utc>) -> IdleView {
        let q = &asked.question;
        let json = asked.to_json(now);
        let times = format!("{}–{}", clock_time(q.since), clock_time(q.until));
        let duration = spoken_minutes(json.minutes);
        let away = away_words(q.cause).to_owned();
        let summary = format!("The timer ran {times} ({duration}) {away}");
        IdleView {
            since: json.since,
            until: json.until,
            minutes: json.minutes,
            cause: q.cause,
            times,
            duration,
            away,
            summary,
            entry: EntryView::new(&asked.entry, labels, now),
        }
    }
}

/// The pending question, if any.
pub fn question(tracker: &Tracker, now: DateTime<Utc>) -> CommandResult<Option<IdleView>> {
    let Some(asked) = tracker.idle_question()? else {
        return Ok(None);
    };
    let labels = Labels::read(tracker.store().conn())?;
    Ok(Some(IdleView::new(&asked, &labels, now)))
}

pub fn answer(
    tracker: &mut Tracker,
    input: AnswerInput,
    now: DateTime<Utc>,
) -> CommandResult<AnswerView> {
    let answer = match input.answer.trim() {
        "keep" => IdleAnswer::Keep,
        "discard" => IdleAnswer::Discard,
        "continue" => IdleAnswer::Continue,
        "split" => IdleAnswer::Split {
            target: target_arg(input.target.as_deref())?,
            account: given(input.account.as_deref()).map(str::to_owned),
        },
        other => {
            return Err(CommandError::invalid(format!(
                "“{other}” is not an answer: keep, discard, continue or split"
            )));
        }
    };
    let outcome = tracker
        .answer_idle(answer.clone(), now)
        .map_err(|e| plain_words(e, tracker))?;
    let labels = Labels::read(tracker.store().conn())?;
    Ok(view(&answer, &outcome, &labels, now))
}

/// The core speaks to the CLI (`answer \`discard\``); the window says it in its own
/// buttons' words.
fn plain_words(error: punch_core::Error, tracker: &Tracker) -> CommandError {
    let error = CommandError::from(error);
    if error.code != "conflict" {
        return error;
    }
    let since = punch_core::store::entries::running(tracker.store().conn())
        .ok()
        .flatten()
        .and_then(|r| r.start())
        .map(|s| format!(" (since {})", s.with_timezone(&Local).format("%H:%M")))
        .unwrap_or_default();
    CommandError::new(
        "conflict",
        format!(
            "Can't continue: another timer is running{since}. Choose Discard, or stop that timer first."
        ),
    )
}

fn view(
    answer: &IdleAnswer,
    outcome: &IdleOutcome,
    labels: &Labels,
    now: DateTime<Utc>,
) -> AnswerView {
    let show =
        |e: &Option<punch_core::entry::Entry>| e.as_ref().map(|e| EntryView::new(e, labels, now));
    let asked = &outcome.asked;
    let stretch = format!(
        "{} ({})",
        format_args!(
            "{}–{}",
            clock_time(asked.question.since),
            clock_time(asked.question.until)
        ),
        spoken_minutes(asked.minutes())
    );
    let name = |e: &Option<punch_core::entry::Entry>| {
        e.as_ref()
            .and_then(|e| e.target.as_ref())
            .map_or_else(|| "no target".to_owned(), |t| labels.of(t).name)
    };
    let message = match answer {
        IdleAnswer::Keep => format!("Kept {stretch}"),
        IdleAnswer::Discard => format!("Discarded {stretch}"),
        IdleAnswer::Continue => format!("Discarded {stretch} and continued"),
        IdleAnswer::Split { .. } => format!("Split {stretch} onto {}", name(&outcome.idle)),
    };
    AnswerView {
        answer: answer.word().to_owned(),
        entry: show(&outcome.entry),
        idle: show(&outcome.idle),
        after: show(&outcome.after),
        started: show(&outcome.started),
        message,
    }
}
