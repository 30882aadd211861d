//! When the tray speaks up unasked: a timer running suspiciously long, nothing tracked
//! during working hours, sync news the user must act on. Pure decisions, given the
//! time, so the loop only asks "now?" and "when next?".

use std::collections::BTreeSet;

use chrono::{DateTime, Datelike, Days, NaiveDateTime, NaiveTime, TimeDelta, Utc};
use punch_core::entry::EntryId;
use punch_core::sync::SyncSummary;

use crate::notify::Note;

/// Asks once per running entry whether it is still running, after `limit`.
#[derive(Debug, Clone)]
pub struct LongTimer {
    pub limit: TimeDelta,
    asked: Option<EntryId>,
}

impl LongTimer {
    pub fn new(limit: TimeDelta) -> LongTimer {
        LongTimer { limit, asked: None }
    }

    /// Whether to ask now about `running` (its id and start); remembers having asked.
    pub fn check(&mut self, running: Option<(EntryId, DateTime<Utc>)>, now: DateTime<Utc>) -> bool {
        match running {
            Some((id, start)) if self.asked != Some(id) && now - start >= self.limit => {
                self.asked = Some(id);
                true
            }
            _ => false,
        }
    }

    /// When [`LongTimer::check`] could next say yes.
    pub fn next_check(&self, running: Option<(EntryId, DateTime<Utc>)>) -> Option<DateTime<Utc>> {
        running
            .filter(|(id, _)| self.asked != Some(*id))
            .map(|(_, start)| start + self.limit)
    }
}

/// When someone is expected to be tracking time, in local time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorkingHours {
    /// Monday first.
    pub days: [bool; 7],
    pub start: NaiveTime,
    pub end: NaiveTime,
    /// How long nothing may run before the reminder.
    pub quiet_for: TimeDelta,
}

impl Default for WorkingHours {
    /// Monday to Friday, 9:00 to 17:00, after 30 quiet minutes.
    fn default() -> Self {
        WorkingHours {
            days: [true, true, true, true, true, false, false],
            start: NaiveTime::from_hms_opt(9, 0, 0).unwrap_or_default(),
            end: NaiveTime::from_hms_opt(17, 0, 0).unwrap_or_default(),
            quiet_for: TimeDelta::minutes(30),
        }
    }
}

impl WorkingHours {
    /// The first instant, at or after `from`, when a reminder for a quiet stretch that
    /// began at `idle_since` would be due: `quiet_for` into the stretch, counted from
    /// the day's start when the stretch began before it, and inside working hours.
    /// `None` when the stretch was already reminded of, or no working day is near.
    pub fn reminder_at(
        &self,
        idle_since: NaiveDateTime,
        reminded: Option<NaiveDateTime>,
        from: NaiveDateTime,
    ) -> Option<NaiveDateTime> {
        if reminded.is_some_and(|at| at >= idle_since) {
            return None;
        }
        (0..8u64).find_map(|offset| {
            let day = from.date().checked_add_days(Days::new(offset))?;
            let weekday = day.weekday().num_days_from_monday() as usize;
            if !self.days[weekday] {
                return None;
            }
            let opens = day.and_time(self.start);
            let closes = day.and_time(self.end);
            let at = (idle_since.max(opens) + self.quiet_for).max(from);
            (at < closes).then_some(at)
        })
    }

    /// Whether to remind now that nothing is tracked.
    pub fn remind_now(
        &self,
        running: bool,
        idle_since: NaiveDateTime,
        reminded: Option<NaiveDateTime>,
        now: NaiveDateTime,
    ) -> bool {
        !running && self.reminder_at(idle_since, reminded, now) == Some(now)
    }
}

/// What the user has already been told about sync, so news is told once.
#[derive(Debug, Clone, Default)]
pub struct SyncNews {
    rejected: u64,
    needs_login: BTreeSet<String>,
}

impl SyncNews {
    /// The notes a finished pass calls for: entries newly refused (in Zoho's words),
    /// accounts newly needing sign-in. Fixed problems are forgotten, so a relapse is
    /// told again.
    pub fn after_pass(&mut self, summary: &SyncSummary) -> Vec<Note> {
        let mut notes = Vec::new();
        if summary.rejected > self.rejected {
            let words: Vec<String> = summary
                .errors
                .iter()
                .filter(|p| p.code == "rejected")
                .map(|p| format!("{}: {}", p.account, p.message))
                .collect();
            notes.push(Note::rejected(summary.rejected - self.rejected, &words));
        }
        self.rejected = summary.rejected;
        let mut login = BTreeSet::new();
        for problem in summary.errors.iter().filter(|p| p.code == "needs_login") {
            if !self.needs_login.contains(&problem.account) {
                notes.push(Note::needs_login(&problem.account, &problem.message));
            }
            login.insert(problem.account.clone());
        }
        self.needs_login = login;
        notes
    }
}

#[cfg(test)]
#[path = "nudges_tests.rs"]
mod tests;
