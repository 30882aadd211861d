//! The timer as a pure state machine: `(state, command, now) -> (state, effects)`. The
//! store applies the effects in one transaction; nothing here reads a clock or a disk.

use chrono::{DateTime, TimeDelta, Utc};

use crate::target::Target;

/// Zoho logs whole minutes, so a timer stopped sooner than this is dropped, not kept.
pub const MIN_ENTRY: TimeDelta = TimeDelta::seconds(60);

/// What a new entry is about: everything but its times.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Template {
    pub target: Option<Target>,
    pub account: Option<String>,
    pub note: String,
    pub billable: bool,
}

/// The running entry, as far as the timer cares.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Running {
    pub start: DateTime<Utc>,
    pub template: Template,
}

/// Everything the timer's transitions depend on.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TimerState {
    pub running: Option<Running>,
    /// What `continue` starts again: the last entry's template.
    pub last: Option<Template>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TimerCommand {
    /// Start a new entry; a running one stops at the same instant (a switch).
    Start {
        template: Template,
        at: Option<DateTime<Utc>>,
    },
    Stop {
        at: Option<DateTime<Utc>>,
    },
    /// Start a new entry on the last entry's target, note and billable flag.
    Continue {
        at: Option<DateTime<Utc>>,
    },
    /// Throw the running entry away.
    Discard,
}

/// Why a running entry was dropped instead of kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DiscardReason {
    Requested,
    /// It would have been shorter than [`MIN_ENTRY`].
    TooShort,
}

/// What the store must do, in order, inside one transaction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// The running entry ends at `end`.
    Stopped {
        start: DateTime<Utc>,
        end: DateTime<Utc>,
    },
    /// The running entry is removed.
    Discarded(DiscardReason),
    /// A new running entry begins.
    Started {
        start: DateTime<Utc>,
        template: Template,
    },
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TimerError {
    #[error("{what} {at} is in the future (it is now {now})")]
    InFuture {
        what: &'static str,
        at: DateTime<Utc>,
        now: DateTime<Utc>,
    },
    #[error("{at} is before the running entry's start ({start})")]
    BeforeStart {
        at: DateTime<Utc>,
        start: DateTime<Utc>,
    },
    #[error("no timer is running")]
    NotRunning,
    #[error("a timer is already running")]
    AlreadyRunning,
    #[error("there is no earlier entry to continue")]
    NothingToContinue,
}

impl From<TimerError> for crate::Error {
    fn from(error: TimerError) -> Self {
        match error {
            TimerError::InFuture { .. } | TimerError::BeforeStart { .. } => {
                crate::Error::InvalidInput(error.to_string())
            }
            TimerError::NotRunning | TimerError::AlreadyRunning | TimerError::NothingToContinue => {
                crate::Error::NothingToDo(error.to_string())
            }
        }
    }
}

fn not_future(
    what: &'static str,
    at: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> Result<DateTime<Utc>, TimerError> {
    let at = at.unwrap_or(now);
    if at > now {
        return Err(TimerError::InFuture { what, at, now });
    }
    Ok(at)
}

/// End the running entry at `at`: kept if at least a minute long, otherwise dropped.
fn finish(running: &Running, at: DateTime<Utc>) -> Result<Effect, TimerError> {
    if at < running.start {
        return Err(TimerError::BeforeStart {
            at,
            start: running.start,
        });
    }
    if at - running.start < MIN_ENTRY {
        Ok(Effect::Discarded(DiscardReason::TooShort))
    } else {
        Ok(Effect::Stopped {
            start: running.start,
            end: at,
        })
    }
}

fn begin(
    state: &TimerState,
    template: Template,
    at: DateTime<Utc>,
) -> Result<(TimerState, Vec<Effect>), TimerError> {
    let mut effects = Vec::with_capacity(2);
    if let Some(running) = &state.running {
        effects.push(finish(running, at)?);
    }
    effects.push(Effect::Started {
        start: at,
        template: template.clone(),
    });
    let last = state
        .running
        .as_ref()
        .map(|r| r.template.clone())
        .or_else(|| state.last.clone());
    Ok((
        TimerState {
            running: Some(Running {
                start: at,
                template,
            }),
            last,
        },
        effects,
    ))
}

/// The one transition function. Refusals leave the state as it was.
pub fn apply(
    state: &TimerState,
    command: TimerCommand,
    now: DateTime<Utc>,
) -> Result<(TimerState, Vec<Effect>), TimerError> {
    match command {
        TimerCommand::Start { template, at } => {
            begin(state, template, not_future("start", at, now)?)
        }
        TimerCommand::Continue { at } => {
            if state.running.is_some() {
                return Err(TimerError::AlreadyRunning);
            }
            let template = state.last.clone().ok_or(TimerError::NothingToContinue)?;
            begin(state, template, not_future("start", at, now)?)
        }
        TimerCommand::Stop { at } => {
            let running = state.running.as_ref().ok_or(TimerError::NotRunning)?;
            let effect = finish(running, not_future("stop", at, now)?)?;
            let next = TimerState {
                running: None,
                last: Some(running.template.clone()),
            };
            Ok((next, vec![effect]))
        }
        TimerCommand::Discard => {
            let running = state.running.as_ref().ok_or(TimerError::NotRunning)?;
            let next = TimerState {
                running: None,
                last: Some(running.template.clone()),
            };
            Ok((next, vec![Effect::Discarded(DiscardReason::Requested)]))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn t(secs: i64) -> DateTime<Utc> {
        DateTime::from_timestamp(1_790_000_000 + secs, 0).unwrap()
    }

    fn template(note: &str) -> Template {
        Template {
            target: None,
            account: None,
            note: note.into(),
            billable: true,
        }
    }

    fn start(note: &str, at: Option<DateTime<Utc>>) -> TimerCommand {
        TimerCommand::Start {
            template: template(note),
            at,
        }
    }

    #[test]
    fn start_while_running_switches_at_the_same_instant() {
        let (s, _) = apply(&TimerState::default(), start("a", None), t(0)).unwrap();
        let (s, effects) = apply(&s, start("b", None), t(600)).unwrap();
        assert_eq!(
            effects,
            vec![
                Effect::Stopped {
                    start: t(0),
                    end: t(600)
                },
                Effect::Started {
                    start: t(600),
                    template: template("b")
                }
            ]
        );
        assert_eq!(s.last, Some(template("a")));
    }

    #[test]
    fn under_a_minute_is_discarded() {
        let (s, _) = apply(&TimerState::default(), start("a", None), t(0)).unwrap();
        let (_, effects) = apply(&s, TimerCommand::Stop { at: None }, t(59)).unwrap();
        assert_eq!(effects, vec![Effect::Discarded(DiscardReason::TooShort)]);
        let (_, effects) = apply(&s, TimerCommand::Stop { at: None }, t(60)).unwrap();
        assert!(matches!(effects[0], Effect::Stopped { .. }));
    }

    #[test]
    fn refusals() {
        let idle = TimerState::default();
        assert_eq!(
            apply(&idle, TimerCommand::Stop { at: None }, t(0)),
            Err(TimerError::NotRunning)
        );
        assert_eq!(
            apply(&idle, TimerCommand::Continue { at: None }, t(0)),
            Err(TimerError::NothingToContinue)
        );
        assert!(matches!(
            apply(&idle, start("a", Some(t(10))), t(0)),
            Err(TimerError::InFuture { .. })
        ));
        let (running, _) = apply(&idle, start("a", Some(t(100))), t(200)).unwrap();
        assert!(matches!(
            apply(&running, TimerCommand::Stop { at: Some(t(50)) }, t(200)),
            Err(TimerError::BeforeStart { .. })
        ));
        assert_eq!(
            apply(&running, TimerCommand::Continue { at: None }, t(300)),
            Err(TimerError::AlreadyRunning)
        );
    }

    #[test]
    fn continue_restarts_the_last_template() {
        let (s, _) = apply(&TimerState::default(), start("a", None), t(0)).unwrap();
        let (s, _) = apply(&s, TimerCommand::Stop { at: None }, t(120)).unwrap();
        let (s, effects) = apply(&s, TimerCommand::Continue { at: None }, t(500)).unwrap();
        assert_eq!(
            effects,
            vec![Effect::Started {
                start: t(500),
                template: template("a")
            }]
        );
        assert!(s.running.is_some());
    }

    /// A command kind with an optional explicit instant, in seconds relative to `now`.
    #[derive(Debug, Clone)]
    enum Step {
        Start(String, Option<i64>),
        Stop(Option<i64>),
        Continue(Option<i64>),
        Discard,
    }

    fn step() -> impl Strategy<Value = (Step, i64)> {
        let at = prop::option::of(-4_000i64..100);
        let step = prop_oneof![
            (at.clone(), "[a-c]").prop_map(|(at, n)| Step::Start(n, at)),
            at.clone().prop_map(Step::Stop),
            at.prop_map(Step::Continue),
            Just(Step::Discard),
        ];
        (step, 0i64..3_000)
    }

    fn command(step: Step, now: DateTime<Utc>) -> TimerCommand {
        let at = |offset: Option<i64>| offset.map(|s| now + TimeDelta::seconds(s));
        match step {
            Step::Start(note, offset) => TimerCommand::Start {
                template: template(&note),
                at: at(offset),
            },
            Step::Stop(offset) => TimerCommand::Stop { at: at(offset) },
            Step::Continue(offset) => TimerCommand::Continue { at: at(offset) },
            Step::Discard => TimerCommand::Discard,
        }
    }

    proptest! {
        /// Whatever the commands, the effects never describe an impossible entry and the
        /// state always agrees with them.
        #[test]
        fn invariants_hold(steps in prop::collection::vec(step(), 1..60)) {
            let mut state = TimerState::default();
            let mut now = t(0);
            for (step, advance) in steps {
                now += TimeDelta::seconds(advance);
                let Ok((next, effects)) = apply(&state, command(step, now), now) else {
                    continue; // a refusal changes nothing: `state` is untouched
                };
                let mut running = state.running.clone();
                for effect in &effects {
                    match effect {
                        Effect::Stopped { start, end } => {
                            let r = running.take().expect("stopped without a running entry");
                            prop_assert_eq!(*start, r.start);
                            prop_assert!(*end - *start >= MIN_ENTRY, "kept an entry under a minute");
                            prop_assert!(*end <= now, "ended in the future");
                        }
                        Effect::Discarded(_) => {
                            prop_assert!(running.take().is_some(), "discarded nothing");
                        }
                        Effect::Started { start, template } => {
                            prop_assert!(running.is_none(), "two running entries");
                            prop_assert!(*start <= now, "started in the future");
                            running = Some(Running { start: *start, template: template.clone() });
                        }
                    }
                }
                prop_assert_eq!(&running, &next.running);
                state = next;
            }
        }
    }
}
