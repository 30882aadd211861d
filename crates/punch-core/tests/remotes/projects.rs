//! Projects: task, bug and general logs of the portal's projects; no timer.

use chrono::Utc;
use punch_core::store::accounts::Account;
use punch_core::sync::plan::LogBody;
use punch_core::sync::remotes::{NO_PROJECTS_TIMER, remote_for};
use punch_core::target::{Product, ProjectsItem, Target};
use zoho::ErrorKind;
use zoho::projects::Projects;

use super::support::{future, log, lost_answer, refused, round_trip, signed_in, tuesday};

const PORTAL: &str = "20063927";
/// Ada Lindqvist, the portal's first user: the one signed in to the sim.
const ADA: &str = "703961433";

fn account() -> Account {
    Account {
        portal: Some(PORTAL.into()),
        user: Some(ADA.into()),
        ..Account::new("projects", Product::Projects)
    }
}

/// A task, a bug and a general log of "Website relaunch", from the seeded catalog.
fn targets(session: &zoho::Session) -> [Target; 3] {
    let projects = Projects::new(session, PORTAL);
    let project = projects
        .projects()
        .unwrap()
        .into_iter()
        .find(|p| p.name == "Website relaunch")
        .unwrap();
    let task = projects
        .tasks(&project.id)
        .unwrap()
        .into_iter()
        .find(|t| !t.completed)
        .unwrap();
    let bug = projects.bugs(&project.id).unwrap().remove(0);
    let at = |item| Target::Projects {
        project_id: project.id.clone(),
        item,
    };
    [
        at(ProjectsItem::Task(task.id)),
        at(ProjectsItem::Bug(bug.id)),
        at(ProjectsItem::General("Client call".into())),
    ]
}

#[test]
fn task_bug_and_general_logs_round_trip() {
    let (sim, session) = signed_in();
    let account = account();
    let remote = remote_for(&account, &session);
    let [task, bug, general] = targets(&session);
    let same = log(&account, &general, 90, "Café menu, v2", true);
    let other = log(&account, &task, 45, "Templates", false);
    let changed = log(&account, &task, 60, "Templates, after review", true);
    round_trip(
        remote.as_ref(),
        &[same.clone(), same.clone(), other],
        &changed,
    );

    let on_bug = log(&account, &bug, 20, "Retina srcset", true);
    let late = LogBody {
        date: future(),
        ..on_bug.clone()
    };
    let outcomes = remote.create(&[late, on_bug.clone()]);
    let error = refused(&outcomes[0]);
    assert_eq!(
        (error.kind, error.code, error.message.as_str()),
        (
            ErrorKind::Rejected,
            Some(6403),
            "Time logs cannot be added for a future date."
        )
    );
    super::support::landed(&outcomes[1]);
    assert!(
        remote
            .list(tuesday(), tuesday())
            .unwrap()
            .iter()
            .any(|l| l.log == on_bug)
    );

    lost_answer(&sim, remote.as_ref(), "/logs", &same);
}

#[test]
fn other_users_logs_are_not_the_accounts() {
    let (_sim, session) = signed_in();
    let colleague = Account {
        user: Some("703961440".into()),
        ..account()
    };
    let [task, ..] = targets(&session);
    let mine = remote_for(&colleague, &session);
    // Ada's logs (those seeded, and one added now) are not Grace's.
    let ada = account();
    remote_for(&ada, &session).create(&[log(&ada, &task, 30, "", true)]);
    let today = Utc::now().date_naive();
    assert!(mine.list(tuesday(), today).unwrap().is_empty());
    assert_eq!(
        remote_for(&ada, &session)
            .list(tuesday(), tuesday())
            .unwrap()
            .len(),
        1
    );
    let nobody = Account {
        user: None,
        ..account()
    };
    assert!(
        remote_for(&nobody, &session)
            .list(tuesday(), tuesday())
            .is_err()
    );
}

#[test]
fn projects_has_no_timer() {
    let (_sim, session) = signed_in();
    let account = account();
    let remote = remote_for(&account, &session);
    let [task, ..] = targets(&session);
    let error = remote
        .start_timer(&log(&account, &task, 0, "", true), Utc::now())
        .unwrap_err();
    assert_eq!(
        (error.kind, error.message.as_str()),
        (ErrorKind::Rejected, NO_PROJECTS_TIMER)
    );
    assert_eq!(remote.running_timer().unwrap(), None);
    remote.stop_timer("1").unwrap();
}
