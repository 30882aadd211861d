//! The picker's lists, the timesheet layout and custom fields, and the inspection route.

use super::*;

#[test]
fn the_picker_lists_portals_projects_tasks_and_bugs_page_after_page() {
    let (sim, session, ids) = start();
    let listed = portals(&session).unwrap();
    let names: Vec<&str> = listed.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, ["brightline", "brightlinelabs"]);
    assert_eq!(listed[0].id, ids.portal_id);

    let by_name = Projects::new(&session, "brightline").with_page_size(2);
    let projects = by_name.projects().unwrap();
    let names: Vec<&str> = projects.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "Website relaunch",
            "Mobile banking app",
            "Data warehouse migration",
            "Brand refresh 2024"
        ]
    );
    assert_eq!(projects[3].status, "archived");
    let pages: Vec<String> = received(&sim, "GET", "/brightline/projects")
        .into_iter()
        .map(|r| r.query)
        .collect();
    assert_eq!(
        pages,
        ["index=1&range=2", "index=3&range=2", "index=5&range=2"]
    );
    // `{portal}` may be the id as well as the name.
    let by_id = Projects::new(&session, ids.portal_id.clone());
    assert_eq!(by_id.projects().unwrap(), projects);

    let tasks = by_name.tasks(&ids.website).unwrap();
    assert_eq!(tasks.len(), 5);
    assert_eq!(
        (tasks[0].name.as_str(), tasks[0].completed),
        ("Wireframes", true)
    );
    assert!(!tasks[1].completed);
    let bugs = by_name.bugs(&ids.website).unwrap();
    let titles: Vec<&str> = bugs.iter().map(|b| b.title.as_str()).collect();
    assert_eq!(
        titles,
        [
            "Hero image blurry on retina screens",
            "Contact form rejects plus-addressed emails",
            "Footer links 404 in the German locale"
        ]
    );
    assert!(by_name.bugs(&ids.warehouse).unwrap().is_empty());
}

#[test]
fn the_timesheet_layout_and_custom_fields() {
    let (_sim, session, ids) = start();
    let pj = Projects::new(&session, ids.portal_id.clone());
    let layout = pj.layout(&ids.website).unwrap();
    assert_eq!(layout.currency, "EUR");
    assert_eq!(layout.sections.len(), 2);
    let date = &layout.sections[0].fields[0];
    assert_eq!(
        (date.column.as_str(), date.mandatory, date.builtin),
        ("LOGDATE", true, true)
    );
    let billing = layout.sections[0]
        .fields
        .iter()
        .find(|f| f.column == "BILLING")
        .unwrap();
    assert_eq!(billing.choices.len(), 2);

    let fields = pj.custom_fields().unwrap();
    let columns: Vec<&str> = fields.iter().map(|f| f.column.as_str()).collect();
    assert_eq!(
        columns,
        ["UDF_CHAR1", "UDF_TEXT1", "UDF_DECIMAL1", "UDF_DATE1"]
    );
    assert_eq!(fields[0].name, "Ticket reference");

    // A log may fill them by column; an unknown column is refused.
    let mut custom = Map::new();
    custom.insert("UDF_CHAR1".into(), json!("TCK-1042"));
    let mut input = LogInput::new(ago(1), 30, true);
    input.custom_fields = Some(custom.clone());
    pj.add_log(&ids.website, &Component::Task(ids.task.clone()), &input)
        .unwrap();
    custom.insert("UDF_CHAR99".into(), json!("?"));
    input.custom_fields = Some(custom);
    let err = pj
        .add_log(&ids.website, &Component::Task(ids.task.clone()), &input)
        .unwrap_err();
    assert_zoho(&err, ErrorKind::Rejected, 6832, PATTERN);
}

#[test]
fn the_inspection_route_shows_the_stored_logs() {
    let (sim, session, ids) = start();
    let pj = Projects::new(&session, "brightline");
    let added = pj
        .add_log(
            &ids.website,
            &Component::General,
            &LogInput::new(ago(1), 15, true).named("Standup"),
        )
        .unwrap();
    let body: Value = ureq::get(format!("{}/_sim/projects/logs", sim.base_url()))
        .call()
        .unwrap()
        .body_mut()
        .read_json()
        .unwrap();
    let logs = body.as_array().unwrap();
    assert_eq!(logs.len(), 5, "four seeded and one added");
    let stored = logs
        .iter()
        .find(|l| l["id"].as_u64().map(|id| id.to_string()) == Some(added.id.clone()))
        .unwrap();
    assert_eq!(stored["on"], json!({"type": "general", "name": "Standup"}));
    assert_eq!(stored["minutes"], 15);
}
