//! Zoho's refusals with their v2 codes, and a token expiring mid-way.

use super::*;

#[test]
fn unknown_portals_projects_tasks_bugs_and_logs_are_not_found() {
    let (_sim, session, ids) = start();
    let pj = Projects::new(&session, "brightline");
    let input = LogInput::new(ago(1), 30, true);
    let not_found =
        |err: ZohoError| assert_zoho(&err, ErrorKind::NotFound, 6404, "Resource Not Found");
    not_found(
        Projects::new(&session, "nosuchportal")
            .projects()
            .unwrap_err(),
    );
    not_found(pj.tasks("170876000099999999").unwrap_err());
    not_found(
        pj.add_log(
            &ids.website,
            &Component::Task("170876000099999999".into()),
            &input,
        )
        .unwrap_err(),
    );
    not_found(
        pj.add_log(
            &ids.website,
            &Component::Bug("170876000099999999".into()),
            &input,
        )
        .unwrap_err(),
    );
    // A task of another project is not found in this one.
    not_found(
        pj.add_log(&ids.website, &Component::Task(ids.etl.clone()), &input)
            .unwrap_err(),
    );
    not_found(
        pj.update_log(
            &ids.website,
            &Component::General,
            "170876000099999999",
            &input.clone().named("x"),
        )
        .unwrap_err(),
    );
    not_found(
        pj.delete_log(&ids.website, &Component::Task(ids.task.clone()), "42")
            .unwrap_err(),
    );
    let mut stranger = input.clone();
    stranger.owner = Some("1".into());
    not_found(
        pj.add_log(&ids.website, &Component::Task(ids.task.clone()), &stranger)
            .unwrap_err(),
    );
}

#[test]
fn dates_hours_and_ranges_are_checked_as_zoho_does() {
    let (sim, session, ids) = start();
    let pj = Projects::new(&session, "brightline");
    let on = Component::Task(ids.task.clone());

    let future = pj
        .add_log(
            &ids.website,
            &on,
            &LogInput::new(ago(0) + Days::new(2), 30, true),
        )
        .unwrap_err();
    assert_zoho(
        &future,
        ErrorKind::Rejected,
        6403,
        "Time logs cannot be added for a future date.",
    );
    // The simulator's clock decides what "future" is.
    sim.advance(std::time::Duration::from_secs(3 * 86_400));
    pj.add_log(
        &ids.website,
        &on,
        &LogInput::new(ago(0) + Days::new(2), 30, true),
    )
    .unwrap();

    let long = View::Custom {
        start: ago(200),
        end: ago(10),
    };
    let err = pj
        .project_logs(&ids.website, &LogQuery::new(long, ComponentType::Task))
        .unwrap_err();
    assert_zoho(&err, ErrorKind::Rejected, 6832, PATTERN);

    // What the client never sends, sent by hand.
    let path = format!(
        "/restapi/portal/brightline/projects/{}/tasks/{}/logs/",
        ids.website, ids.task
    );
    let add = |fields: &[(&str, &str)]| {
        let form = fields
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        session
            .send(&Request::new(Api::Projects, Method::Post, path.as_str()).form(form))
            .unwrap_err()
    };
    let iso = ago(1).format("%Y-%m-%d").to_string();
    let ok_date = mdy(ago(1));
    let cases: [(&[(&str, &str)], i64); 5] = [
        (
            &[
                ("date", &iso),
                ("hours", "01:00"),
                ("bill_status", "Billable"),
            ],
            6832,
        ),
        (
            &[
                ("date", &ok_date),
                ("hours", "1.5"),
                ("bill_status", "Billable"),
            ],
            6832,
        ),
        (
            &[
                ("date", &ok_date),
                ("hours", "01:00"),
                ("bill_status", "Maybe"),
            ],
            6832,
        ),
        (&[("date", &ok_date), ("bill_status", "Billable")], 6831),
        (&[("hours", "01:00"), ("bill_status", "Billable")], 6831),
    ];
    for (fields, code) in cases {
        let err = add(fields);
        assert_eq!(
            (err.kind, err.code),
            (ErrorKind::Rejected, Some(code)),
            "{fields:?}"
        );
    }
    let all_logs = format!("/restapi/portal/brightline/projects/{}/logs/", ids.website);
    let missing_view = session
        .send(
            &Request::new(Api::Projects, Method::Get, all_logs.as_str())
                .query("users_list", "all")
                .query("date", &ok_date)
                .query("bill_status", "All")
                .query("component_type", "task"),
        )
        .unwrap_err();
    assert_zoho(&missing_view, ErrorKind::Rejected, 6831, MISSING);
    let wrong = session
        .send(&Request::new(
            Api::Projects,
            Method::Get,
            "/restapi/portal/brightline/timesheets",
        ))
        .unwrap_err();
    assert_zoho(&wrong, ErrorKind::Rejected, 6891, "Given URL is wrong");
}

#[test]
fn an_expired_token_is_refreshed_transparently() {
    let (sim, session, ids) = start();
    let pj = Projects::new(&session, "brightline");
    assert_eq!(pj.bugs(&ids.website).unwrap().len(), 3);
    sim.inject(zoho_sim::Fault::new(
        "/restapi",
        zoho_sim::FaultAction::ExpireTokens,
    ));
    let added = pj
        .add_log(
            &ids.website,
            &Component::Task(ids.task.clone()),
            &LogInput::new(ago(1), 30, true),
        )
        .unwrap();
    assert_eq!(added.minutes, 30);
    let refreshes = received(&sim, "POST", "/oauth/v2/token").len();
    assert_eq!(refreshes, 2);
    // The refused call and its retry.
    assert_eq!(
        received(&sim, "POST", &format!("/tasks/{}/logs", ids.task)).len(),
        2
    );
    assert_eq!(
        lock(&sim.shared.projects)
            .logs
            .iter()
            .filter(|l| l.id.to_string() == added.id)
            .count(),
        1
    );
}
