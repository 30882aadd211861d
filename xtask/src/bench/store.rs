//! A 100,000-entry store written through punch-core's API, and the in-process report query timing.

use std::path::Path;
use std::time::Instant;

use chrono::{Datelike, Local, NaiveDate, NaiveTime, TimeDelta, Utc, Weekday};
use punch_core::clock::{day_start, local_instant};
use punch_core::entry::{Source, When};
use punch_core::report::{self, GroupBy};
use punch_core::store::Store;
use punch_core::store::entries::{self, Draft};
use punch_core::target::Target;
use punch_core::tracker::Tracker;
use serde_json::{Value, json};

use super::stats::{self, Series};

/// A mix of all three products and every Projects kind, as one person with several
/// clients would have.
const TARGETS: &[&str] = &[
    "books:1001/2001",
    "books:1001/2002",
    "books:1001/2003",
    "books:1002/2011",
    "books:1002/2012",
    "books:1003/2021",
    "people:7001",
    "people:7002",
    "people:7003",
    "people:7004",
    "projects:3001/task/4001",
    "projects:3001/task/4002",
    "projects:3001/task/4003",
    "projects:3001/bug/5001",
    "projects:3001/bug/5002",
    "projects:3002/task/4011",
    "projects:3002/task/4012",
    "projects:3002/bug/5011",
    "projects:3002/general/Meetings",
    "projects:3003/general/Support",
];

const NOTES: &[&str] = &[
    "",
    "",
    "",
    "standup",
    "code review",
    "fix login",
    "support ticket",
    "planning",
    "customer call",
    "deploy",
    "write docs",
];

/// What went into the store, for the record.
#[derive(Debug)]
pub struct Generated {
    pub entries: usize,
    pub first_day: NaiveDate,
    pub last_day: NaiveDate,
    pub working_days: usize,
    pub local_only: usize,
    pub durations: usize,
    pub across_midnight: usize,
    pub write_seconds: f64,
}

impl Generated {
    pub fn to_json(&self) -> Value {
        json!({
            "entries": self.entries,
            "first_day": self.first_day,
            "last_day": self.last_day,
            "working_days": self.working_days,
            "local_only": self.local_only,
            "duration_entries": self.durations,
            "across_midnight": self.across_midnight,
            "write_seconds": stats::round3(self.write_seconds),
        })
    }
}

/// SplitMix64: the same store on every run, without a dependency for it.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    fn one_in(&mut self, n: u64) -> bool {
        self.below(n) == 0
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }
}

/// Write `count` entries into a new store in `home`, on working days ending at
/// `last_day` and going back as far as they need (about ten years for 100,000).
pub fn generate(home: &Path, count: usize, last_day: NaiveDate) -> Result<Generated, String> {
    let targets: Vec<Target> = TARGETS
        .iter()
        .map(|t| t.parse().map_err(|e| format!("bench target {t}: {e}")))
        .collect::<Result<_, String>>()?;
    let mut rng = Rng(0x0070_756e_6368);
    let mut drafts = Vec::with_capacity(count);
    let mut day = last_day;
    let mut working_days = 0;
    let mut across_midnight = 0;
    while drafts.len() < count {
        if !matches!(day.weekday(), Weekday::Sat | Weekday::Sun) {
            // 28 to 48 a day: short tasks, calls and reviews, about 38 on average.
            let wanted = (28 + rng.below(21) as usize).min(count - drafts.len());
            across_midnight += one_day(&mut rng, day, wanted, &targets, &mut drafts);
            working_days += 1;
        }
        day = day.pred_opt().ok_or("ran out of calendar")?;
    }
    let now = Utc::now();
    let started = Instant::now();
    let mut store = Store::open(home).map_err(|e| e.to_string())?;
    // One transaction: 100,000 commits with a full fsync each would take minutes.
    store
        .write(|tx| {
            for draft in &drafts {
                entries::insert(tx, draft, now)?;
            }
            Ok(())
        })
        .map_err(|e| format!("writing the bench store: {e}"))?;
    Ok(Generated {
        entries: drafts.len(),
        first_day: day.succ_opt().unwrap_or(day),
        last_day,
        working_days,
        local_only: drafts.iter().filter(|d| d.target.is_none()).count(),
        durations: drafts
            .iter()
            .filter(|d| matches!(d.when, When::Duration { .. }))
            .count(),
        across_midnight,
        write_seconds: started.elapsed().as_secs_f64(),
    })
}

/// One working day: back-to-back spans from about 08:00, a few logged durations, and
/// now and then a late session that runs past midnight. Returns how many of the latter.
fn one_day(
    rng: &mut Rng,
    day: NaiveDate,
    wanted: usize,
    targets: &[Target],
    out: &mut Vec<Draft>,
) -> usize {
    let at = |h, m| {
        let time = NaiveTime::from_hms_opt(h, m, 0).unwrap_or(NaiveTime::MIN);
        local_instant(day, time, &Local).unwrap_or_else(|_| day_start(day, &Local))
    };
    let mut clock = at(8, rng.below(60) as u32);
    let mut late = 0;
    for k in 0..wanted {
        let when = if rng.one_in(25) {
            When::Duration {
                minutes: 15 * (1 + rng.below(8) as u32),
            }
        } else if k + 1 == wanted && rng.one_in(150) {
            late += 1;
            let start = at(23, rng.below(40) as u32);
            let minutes = 60 + rng.below(60) as i64;
            When::Span {
                start,
                end: Some(start + TimeDelta::minutes(minutes)),
            }
        } else {
            let start = clock + TimeDelta::minutes(rng.below(6) as i64);
            let end = start + TimeDelta::minutes(5 + rng.below(16) as i64);
            clock = end;
            When::Span {
                start,
                end: Some(end),
            }
        };
        out.push(Draft {
            date: day,
            when,
            target: (!rng.one_in(8)).then(|| rng.pick(targets).clone()),
            account: None,
            note: (*rng.pick(NOTES)).to_owned(),
            billable: !rng.one_in(4),
            source: Source::Local,
        });
    }
    late
}

/// Monday to Sunday of the last full week before `today`.
pub fn last_full_week(today: NaiveDate) -> (NaiveDate, NaiveDate) {
    let back = i64::from(today.weekday().num_days_from_monday()) + 7;
    let monday = today - TimeDelta::days(back);
    (monday, monday + TimeDelta::days(6))
}

/// Time what `punch report` asks of the core: the week's entries, then the totals. The
/// store is opened once, as the tray and the window keep it open.
pub fn time_query(
    home: &Path,
    (from, to): (NaiveDate, NaiveDate),
    warmup: usize,
    runs: usize,
) -> Result<(Series, usize), String> {
    let tracker = Tracker::open(home).map_err(|e| e.to_string())?;
    let now = Utc::now();
    let mut seen = 0;
    let series = stats::in_process(warmup, runs, || {
        let entries = tracker.entries(from, to).map_err(|e| e.to_string())?;
        let report = report::build(&entries, from, to, GroupBy::Day, tracker.time_zone(), now);
        seen = entries.len();
        std::hint::black_box(report);
        Ok(())
    })?;
    Ok((series, seen))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_small_store_has_what_was_asked_and_reports_its_week() {
        let home = tempfile::tempdir().unwrap();
        let today: NaiveDate = "2026-11-25".parse().unwrap();
        let last = today.pred_opt().unwrap();
        let made = generate(home.path(), 2_000, last).unwrap();
        assert_eq!(made.entries, 2_000);
        assert_eq!(made.last_day, last);
        assert!(made.working_days >= 2_000 / 48 && made.working_days <= 2_000 / 28 + 1);
        assert!(made.local_only > 0 && made.durations > 0);

        let week = last_full_week(today);
        assert_eq!(week.0.weekday(), Weekday::Mon);
        assert_eq!(week.1, "2026-11-22".parse().unwrap());
        let (series, seen) = time_query(home.path(), week, 1, 3).unwrap();
        assert_eq!(series.runs(), 3);
        // Five working days of 28 to 48 entries each.
        assert!((5 * 28..=5 * 48).contains(&seen), "{seen}");
    }

    #[test]
    fn the_generator_is_deterministic() {
        let a: Vec<u64> = (0..4).scan(Rng(1), |r, _| Some(r.next())).collect();
        let b: Vec<u64> = (0..4).scan(Rng(1), |r, _| Some(r.next())).collect();
        assert_eq!(a, b);
        assert_ne!(a[0], a[1]);
    }
}
