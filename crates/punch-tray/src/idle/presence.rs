//! The tray's side of the idle question: the sources' signals and the wall clock go
//! through the core's policy; a question is stored (so the CLI and the window see it)
//! and asked in a notification whose buttons answer it through the core, except Split,
//! which opens the window to pick a target.

use std::sync::mpsc::Sender;
use std::time::Instant;

use chrono::{DateTime, Local, TimeDelta, Utc};
use punch_core::entry::EntryId;
use punch_core::idle::{Cause, IdlePolicy, Question, RunningTimer, Signal, slept};
use punch_core::tracker::{IdleAnswer, IdleQuestion};

use super::{IdleConfig, Watch};
use crate::hotkeys::DesktopSession;
use crate::notify::{Note, Urgency};
use crate::resident::Tray;
use crate::run::Event;

/// What the person is away from, as the run loop holds it.
pub(crate) struct Presence {
    policy: IdlePolicy,
    watch: Watch,
    /// The wall clock and the monotonic clock at the last wake-up: a sleep shows as the
    /// first running far ahead of the second.
    seen: (DateTime<Utc>, Instant),
    timer_running: bool,
}

impl Presence {
    /// Start the sources `config` names (none without one); their signals reach the
    /// loop as [`Event::Idle`].
    pub(crate) fn start(
        threshold: Option<TimeDelta>,
        config: Option<&IdleConfig>,
        desktop: &DesktopSession,
        events: Sender<Event>,
        now: DateTime<Utc>,
    ) -> Presence {
        let watch = Watch::new(move |signal| events.send(Event::Idle(signal)).is_ok());
        if let Some(config) = config {
            let names = super::start(config, desktop, &watch);
            tracing::info!("idle time is watched through: {}", names.join(", "));
        }
        Presence {
            policy: IdlePolicy::new(threshold),
            watch,
            seen: (now, Instant::now()),
            timer_running: false,
        }
    }

    pub(crate) fn set_threshold(&mut self, threshold: Option<TimeDelta>) {
        self.policy.set_threshold(threshold);
        self.poll_when_useful();
    }

    /// The timer that runs now; polling sources poll only while one does, or while
    /// the person is away (to hear them come back), and idle questions are on.
    pub(crate) fn set_timer(
        &mut self,
        running: Option<(EntryId, DateTime<Utc>)>,
        now: DateTime<Utc>,
    ) {
        self.policy.set_timer(
            running.map(|(entry, start)| RunningTimer { entry, start }),
            now,
        );
        self.timer_running = running.is_some();
        self.poll_when_useful();
    }

    fn poll_when_useful(&self) {
        let useful = self.timer_running || self.policy.awaits_return();
        self.watch
            .set_polling(useful && self.policy.threshold().is_some());
    }

    /// A sleep the wall clock shows since the last wake-up, as signals.
    fn clock(&mut self, now: DateTime<Utc>) -> Vec<Signal> {
        let (before, awake_since) = self.seen;
        self.seen = (now, Instant::now());
        match slept(before, awake_since.elapsed(), now) {
            Some((at, woke)) => vec![Signal::Sleep { at }, Signal::Resume { at: woke }],
            None => Vec::new(),
        }
    }
}

impl Drop for Presence {
    fn drop(&mut self) {
        self.watch.close();
    }
}

/// A button on the question's notification.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Reply {
    Keep,
    Discard,
    Continue,
    Split,
}

impl Reply {
    fn from_action(action: &str) -> Option<Reply> {
        Some(match action {
            "keep" => Reply::Keep,
            "discard" => Reply::Discard,
            "continue" => Reply::Continue,
            // A click on the note itself opens the window, which shows the question.
            "split" | "default" => Reply::Split,
            _ => return None,
        })
    }
}

/// The question as a notification, with its four answers as buttons.
pub(crate) fn note(asked: &IdleQuestion, what: &str) -> Note {
    let clock = |t: DateTime<Utc>| t.with_timezone(&Local).format("%H:%M").to_string();
    let away = match asked.question.cause {
        Cause::Sleep => "while the computer slept",
        Cause::Idle | Cause::Locked => "while you were away",
    };
    let actions = [
        ("keep", "Keep"),
        ("discard", "Discard"),
        ("continue", "Discard and continue"),
        ("split", "Split…"),
    ];
    Note {
        summary: format!(
            "The timer ran {} {away}",
            punch_core::forms::format_duration(asked.minutes())
        ),
        body: format!(
            "{what}, {}–{}. Keep that time, discard it, or split it off to another target. \
             `punch idle` answers too.",
            clock(asked.question.since),
            clock(asked.question.until)
        ),
        urgency: Urgency::Normal,
        expire: None,
        actions: actions
            .iter()
            .map(|(id, label)| ((*id).to_owned(), (*label).to_owned()))
            .collect(),
    }
}

impl Tray {
    /// At each wake-up: a sleep the wall clock shows (logind may have said it already;
    /// the policy asks once).
    pub(crate) fn idle_clock(&mut self, now: DateTime<Utc>) {
        for signal in self.presence.clock(now) {
            self.idle_signal(signal, now);
        }
    }

    pub(crate) fn idle_signal(&mut self, signal: Signal, now: DateTime<Utc>) {
        tracing::debug!(?signal, "idle");
        let question = self.presence.policy.observe(signal);
        self.presence.poll_when_useful();
        if let Some(question) = question {
            self.ask_idle(question, now);
        }
    }

    fn ask_idle(&mut self, question: Question, now: DateTime<Utc>) {
        let asked = match self.tracker.ask_idle(question, now) {
            Ok(Some(asked)) => asked,
            Ok(None) => return,
            Err(e) => {
                tracing::warn!("can't store the idle question: {e}");
                return;
            }
        };
        tracing::info!(?asked.question, "asking about idle time");
        self.subscribers.notify();
        self.refresh(now);
        let what = self
            .view
            .running_label
            .clone()
            .unwrap_or_else(|| "The timer".into());
        let events = self.events.clone();
        let question = asked.question;
        self.notifier.ask(
            note(&asked, &what),
            Box::new(move |action| {
                if let Some(reply) = Reply::from_action(action) {
                    let _ = events.send(Event::IdleReply(question, reply));
                }
            }),
        );
    }

    /// A button on the notification was clicked. A question answered or replaced since
    /// (by the CLI or the window) is left alone.
    pub(crate) fn idle_reply(&mut self, question: Question, reply: Reply, now: DateTime<Utc>) {
        match self.tracker.idle_question() {
            Ok(Some(pending)) if pending.question == question => {}
            Ok(_) => {
                tracing::info!("that idle question was already answered");
                return;
            }
            Err(e) => {
                tracing::warn!("can't read the idle question: {e}");
                return;
            }
        }
        let answer = match reply {
            Reply::Keep => IdleAnswer::Keep,
            Reply::Discard => IdleAnswer::Discard,
            Reply::Continue => IdleAnswer::Continue,
            Reply::Split => {
                // The window shows the question and lets the person pick the target.
                self.act(&crate::model::Action::OpenWindow, now);
                return;
            }
        };
        match self.tracker.answer_idle(answer, now) {
            Ok(_) => {
                self.subscribers.notify();
                self.schedule.changed(now);
                self.refresh(now);
            }
            Err(e) => {
                tracing::info!("answering the idle question: {e}");
                self.notifier
                    .send(Note::failed("answer the idle question", &e.to_string()));
            }
        }
    }
}
