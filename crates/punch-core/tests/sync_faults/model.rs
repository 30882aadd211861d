//! What the user did, kept apart from Punch: every change a scenario makes goes through
//! the tracker and is also applied here, by hand, so the end state can be checked
//! against intent (a change that sync overwrote or lost shows up as a difference).

use std::collections::BTreeMap;

use chrono::{DateTime, Datelike, Days, Local, NaiveDate, TimeDelta, Utc, Weekday};
use punch_core::entry::{EntryId, When};
use punch_core::target::{Product, Target, TargetRef};
use punch_core::tracker::{EditRequest, LogRequest, SpanChange, StartRequest, StopOutcome};

use super::world::{Catalog, World, later};

/// SplitMix64: small, seeded, and the same everywhere.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed ^ 0x5EED_CAFE_F00D_D00D)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n
    }

    pub fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }
}

/// An entry as the user left it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Intent {
    pub date: NaiveDate,
    pub when: When,
    pub target: Target,
    pub note: String,
    pub billable: bool,
}

impl Intent {
    pub fn product(&self) -> Product {
        self.target.product()
    }
}

/// Notes, few and repeated, so identical logs (the multiset case) come up often.
pub const NOTES: [&str; 5] = [
    "",
    "Standup",
    "Review",
    "Café menu, v2",
    "Header and navigation",
];
/// Durations, few and repeated for the same reason.
pub const MINUTES: [u32; 6] = [15, 30, 45, 60, 90, 150];

/// Days a change may fall on: Monday to Thursday of both weeks (a span across midnight
/// ends on a working day), and sometimes Saturday, which People refuses.
fn pick_date(rng: &mut Rng) -> NaiveDate {
    if rng.chance(4) {
        return super::world::day(8);
    }
    pick_weekday(rng)
}

/// Monday to Thursday of either week.
pub fn pick_weekday(rng: &mut Rng) -> NaiveDate {
    *rng.pick(&[3, 4, 5, 6, 10, 11, 12, 13].map(super::world::day))
}

fn is_weekend(date: NaiveDate) -> bool {
    matches!(date.weekday(), Weekday::Sat | Weekday::Sun)
}

/// The user's changes so far, and the entry that runs.
#[derive(Debug, Default)]
pub struct Model {
    pub live: BTreeMap<EntryId, Intent>,
    pub running: Option<(EntryId, Intent, DateTime<Utc>)>,
    /// What was done, for a failing scenario's report.
    pub log: Vec<String>,
    /// Entries whose logs were edited or deleted in Zoho's pages.
    pub touched: std::collections::BTreeSet<EntryId>,
    /// Logs made in Zoho's pages.
    pub made_in_zoho: usize,
}

/// The local instant `hour:minute` on `date`.
fn local(date: NaiveDate, minute_of_day: u32) -> DateTime<Utc> {
    let time = chrono::NaiveTime::from_hms_opt(minute_of_day / 60, minute_of_day % 60, 0).unwrap();
    punch_core::clock::local_instant(date, time, &Local).unwrap()
}

/// The same local time of day, `days` later (or earlier): how the tracker moves a span
/// to another date.
fn shift(instant: DateTime<Utc>, days: i64) -> DateTime<Utc> {
    let at = instant.with_timezone(&Local);
    let date = if days >= 0 {
        at.date_naive() + Days::new(days as u64)
    } else {
        at.date_naive() - Days::new(days.unsigned_abs())
    };
    punch_core::clock::local_instant(date, at.time(), &Local).unwrap()
}

impl Model {
    /// Will Zoho refuse this entry? (Every piece or none: spans that cross midnight
    /// start Monday to Thursday, or on Saturday into Sunday.)
    pub fn refused(intent: &Intent, catalog: &Catalog) -> Option<(i64, &'static str)> {
        let product = intent.product();
        if product == Product::People && is_weekend(intent.date) {
            return Some((8008, "Cannot log time during Weekend/Holidays/Leave"));
        }
        if &intent.target != catalog.refused(product) {
            return None;
        }
        Some(match product {
            Product::Books => (1002, "Task does not exist."),
            Product::People => (9025, "Cannot log time for a completed job"),
            Product::Projects => (6404, "Resource Not Found"),
        })
    }

    fn target(rng: &mut Rng, catalog: &Catalog, product: Product) -> Target {
        if rng.chance(6) {
            return catalog.refused(product).clone();
        }
        rng.pick(catalog.valid(product)).clone()
    }

    fn product(rng: &mut Rng) -> Product {
        *rng.pick(&Product::ALL)
    }

    /// Log past time: a duration or a range of times on a day.
    pub fn log(&mut self, rng: &mut Rng, world: &mut World) {
        let product = Self::product(rng);
        let target = Self::target(rng, &world.catalog, product);
        let date = pick_date(rng);
        let note = rng.pick(&NOTES).to_string();
        let billable = rng.chance(70);
        let (span, when) = if rng.chance(50) {
            let minutes = *rng.pick(&MINUTES);
            (SpanChange::Duration(minutes), When::Duration { minutes })
        } else {
            let from = 8 * 60 + 15 * rng.below(40) as u32;
            let to = from + *rng.pick(&MINUTES);
            let hm = |m: u32| chrono::NaiveTime::from_hms_opt(m / 60, m % 60, 0).unwrap();
            let span = SpanChange::Range {
                from: hm(from),
                to: hm(to),
            };
            let when = When::Span {
                start: local(date, from),
                end: Some(local(date, to)),
            };
            (span, when)
        };
        let request = LogRequest {
            date: Some(date),
            span,
            target: Some(TargetRef::Target(target.clone())),
            account: None,
            note: note.clone(),
            billable: Some(billable),
        };
        let entry = world
            .tracker
            .log(request, later())
            .expect("the log is accepted");
        self.log.push(format!(
            "log #{} {target} {date} {when:?} {note:?} {billable}",
            entry.id
        ));
        self.live.insert(
            entry.id,
            Intent {
                date,
                when,
                target,
                note,
                billable,
            },
        );
    }

    /// Start a timer in the past (late ones run past midnight).
    pub fn start(&mut self, rng: &mut Rng, world: &mut World) {
        let product = Self::product(rng);
        let target = Self::target(rng, &world.catalog, product);
        let date = pick_date(rng);
        let minute = if rng.chance(25) {
            22 * 60 + 10 * rng.below(10) as u32
        } else {
            8 * 60 + 15 * rng.below(40) as u32
        };
        let start = local(date, minute);
        let note = rng.pick(&NOTES).to_string();
        let billable = rng.chance(70);
        let request = StartRequest {
            target: Some(TargetRef::Target(target.clone())),
            account: None,
            note: note.clone(),
            billable: Some(billable),
            at: Some(start),
        };
        let outcome = world
            .tracker
            .start(request, later())
            .expect("the timer starts");
        let id = outcome.started.id;
        self.log
            .push(format!("start #{id} {target} {start} {note:?} {billable}"));
        let intent = Intent {
            date,
            when: When::Span { start, end: None },
            target,
            note,
            billable,
        };
        self.running = Some((id, intent, start));
    }

    /// Stop the running timer some minutes after it started.
    pub fn stop(&mut self, rng: &mut Rng, world: &mut World) {
        let Some((id, mut intent, start)) = self.running.take() else {
            return;
        };
        let end = start + TimeDelta::minutes(i64::from(*rng.pick(&MINUTES)) + 7);
        match world
            .tracker
            .stop(Some(end), later())
            .expect("the timer stops")
        {
            StopOutcome::Stopped(entry) => assert_eq!(entry.id, id),
            other => panic!("a timer of minutes was dropped: {other:?}"),
        }
        intent.when = When::Span {
            start,
            end: Some(end),
        };
        self.log.push(format!("stop #{id} at {end}"));
        self.live.insert(id, intent);
    }

    /// Change one or two things of a finished entry.
    pub fn edit(&mut self, rng: &mut Rng, world: &mut World) {
        let Some(&id) = self.pick_live(rng) else {
            return;
        };
        let mut intent = self.live[&id].clone();
        let mut request = EditRequest::default();
        for _ in 0..=rng.below(2) {
            match rng.below(6) {
                0 => {
                    let note = rng.pick(&NOTES).to_string();
                    // Zoho Projects keeps a note that an edit empties (its client leaves an
                    // empty note out): a known limit, not what this suite is about.
                    if note.is_empty() && intent.product() == Product::Projects {
                        continue;
                    }
                    intent.note = note.clone();
                    request.note = Some(note);
                }
                1 => {
                    let minutes = *rng.pick(&MINUTES);
                    intent.when = match intent.when {
                        When::Duration { .. } => When::Duration { minutes },
                        When::Span { start, .. } => When::Span {
                            start,
                            end: Some(start + TimeDelta::minutes(i64::from(minutes))),
                        },
                    };
                    request.span = Some(SpanChange::Duration(minutes));
                }
                2 => {
                    // The tracker moves both ends of a span onto the new date, so a
                    // span across midnight would end before it starts (reported, not
                    // what this suite is about): those keep their date.
                    if let When::Span {
                        start,
                        end: Some(end),
                    } = intent.when
                        && start.with_timezone(&Local).date_naive()
                            != end.with_timezone(&Local).date_naive()
                    {
                        continue;
                    }
                    let date = pick_date(rng);
                    let days = (date - intent.date).num_days();
                    intent.when = match intent.when {
                        When::Span { start, end } => When::Span {
                            start: shift(start, days),
                            end: end.map(|e| shift(e, days)),
                        },
                        duration => duration,
                    };
                    intent.date = date;
                    request.date = Some(date);
                }
                3 => {
                    // Another target of the same product, or of another one (the entry
                    // moves to that product's account).
                    let product = if rng.chance(50) {
                        intent.product()
                    } else {
                        Self::product(rng)
                    };
                    let target = Self::target(rng, &world.catalog, product);
                    intent.target = target.clone();
                    request.target = Some(Some(TargetRef::Target(target)));
                }
                _ => {
                    intent.billable = !intent.billable;
                    request.billable = Some(intent.billable);
                }
            }
        }
        if request.is_empty() {
            return;
        }
        let shown = format!("{request:?}");
        let entry = world
            .tracker
            .edit(Some(id), request, later())
            .unwrap_or_else(|e| panic!("edit of #{id} refused: {e}: {shown}"));
        assert_eq!(entry.id, id);
        self.log.push(format!("edit #{id} {shown}"));
        self.live.insert(id, intent);
    }

    pub fn delete(&mut self, rng: &mut Rng, world: &mut World) {
        let Some(&id) = self.pick_live(rng) else {
            return;
        };
        world
            .tracker
            .delete(id, later())
            .expect("the entry is deleted");
        self.log.push(format!("delete #{id}"));
        self.live.remove(&id);
    }

    fn pick_live(&self, rng: &mut Rng) -> Option<&EntryId> {
        let ids: Vec<&EntryId> = self.live.keys().collect();
        (!ids.is_empty()).then(|| *rng.pick(&ids))
    }
}
