//! Logging, reading, updating and deleting time entries, and every refusal of their
//! fields, by Punch itself (long notes) and by Books.

use super::*;

#[test]
fn an_entry_is_logged_read_updated_and_deleted() {
    let (sim, session) = support::signed_in(SimConfig::default());
    let books = Books::new(&session, ORG);
    let t = target(&books);
    let span = LoggedTime::Span {
        begin: at(9, 0),
        end: at(10, 30),
    };
    let created = books
        .create_time_entry(&entry(&t, days_ago(&sim, 1), span, "Navigation redesign"))
        .unwrap();
    assert_eq!(created.log_minutes, 90);
    assert_eq!(
        (created.begin_time, created.end_time),
        (Some(at(9, 0)), Some(at(10, 30)))
    );
    assert_eq!(
        (created.project_name.as_str(), created.task_name.as_str()),
        ("Website relaunch", "Development")
    );
    assert_eq!(created.notes, "Navigation redesign");
    assert_eq!(created.billed_status, "unbilled");
    assert!(created.is_billable && !created.timer_running);

    let id = created.time_entry_id.clone();
    assert_eq!(books.time_entry(&id).unwrap(), created);

    let updated = books
        .update_time_entry(&id, &entry(&t, days_ago(&sim, 2), minutes(135), ""))
        .unwrap();
    assert_eq!(updated.time_entry_id, id);
    assert_eq!(updated.log_minutes, 135);
    assert_eq!(updated.log_date, days_ago(&sim, 2));
    assert_eq!(updated.begin_time, None, "a duration replaces the span");
    assert_eq!(updated.notes, "", "Books' blank \" \" reads as empty");

    books.delete_time_entry(&id).unwrap();
    assert_refused(books.time_entry(&id), 1002, "Time entry does not exist.");
    assert_refused(
        books.delete_time_entry(&id),
        1002,
        "Time entry does not exist.",
    );
    assert_refused(
        books.update_time_entry(&id, &entry(&t, today(&sim), minutes(5), "")),
        1002,
        "Time entry does not exist.",
    );
}

#[test]
fn books_refuses_bad_entries() {
    let (sim, session) = support::signed_in(SimConfig::default());
    let books = Books::new(&session, ORG);
    let t = target(&books);
    let day = days_ago(&sim, 1);
    let good = entry(&t, day, minutes(60), "");

    let mut unknown_project = good.clone();
    unknown_project.project_id = "460000000099999".into();
    assert_refused(
        books.create_time_entry(&unknown_project),
        1002,
        "Project does not exist.",
    );
    let mut unknown_task = good.clone();
    unknown_task.task_id = "460000000099999".into();
    assert_refused(
        books.create_time_entry(&unknown_task),
        1002,
        "Task does not exist.",
    );
    let mut unknown_user = good.clone();
    unknown_user.user_id = "460000000099999".into();
    assert_refused(
        books.create_time_entry(&unknown_user),
        1002,
        "User does not exist.",
    );

    let future = entry(&t, today(&sim) + Days::new(2), minutes(60), "");
    assert_refused(
        books.create_time_entry(&future),
        1046,
        "You cannot log time for a future date.",
    );

    let backwards = entry(
        &t,
        day,
        LoggedTime::Span {
            begin: at(11, 0),
            end: at(10, 0),
        },
        "",
    );
    assert_refused(
        books.create_time_entry(&backwards),
        2,
        "The end time should be later than the begin time.",
    );
    assert_refused(
        books.create_time_entry(&entry(&t, day, minutes(0), "")),
        2,
        "Invalid value passed for log_time",
    );

    // Punch refuses long notes itself: nothing reaches Books.
    let before = received(&sim, "POST", "/books/v3/projects/timeentries");
    let long = entry(&t, day, minutes(60), &"x".repeat(501));
    let err = books.create_time_entry(&long).unwrap_err();
    assert_eq!(
        (err.kind, err.status, err.code),
        (ErrorKind::Rejected, None, None)
    );
    assert!(err.message.contains("at most 500"), "{}", err.message);
    assert_eq!(
        received(&sim, "POST", "/books/v3/projects/timeentries"),
        before
    );

    // What Books itself says to what a client could send.
    let raw = |body: Value| {
        session.send(
            &Request::new(Api::Books, Method::Post, "/books/v3/projects/timeentries")
                .query("organization_id", ORG)
                .json(body),
        )
    };
    let valid = json!({
        "project_id": t.project_id, "task_id": t.task_id, "user_id": t.user_id,
        "log_date": day.format("%Y-%m-%d").to_string(), "log_time": "01:00",
    });
    let with = |key: &str, value: Value| {
        let mut body = valid.clone();
        body[key] = value;
        body
    };
    assert_refused(
        raw(with("notes", json!("x".repeat(501)))),
        2,
        "Notes cannot be more than 500 characters.",
    );
    assert_refused(
        raw(with("log_date", json!("17/09/2013"))),
        2,
        "Invalid value passed for log_date",
    );
    assert_refused(
        raw(with("begin_time", json!("9am"))),
        2,
        "Invalid value passed for begin_time",
    );
    assert_refused(
        raw(with("log_time", json!(" "))),
        4,
        "Please enter the time spent.",
    );
    assert_refused(
        raw(with("project_id", json!(" "))),
        4,
        "Please select a project.",
    );
    assert_refused(
        session.send(
            &Request::new(Api::Books, Method::Post, "/books/v3/projects/timeentries")
                .query("organization_id", ORG)
                .form(vec![("JSONString".into(), "{".into())]),
        ),
        1038,
        "JSON is not well formed",
    );
    // Numeric ids are accepted, as Books accepts them.
    let numeric = with("project_id", json!(t.project_id.parse::<u64>().unwrap()));
    assert!(raw(numeric).is_ok());
}

#[test]
fn many_entries_are_deleted_at_once() {
    let (sim, session) = support::signed_in(SimConfig::default());
    let books = Books::new(&session, ORG);
    let t = target(&books);
    let ids: Vec<String> = (1..=3)
        .map(|d| {
            books
                .create_time_entry(&entry(&t, days_ago(&sim, d), minutes(20), ""))
                .unwrap()
                .time_entry_id
        })
        .collect();

    assert_refused(
        books.delete_time_entries(&[ids[0].as_str(), "460000000099999"]),
        1002,
        "Time entry does not exist.",
    );
    assert!(books.time_entry(&ids[0]).is_ok(), "all or nothing");

    books.delete_time_entries(&ids[..2]).unwrap();
    let last = received(&sim, "DELETE", "/books/v3/projects/timeentries");
    let query = sim
        .shared
        .received
        .lock()
        .unwrap()
        .iter()
        .rev()
        .find(|r| r.method == "DELETE")
        .unwrap()
        .query
        .clone();
    assert!(
        query.contains("time_entry_ids=") && query.contains(&ids[0]) && query.contains(&ids[1]),
        "{query}"
    );
    assert!(books.time_entry(&ids[0]).is_err() && books.time_entry(&ids[1]).is_err());
    assert!(books.time_entry(&ids[2]).is_ok());

    books.delete_time_entries::<&str>(&[]).unwrap();
    assert_eq!(
        received(&sim, "DELETE", "/books/v3/projects/timeentries"),
        last,
        "nothing sent"
    );
}
