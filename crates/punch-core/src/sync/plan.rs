//! What one entry needs from Zoho, as a pure function: the entry's day pieces as they
//! should be, against the logs Zoho is known to hold for it. Planning from state
//! rather than replaying the outbox's history makes coalescing fall out for free
//! (create + update = one create; create + delete = nothing) and makes a retried pass
//! harmless: what already landed is not planned again.

use chrono::{DateTime, NaiveDate, TimeZone, Utc};

use crate::entry::{Entry, When};
use crate::split::split_by_day;
use crate::target::Target;

/// One Zoho log as Punch wants it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct LogBody {
    pub account: String,
    pub target: Target,
    pub date: NaiveDate,
    pub minutes: u32,
    pub note: String,
    pub billable: bool,
}

impl LogBody {
    /// What must match for two logs to count as the same (remote logs carry no Punch
    /// id, so a lost answer is matched on what the log says).
    pub fn match_key(&self) -> (NaiveDate, String, u32, String) {
        (
            self.date,
            self.target.to_string(),
            self.minutes,
            self.note.trim().to_owned(),
        )
    }

    /// Changes when anything Zoho shows changes: the update detector.
    pub fn fingerprint(&self) -> String {
        format!(
            "{}|{}|{}|{}|{}|{}",
            self.account, self.target, self.date, self.minutes, self.billable, self.note
        )
    }
}

/// A log Zoho holds for an entry (a `remote_logs` row).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KnownLog {
    pub remote_id: String,
    pub account: String,
    pub target: Target,
    pub date: NaiveDate,
    /// The fingerprint of what was last sent or pulled.
    pub fingerprint: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    Create(LogBody),
    Update { remote_id: String, log: LogBody },
    Delete(KnownLog),
}

/// The logs an entry should have in Zoho: one per local day with time, none while it
/// runs (in log mode it is sent when it stops), none without a target or an account.
pub fn desired<Z: TimeZone>(entry: &Entry, tz: &Z) -> Vec<LogBody> {
    let (Some(target), Some(account)) = (&entry.target, &entry.account) else {
        return Vec::new();
    };
    let body = |date, minutes| LogBody {
        account: account.clone(),
        target: target.clone(),
        date,
        minutes,
        note: entry.note.clone(),
        billable: entry.billable,
    };
    match entry.when {
        When::Span { end: None, .. } => Vec::new(),
        When::Span {
            start,
            end: Some(end),
        } => split_by_day(start, end, tz)
            .into_iter()
            .map(|p| body(p.date, p.minutes))
            .collect(),
        When::Duration { minutes } => vec![body(entry.date, minutes)],
    }
}

/// The calls that bring Zoho from `known` to what `entry` (`None`: deleted) wants.
/// A known log on the same date, account and target is updated in place when its
/// fingerprint differs; anything else known and unwanted is deleted.
pub fn plan<Z: TimeZone>(entry: Option<&Entry>, known: &[KnownLog], tz: &Z) -> Vec<Action> {
    let wanted = entry.map(|e| desired(e, tz)).unwrap_or_default();
    let mut unused: Vec<&KnownLog> = known.iter().collect();
    let mut actions = Vec::new();
    for log in wanted {
        let same_place = unused
            .iter()
            .position(|k| k.date == log.date && k.account == log.account && k.target == log.target);
        match same_place {
            Some(i) => {
                let k = unused.swap_remove(i);
                if k.fingerprint != log.fingerprint() {
                    actions.push(Action::Update {
                        remote_id: k.remote_id.clone(),
                        log,
                    });
                }
            }
            None => actions.push(Action::Create(log)),
        }
    }
    // Deletes first would briefly lose time in Zoho's reports; they go last.
    actions.extend(unused.into_iter().cloned().map(Action::Delete));
    actions
}

/// For tests and reports: the instant after which a running entry would be sent.
pub fn is_sendable(entry: &Entry, _now: DateTime<Utc>) -> bool {
    !entry.is_running() && entry.target.is_some() && entry.account.is_some()
}

#[cfg(test)]
mod tests {
    //! Coalescing, as properties: whatever the user did to an entry and whatever of it
    //! already landed, the plan brings Zoho exactly to the entry's day pieces, with one
    //! create per day at most and no call for a log Zoho is not known to hold.

    use std::collections::BTreeMap;

    use chrono::{Days, TimeDelta};
    use chrono_tz::Europe::Berlin;
    use proptest::prelude::*;

    use super::*;
    use crate::entry::{Source, SyncState};

    /// One thing that happens to the entry, or a sync pass in which all of the plan lands.
    #[derive(Debug, Clone)]
    enum Step {
        Note(u8),
        Minutes(u32),
        Date(u8),
        Target(u8),
        /// The same product, through another account.
        Account,
        Billable,
        /// Make it a span from a minute of its date, `len` minutes long (across
        /// midnight, and across the DST change of 2025-03-30, when long enough).
        Span {
            from: u32,
            len: u32,
        },
        Delete,
        /// A deleted entry comes back (undo): the same id, the same content.
        Restore,
        Land,
    }

    fn step() -> impl Strategy<Value = Step> {
        prop_oneof![
            (0u8..3).prop_map(Step::Note),
            (1u32..600).prop_map(Step::Minutes),
            (0u8..4).prop_map(Step::Date),
            (0u8..5).prop_map(Step::Target),
            Just(Step::Account),
            Just(Step::Billable),
            ((0u32..1440), (1u32..2000)).prop_map(|(from, len)| Step::Span { from, len }),
            Just(Step::Delete),
            Just(Step::Restore),
            Just(Step::Land),
            Just(Step::Land),
        ]
    }

    fn target(i: u8) -> (Target, &'static str) {
        match i {
            0 => (
                Target::Books {
                    project_id: "1".into(),
                    task_id: "2".into(),
                },
                "books",
            ),
            1 => (
                Target::Books {
                    project_id: "1".into(),
                    task_id: "3".into(),
                },
                "books",
            ),
            2 => (Target::People { job_id: "7".into() }, "people"),
            3 => (Target::People { job_id: "8".into() }, "people"),
            _ => (
                Target::Projects {
                    project_id: "9".into(),
                    item: crate::target::ProjectsItem::General("Client call".into()),
                },
                "projects",
            ),
        }
    }

    fn first_day() -> NaiveDate {
        NaiveDate::from_ymd_opt(2025, 3, 28).unwrap()
    }

    fn entry() -> Entry {
        Entry {
            id: 1,
            date: first_day(),
            when: When::Duration { minutes: 30 },
            target: Some(target(0).0),
            account: Some("books".into()),
            note: String::new(),
            billable: true,
            source: Source::Local,
            sync: SyncState::Pending,
            remote_ids: Vec::new(),
        }
    }

    /// What the user's change makes of the entry (tracker-like: a span's date is the
    /// local date of its start).
    fn change(entry: &mut Entry, step: &Step) {
        match *step {
            Step::Note(n) => entry.note = ["", "Standup", " Review "][n as usize].into(),
            Step::Minutes(m) => {
                entry.when = match entry.when {
                    When::Duration { .. } => When::Duration { minutes: m },
                    When::Span { start, .. } => When::Span {
                        start,
                        end: Some(start + TimeDelta::minutes(i64::from(m))),
                    },
                }
            }
            Step::Date(d) => {
                let date = first_day() + Days::new(u64::from(d));
                let days = (date - entry.date).num_days();
                if let When::Span { start, end } = entry.when {
                    let shift = |t: DateTime<Utc>| t + TimeDelta::days(days);
                    entry.when = When::Span {
                        start: shift(start),
                        end: end.map(shift),
                    };
                    entry.date = crate::clock::local_date(shift(start), &Berlin);
                } else {
                    entry.date = date;
                }
            }
            Step::Target(t) => {
                let (target, account) = target(t);
                entry.target = Some(target);
                entry.account = Some(account.into());
            }
            Step::Account => {
                let (target, _) = target(0);
                entry.target = Some(target);
                entry.account = Some(if entry.account.as_deref() == Some("books") {
                    "books-2".into()
                } else {
                    "books".into()
                });
            }
            Step::Billable => entry.billable = !entry.billable,
            Step::Span { from, len } => {
                let start = crate::clock::day_start(entry.date, &Berlin)
                    + TimeDelta::minutes(i64::from(from));
                entry.when = When::Span {
                    start,
                    end: Some(start + TimeDelta::minutes(i64::from(len))),
                };
                entry.date = crate::clock::local_date(start, &Berlin);
            }
            Step::Delete | Step::Restore | Step::Land => {}
        }
    }

    /// Zoho as the plans leave it: its logs by id, and the known logs that mirror them.
    #[derive(Debug, Default)]
    struct Zoho {
        logs: BTreeMap<String, LogBody>,
        known: Vec<KnownLog>,
        next: u32,
    }

    impl Zoho {
        /// Carry out every action as Zoho would, checking each is one it can take.
        fn apply(&mut self, actions: &[Action]) -> Result<(), TestCaseError> {
            for action in actions {
                match action {
                    Action::Create(log) => {
                        self.next += 1;
                        let id = format!("r{}", self.next);
                        self.logs.insert(id.clone(), log.clone());
                        self.known.push(known(&id, log));
                    }
                    Action::Update { remote_id, log } => {
                        prop_assert!(
                            self.logs.contains_key(remote_id),
                            "update of unknown {}",
                            remote_id
                        );
                        self.logs.insert(remote_id.clone(), log.clone());
                        let k = self
                            .known
                            .iter_mut()
                            .find(|k| &k.remote_id == remote_id)
                            .unwrap();
                        *k = known(remote_id, log);
                    }
                    Action::Delete(k) => {
                        prop_assert!(
                            self.logs.remove(&k.remote_id).is_some(),
                            "delete of unknown {}",
                            k.remote_id
                        );
                        self.known.retain(|x| x.remote_id != k.remote_id);
                    }
                }
            }
            Ok(())
        }

        fn sorted_logs(&self) -> Vec<LogBody> {
            sorted(self.logs.values().cloned().collect())
        }
    }

    fn known(id: &str, log: &LogBody) -> KnownLog {
        KnownLog {
            remote_id: id.into(),
            account: log.account.clone(),
            target: log.target.clone(),
            date: log.date,
            fingerprint: log.fingerprint(),
        }
    }

    fn sorted(mut logs: Vec<LogBody>) -> Vec<LogBody> {
        logs.sort_by_key(|l| l.fingerprint());
        logs
    }

    /// The shape every plan has, whatever came before it.
    fn check_plan(
        entry: Option<&Entry>,
        known: &[KnownLog],
        actions: &[Action],
    ) -> Result<(), TestCaseError> {
        let wanted = entry.map(|e| desired(e, &Berlin)).unwrap_or_default();
        let mut create_days = std::collections::BTreeSet::new();
        let mut touched = std::collections::BTreeSet::new();
        for action in actions {
            match action {
                Action::Create(log) => {
                    prop_assert!(create_days.insert(log.date), "two creates on {}", log.date);
                    prop_assert!(wanted.contains(log), "a create nobody wants: {:?}", log);
                }
                Action::Update { remote_id, log } => {
                    prop_assert!(
                        known.iter().any(|k| &k.remote_id == remote_id),
                        "update of unknown {}",
                        remote_id
                    );
                    prop_assert!(
                        touched.insert(remote_id.clone()),
                        "{} touched twice",
                        remote_id
                    );
                    prop_assert!(wanted.contains(log));
                }
                Action::Delete(k) => {
                    prop_assert!(known.contains(k), "delete of unknown {:?}", k);
                    prop_assert!(
                        touched.insert(k.remote_id.clone()),
                        "{} touched twice",
                        k.remote_id
                    );
                }
            }
        }
        Ok(())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]

        /// Any history of changes and landed passes: every plan has the right shape,
        /// carrying it out leaves Zoho with exactly the entry's pieces, and planning
        /// again then asks for nothing.
        #[test]
        fn plans_bring_zoho_to_the_entry(steps in prop::collection::vec(step(), 1..30)) {
            let mut current = entry();
            let mut deleted = false;
            let mut zoho = Zoho::default();
            for step in &steps {
                match step {
                    Step::Delete => deleted = true,
                    Step::Restore => deleted = false,
                    Step::Land => {
                        let entry = (!deleted).then_some(&current);
                        let actions = plan(entry, &zoho.known, &Berlin);
                        check_plan(entry, &zoho.known, &actions)?;
                        zoho.apply(&actions)?;
                        let wanted = sorted(entry.map(|e| desired(e, &Berlin)).unwrap_or_default());
                        prop_assert_eq!(zoho.sorted_logs(), wanted);
                        prop_assert_eq!(plan(entry, &zoho.known, &Berlin), vec![]);
                    }
                    other if !deleted => change(&mut current, other),
                    _ => {}
                }
            }
            let entry = (!deleted).then_some(&current);
            let actions = plan(entry, &zoho.known, &Berlin);
            check_plan(entry, &zoho.known, &actions)?;
            zoho.apply(&actions)?;
            let wanted = sorted(entry.map(|e| desired(e, &Berlin)).unwrap_or_default());
            prop_assert_eq!(zoho.sorted_logs(), wanted);
        }

        /// Nothing landed yet: create then updates is only creates, one per day piece;
        /// create then delete is nothing at all.
        #[test]
        fn unsent_changes_coalesce(steps in prop::collection::vec(step(), 0..30)) {
            let mut current = entry();
            for step in &steps {
                change(&mut current, step);
            }
            let actions = plan(Some(&current), &[], &Berlin);
            let creates: Vec<LogBody> = actions
                .iter()
                .map(|a| match a {
                    Action::Create(log) => Ok(log.clone()),
                    other => Err(TestCaseError::fail(format!("not a create: {other:?}"))),
                })
                .collect::<Result<_, _>>()?;
            prop_assert_eq!(sorted(creates), sorted(desired(&current, &Berlin)));
            prop_assert_eq!(plan(None, &[], &Berlin), vec![]);
        }
    }

    #[test]
    fn a_span_across_midnight_is_one_create_per_day() {
        let mut e = entry();
        change(
            &mut e,
            &Step::Span {
                from: 23 * 60,
                len: 90,
            },
        );
        let actions = plan(Some(&e), &[], &Berlin);
        let days: Vec<NaiveDate> = actions
            .iter()
            .map(|a| match a {
                Action::Create(log) => log.date,
                other => panic!("{other:?}"),
            })
            .collect();
        assert_eq!(days, vec![first_day(), first_day().succ_opt().unwrap()]);
    }
}
