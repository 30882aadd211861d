//! The idle question in the store: asked by the tray, answered by any face (`punch
//! idle`, the tray's notification, the window). Each answer is one transaction with the
//! outbox rows its changes need, so a refused answer changes nothing.
//!
//! The entry may have changed between the question and the answer (stopped, edited,
//! another timer started). Every answer works on the part of the entry that still lies
//! in the idle stretch [since, until):
//! - **keep**: nothing changes but the question goes.
//! - **discard**: the entry ends at `since`. If it had already been stopped after
//!   `until`, the time after `until` was worked and stays, as an entry of its own; if it
//!   still runs, the timer stops (the user chose not to continue).
//! - **continue**: as discard, then a new entry on the same target, note and billable
//!   flag starts now. Refused while another timer runs (answer discard, or stop it).
//! - **split**: the stretch becomes an entry of its own [since, until) on the target
//!   given (local-only without one); the entry ends at `since`, and what it had after
//!   `until` goes on as a new entry (still running, if it ran).
//!
//! When the entry no longer reaches into the stretch (stopped before `since`, or moved),
//! there is nothing of it to cut: keep, discard and continue leave it alone, and split
//! still records the stretch. A piece shorter than a minute is dropped, as everywhere.

use chrono::{DateTime, Local, Utc};
use rusqlite::Connection;
use serde::Serialize;

use super::timer_commands::throw_away;
use super::{Tracker, template};
use crate::clock::local_date;
use crate::entry::{Entry, EntryJson, Source, SyncState, When};
use crate::idle::Question;
use crate::store::accounts::{self, TimerMode};
use crate::store::entries::{self, Draft};
use crate::store::idle;
use crate::store::outbox::{self, Op};
use crate::target::TargetRef;
use crate::timer::{MIN_ENTRY, Template};
use crate::{Error, Result};

/// The pending question, with its entry as it is now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IdleQuestion {
    pub question: Question,
    pub entry: Entry,
    pub asked: DateTime<Utc>,
}

/// `status --json`'s `idle`: `{"since", "minutes", "entry"}` (and a little more).
#[derive(Debug, Clone, Serialize)]
pub struct IdleJson {
    pub since: String,
    pub until: String,
    pub minutes: u32,
    pub cause: crate::idle::Cause,
    pub entry: EntryJson,
}

impl IdleQuestion {
    /// Whole minutes the question is about.
    pub fn minutes(&self) -> u32 {
        crate::split::round_minutes((self.question.until - self.question.since).num_milliseconds())
    }

    pub fn to_json(&self, now: DateTime<Utc>) -> IdleJson {
        let rfc = crate::entry::rfc3339;
        IdleJson {
            since: rfc(self.question.since),
            until: rfc(self.question.until),
            minutes: self.minutes(),
            cause: self.question.cause,
            entry: self.entry.to_json(now),
        }
    }
}

/// An answer to the idle question.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IdleAnswer {
    Keep,
    Discard,
    Continue,
    Split {
        target: Option<TargetRef>,
        account: Option<String>,
    },
}

impl IdleAnswer {
    pub fn word(&self) -> &'static str {
        match self {
            IdleAnswer::Keep => "keep",
            IdleAnswer::Discard => "discard",
            IdleAnswer::Continue => "continue",
            IdleAnswer::Split { .. } => "split",
        }
    }
}

/// What an answer did.
#[derive(Debug, Clone)]
pub struct IdleOutcome {
    pub asked: IdleQuestion,
    /// The question's entry now; `None` when nothing of it was left (it was all idle).
    pub entry: Option<Entry>,
    /// Split: the stretch as an entry of its own.
    pub idle: Option<Entry>,
    /// The entry's time after the stretch, as an entry of its own.
    pub after: Option<Entry>,
    /// Continue: the new running entry.
    pub started: Option<Entry>,
}

fn no_question() -> Error {
    Error::NothingToDo("no idle question is pending".into())
}

impl Tracker {
    /// The pending idle question, if any.
    pub fn idle_question(&self) -> Result<Option<IdleQuestion>> {
        read(self.store.conn())
    }

    /// Store `question` if its entry still holds some of the stretch (it may have been
    /// stopped since: by the person back at the keyboard before the tray noticed them),
    /// replacing an unanswered one, which counts as kept. The stretch is narrowed to the
    /// entry's own time. Returns what is now pending, or `None` if nothing was asked.
    pub fn ask_idle(
        &mut self,
        question: Question,
        now: DateTime<Utc>,
    ) -> Result<Option<IdleQuestion>> {
        self.store.write(|tx| {
            let Some(When::Span { start, end }) = entries::get(tx, question.entry)?.map(|e| e.when)
            else {
                return Ok(None);
            };
            let question = Question {
                since: question.since.max(start),
                until: end.map_or(question.until, |end| end.min(question.until)),
                ..question
            };
            if question.until - question.since < MIN_ENTRY {
                return Ok(None);
            }
            idle::put(tx, &question, now)?;
            read(tx)
        })
    }

    /// Answer the pending question (exit 1, `nothing_to_do`, when there is none).
    pub fn answer_idle(&mut self, answer: IdleAnswer, now: DateTime<Utc>) -> Result<IdleOutcome> {
        self.store.write(|tx| {
            let asked = read(tx)?.ok_or_else(no_question)?;
            let outcome = apply(tx, &asked, &answer, now)?;
            idle::clear(tx)?;
            Ok(outcome)
        })
    }
}

fn read(conn: &Connection) -> Result<Option<IdleQuestion>> {
    let Some((question, asked)) = idle::get(conn)? else {
        return Ok(None);
    };
    Ok(
        entries::get(conn, question.entry)?.map(|entry| IdleQuestion {
            question,
            entry,
            asked,
        }),
    )
}

/// The entry's time outside the stretch: before `since` and after `until`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Cut {
    /// Whether any of the entry lies inside the stretch.
    touches: bool,
    before: Option<(DateTime<Utc>, DateTime<Utc>)>,
    /// From `until` on; an open end while the entry runs.
    after: Option<(DateTime<Utc>, Option<DateTime<Utc>>)>,
}

fn cut(entry: &Entry, question: &Question) -> Cut {
    let When::Span { start, end } = entry.when else {
        return Cut {
            touches: false,
            before: None,
            after: None,
        };
    };
    let (since, until) = (question.since, question.until);
    let touches = start < until && end.is_none_or(|end| end > since);
    if !touches {
        return Cut {
            touches,
            before: None,
            after: None,
        };
    }
    Cut {
        touches,
        before: (start < since).then_some((start, since)),
        after: end
            .is_none_or(|end| end > until)
            .then_some((start.max(until), end)),
    }
}

fn apply(
    tx: &Connection,
    asked: &IdleQuestion,
    answer: &IdleAnswer,
    now: DateTime<Utc>,
) -> Result<IdleOutcome> {
    let entry = &asked.entry;
    let about = Template {
        target: entry.target.clone(),
        account: entry.account.clone(),
        note: entry.note.clone(),
        billable: entry.billable,
    };
    let mut outcome = IdleOutcome {
        asked: asked.clone(),
        entry: Some(entry.clone()),
        idle: None,
        after: None,
        started: None,
    };
    if *answer == IdleAnswer::Keep {
        return Ok(outcome);
    }
    if *answer == IdleAnswer::Continue
        && let Some(other) = entries::running(tx)?.filter(|r| r.id != entry.id)
    {
        return Err(Error::Conflict(format!(
            "another timer runs now (entry {}, since {}): answer `discard`, or stop it first",
            other.id,
            other
                .start()
                .map(|s| s.with_timezone(&Local).format("%H:%M").to_string())
                .unwrap_or_default()
        )));
    }
    // Resolved before anything is written, so an unknown alias refuses the whole answer.
    let split = match answer {
        IdleAnswer::Split { target, account } => {
            Some(template(tx, target.as_ref(), account.as_deref(), "", None)?)
        }
        _ => None,
    };
    let pieces = cut(entry, &asked.question);
    if pieces.touches {
        outcome.entry = end_at_since(tx, entry, pieces.before, now)?;
        let keep_after = split.is_some() || !entry.is_running();
        if let Some((start, end)) = pieces.after.filter(|_| keep_after) {
            outcome.after = insert(tx, &about, start, end, now)?;
        }
    }
    if let Some(split) = &split {
        let q = &asked.question;
        outcome.idle = insert(tx, split, q.since, Some(q.until), now)?;
    }
    if *answer == IdleAnswer::Continue {
        outcome.started = insert(tx, &about, now, None, now)?;
    }
    Ok(outcome)
}

/// The entry keeps only its time before the stretch; with none (or under a minute)
/// left, it goes. Returns the entry as stored, if it stays.
fn end_at_since(
    tx: &Connection,
    entry: &Entry,
    before: Option<(DateTime<Utc>, DateTime<Utc>)>,
    now: DateTime<Utc>,
) -> Result<Option<Entry>> {
    let Some((start, end)) = before.filter(|(start, end)| *end - *start >= MIN_ENTRY) else {
        throw_away(tx, entry, now)?;
        return Ok(None);
    };
    let mut ended = entry.clone();
    ended.when = When::Span {
        start,
        end: Some(end),
    };
    ended.sync = SyncState::for_target(ended.target.as_ref());
    entries::save(tx, &ended, now)?;
    if let Some(target) = &ended.target {
        let op = if entry.is_running() {
            match timer_mode(tx, entry.account.as_deref())? {
                TimerMode::Log => Op::Create,
                TimerMode::Mirror => Op::TimerStop,
            }
        } else if entries::has_remote_logs(tx, entry.id)? {
            Op::Update
        } else {
            Op::Create
        };
        outbox::push(
            tx,
            entry.id,
            op,
            Some(target),
            entry.account.as_deref(),
            now,
        )?;
    }
    entries::get(tx, entry.id)
}

/// A new entry about `about` from `start` (running when `end` is `None`), queued for
/// Zoho like any other; a finished one under a minute is not made.
fn insert(
    tx: &Connection,
    about: &Template,
    start: DateTime<Utc>,
    end: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> Result<Option<Entry>> {
    if end.is_some_and(|end| end - start < MIN_ENTRY) {
        return Ok(None);
    }
    let draft = Draft {
        date: local_date(start, &Local),
        when: When::Span { start, end },
        target: about.target.clone(),
        account: about.account.clone(),
        note: about.note.clone(),
        billable: about.billable,
        source: Source::Local,
    };
    let id = entries::insert(tx, &draft, now)?;
    if let Some(target) = &draft.target {
        let op = match (end, timer_mode(tx, draft.account.as_deref())?) {
            (Some(_), _) => Some(Op::Create),
            (None, TimerMode::Mirror) => Some(Op::TimerStart),
            (None, TimerMode::Log) => None,
        };
        if let Some(op) = op {
            outbox::push(tx, id, op, Some(target), draft.account.as_deref(), now)?;
        }
    }
    entries::get(tx, id)
}

fn timer_mode(conn: &Connection, account: Option<&str>) -> Result<TimerMode> {
    Ok(match account {
        Some(name) => accounts::get(conn, name)?.map_or(TimerMode::Log, |a| a.timer_mode),
        None => TimerMode::Log,
    })
}

#[cfg(test)]
#[path = "idle_tests.rs"]
mod tests;
