//! The resident tray between wake-ups: what it shows, what is due next, and what it
//! does about a click, a change, a finished sync pass or a new settings file. The loop
//! in `run` only waits and hands events here.

use std::path::PathBuf;
use std::sync::mpsc::{Receiver, Sender};
use std::time::Duration;

use chrono::{DateTime, Local, NaiveDateTime, TimeDelta, TimeZone, Utc};
use punch_core::changes::Subscribers;
use punch_core::tracker::Tracker;

use crate::actions::{self, Next};
use crate::bindings::Bindings;
use crate::hotkeys::HotkeyAction;
use crate::idle::presence::Presence;
use crate::model::{Action, TrayFace};
use crate::notify::{Note, Notifier};
use crate::nudges::{LongTimer, SyncNews};
use crate::options::RunOptions;
use crate::passes;
use crate::run::{Event, spawn};
use crate::schedule::{SyncSchedule, Wake};
use crate::settings_file::SettingsFile;
use crate::view::{self, View};
use crate::window;

/// How long Quit waits for a sync pass in progress to finish, so it doesn't leave the
/// lease held for `punch sync` to wait out.
const QUIT_GRACE: Duration = Duration::from_secs(10);

pub(crate) struct Tray {
    pub(crate) home: PathBuf,
    pub(crate) options: RunOptions,
    pub(crate) tracker: Tracker,
    /// The pass's own store connection, kept between passes; out while one runs.
    pub(crate) sync_tracker: Option<Tracker>,
    pub(crate) face: Box<dyn TrayFace>,
    pub(crate) notifier: Notifier,
    pub(crate) events: Sender<Event>,
    /// The faces (the window) told after every change the tray makes itself.
    pub(crate) subscribers: Subscribers,
    pub(crate) settings: Option<SettingsFile>,
    pub(crate) bindings: Bindings,
    pub(crate) schedule: SyncSchedule,
    pub(crate) view: View,
    /// The instant `view` was built for: its title shows the minutes up to then.
    pub(crate) built: DateTime<Utc>,
    pub(crate) long: Option<LongTimer>,
    /// Since when nothing has been running, in local time (for the reminder).
    pub(crate) idle_since: NaiveDateTime,
    pub(crate) reminded: Option<NaiveDateTime>,
    pub(crate) news: SyncNews,
    /// Idle time: the sources' signals through the core's policy.
    pub(crate) presence: Presence,
}

impl Tray {
    /// Take up the settings file's values if it changed; a broken file is told once
    /// and the settings in force stay.
    pub(crate) fn follow_settings(&mut self) {
        let Some(fresh) = self.settings.as_mut().and_then(SettingsFile::fresh) else {
            return;
        };
        match fresh {
            Ok(settings) => {
                self.options = self.options.clone().with_settings(&settings);
                if self.long.as_ref().map(|l| l.limit) != self.options.long_timer {
                    self.long = self.options.long_timer.map(LongTimer::new);
                }
                self.schedule
                    .set_pull_every(self.options.schedule.pull_every);
                self.presence.set_threshold(self.options.idle);
                self.presence.set_timer(self.view.running, self.built);
            }
            Err(e) => {
                tracing::warn!("{e}");
                self.notifier
                    .send(Note::failed("use your settings", &e.to_string()));
            }
        }
    }

    /// Bind the hotkeys the options name (again, if they changed).
    pub(crate) fn bind_hotkeys(&mut self) {
        self.bindings.want(&self.options.hotkeys, &self.events);
    }

    /// Rebuild the model from the store and show it if it changed.
    pub(crate) fn refresh(&mut self, now: DateTime<Utc>) {
        match view::view(&self.tracker, now) {
            Ok(view) => {
                if view.running.is_none() && self.view.running.is_some() {
                    self.idle_since = local(now);
                }
                if view.model != self.view.model {
                    self.face.show(&view.model);
                }
                self.presence.set_timer(view.running, now);
                self.view = view;
                self.built = now;
            }
            Err(e) => {
                tracing::warn!("can't read the store: {e}");
                // The title's tick counts from here, so a failing store isn't re-read
                // in a spin.
                self.built = now;
            }
        }
    }

    /// Do whatever is due at `now`.
    pub(crate) fn wake(&mut self, now: DateTime<Utc>) {
        if self.schedule.due(now) {
            self.start_pass(now);
        }
        if self.minute_tick().is_some_and(|tick| tick <= now) {
            self.refresh(now);
        }
        if let Some(long) = &mut self.long
            && long.check(self.view.running, now)
        {
            let minutes = self
                .view
                .running
                .map_or(0, |(_, start)| minutes_between(start, now));
            let what = self.view.running_label.clone().unwrap_or_default();
            self.notifier.send(Note::still_running(&what, minutes));
        }
        if let Some(hours) = &self.options.working_hours {
            let running = self.view.running.is_some();
            if hours.remind_now(running, self.idle_since, self.reminded, local(now)) {
                let quiet = local(now) - self.idle_since;
                let minutes = u32::try_from(quiet.num_minutes()).unwrap_or(u32::MAX);
                self.notifier.send(Note::nothing_tracked(minutes));
                self.reminded = Some(local(now));
            }
        }
    }

    /// The next instant anything is due, or `None` to sleep until an event.
    pub(crate) fn deadline(&self, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
        let sync = match self.schedule.next_wake() {
            Wake::At(at) => Some(at),
            Wake::Event => None,
        };
        let long = self
            .long
            .as_ref()
            .and_then(|l| l.next_check(self.view.running));
        let reminder = self.options.working_hours.as_ref().and_then(|hours| {
            if self.view.running.is_some() {
                return None;
            }
            let at = hours.reminder_at(self.idle_since, self.reminded, local(now))?;
            Local
                .from_local_datetime(&at)
                .earliest()
                .map(|t| t.to_utc())
        });
        [sync, self.minute_tick(), long, reminder]
            .into_iter()
            .flatten()
            .min()
    }

    fn minute_tick(&self) -> Option<DateTime<Utc>> {
        let (_, start) = self.view.running?;
        Some(next_title_change(start, self.built))
    }

    pub(crate) fn act(&mut self, action: &Action, now: DateTime<Utc>) -> bool {
        match actions::apply(&mut self.tracker, action, self.options.activate, now) {
            Ok(Next::Changed) => {
                let before = self.view.clone();
                self.subscribers.notify();
                self.schedule.changed(now);
                self.refresh(now);
                if *action == Action::Hotkey(HotkeyAction::Toggle) {
                    self.confirm_toggle(&before, now);
                }
            }
            Ok(Next::SyncNow) => self.schedule.sync_now(now),
            Ok(Next::Window(view)) => match window::open(&self.options.window_app, view) {
                Ok(true) => {}
                Ok(false) => self
                    .notifier
                    .send(Note::window_missing(&self.options.window_app)),
                Err(e) => self
                    .notifier
                    .send(Note::failed("open the window", &e.to_string())),
            },
            Ok(Next::Quit) => return true,
            Err(e) => {
                tracing::info!("{}: {e}", actions::describe(action));
                self.notifier
                    .send(Note::failed(actions::describe(action), &e.to_string()));
                self.refresh(now);
            }
        }
        false
    }

    /// A hotkey toggled the timer while the user looked elsewhere: say what happened.
    fn confirm_toggle(&self, before: &View, now: DateTime<Utc>) {
        let note = match (
            &self.view.running_label,
            before.running,
            &before.running_label,
        ) {
            (Some(started), _, _) => Note::started(started),
            (None, Some((_, start)), Some(stopped)) => {
                Note::stopped(stopped, minutes_between(start, now))
            }
            _ => return,
        };
        self.notifier.send(note);
    }

    pub(crate) fn start_pass(&mut self, now: DateTime<Utc>) {
        self.schedule.started();
        let tracker = match self.sync_tracker.take() {
            Some(tracker) => Ok(tracker),
            None => Tracker::open(&self.home).map(|mut tracker| {
                tracker.store_mut().set_change_pings(false);
                tracker
            }),
        };
        let events = self.events.clone();
        let home = self.home.clone();
        let config = self.options.pass.clone();
        let started = tracker.and_then(|mut tracker| {
            spawn("punch-sync", move || {
                let outcome = passes::run(&mut tracker, &home, &config, Utc::now());
                // Off the loop's thread: the fsync that commands skip happens here.
                if let Err(e) = tracker.store().checkpoint() {
                    tracing::debug!("checkpoint: {e}");
                }
                let _ = events.send(Event::Passed(Box::new((tracker, outcome))));
            })
        });
        if let Err(e) = started {
            // Backed off like any failed pass, so a broken store is not retried in a spin.
            tracing::warn!("can't start a sync pass: {e}");
            let failed = crate::schedule::PassResult::Failed { offline: false };
            self.schedule.finished(failed, now);
        }
    }

    pub(crate) fn passed(
        &mut self,
        (tracker, outcome): (Tracker, passes::Outcome),
        now: DateTime<Utc>,
    ) {
        self.sync_tracker = Some(tracker);
        if self.schedule.finished(outcome.result, now) {
            tracing::info!("Zoho is reachable again");
        }
        if let Some(error) = &outcome.error {
            tracing::info!("sync: {error}");
        }
        if let Some(summary) = &outcome.summary {
            for note in self.news.after_pass(summary) {
                self.notifier.send(note);
            }
        }
        // A pass changes sync states and pulls Zoho's edits: the window shows both.
        self.subscribers.notify();
        self.refresh(now);
    }

    /// On Quit, let a pass in progress end, up to [`QUIT_GRACE`].
    pub(crate) fn finish_pass(&mut self, inbox: &Receiver<Event>) {
        let deadline = std::time::Instant::now() + QUIT_GRACE;
        while self.schedule.is_running() {
            let left = deadline.saturating_duration_since(std::time::Instant::now());
            match inbox.recv_timeout(left) {
                Ok(Event::Passed(done)) => self.passed(*done, Utc::now()),
                Ok(_) => {}
                Err(_) => return,
            }
        }
    }
}

pub(crate) fn local(instant: DateTime<Utc>) -> NaiveDateTime {
    instant.with_timezone(&Local).naive_local()
}

/// When a running timer's title, shown at `shown`, next changes: at the next whole
/// minute since its start, so it moves on the minute and not up to a minute late.
fn next_title_change(start: DateTime<Utc>, shown: DateTime<Utc>) -> DateTime<Utc> {
    start + TimeDelta::minutes(i64::from(minutes_between(start, shown)) + 1)
}

fn minutes_between(start: DateTime<Utc>, now: DateTime<Utc>) -> u32 {
    u32::try_from((now - start).num_minutes().max(0)).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_title_changes_on_each_whole_minute_of_the_timer() {
        let start = Utc.with_ymd_and_hms(2026, 3, 2, 12, 0, 30).unwrap();
        let at = |h, m, s| Utc.with_ymd_and_hms(2026, 3, 2, h, m, s).unwrap();
        assert_eq!(next_title_change(start, start), at(12, 1, 30));
        assert_eq!(next_title_change(start, at(12, 5, 10)), at(12, 5, 30));
        assert_eq!(next_title_change(start, at(12, 5, 30)), at(12, 6, 30));
        // A start given a little in the future (clock skew) still ticks ahead.
        assert_eq!(next_title_change(start, at(12, 0, 0)), at(12, 1, 30));
    }
}
