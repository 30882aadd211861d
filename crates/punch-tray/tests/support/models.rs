//! The models the tests show, by name, so the test and the tray's process (which can't
//! share memory) agree on them.

use punch_tray::{RecentTarget, TrayModel};

fn target(target: &str, label: &str) -> RecentTarget {
    RecentTarget {
        target: target.into(),
        label: label.into(),
    }
}

pub fn named(name: &str) -> TrayModel {
    let idle = TrayModel {
        today: "Today 3h12m".into(),
        last: Some(target("books:1/1", "Website / fix_login")),
        recent: vec![
            target("books:1/1", "Website / fix_login"),
            target("projects:9/4", "Intranet / Design"),
            target("people:7", "Support"),
        ],
        ..TrayModel::default()
    };
    match name {
        "idle" => idle,
        "running" => TrayModel {
            running: Some("1:23 · Website / fix_login".into()),
            pending: 2,
            last_error: Some("The timesheet for this period is locked.".into()),
            ..idle
        },
        "attention" => TrayModel {
            attention: Some("2 entries were rejected".into()),
            last_error: Some("Log hours exceed the allowed limit.".into()),
            ..idle
        },
        "bare" => TrayModel {
            today: "Today 0m".into(),
            ..TrayModel::default()
        },
        other => panic!("no model named {other:?}"),
    }
}
