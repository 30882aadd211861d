//! Listing time entries: date, project and user filters, and paging beyond one page.

use super::*;

#[test]
fn lists_filter_by_date_project_and_user() {
    let (sim, session) = support::signed_in(SimConfig::default());
    let books = Books::new(&session, ORG);
    let t = target(&books);
    let mobile = books
        .active_projects()
        .unwrap()
        .into_iter()
        .find(|p| p.project_name == "Mobile app MVP")
        .unwrap();
    let mobile_task = books.tasks(&mobile.project_id).unwrap().remove(0).task_id;
    let mut ids = Vec::new();
    for days in [1, 3, 10] {
        let e = books
            .create_time_entry(&entry(&t, days_ago(&sim, days), minutes(30), ""))
            .unwrap();
        ids.push(e.time_entry_id);
    }
    let mut other = entry(&t, days_ago(&sim, 3), minutes(45), "App store screenshots");
    other.project_id = mobile.project_id.clone();
    other.task_id = mobile_task;
    let other_id = books.create_time_entry(&other).unwrap().time_entry_id;

    let mine = TimeEntryFilter {
        user_id: Some(t.user_id.clone()),
        ..Default::default()
    };
    let all_mine = books.all_time_entries(&mine).unwrap();
    assert_eq!(
        all_mine.len(),
        4,
        "the colleague's seeded entries are not mine"
    );
    assert!(
        all_mine.windows(2).all(|w| w[0].log_date >= w[1].log_date),
        "newest first"
    );

    let last_week = TimeEntryFilter {
        from: Some(days_ago(&sim, 7)),
        to: Some(days_ago(&sim, 2)),
        ..mine.clone()
    };
    let found: Vec<String> = books
        .all_time_entries(&last_week)
        .unwrap()
        .into_iter()
        .map(|e| e.time_entry_id)
        .collect();
    assert_eq!(found.len(), 2);
    assert!(found.contains(&ids[1]) && found.contains(&other_id));
    let query = &sim
        .shared
        .received
        .lock()
        .unwrap()
        .last()
        .unwrap()
        .query
        .clone();
    assert!(query.contains("filter_by=Date.CustomDate"), "{query}");
    assert!(
        query.contains(&format!("from_date={}", days_ago(&sim, 7))),
        "{query}"
    );

    let website_only = TimeEntryFilter {
        project_id: Some(t.project_id.clone()),
        ..mine
    };
    let website: Vec<_> = books.all_time_entries(&website_only).unwrap();
    assert_eq!(website.len(), 3);
    assert!(website.iter().all(|e| e.project_id == t.project_id));

    let everyone = books.all_time_entries(&TimeEntryFilter::default()).unwrap();
    assert_eq!(everyone.len(), 6);
    assert!(
        everyone
            .iter()
            .any(|e| e.user_name == "Priya Raman" && e.billed_status == "invoiced")
    );
    assert!(
        Books::new(&session, OTHER_ORG)
            .all_time_entries(&TimeEntryFilter::default())
            .unwrap()
            .is_empty()
    );
}

#[test]
fn lists_page_beyond_one_page() {
    let (sim, session) = support::signed_in(SimConfig::default());
    let books = Books::new(&session, ORG);
    let t = target(&books);
    for days in 1..=5 {
        books
            .create_time_entry(&entry(&t, days_ago(&sim, days), minutes(15), ""))
            .unwrap();
    }
    let mine = TimeEntryFilter {
        user_id: Some(t.user_id.clone()),
        ..Default::default()
    };
    let pages: Vec<_> = (1..=3)
        .map(|n| books.time_entries(&mine, n, 2).unwrap())
        .collect();
    assert_eq!(
        pages.iter().map(|p| p.items.len()).collect::<Vec<_>>(),
        [2, 2, 1]
    );
    assert_eq!(
        pages.iter().map(|p| p.has_more()).collect::<Vec<_>>(),
        [true, true, false]
    );
    assert_eq!(pages[1].page_context.per_page, 2);
    assert_eq!(pages[2].items[0].log_date, days_ago(&sim, 5));

    // Enough stored entries for the walk to need three pages of 200.
    {
        let mut db = sim.shared.books.lock().unwrap();
        let template = db
            .organization(ORG)
            .unwrap()
            .entries
            .values()
            .next()
            .unwrap()
            .clone();
        for _ in 0..445 {
            let id = db.mint();
            let org = db.organization_mut(ORG).unwrap();
            org.entries.insert(
                id.clone(),
                zoho_sim::books::Entry {
                    time_entry_id: id,
                    ..template.clone()
                },
            );
        }
    }
    let before = received(&sim, "GET", "/books/v3/projects/timeentries");
    let all = books.all_time_entries(&TimeEntryFilter::default()).unwrap();
    assert_eq!(all.len(), 2 + 5 + 445);
    assert_eq!(
        received(&sim, "GET", "/books/v3/projects/timeentries") - before,
        3
    );
    let mut ids: Vec<&str> = all.iter().map(|e| e.time_entry_id.as_str()).collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), all.len(), "no entry twice across pages");
}
