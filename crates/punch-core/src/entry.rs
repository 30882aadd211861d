//! Entries: a piece of tracked time, either between two instants or a duration on a date,
//! with where it goes and how far it got on its way to Zoho.

use chrono::{DateTime, NaiveDate, SecondsFormat, TimeZone, Utc};
use serde::Serialize;

use crate::split::{round_minutes, split_by_day};
use crate::target::Target;

pub type EntryId = i64;

/// Where an entry was made.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Source {
    Local,
    Remote,
}

impl Source {
    pub fn as_str(self) -> &'static str {
        match self {
            Source::Local => "local",
            Source::Remote => "remote",
        }
    }

    pub fn from_db(text: &str) -> Source {
        if text == "remote" {
            Source::Remote
        } else {
            Source::Local
        }
    }
}

/// Zoho's refusal of an entry, kept in Zoho's own words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SyncError {
    /// A stable word: `rejected`, `auth`, `rate_limited`, `transient`, `not_found`.
    pub code: String,
    /// Zoho's message, verbatim.
    pub message: String,
    /// Zoho's numeric code, when it gave one.
    pub zoho_code: Option<i64>,
}

/// How far an entry got on its way to Zoho.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SyncState {
    /// No target: the entry stays on this machine.
    LocalOnly,
    /// Waiting to be sent (or for an account of its product).
    Pending,
    Synced,
    Rejected(SyncError),
}

impl SyncState {
    pub fn as_str(&self) -> &'static str {
        match self {
            SyncState::LocalOnly => "local_only",
            SyncState::Pending => "pending",
            SyncState::Synced => "synced",
            SyncState::Rejected(_) => "rejected",
        }
    }

    /// The state a changed entry takes: pending if it has somewhere to go.
    pub fn for_target(target: Option<&Target>) -> SyncState {
        if target.is_some() {
            SyncState::Pending
        } else {
            SyncState::LocalOnly
        }
    }
}

/// When an entry happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum When {
    /// Between two instants; `end` is `None` while the timer runs.
    Span {
        start: DateTime<Utc>,
        end: Option<DateTime<Utc>>,
    },
    /// A duration logged on a date, with no times of day.
    Duration { minutes: u32 },
}

/// One piece of tracked time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub id: EntryId,
    /// The local date of the start (or the logged date).
    pub date: NaiveDate,
    pub when: When,
    pub target: Option<Target>,
    pub account: Option<String>,
    pub note: String,
    pub billable: bool,
    pub source: Source,
    pub sync: SyncState,
    /// Zoho's ids of this entry's logs, one per day piece, in date order.
    pub remote_ids: Vec<String>,
}

impl Entry {
    pub fn is_running(&self) -> bool {
        matches!(self.when, When::Span { end: None, .. })
    }

    pub fn start(&self) -> Option<DateTime<Utc>> {
        match self.when {
            When::Span { start, .. } => Some(start),
            When::Duration { .. } => None,
        }
    }

    pub fn end(&self) -> Option<DateTime<Utc>> {
        match self.when {
            When::Span { end, .. } => end,
            When::Duration { .. } => None,
        }
    }

    /// Whole minutes, as Zoho will be told; a running entry counts up to `now`.
    pub fn duration_minutes(&self, now: DateTime<Utc>) -> u32 {
        match self.when {
            When::Span { start, end } => {
                round_minutes((end.unwrap_or(now) - start).num_milliseconds())
            }
            When::Duration { minutes } => minutes,
        }
    }

    /// Minutes that fall on local `date` (a span across midnight counts only its part).
    pub fn minutes_on<Z: TimeZone>(&self, date: NaiveDate, tz: &Z, now: DateTime<Utc>) -> u32 {
        match self.when {
            When::Span { start, end } => split_by_day(start, end.unwrap_or(now), tz)
                .into_iter()
                .filter(|piece| piece.date == date)
                .map(|piece| piece.minutes)
                .sum(),
            When::Duration { minutes } if self.date == date => minutes,
            When::Duration { .. } => 0,
        }
    }

    /// The instants this entry covers, for overlap checks (duration entries have none).
    pub fn interval(&self, now: DateTime<Utc>) -> Option<(DateTime<Utc>, DateTime<Utc>)> {
        match self.when {
            When::Span { start, end } => Some((start, end.unwrap_or(now))),
            When::Duration { .. } => None,
        }
    }

    /// The JSON shape of CLI.md.
    pub fn to_json(&self, now: DateTime<Utc>) -> EntryJson {
        EntryJson {
            id: self.id,
            target: self.target.as_ref().map(Target::to_string),
            account: self.account.clone(),
            date: self.date,
            start: self.start().map(rfc3339),
            end: self.end().map(rfc3339),
            duration_minutes: self.duration_minutes(now),
            note: self.note.clone(),
            billable: self.billable,
            running: self.is_running(),
            source: self.source,
            sync: SyncJson {
                state: self.sync.as_str(),
                remote_id: self.remote_ids.first().cloned(),
                remote_ids: self.remote_ids.clone(),
                error: match &self.sync {
                    SyncState::Rejected(error) => Some(error.clone()),
                    _ => None,
                },
            },
            overlaps: Vec::new(),
        }
    }
}

/// Instants cross every boundary as RFC 3339 in UTC.
pub fn rfc3339(instant: DateTime<Utc>) -> String {
    instant.to_rfc3339_opts(SecondsFormat::AutoSi, true)
}

/// An entry as scripts see it (`punch entries --json`, `punch status --json`).
#[derive(Debug, Clone, Serialize)]
pub struct EntryJson {
    pub id: EntryId,
    pub target: Option<String>,
    pub account: Option<String>,
    pub date: NaiveDate,
    pub start: Option<String>,
    pub end: Option<String>,
    pub duration_minutes: u32,
    pub note: String,
    pub billable: bool,
    pub running: bool,
    pub source: Source,
    pub sync: SyncJson,
    /// Ids of other entries whose time overlaps this one's.
    pub overlaps: Vec<EntryId>,
}

#[derive(Debug, Clone, Serialize)]
pub struct SyncJson {
    pub state: &'static str,
    pub remote_id: Option<String>,
    pub remote_ids: Vec<String>,
    pub error: Option<SyncError>,
}

/// For each entry, the ids of the others it overlaps in time (touching ends don't count).
pub fn overlaps(entries: &[Entry], now: DateTime<Utc>) -> Vec<Vec<EntryId>> {
    let mut spans: Vec<(usize, DateTime<Utc>, DateTime<Utc>)> = entries
        .iter()
        .enumerate()
        .filter_map(|(i, e)| e.interval(now).map(|(s, t)| (i, s, t)))
        .collect();
    spans.sort_by_key(|&(_, start, _)| start);
    let mut result = vec![Vec::new(); entries.len()];
    // Sweep in start order: each span only needs comparing with later spans that start
    // before it ends, so a normal day (no overlaps) costs one comparison per entry.
    for (k, &(i, _, end)) in spans.iter().enumerate() {
        for &(j, start_j, _) in &spans[k + 1..] {
            if start_j >= end {
                break;
            }
            result[i].push(entries[j].id);
            result[j].push(entries[i].id);
        }
    }
    for ids in &mut result {
        ids.sort_unstable();
    }
    result
}
