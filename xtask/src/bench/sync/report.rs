//! The sync figures as rows of the bench's table, targets judged PASS or MISS, and JSON.

use serde_json::{Value, json};

use super::{
    BOOKS_ENTRIES, BOOKS_MINUTE_LIMIT, Figures, PEOPLE_CALLS_TARGET, PEOPLE_ENTRIES, Push,
    REMOTE_LOGS,
};
use crate::bench::output::Verdict;
use crate::bench::stats::round3;

impl Figures {
    /// Books calls a simulated minute, over the whole pass. The limiter lets a minute's
    /// budget go at once and then waits, so a pass that ends just after a burst averages
    /// a little over the limiter's 90 while no 60 s ever holds more.
    pub fn books_per_minute(&self) -> f64 {
        let minutes = self.books_pacing.minutes;
        if minutes > 0.0 {
            self.books.api_calls as f64 / minutes
        } else {
            0.0
        }
    }

    pub fn targets(&self) -> Vec<Verdict> {
        let landed = |what: String, push: &Push| Verdict {
            what,
            measured: Some(push.landed as f64),
            unit: "logs",
            goal: format!("{}", push.entries),
            met: Some(push.all_landed() && push.rate_limited == 0),
        };
        let p = &self.people;
        let busiest = self.books_pacing.busiest_minute;
        let pull = &self.pull;
        vec![
            Verdict {
                what: format!("sync: People push of {PEOPLE_ENTRIES}, addupdatetimelogs calls"),
                measured: Some(p.write_calls as f64),
                unit: "calls",
                goal: format!("<= {PEOPLE_CALLS_TARGET}"),
                met: Some(p.write_calls <= PEOPLE_CALLS_TARGET),
            },
            landed("sync: People push, logs landed in Zoho".into(), p),
            Verdict {
                what: "sync: Books push, calls in the busiest minute".into(),
                measured: Some(busiest as f64),
                unit: "calls",
                goal: format!("< {BOOKS_MINUTE_LIMIT}"),
                met: Some(busiest < BOOKS_MINUTE_LIMIT),
            },
            landed(
                "sync: Books push, entries landed, no 429".into(),
                &self.books,
            ),
            Verdict {
                what: format!("sync: pull of {REMOTE_LOGS} logs, remote entries"),
                measured: Some(pull.remote_entries as f64),
                unit: "logs",
                goal: format!("{REMOTE_LOGS}"),
                met: Some(pull.pulled as usize == pull.logs && pull.remote_entries == pull.logs),
            },
        ]
    }

    pub fn print(&self, width: usize) {
        println!(
            "Sync: one pass each of the sync engine against zoho-sim in process, logs of {} to {}.",
            self.month.0, self.month.1
        );
        println!();
        println!(
            "{:<width$} {:>10} {:>10}",
            "sync pass", "calls", "wall time"
        );
        let row = |label: String, calls: usize, wall_ms: f64| {
            println!("{label:<width$} {calls:>10} {:>10}", seconds(wall_ms));
        };
        row(
            format!("push {PEOPLE_ENTRIES} pending People logs (addupdatetimelogs)"),
            self.people.write_calls,
            self.people.wall_ms,
        );
        row(
            format!("push {BOOKS_ENTRIES} pending Books entries (all Books calls)"),
            self.books.api_calls,
            self.books.wall_ms,
        );
        row(
            format!("pull {REMOTE_LOGS} People logs made in Zoho (gettimelogs)"),
            self.pull.list_calls,
            self.pull.wall_ms,
        );
        let pacing = &self.books_pacing;
        println!(
            "Books pacing: {} calls in {:.2} simulated minutes ({:.2} of them waiting for the budget), {:.1} a minute on average; in any 60 s at most {} let through by the limiter, {} received by Zoho; {} answered 429.",
            self.books.api_calls,
            pacing.minutes,
            pacing.waited_minutes,
            self.books_per_minute(),
            pacing.limiter_busiest_minute,
            pacing.busiest_minute,
            self.books.rate_limited,
        );
        println!(
            "Landed: People {} of {}, Books {} of {}; pulled {} of {} ({} source: remote entries).",
            self.people.landed,
            self.people.entries,
            self.books.landed,
            self.books.entries,
            self.pull.pulled,
            self.pull.logs,
            self.pull.remote_entries,
        );
    }

    pub fn to_json(&self) -> Value {
        let push = |p: &Push| {
            json!({
                "entries": p.entries,
                "pushed": p.pushed,
                "landed_in_zoho": p.landed,
                "entries_holding_zoho_ids": p.synced,
                "write_calls": p.write_calls,
                "api_calls": p.api_calls,
                "rate_limited_answers": p.rate_limited,
                "wall_ms": round3(p.wall_ms),
            })
        };
        let pacing = &self.books_pacing;
        json!({
            "method": "one run_pass each, zoho-sim in process, store on disk; \
                the rate limiter's clock is the simulator's, so budget waits pass in simulated time",
            "month": { "from": self.month.0, "to": self.month.1 },
            "people_push": push(&self.people),
            "books_push": {
                "push": push(&self.books),
                "busiest_minute_calls": pacing.busiest_minute,
                "busiest_minute_calls_let_through_by_limiter": pacing.limiter_busiest_minute,
                "simulated_minutes": round3(pacing.minutes),
                "waited_minutes": round3(pacing.waited_minutes),
                "calls_per_minute_average": round3(self.books_per_minute()),
            },
            "pull": {
                "remote_logs": self.pull.logs,
                "pulled": self.pull.pulled,
                "remote_entries": self.pull.remote_entries,
                "list_calls": self.pull.list_calls,
                "api_calls": self.pull.api_calls,
                "wall_ms": round3(self.pull.wall_ms),
            },
        })
    }
}

fn seconds(ms: f64) -> String {
    format!("{:.2} s", ms / 1000.0)
}

/// Figures as a pass that met every target would give.
#[cfg(test)]
pub fn sample() -> Figures {
    use super::{Pacing, Pull};
    let push = |entries: usize, write_calls: usize| Push {
        entries,
        pushed: entries as u32,
        landed: entries,
        synced: entries,
        write_calls,
        api_calls: write_calls + 4,
        rate_limited: 0,
        wall_ms: 800.0,
    };
    Figures {
        month: ("2026-10-01".parse().unwrap(), "2026-10-31".parse().unwrap()),
        people: push(PEOPLE_ENTRIES, 10),
        books: push(BOOKS_ENTRIES, 1_000),
        books_pacing: Pacing {
            busiest_minute: 91,
            limiter_busiest_minute: 90,
            minutes: 11.0,
            waited_minutes: 10.9,
        },
        pull: Pull {
            logs: REMOTE_LOGS,
            pulled: REMOTE_LOGS as u32,
            remote_entries: REMOTE_LOGS,
            list_calls: 10,
            api_calls: 11,
            wall_ms: 900.0,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn met(figures: &Figures) -> Vec<Option<bool>> {
        figures.targets().iter().map(|v| v.met).collect()
    }

    #[test]
    fn each_sync_target_can_miss() {
        assert_eq!(met(&sample()), [Some(true); 5]);

        let mut f = sample();
        f.people.write_calls = 11;
        f.books_pacing.busiest_minute = 100;
        assert_eq!(met(&f)[0], Some(false));
        assert_eq!(met(&f)[2], Some(false));

        let mut f = sample();
        f.people.synced = 999;
        f.books.rate_limited = 1;
        f.pull.remote_entries = 1_999;
        assert_eq!(
            met(&f),
            [
                Some(true),
                Some(false),
                Some(true),
                Some(false),
                Some(false)
            ]
        );
    }

    #[test]
    fn the_json_holds_the_pacing() {
        let doc = sample().to_json();
        assert_eq!(doc["books_push"]["busiest_minute_calls"], 91);
        assert_eq!(doc["people_push"]["write_calls"], 10);
        assert_eq!(doc["pull"]["remote_entries"], 2_000);
        let average = doc["books_push"]["calls_per_minute_average"]
            .as_f64()
            .unwrap();
        assert!((average - 1_004.0 / 11.0).abs() < 0.001, "{average}");
    }
}
