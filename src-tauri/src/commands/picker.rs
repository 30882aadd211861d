//! The target picker: the cached catalog of every account, plus aliases and targets
//! used before, ranked recent and frequent first, with fuzzy search.

use std::collections::HashMap;

use chrono::{DateTime, TimeDelta, Utc};
use punch_core::catalog_sync;
use punch_core::store::{accounts, catalog};
use punch_core::tracker::Tracker;
use serde::Serialize;

use crate::commands::accounts::ZohoAccess;
use crate::error::CommandResult;
use crate::fuzzy;
use crate::labels::Labels;

/// One choice in the picker.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PickItem {
    /// What `start_timer` takes: the text form.
    pub target: String,
    pub account: Option<String>,
    pub product: String,
    pub name: String,
    pub project: String,
    pub active: bool,
    /// Aliases that name this target.
    pub aliases: Vec<String>,
    /// Worked on within the last two weeks.
    pub recent: bool,
    /// Entries on it in the last 90 days.
    pub uses: u32,
}

/// How much each target was used lately: (entries in 90 days, newest start or log).
fn usage(tracker: &Tracker, now: DateTime<Utc>) -> CommandResult<HashMap<String, (u32, i64)>> {
    let since = (now - TimeDelta::days(90)).timestamp_millis();
    let mut stmt = tracker.store().conn().prepare(
        "SELECT target, count(*), max(coalesce(start_ms, created_ms)) FROM entries
         WHERE target IS NOT NULL AND deleted_ms IS NULL
           AND coalesce(start_ms, created_ms) >= ?1
         GROUP BY target",
    )?;
    let rows = stmt.query_map([since], |r| {
        Ok((
            r.get::<_, String>(0)?,
            (r.get::<_, u32>(1)?, r.get::<_, i64>(2)?),
        ))
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Every target the picker knows, unranked.
fn candidates(tracker: &Tracker, now: DateTime<Utc>) -> CommandResult<Vec<(PickItem, i64)>> {
    let conn = tracker.store().conn();
    let items = catalog::list(conn, None)?;
    let labels = Labels::from_items(&items);
    let used = usage(tracker, now)?;
    let mut aliases: HashMap<String, Vec<String>> = HashMap::new();
    for (name, target) in tracker.aliases()? {
        aliases.entry(target).or_default().push(format!("@{name}"));
    }
    let recent_since = (now - TimeDelta::days(14)).timestamp_millis();
    let make = |target: &str, account: Option<String>, active: bool| {
        let mut label = labels.of_text(target);
        if account.is_none() {
            // Not in any catalog: its alias says more than its text form.
            if let Some(alias) = aliases.get(target).and_then(|a| a.first()) {
                label.name = alias.clone();
                label.project = target.to_owned();
            }
        }
        let (uses, last) = used.get(target).copied().unwrap_or((0, 0));
        let item = PickItem {
            target: target.to_owned(),
            account,
            product: label.product,
            name: label.name,
            project: label.project,
            active,
            aliases: aliases.get(target).cloned().unwrap_or_default(),
            recent: uses > 0 && last >= recent_since,
            uses,
        };
        (item, last)
    };
    let mut all: Vec<(PickItem, i64)> = items
        .iter()
        .map(|i| make(&i.target, Some(i.account.clone()), i.active))
        .collect();
    // Targets typed as text or aliased but not (yet) in any catalog are choices too.
    let mut extra: Vec<&String> = used.keys().chain(aliases.keys()).collect();
    extra.sort();
    extra.dedup();
    for target in extra {
        if !all.iter().any(|(i, _)| &i.target == target) {
            all.push(make(target, None, true));
        }
    }
    Ok(all)
}

/// The picker's list for `query`: matches only, best first; recent and frequent
/// targets ahead of others, inactive ones last.
pub fn pick(
    tracker: &Tracker,
    query: &str,
    limit: usize,
    now: DateTime<Utc>,
) -> CommandResult<Vec<PickItem>> {
    let mut scored: Vec<(u32, PickItem, i64)> = candidates(tracker, now)?
        .into_iter()
        .filter_map(|(item, last)| {
            let text = format!(
                "{} {} {} {} {}",
                item.name,
                item.project,
                item.aliases.join(" "),
                item.product,
                item.target
            );
            fuzzy::score(query, &text).map(|s| (s, item, last))
        })
        .collect();
    scored.sort_by(|(sa, a, la), (sb, b, lb)| {
        b.active
            .cmp(&a.active)
            .then(sb.cmp(sa))
            .then(b.recent.cmp(&a.recent))
            .then(if a.recent && b.recent {
                lb.cmp(la)
            } else {
                std::cmp::Ordering::Equal
            })
            .then(b.uses.cmp(&a.uses))
            .then_with(|| (&a.project, &a.name).cmp(&(&b.project, &b.name)))
    });
    Ok(scored
        .into_iter()
        .take(limit.max(1))
        .map(|(_, item, _)| item)
        .collect())
}

/// Fetch every account's catalog from Zoho again; how many targets are cached now.
pub fn refresh(
    tracker: &mut Tracker,
    zoho: &ZohoAccess,
    now: DateTime<Utc>,
) -> CommandResult<usize> {
    let list = accounts::list(tracker.store().conn())?;
    let mut total = 0;
    for account in &list {
        let endpoint = zoho.endpoint.as_deref();
        total +=
            catalog_sync::refresh(tracker, zoho.secrets.as_ref(), account, endpoint, now)?.len();
    }
    Ok(total)
}
