//! Pulling: logs made, edited and deleted in Zoho's own pages reach Punch, and a local
//! change not yet pushed wins over Zoho's copy.

use punch_core::entry::{Entry, Source, SyncState, When};
use punch_core::target::{Product, ProjectsItem, Target};
use punch_core::tracker::{EditRequest, StartRequest};
use serde_json::Map;
use zoho_sim::state::lock;

use super::log;
use super::world::{BOOKS_ORG, PEOPLE_ERECNO, PROJECTS_USER, World, at, day, later};
use zoho_sim::SimConfig;

/// One log per product made in Zoho's pages on `date`; answers their targets.
fn made_in_zoho(w: &World, date: chrono::NaiveDate) -> [Target; 3] {
    let shared = &w.sim().shared;
    let books_target = w.catalog.books[2].clone();
    let Target::Books {
        project_id,
        task_id,
    } = &books_target
    else {
        unreachable!()
    };
    {
        let mut books = lock(&shared.books);
        let id = books.mint();
        let org = books.organization_mut(BOOKS_ORG).unwrap();
        let entry = zoho_sim::books::Entry {
            time_entry_id: id.clone(),
            project_id: project_id.clone(),
            task_id: task_id.clone(),
            user_id: org.me.clone(),
            log_date: date,
            begin_time: None,
            end_time: None,
            log_minutes: 50,
            is_billable: false,
            billed_status: "unbilled".into(),
            notes: "Typed in Books".into(),
            timer_started_ms: None,
            created_ms: 0,
        };
        org.entries.insert(id, entry);
    }
    let people_target = w.catalog.people[1].clone();
    {
        let mut people = lock(&shared.people);
        let id = people.mint();
        people.logs.push(zoho_sim::people::TimeLog {
            id,
            erecno: PEOPLE_ERECNO.into(),
            job_id: "412762000000042003".into(),
            work_date: date,
            kind: 0,
            minutes: 70,
            from_min: None,
            to_min: None,
            billable: true,
            work_item: String::new(),
            description: "Typed in People".into(),
            runs: Vec::new(),
        });
    }
    let projects_target = w.catalog.projects[0].clone();
    let Target::Projects {
        project_id,
        item: ProjectsItem::Task(task_id),
    } = &projects_target
    else {
        unreachable!()
    };
    {
        let mut projects = lock(&shared.projects);
        let id = projects.new_id();
        projects.logs.push(zoho_sim::projects::Log {
            id,
            portal_id: super::world::PORTAL_ID,
            project_id: project_id.parse().unwrap(),
            on: zoho_sim::projects::LogOn::Task {
                task_id: task_id.parse().unwrap(),
            },
            date,
            minutes: 95,
            notes: "Typed in Projects".into(),
            billable: true,
            approval: zoho_sim::projects::Approval::Pending,
            approver_id: None,
            reject_reason: None,
            owner_id: PROJECTS_USER,
            custom_fields: Map::new(),
            cost_per_hour: None,
            created_ms: 0,
            modified_ms: 0,
        });
    }
    [books_target, people_target, projects_target]
}

fn remote_entries(w: &World) -> Vec<Entry> {
    w.entries()
        .into_iter()
        .filter(|e| e.source == Source::Remote)
        .collect()
}

#[test]
fn logs_made_in_zoho_become_remote_entries_once() {
    let mut w = World::new(SimConfig::default());
    let targets = made_in_zoho(&w, day(11));
    let summary = w.pass();
    assert_eq!(summary.pulled, 3, "{summary:?}");
    let pulled = remote_entries(&w);
    assert_eq!(pulled.len(), 3, "{pulled:#?}");
    for (target, (minutes, note, billable)) in targets.iter().zip([
        (50, "Typed in Books", false),
        (70, "Typed in People", true),
        (95, "Typed in Projects", true),
    ]) {
        let entry = pulled
            .iter()
            .find(|e| e.target.as_ref() == Some(target))
            .unwrap_or_else(|| panic!("no entry for {target}: {pulled:#?}"));
        assert_eq!(entry.when, When::Duration { minutes });
        assert_eq!(
            (entry.note.as_str(), entry.billable, entry.date),
            (note, billable, day(11))
        );
        assert_eq!(entry.account.as_deref(), Some(target.product().as_str()));
        assert_eq!(entry.sync, SyncState::Synced);
        assert_eq!(entry.remote_ids.len(), 1);
    }
    assert_eq!(w.zoho_logs(), w.punch_logs());

    let before = w.requests();
    let again = w.pass();
    assert_eq!((again.pulled, again.pushed), (0, 0), "{again:?}");
    assert_eq!(w.writes_since(before), Vec::<String>::new());
    assert_eq!(remote_entries(&w).len(), 3, "pulled once");
}

/// Three entries, one per product, sent to Zoho.
fn landed(w: &mut World) -> Vec<Entry> {
    let entries: Vec<Entry> = Product::ALL
        .into_iter()
        .map(|p| {
            let target = w.catalog.valid(p)[0].clone();
            log(w, &target, day(12), 40, "Sent from Punch")
        })
        .collect();
    let summary = w.pass();
    assert_eq!(summary.pushed, 3, "{summary:?}");
    entries
        .iter()
        .map(|e| w.tracker.entry(e.id).unwrap())
        .collect()
}

#[test]
fn a_log_edited_in_zoho_changes_its_entry() {
    let mut w = World::new(SimConfig::default());
    let entries = landed(&mut w);
    let shared = &w.sim().shared;
    {
        let mut books = lock(&shared.books);
        let org = books.organization_mut(BOOKS_ORG).unwrap();
        let e = org.entries.get_mut(&entries[0].remote_ids[0]).unwrap();
        (e.log_minutes, e.notes, e.log_date) = (75, "Edited in Books".into(), day(13));
    }
    {
        let mut people = lock(&shared.people);
        let l = people.log_mut(&entries[1].remote_ids[0]).unwrap();
        (l.minutes, l.description, l.billable) = (75, "Edited in People".into(), false);
    }
    {
        let mut projects = lock(&shared.projects);
        let id: u64 = entries[2].remote_ids[0].parse().unwrap();
        let l = projects.logs.iter_mut().find(|l| l.id == id).unwrap();
        (l.minutes, l.notes) = (75, "Edited in Projects".into());
    }
    let before = w.requests();
    let summary = w.pass();
    assert_eq!(summary.pulled, 3, "{summary:?}");
    assert_eq!(
        w.writes_since(before),
        Vec::<String>::new(),
        "Zoho's edit is not sent back"
    );
    let now: Vec<Entry> = entries
        .iter()
        .map(|e| w.tracker.entry(e.id).unwrap())
        .collect();
    assert_eq!(
        (now[0].note.as_str(), now[0].date),
        ("Edited in Books", day(13))
    );
    assert_eq!(
        (now[1].note.as_str(), now[1].billable),
        ("Edited in People", false)
    );
    assert_eq!(now[2].note, "Edited in Projects");
    for entry in &now {
        assert_eq!(entry.when, When::Duration { minutes: 75 });
        assert_eq!(entry.sync, SyncState::Synced);
        assert_eq!(entry.source, Source::Local);
    }
    assert!(remote_entries(&w).is_empty());
    assert_eq!(w.zoho_logs(), w.punch_logs());
    let again = w.pass();
    assert_eq!((again.pulled, again.pushed), (0, 0), "{again:?}");
}

#[test]
fn a_log_deleted_in_zoho_deletes_its_entry() {
    let mut w = World::new(SimConfig::default());
    let entries = landed(&mut w);
    let shared = &w.sim().shared;
    lock(&shared.books)
        .organization_mut(BOOKS_ORG)
        .unwrap()
        .entries
        .remove(&entries[0].remote_ids[0]);
    lock(&shared.people)
        .logs
        .retain(|l| l.id != entries[1].remote_ids[0]);
    lock(&shared.projects)
        .logs
        .retain(|l| l.id.to_string() != entries[2].remote_ids[0]);
    let summary = w.pass();
    assert_eq!(summary.pulled, 3, "{summary:?}");
    for entry in &entries {
        assert!(
            w.tracker.entry(entry.id).is_err(),
            "#{} is still there",
            entry.id
        );
    }
    assert!(w.entries().is_empty());
    let before = w.requests();
    let again = w.pass();
    assert_eq!(w.writes_since(before), Vec::<String>::new());
    assert_eq!(
        (again.pulled, again.pushed, again.pending),
        (0, 0, 0),
        "{again:?}"
    );
    assert_eq!(w.queued(), (0, 0));
}

#[test]
fn a_local_change_not_yet_pushed_wins_over_a_remote_edit() {
    let mut w = World::new(SimConfig::default());
    let entries = landed(&mut w);
    let people = &entries[1];
    lock(&w.sim().shared.people)
        .log_mut(&people.remote_ids[0])
        .unwrap()
        .description = "Edited in People".into();
    let mine = EditRequest {
        note: Some("Edited in Punch".into()),
        ..EditRequest::default()
    };
    w.tracker.edit(Some(people.id), mine, later()).unwrap();

    w.link.offline.set(true);
    let offline = w.pass();
    assert_eq!(offline.pending, 1, "{offline:?}");
    assert_eq!(w.tracker.entry(people.id).unwrap().note, "Edited in Punch");

    w.link.offline.set(false);
    let summary = w.pass();
    assert_eq!((summary.pushed, summary.pulled), (1, 0), "{summary:?}");
    let entry = w.tracker.entry(people.id).unwrap();
    assert_eq!(
        (entry.note.as_str(), &entry.sync),
        ("Edited in Punch", &SyncState::Synced)
    );
    let log = lock(&w.sim().shared.people)
        .log_mut(&people.remote_ids[0])
        .unwrap()
        .clone();
    assert_eq!(
        log.description, "Edited in Punch",
        "Punch's change overwrote Zoho's"
    );
    assert!(remote_entries(&w).is_empty());
    assert_eq!(w.zoho_logs(), w.punch_logs());
}

#[test]
fn an_entry_across_midnight_keeps_its_local_copy_and_zoho_gets_it_back() {
    let mut w = World::new(SimConfig::default());
    let target = w.catalog.books[0].clone();
    let start = StartRequest {
        target: Some(punch_core::target::TargetRef::Target(target)),
        note: "Late deploy".into(),
        at: Some(at(5, 23, 0)),
        ..StartRequest::default()
    };
    w.tracker.start(start, later()).unwrap();
    let entry = match w.tracker.stop(Some(at(6, 1, 0)), later()).unwrap() {
        punch_core::tracker::StopOutcome::Stopped(entry) => entry,
        other => panic!("{other:?}"),
    };
    assert_eq!(w.pass().pushed, 2);
    let entry = w.tracker.entry(entry.id).unwrap();
    assert_eq!(entry.remote_ids.len(), 2);
    // One day's log is edited in Books: it can't say how the whole entry changed.
    lock(&w.sim().shared.books)
        .organization_mut(BOOKS_ORG)
        .unwrap()
        .entries
        .get_mut(&entry.remote_ids[1])
        .unwrap()
        .notes = "Edited in Books".into();
    w.pass();
    w.pass();
    let after = w.tracker.entry(entry.id).unwrap();
    assert_eq!(
        (after.note.as_str(), after.when),
        ("Late deploy", entry.when)
    );
    assert_eq!(
        w.zoho_logs(),
        w.punch_logs(),
        "Zoho holds the entry as Punch does"
    );
    let before = w.requests();
    w.pass();
    assert_eq!(w.writes_since(before), Vec::<String>::new());
}

#[test]
fn a_zoho_edit_that_would_carry_a_span_past_midnight_keeps_zohos_day() {
    let mut w = World::new(SimConfig::default());
    let target = w.catalog.people[0].clone();
    let start = StartRequest {
        target: Some(punch_core::target::TargetRef::Target(target)),
        at: Some(at(4, 23, 20)),
        ..StartRequest::default()
    };
    w.tracker.start(start, later()).unwrap();
    w.tracker.stop(Some(at(4, 23, 57)), later()).unwrap();
    assert_eq!(w.pass().pushed, 1);
    let entry = w.entries().pop().unwrap();
    // 65 minutes on the 4th, as People has it now: from 23:20 that would end on the 5th.
    lock(&w.sim().shared.people)
        .log_mut(&entry.remote_ids[0])
        .unwrap()
        .minutes = 65;
    assert_eq!(w.pass().pulled, 1);
    let after = w.tracker.entry(entry.id).unwrap();
    assert_eq!(
        (after.date, after.when),
        (day(4), When::Duration { minutes: 65 })
    );
    assert_eq!(w.zoho_logs(), w.punch_logs());
    let before = w.requests();
    w.pass();
    assert_eq!(w.writes_since(before), Vec::<String>::new());
}
