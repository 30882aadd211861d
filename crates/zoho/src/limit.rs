//! Rate limits, kept before Zoho has to enforce them: at most N calls in any 60 seconds
//! per group (Books: an organization; People: one API of one user; Projects: a portal),
//! and a pause while Zoho has a group locked. The policy is pure; where its state lives
//! is the caller's choice (Punch keeps it in its store, so every process shares it).

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;
use std::time::Duration;

use serde::{Deserialize, Serialize};

const WINDOW_MS: i64 = 60_000;

/// A budget: `per_minute` calls in any minute, under `key`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Group {
    pub key: String,
    pub per_minute: u32,
}

impl Group {
    /// Books allows 100 a minute per organization; keep a margin for Zoho's web pages.
    pub fn books(org: &str) -> Group {
        Group {
            key: format!("books:{org}"),
            per_minute: 90,
        }
    }

    /// People counts per API and user: 20 a minute for the timer, 30 for bulk writes;
    /// the other time tracker APIs are undocumented, so they get the stricter 20.
    pub fn people(user: &str, api: &str) -> Group {
        let per_minute = match api {
            "addupdatetimelogs" => 30,
            _ => 20,
        };
        Group {
            key: format!("people:{user}:{api}"),
            per_minute: per_minute - 2,
        }
    }

    /// Projects documents its limit loosely (100 per two minutes): stay well under.
    pub fn projects(portal: &str) -> Group {
        Group {
            key: format!("projects:{portal}"),
            per_minute: 30,
        }
    }
}

/// What a group's budget remembers: the instants (ms) of recent calls and a lock.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BudgetState {
    pub calls: VecDeque<i64>,
    pub locked_until: Option<i64>,
}

impl BudgetState {
    /// Take one call at `now_ms`, or say how long to wait before one is allowed.
    pub fn take(&mut self, per_minute: u32, now_ms: i64) -> Result<(), Duration> {
        if let Some(until) = self.locked_until {
            if until > now_ms {
                return Err(Duration::from_millis((until - now_ms) as u64));
            }
            self.locked_until = None;
        }
        while self.calls.front().is_some_and(|&t| t <= now_ms - WINDOW_MS) {
            self.calls.pop_front();
        }
        if self.calls.len() >= per_minute as usize {
            let oldest = self.calls.front().copied().unwrap_or(now_ms);
            return Err(Duration::from_millis(
                (oldest + WINDOW_MS - now_ms).max(1) as u64
            ));
        }
        self.calls.push_back(now_ms);
        Ok(())
    }

    /// Zoho locked the group until `until_ms`.
    pub fn lock(&mut self, until_ms: i64) {
        self.locked_until = Some(self.locked_until.map_or(until_ms, |t| t.max(until_ms)));
    }
}

/// Where budgets are kept. `update` must run `f` atomically for one key.
pub trait BudgetStore: Send + Sync {
    fn update(&self, key: &str, f: &mut dyn FnMut(&mut BudgetState)) -> Result<(), String>;
}

/// Budgets in this process's memory (tests, and callers with no store).
#[derive(Debug, Default)]
pub struct MemoryBudgets {
    states: Mutex<HashMap<String, BudgetState>>,
}

impl BudgetStore for MemoryBudgets {
    fn update(&self, key: &str, f: &mut dyn FnMut(&mut BudgetState)) -> Result<(), String> {
        let mut states = self.states.lock().map_err(|e| e.to_string())?;
        f(states.entry(key.to_owned()).or_default());
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn never_more_than_the_limit_in_any_minute() {
        let mut state = BudgetState::default();
        for i in 0..5 {
            state.take(5, i * 100).unwrap();
        }
        let wait = state.take(5, 1_000).unwrap_err();
        assert_eq!(wait, Duration::from_millis(59_000));
        state.take(5, 60_000).unwrap(); // the first call left the window
        assert!(state.take(5, 60_050).is_err());
    }

    #[test]
    fn a_lock_holds_until_it_passes() {
        let mut state = BudgetState::default();
        state.lock(300_000);
        assert_eq!(
            state.take(20, 1_000).unwrap_err(),
            Duration::from_millis(299_000)
        );
        state.take(20, 300_000).unwrap();
        assert_eq!(state.locked_until, None);
    }
}
