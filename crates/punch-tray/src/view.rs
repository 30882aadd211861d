//! The tray's model read from the store: what runs, today's total, what waits to sync
//! and what needs the user, with targets named as the catalog names them. Rebuilt from
//! scratch after every change: the store is the one truth, the tray keeps no copy.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use punch_core::entry::{Entry, EntryId};
use punch_core::store::{accounts, catalog, entries};
use punch_core::tracker::Tracker;
use rusqlite::OptionalExtension;

use crate::model::{RecentTarget, TrayModel};
use crate::title;

/// How many recent targets the model offers.
pub const RECENT: usize = 5;

/// The model, and what the run loop needs to decide when to wake and what to say.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct View {
    pub model: TrayModel,
    /// The running entry's id and start.
    pub running: Option<(EntryId, DateTime<Utc>)>,
    /// How the running entry reads in a notification: `Website / Design · fix login`.
    pub running_label: Option<String>,
}

/// What the tray shows at `now`.
pub fn model(tracker: &Tracker, now: DateTime<Utc>) -> punch_core::Result<TrayModel> {
    Ok(view(tracker, now)?.model)
}

pub fn view(tracker: &Tracker, now: DateTime<Utc>) -> punch_core::Result<View> {
    let conn = tracker.store().conn();
    let status = tracker.status(now)?;
    let labels = Labels::read(conn)?;
    let running_label = status.running.as_ref().map(|e| labels.of_entry(e));
    let running = status.running.as_ref().and_then(|entry| {
        let start = entry.start()?;
        let minutes = u32::try_from((now - start).num_minutes().max(0)).unwrap_or(u32::MAX);
        Some((entry.id, start, minutes))
    });
    let needs_login: Vec<String> = accounts::list(conn)?
        .into_iter()
        .filter(|a| a.needs_login)
        .map(|a| a.name)
        .collect();
    let model = TrayModel {
        running: status
            .running
            .as_ref()
            .zip(running)
            .map(|(entry, (_, _, minutes))| {
                let note = Some(entry.note.as_str()).filter(|n| !n.trim().is_empty());
                title::running(minutes, &labels.of_target(entry), note)
            }),
        today: title::today(status.today_minutes),
        pending: status.pending,
        attention: attention(status.rejected, &needs_login),
        last_error: last_sync_error(conn)?,
        last: entries::last_finished(conn)?.map(|e| RecentTarget {
            target: e
                .target
                .as_ref()
                .map(ToString::to_string)
                .unwrap_or_default(),
            label: labels.of_target_or_note(&e),
        }),
        recent: recent(
            conn,
            &labels,
            status.running.as_ref().and_then(|e| e.target.as_ref()),
        )?,
    };
    Ok(View {
        model,
        running: running.map(|(id, start, _)| (id, start)),
        running_label,
    })
}

/// Why the icon asks for attention, or `None` when all is well.
fn attention(rejected: u64, needs_login: &[String]) -> Option<String> {
    let mut parts = Vec::new();
    match rejected {
        0 => {}
        1 => parts.push("Zoho refused an entry".to_owned()),
        n => parts.push(format!("Zoho refused {n} entries")),
    }
    parts.extend(
        needs_login
            .iter()
            .map(|name| format!("account `{name}` needs login")),
    );
    (!parts.is_empty()).then(|| parts.join("; "))
}

/// The error the last sync pass ended with, as the sync engine recorded it.
fn last_sync_error(conn: &rusqlite::Connection) -> punch_core::Result<Option<String>> {
    Ok(conn
        .query_row("SELECT last_error FROM sync_status WHERE id = 1", [], |r| {
            r.get::<_, Option<String>>(0)
        })
        .optional()?
        .flatten())
}

/// The targets most recently worked on, newest first, each once, but not the one that
/// runs now: starting it again would only split its entry.
fn recent(
    conn: &rusqlite::Connection,
    labels: &Labels,
    running: Option<&punch_core::target::Target>,
) -> punch_core::Result<Vec<RecentTarget>> {
    let running = running.map(ToString::to_string);
    // Entries are touched in bursts on few targets: a hundred rows hold five distinct
    // ones in practice, and the index on updated_ms makes reading them cheap.
    let mut stmt = conn.prepare(
        "SELECT target FROM entries
         WHERE target IS NOT NULL AND deleted_ms IS NULL
         ORDER BY updated_ms DESC, id DESC LIMIT 100",
    )?;
    let mut seen = Vec::<String>::new();
    for target in stmt.query_map([], |r| r.get::<_, String>(0))? {
        let target = target?;
        if running.as_ref() != Some(&target) && !seen.contains(&target) {
            seen.push(target);
            if seen.len() == RECENT {
                break;
            }
        }
    }
    Ok(seen
        .into_iter()
        .map(|target| RecentTarget {
            label: labels.of_text(&target),
            target,
        })
        .collect())
}

/// Names for targets from the cached catalog: `Project / Task`.
struct Labels(HashMap<String, String>);

impl Labels {
    fn read(conn: &rusqlite::Connection) -> punch_core::Result<Labels> {
        Ok(Labels(
            catalog::list(conn, None)?
                .into_iter()
                .map(|item| {
                    let label = if item.project.is_empty() {
                        item.name
                    } else {
                        format!("{} / {}", item.project, item.name)
                    };
                    (item.target, label)
                })
                .collect(),
        ))
    }

    /// The catalog's name, else the text form itself.
    fn of_text(&self, target: &str) -> String {
        self.0
            .get(target)
            .cloned()
            .unwrap_or_else(|| target.to_owned())
    }

    fn of_target(&self, entry: &Entry) -> String {
        entry.target.as_ref().map_or_else(
            || "(no target)".to_owned(),
            |t| self.of_text(&t.to_string()),
        )
    }

    /// For Continue: a local-only entry is best recognised by its note.
    fn of_target_or_note(&self, entry: &Entry) -> String {
        match (&entry.target, entry.note.trim()) {
            (None, note) if !note.is_empty() => note.to_owned(),
            _ => self.of_target(entry),
        }
    }

    fn of_entry(&self, entry: &Entry) -> String {
        match entry.note.trim() {
            "" => self.of_target(entry),
            note => format!("{} · {note}", self.of_target(entry)),
        }
    }
}

#[cfg(test)]
#[path = "view_tests.rs"]
mod tests;
