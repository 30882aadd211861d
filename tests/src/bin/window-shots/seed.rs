//! A store that looks lived in, through the real `punch` against zoho-sim: a People
//! account with Zylker's jobs, two weeks of working days synced, and today a synced
//! morning, an entry on a completed job that Zoho refused, one still waiting (Zoho
//! answers 503 from then on) and a timer running for an hour and 23 minutes.

use chrono::{DateTime, Datelike, Local, NaiveDate, TimeDelta, Weekday};
use punch_e2e::Rig;
use zoho_sim::{Fault, FaultAction};

const USER: &str = "ana@zylker.test";

/// Aliases for Zylker's jobs, so the store's commands read like a person's.
const JOBS: &[(&str, &str)] = &[
    ("design", "people:412762000000042001"),
    ("frontend", "people:412762000000042003"),
    ("content", "people:412762000000042005"),
    ("workshop", "people:412762000000042009"),
    ("meetings", "people:412762000000042011"),
];

/// One working day: (alias, from, to, note, billable).
const DAY: &[(&str, &str, &str, &str, bool)] = &[
    ("meetings", "09:00", "09:15", "Daily stand-up", false),
    ("design", "09:15", "11:45", "Homepage wireframes", true),
    ("frontend", "12:30", "15:10", "Checkout flow", true),
    ("content", "15:20", "16:40", "Migrate product pages", true),
];

pub fn seed(rig: &Rig, now: DateTime<Local>) {
    rig.connect_people(USER);
    for (alias, target) in JOBS {
        rig.punch(&["alias", alias, target]);
    }
    rig.punch(&["targets", "--refresh"]);

    let today = now.date_naive();
    for back in 1..=11 {
        let day = today - TimeDelta::days(back);
        if matches!(day.weekday(), Weekday::Sat | Weekday::Sun) {
            continue;
        }
        // Some days shorter than others, so the week's bars differ.
        let keep = DAY.len() - usize::try_from(back % 2).unwrap_or(0);
        for &(alias, from, to, note, billable) in &DAY[..keep] {
            log(rig, day, from, to, alias, note, billable);
        }
    }
    let at = |minutes_ago: i64| {
        (now - TimeDelta::minutes(minutes_ago))
            .format("%H:%M")
            .to_string()
    };
    log(
        rig,
        today,
        &at(330),
        &at(315),
        "meetings",
        "Daily stand-up",
        false,
    );
    log(
        rig,
        today,
        &at(315),
        &at(240),
        "design",
        "Onboarding screens",
        true,
    );
    rig.punch(&["sync"]);
    log(
        rig,
        today,
        &at(240),
        &at(180),
        "workshop",
        "Workshop summary",
        true,
    );
    rig.punch(&["sync"]);
    for path in ["addtimelog", "addupdatetimelogs"] {
        let fault = Fault::new(&format!("/timetracker/{path}"), FaultAction::Status(503));
        rig.sim.inject(fault.times(100_000));
    }
    log(
        rig,
        today,
        &at(180),
        &at(95),
        "content",
        "Migration plan",
        true,
    );
    rig.punch(&[
        "start",
        "frontend",
        "--note",
        "Checkout flow",
        "--at",
        &at(83),
    ]);
}

fn log(rig: &Rig, day: NaiveDate, from: &str, to: &str, alias: &str, note: &str, billable: bool) {
    let date = day.to_string();
    let mut args = vec![
        "log", "--target", alias, "--date", &date, "--from", from, "--to", to, "--note", note,
    ];
    if !billable {
        args.push("--non-billable");
    }
    rig.punch(&args);
}
