//! Single time logs: list (paged and by month windows), add, edit, delete, their
//! refusals, and dates in the format asked for.

use std::collections::HashSet;

use chrono::{Datelike, NaiveTime};
use zoho::people::{
    Billing, LogKind, LoggedTime, NewTimeLog, People, TimeLogChange, TimeLogFilter,
};
use zoho::session::Method;
use zoho_sim::state::lock;

use super::*;

fn hours(job: &str, date: NaiveDate, minutes: u32) -> NewTimeLog {
    NewTimeLog {
        job_id: job.into(),
        work_date: date,
        time: LoggedTime::Minutes(minutes),
        billable: None,
        work_item: None,
        description: None,
    }
}

fn march() -> TimeLogFilter {
    TimeLogFilter::between(d(2025, 3, 1), d(2025, 3, 31))
}

#[test]
fn a_log_is_added_listed_edited_and_deleted() {
    let (sim, session) = sim();
    let people = People::new(&session, ANA);
    let first = people
        .addtimelog(&NewTimeLog {
            description: Some("Homepage review".into()),
            work_item: Some("Review".into()),
            ..hours(DESIGN, d(2025, 3, 4), 90)
        })
        .unwrap();
    let second = people
        .addtimelog(&NewTimeLog {
            time: LoggedTime::Span {
                from: NaiveTime::from_hms_opt(9, 0, 0).unwrap(),
                to: NaiveTime::from_hms_opt(12, 15, 0).unwrap(),
            },
            billable: Some(false),
            ..hours(FRONTEND, d(2025, 3, 5), 0)
        })
        .unwrap();

    let logs = people.gettimelogs(&march()).unwrap();
    assert_eq!(logs.len(), 2);
    let a = logs.iter().find(|l| l.timelog_id == first).unwrap();
    assert_eq!(
        (a.minutes, a.kind, a.work_date),
        (90, LogKind::Hours, d(2025, 3, 4))
    );
    assert_eq!(
        (a.job_name.as_str(), a.project_name.as_str()),
        ("Design", "Website relaunch")
    );
    assert_eq!(
        (a.description.as_str(), a.work_item.as_str()),
        ("Homepage review", "Review")
    );
    assert!(a.billable, "the job's default billing status");
    let b = logs.iter().find(|l| l.timelog_id == second).unwrap();
    assert_eq!(
        (b.kind, b.minutes, b.billable),
        (LogKind::StartEnd, 195, false)
    );
    assert_eq!(b.from, NaiveTime::from_hms_opt(9, 0, 0));
    assert_eq!(b.to, NaiveTime::from_hms_opt(12, 15, 0));
    assert_eq!(
        people
            .gettimelogs(&march().billing(Billing::NonBillable))
            .unwrap()
            .len(),
        1
    );
    assert_eq!(people.gettimelogs(&march().job(DESIGN)).unwrap().len(), 1);

    let edited = people
        .edittimelog(
            &first,
            &TimeLogChange {
                time: Some(LoggedTime::Minutes(120)),
                description: Some("Homepage review, round 2".into()),
                job_id: Some(CONTENT.into()),
                ..TimeLogChange::default()
            },
        )
        .unwrap();
    assert_eq!(edited, first);
    let logs = people.gettimelogs(&march().job(CONTENT)).unwrap();
    assert_eq!(logs.len(), 1);
    assert_eq!(
        (logs[0].minutes, logs[0].description.as_str()),
        (120, "Homepage review, round 2")
    );

    people
        .deletetimelog(&[first.as_str(), second.as_str()])
        .unwrap();
    assert!(people.gettimelogs(&march()).unwrap().is_empty());
    let delete = calls(&sim, "deletetimelog");
    assert_eq!(delete.len(), 1, "one call for both ids");
    assert_eq!(
        param(&delete[0], "timeLogId").unwrap(),
        format!("{first},{second}")
    );
    assert_eq!(delete[0].method, "POST");
}

#[test]
fn more_than_two_hundred_logs_come_back_page_by_page() {
    let (sim, session) = sim();
    let people = People::new(&session, ANA);
    let days = weekdays(d(2025, 3, 3), 15);
    let dates: Vec<NaiveDate> = (0..450).map(|i| days[i % days.len()]).collect();
    let seeded: HashSet<String> = seed_logs(&sim, DESIGN, &dates).into_iter().collect();

    let logs = people.gettimelogs(&march()).unwrap();
    assert_eq!(logs.len(), 450);
    let ids: HashSet<String> = logs.iter().map(|l| l.timelog_id.clone()).collect();
    assert_eq!(ids, seeded, "every log once");
    let pages: Vec<(String, String)> = calls(&sim, "gettimelogs")
        .iter()
        .map(|c| (param(c, "sIndex").unwrap(), param(c, "limit").unwrap()))
        .collect();
    let expected = [("0", "200"), ("200", "200"), ("400", "200")];
    assert_eq!(
        pages,
        expected.map(|(a, b)| (a.to_owned(), b.to_owned())).to_vec()
    );

    let page = people.gettimelogs_page(&march(), 400, 200).unwrap();
    assert_eq!((page.logs.len(), page.next_index), (50, None));
    let page = people.gettimelogs_page(&march(), 0, 500).unwrap();
    assert_eq!((page.logs.len(), page.next_index), (200, Some(200)));
}

#[test]
fn a_three_month_range_is_fetched_month_by_month() {
    let (sim, session) = sim();
    let people = People::new(&session, ANA);
    let dates = weekdays(d(2025, 3, 10), 63); // 10 March to 4 June
    seed_logs(&sim, FRONTEND, &dates);

    let range = TimeLogFilter::between(d(2025, 3, 10), d(2025, 6, 5));
    let logs = people.gettimelogs_range(&range).unwrap();
    assert_eq!(logs.len(), dates.len());
    let got: HashSet<NaiveDate> = logs.iter().map(|l| l.work_date).collect();
    assert_eq!(got, dates.iter().copied().collect());

    let windows: Vec<(NaiveDate, NaiveDate)> = calls(&sim, "gettimelogs")
        .iter()
        .map(|c| {
            let date = |k| NaiveDate::parse_from_str(&param(c, k).unwrap(), "%Y-%m-%d").unwrap();
            (date("fromDate"), date("toDate"))
        })
        .collect();
    assert_eq!(windows.len(), 4, "{windows:?}");
    for (from, to) in &windows {
        assert_eq!(
            (from.year(), from.month()),
            (to.year(), to.month()),
            "{from}..{to}"
        );
    }
    assert_eq!(windows[0], (d(2025, 3, 10), d(2025, 3, 31)));
    assert_eq!(windows[3], (d(2025, 6, 1), d(2025, 6, 5)));

    // Asked in one call, the same range is refused.
    assert_refused(
        people.gettimelogs(&range),
        Some(9007),
        "Maximum of one month's data can only be fetched at a time",
    );
}

#[test]
fn listing_refusals_carry_peoples_codes() {
    let (_sim, session) = sim();
    let people = People::new(&session, ANA);
    assert_refused(
        people.gettimelogs(&TimeLogFilter::between(d(2025, 3, 1), d(2025, 4, 1))),
        Some(9007),
        "Maximum of one month's data can only be fetched at a time",
    );
    assert_refused(
        people.gettimelogs(&TimeLogFilter::between(d(2025, 3, 9), d(2025, 3, 1))),
        Some(9006),
        "toDate should be after the fromDate",
    );
    assert_refused(
        raw(
            &session,
            Method::Get,
            "gettimelogs",
            &[
                ("dateFormat", "yyyy-MM-dd"),
                ("fromDate", "01/03/2025"),
                ("toDate", "2025-03-31"),
            ],
            &[],
        ),
        Some(9004),
        "Wrong date format given for parameter",
    );
    assert_refused(
        People::new(&session, BEN).gettimelogs(&march()),
        Some(9000),
        "Permission denied",
    );
}

#[test]
fn adding_refusals_carry_peoples_codes_and_messages() {
    let (sim, session) = sim();
    let people = People::new(&session, ANA);
    let future = chrono::Utc::now().date_naive() + chrono::Days::new(400);
    assert_refused(
        people.addtimelog(&hours(DESIGN, future, 60)),
        None,
        "Cannot log time for a Future Date",
    );
    let weekend = "Cannot log time during Weekend/Holidays/Leave";
    assert_refused(
        people.addtimelog(&hours(DESIGN, d(2025, 3, 8), 60)),
        Some(8008),
        weekend,
    );
    assert_refused(
        people.addtimelog(&hours(DESIGN, d(2025, 5, 1), 60)),
        Some(8008),
        weekend,
    );
    assert_refused(
        people.addtimelog(&hours(WORKSHOP, d(2025, 3, 4), 60)),
        Some(9025),
        "Cannot log time for a completed job",
    );
    assert_refused(
        people.addtimelog(&hours("404", d(2025, 3, 4), 60)),
        Some(8001),
        "Wrong value for parameter",
    );
    let form = |pairs: &[(&str, &str)]| raw(&session, Method::Post, "addtimelog", &[], pairs);
    assert_refused(
        form(&[("user", ANA), ("workDate", "2025-03-04"), ("hours", "1:00")]),
        Some(8000),
        "No parameter specified",
    );
    assert_refused(
        form(&[
            ("user", ANA),
            ("jobId", DESIGN),
            ("workDate", "4 March"),
            ("hours", "1:00"),
        ]),
        Some(8002),
        "Wrong format for parameter",
    );
    assert_refused(
        People::new(&session, BEN).addtimelog(&hours(DESIGN, d(2025, 3, 4), 60)),
        Some(7038),
        "Permission denied",
    );

    lock(&sim.shared.people)
        .user_mut(ANA)
        .unwrap()
        .manual_log_disabled = true;
    assert_refused(
        people.addtimelog(&hours(DESIGN, d(2025, 3, 4), 60)),
        None,
        "Manual Log is disabled in Settings. Contact your Administrator.",
    );
    assert!(
        lock(&sim.shared.people)
            .logs
            .iter()
            .all(|l| l.work_date.month() == 2)
    );
}

#[test]
fn editing_and_deleting_refusals() {
    let (_sim, session) = sim();
    let people = People::new(&session, ANA);
    let id = people
        .addtimelog(&hours(DESIGN, d(2025, 3, 4), 60))
        .unwrap();
    let weekend = TimeLogChange {
        work_date: Some(d(2025, 3, 9)),
        ..TimeLogChange::default()
    };
    assert_refused(
        people.edittimelog(&id, &weekend),
        Some(8008),
        "Cannot log time during Weekend/Holidays/Leave",
    );
    assert_refused(
        people.edittimelog("412762000000999999", &TimeLogChange::default()),
        Some(8001),
        "Wrong value for parameter",
    );
    assert_refused(
        raw(&session, Method::Post, "deletetimelog", &[], &[("x", "y")]),
        Some(8000),
        "No timeLogId specified",
    );
    assert_refused(
        people.deletetimelog(&[id.as_str(), "412762000000999999"]),
        Some(8001),
        "Wrong value for timeLogId",
    );
    assert_eq!(
        people.gettimelogs(&march()).unwrap().len(),
        1,
        "nothing deleted"
    );
}

#[test]
fn without_date_format_people_answers_in_the_company_format() {
    let (_sim, session) = sim();
    let february = [("fromDate", "01-Feb-2025"), ("toDate", "28-Feb-2025")];
    let answer = raw(&session, Method::Get, "gettimelogs", &february, &[]).unwrap();
    let dates: Vec<&str> = answer["response"]["result"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["workDate"].as_str().unwrap())
        .collect();
    assert_eq!(dates, ["03-Feb-2025", "04-Feb-2025", "05-Feb-2025"]);
    // In yyyy-MM-dd, a company-format date is a wrong date format.
    let mut asked = february.to_vec();
    asked.push(("dateFormat", "yyyy-MM-dd"));
    assert_refused(
        raw(&session, Method::Get, "gettimelogs", &asked, &[]),
        Some(9004),
        "Wrong date format given for parameter",
    );

    // The client always asks for yyyy-MM-dd, and reads the seeded logs.
    let people = People::new(&session, ANA);
    let logs = people
        .gettimelogs(&TimeLogFilter::between(d(2025, 2, 1), d(2025, 2, 28)))
        .unwrap();
    assert_eq!(logs.len(), 3);
    assert_eq!(logs[0].work_date, d(2025, 2, 3));
    assert_eq!(logs[1].kind, LogKind::StartEnd);
    assert_eq!(logs[1].from, NaiveTime::from_hms_opt(9, 0, 0));
    assert!(!logs[2].billable, "team meetings are not billable");
}

#[test]
fn an_expired_token_is_refreshed_transparently() {
    let (sim, session) = sim();
    let people = People::new(&session, ANA);
    people.getcurrentlyrunningtimer().unwrap();
    sim.inject(zoho_sim::Fault::new(
        "/people/api/timetracker/gettimelogs",
        zoho_sim::FaultAction::ExpireTokens,
    ));
    assert_eq!(people.gettimelogs(&march()).unwrap().len(), 0);
    assert_eq!(
        calls(&sim, "gettimelogs").len(),
        2,
        "refused once, then sent again"
    );
}
