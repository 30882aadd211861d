//! Task, bug and general logs through their whole life, all logs and my logs.

use super::*;

#[test]
fn a_task_log_is_added_listed_updated_approved_and_deleted() {
    let (sim, session, ids) = start();
    let pj = Projects::new(&session, "brightline");
    let on = Component::Task(ids.task.clone());
    let input = LogInput::new(ago(3), 90, true).notes("Header and footer partials");
    let added = pj.add_log(&ids.website, &on, &input).unwrap();
    assert_eq!(
        added.kind,
        LogKind::Task {
            id: ids.task.clone(),
            name: "Frontend templates".into()
        }
    );
    assert_eq!(
        (added.date, added.minutes, added.billable),
        (ago(3), 90, true)
    );
    assert_eq!(added.approval_status, ApprovalStatus::Pending);
    assert_eq!(added.project_id, ids.website);
    assert_eq!(added.owner_id, "703961433");
    // Sent as a form, the date as MM-DD-YYYY and the hours as hh:mm.
    let post = received(&sim, "POST", &format!("/tasks/{}/logs", ids.task));
    let body = &post[0].body;
    assert!(body.contains(&format!("date={}", mdy(ago(3)))), "{body}");
    assert!(body.contains("hours=01%3A30"), "{body}");
    assert!(body.contains("bill_status=Billable"), "{body}");

    let listed = pj.task_logs(&ids.website, &ids.task).unwrap();
    assert_eq!(listed, vec![added.clone()]);

    let changed = LogInput::new(ago(2), 120, false).notes("Partials and the 404 page");
    let updated = pj
        .update_log(&ids.website, &on, &added.id, &changed)
        .unwrap();
    assert_eq!(updated.id, added.id);
    assert_eq!(
        (updated.date, updated.minutes, updated.billable),
        (ago(2), 120, false)
    );
    assert_eq!(updated.notes, "Partials and the 404 page");

    // The approval answer has a numeric id and no id_string: still the same log.
    let approved = pj
        .approve_log(&ids.website, &on, &added.id, &Approval::Approve)
        .unwrap();
    assert_eq!(approved.id, added.id);
    assert_eq!(approved.approval_status, ApprovalStatus::Approved);
    assert_eq!(approved.date, ago(2));

    let again = pj
        .approve_log(&ids.website, &on, &added.id, &Approval::Approve)
        .unwrap_err();
    assert_zoho(
        &again,
        ErrorKind::Rejected,
        6403,
        "The time log is already approved.",
    );
    let edit = pj
        .update_log(&ids.website, &on, &added.id, &changed)
        .unwrap_err();
    assert_zoho(
        &edit,
        ErrorKind::Rejected,
        6403,
        "An approved time log cannot be edited.",
    );
    let delete = pj.delete_log(&ids.website, &on, &added.id).unwrap_err();
    assert_zoho(
        &delete,
        ErrorKind::Rejected,
        6403,
        "An approved time log cannot be deleted.",
    );

    let reset = pj
        .approve_log(&ids.website, &on, &added.id, &Approval::Pending)
        .unwrap();
    assert_eq!(reset.approval_status, ApprovalStatus::Pending);
    pj.delete_log(&ids.website, &on, &added.id).unwrap();
    assert!(pj.task_logs(&ids.website, &ids.task).unwrap().is_empty());
    let stored = lock(&sim.shared.projects);
    assert!(stored.logs.iter().all(|l| l.id.to_string() != added.id));
}

#[test]
fn a_bug_log_is_added_listed_updated_approved_rejected_and_deleted() {
    let (sim, session, ids) = start();
    let pj = Projects::new(&session, "brightline");
    let on = Component::Bug(ids.bug.clone());
    let added = pj
        .add_log(
            &ids.website,
            &on,
            &LogInput::new(ago(4), 45, true).notes("Reproduced"),
        )
        .unwrap();
    assert_eq!(
        added.kind,
        LogKind::Bug {
            id: ids.bug.clone(),
            name: "Contact form rejects plus-addressed emails".into()
        }
    );
    assert_eq!(
        pj.bug_logs(&ids.website, &ids.bug).unwrap(),
        vec![added.clone()]
    );
    // The bug list's path has no trailing slash in the documents.
    assert!(
        received(&sim, "GET", &format!("/bugs/{}/logs", ids.bug))[0]
            .path
            .ends_with("/logs")
    );

    let updated = pj
        .update_log(
            &ids.website,
            &on,
            &added.id,
            &LogInput::new(ago(4), 75, true),
        )
        .unwrap();
    assert_eq!(updated.minutes, 75);

    let no_reason = pj
        .approve_log(
            &ids.website,
            &on,
            &added.id,
            &Approval::Reject {
                reason: String::new(),
            },
        )
        .unwrap_err();
    assert_zoho(&no_reason, ErrorKind::Rejected, 6831, MISSING);
    let too_long = pj
        .approve_log(
            &ids.website,
            &on,
            &added.id,
            &Approval::Reject {
                reason: "x".repeat(251),
            },
        )
        .unwrap_err();
    assert_zoho(&too_long, ErrorKind::Rejected, 6832, PATTERN);
    let rejected = pj
        .approve_log(
            &ids.website,
            &on,
            &added.id,
            &Approval::Reject {
                reason: "Belongs to the hero image bug".into(),
            },
        )
        .unwrap();
    assert_eq!(rejected.approval_status, ApprovalStatus::Rejected);
    // The approval answer names the bug `name`, not `title`.
    assert_eq!(rejected.kind, added.kind);

    let approved = pj
        .approve_log(&ids.website, &on, &added.id, &Approval::Approve)
        .unwrap();
    assert_eq!(approved.approval_status, ApprovalStatus::Approved);
    pj.approve_log(&ids.website, &on, &added.id, &Approval::Pending)
        .unwrap();
    pj.delete_log(&ids.website, &on, &added.id).unwrap();
    assert!(pj.bug_logs(&ids.website, &ids.bug).unwrap().is_empty());
}

#[test]
fn a_general_log_is_named_and_listed_as_the_general_component() {
    let (sim, session, ids) = start();
    let pj = Projects::new(&session, "brightline");
    let on = Component::General;
    let input = LogInput::new(ago(6), 60, false).named("Workshop prep");
    let added = pj.add_log(&ids.warehouse, &on, &input).unwrap();
    assert_eq!(
        added.kind,
        LogKind::General {
            name: "Workshop prep".into()
        }
    );
    assert!(!added.billable);
    let post = received(&sim, "POST", &format!("/projects/{}/logs", ids.warehouse));
    assert!(
        post[0].body.contains("name=Workshop+prep"),
        "{}",
        post[0].body
    );

    let listed = pj.general_logs(&ids.warehouse, View::Day(ago(6))).unwrap();
    assert_eq!(listed, vec![added.clone()]);

    let renamed = LogInput::new(ago(6), 90, false).named("Stakeholder workshop");
    let updated = pj
        .update_log(&ids.warehouse, &on, &added.id, &renamed)
        .unwrap();
    assert_eq!(
        updated.kind,
        LogKind::General {
            name: "Stakeholder workshop".into()
        }
    );
    assert_eq!(updated.minutes, 90);

    // Zoho needs the name on update too.
    let unnamed = pj
        .update_log(
            &ids.warehouse,
            &on,
            &added.id,
            &LogInput::new(ago(6), 90, false),
        )
        .unwrap_err();
    assert_zoho(&unnamed, ErrorKind::Rejected, 6831, MISSING);

    let approved = pj
        .approve_log(&ids.warehouse, &on, &added.id, &Approval::Approve)
        .unwrap();
    assert_eq!(approved.approval_status, ApprovalStatus::Approved);
    pj.approve_log(
        &ids.warehouse,
        &on,
        &added.id,
        &Approval::Reject {
            reason: "Not project work".into(),
        },
    )
    .unwrap();
    pj.delete_log(&ids.warehouse, &on, &added.id).unwrap();
    assert!(
        pj.general_logs(&ids.warehouse, View::Day(ago(6)))
            .unwrap()
            .is_empty()
    );
}

#[test]
fn all_logs_come_nested_by_day_and_page_beyond_one_page() {
    let (sim, session, ids) = start();
    let pj = Projects::new(&session, "brightline").with_page_size(2);
    let on = Component::Task(ids.etl.clone());
    let days = [ago(40), ago(40), ago(39), ago(38), ago(38)];
    for (i, day) in days.iter().enumerate() {
        let input = LogInput::new(*day, 30 + 15 * i as u32, i != 2);
        pj.add_log(&ids.warehouse, &on, &input).unwrap();
    }
    let window = View::Custom {
        start: ago(45),
        end: ago(35),
    };
    let logs = pj
        .project_logs(&ids.warehouse, &LogQuery::new(window, ComponentType::Task))
        .unwrap();
    // The nested logs carry no log_date: each takes its day's.
    let dates: Vec<NaiveDate> = logs.iter().map(|l| l.date).collect();
    assert_eq!(dates, days);
    let minutes: Vec<u32> = logs.iter().map(|l| l.minutes).collect();
    assert_eq!(minutes, [30, 45, 60, 75, 90]);
    assert!(logs.iter().all(|l| l.project_id == ids.warehouse));
    let queries: Vec<String> = received(&sim, "GET", &format!("/projects/{}/logs", ids.warehouse))
        .into_iter()
        .map(|r| r.query)
        .collect();
    assert_eq!(queries.len(), 3, "{queries:?}");
    assert!(queries[1].contains("index=3&range=2"), "{queries:?}");
    // Dates go out as MM-DD-YYYY, the custom range as JSON.
    let custom = format!(
        "custom_date=%7B%22end_date%22%3A%22{}%22%2C%22start_date%22%3A%22{}%22%7D",
        mdy(ago(35)),
        mdy(ago(45))
    );
    assert!(
        queries[0].contains(&format!("date={}", mdy(ago(45)))),
        "{}",
        queries[0]
    );
    assert!(queries[0].contains(&custom), "{}", queries[0]);
    assert!(
        queries[0].contains("view_type=custom_date"),
        "{}",
        queries[0]
    );

    let mut unbilled = LogQuery::new(window, ComponentType::Task);
    unbilled.bill_status = BillFilter::NonBillable;
    let only = pj.project_logs(&ids.warehouse, &unbilled).unwrap();
    assert_eq!(only.len(), 1);
    assert_eq!((only[0].date, only[0].billable), (ago(39), false));

    // A week (Sunday to Saturday) and a day.
    let week_of = ago(39);
    let sunday = week_of - Days::new(u64::from(week_of.weekday().num_days_from_sunday()));
    let in_week = days
        .iter()
        .filter(|d| (sunday..=sunday + Days::new(6)).contains(d))
        .count();
    let week = pj
        .project_logs(
            &ids.warehouse,
            &LogQuery::new(View::Week(week_of), ComponentType::Task),
        )
        .unwrap();
    assert_eq!(week.len(), in_week);
    let bugs = pj
        .project_logs(
            &ids.warehouse,
            &LogQuery::new(View::Day(ago(40)), ComponentType::Bug),
        )
        .unwrap();
    assert!(bugs.is_empty());
}

#[test]
fn my_logs_span_the_portal_and_name_each_project() {
    let (_sim, session, ids) = start();
    let pj = Projects::new(&session, "brightline");
    let day = ago(20);
    pj.add_log(
        &ids.warehouse,
        &Component::Task(ids.etl.clone()),
        &LogInput::new(day, 50, true),
    )
    .unwrap();
    pj.add_log(
        &ids.website,
        &Component::Task(ids.task.clone()),
        &LogInput::new(day, 25, true),
    )
    .unwrap();
    let mine = pj
        .my_logs(&LogQuery::new(View::Month(day), ComponentType::Task))
        .unwrap();
    let on_day: Vec<(&str, u32)> = mine
        .iter()
        .filter(|l| l.date == day)
        .map(|l| (l.project_id.as_str(), l.minutes))
        .collect();
    let mut expected = vec![(ids.warehouse.as_str(), 50), (ids.website.as_str(), 25)];
    let mut got = on_day.clone();
    expected.sort();
    got.sort();
    assert_eq!(got, expected);
}
