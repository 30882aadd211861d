//! The engine's [`Remote`] for each Zoho product: how a Punch log becomes a Books time
//! entry, a People time log or a Projects timesheet log, and how each product's answers
//! become [`Outcome`]s.
//!
//! Mapping, product by product:
//! - A log is always sent as a duration on its date, never as a start and an end: Books
//!   `log_time` (`HH:mm`), People `hours` (`HH:mm`), Projects `hours` (`hh:mm`). Zoho
//!   keeps durations per day, and Punch has already cut entries at local midnight.
//! - The note is Books `notes`, People `description` (not the "work item"), Projects
//!   `notes`. It is always sent, so an edit that empties it empties it in Zoho (except
//!   Projects, whose client leaves out an empty `notes`: see `projects`).
//! - Billable is Books `is_billable`, People `billableStatus` `billable|non-billable`,
//!   Projects `bill_status` `Billable|Non Billable`; always sent, never left to the
//!   task's or job's default, so Zoho holds what Punch shows.
//! - Targets: `books:<project>/<task>` is the entry's `project_id` and `task_id`;
//!   `people:<job>` the log's `jobId`; `projects:<project>/task|bug/<id>` the task's or
//!   bug's log, `projects:<project>/general/<name>` a general log whose `name` is
//!   `<name>`. A log whose target is another product's is refused without a call.
//!
//! Outcomes: an answer with an id is `Landed`; Zoho's refusal is `Refused` (it did not
//! land); no answer is `Unknown` ([`Outcome::from_error`] sorts errors). Books and
//! Projects take one request per log; after an auth or rate-limit refusal the rest of
//! the list is not sent but answered `Refused` with that same error, for the engine to
//! retry later. A setting the account lacks (organization, portal, user) refuses every
//! log without a call.
//!
//! Deleting a log Zoho no longer has is a success: the log is gone either way.

mod books;
mod people;
mod projects;

pub use books::BooksRemote;
pub use people::PeopleRemote;
pub use projects::{NO_PROJECTS_TIMER, ProjectsRemote};

use zoho::{ErrorKind, Session, ZohoError};

use super::remote::{Outcome, Remote};
use crate::store::accounts::Account;
use crate::target::{Product, Target};

/// The remote of `account`'s product, calling Zoho through `session`.
pub fn remote_for<'a>(account: &'a Account, session: &'a Session) -> Box<dyn Remote + 'a> {
    match account.product {
        Product::Books => Box::new(BooksRemote::new(account, session)),
        Product::People => Box::new(PeopleRemote::new(account, session)),
        Product::Projects => Box::new(ProjectsRemote::new(account, session)),
    }
}

/// A refusal Punch makes itself, before any call (the account or the log can't be sent).
fn refusal(message: impl Into<String>) -> ZohoError {
    ZohoError::new(ErrorKind::Rejected, None, None, message)
}

/// The account lacks a setting its product needs.
fn missing(account: &Account, what: &str) -> ZohoError {
    refusal(format!(
        "account `{}` has no {what}: connect it again with one",
        account.name
    ))
}

/// A log whose target belongs to another product than the account's.
fn wrong_product(account: &Account, target: &Target) -> ZohoError {
    refusal(format!(
        "`{target}` is not a Zoho {} target, so account `{}` can't log time on it",
        account.product, account.name
    ))
}

/// After these, every further call of the list would fail the same way.
fn halts(error: &ZohoError) -> bool {
    matches!(error.kind, ErrorKind::Auth | ErrorKind::RateLimited { .. })
}

/// Send `items` one call each, in order. `failed` turns a call's error into its result;
/// once an error halts the account, the items left are not sent and get `not_sent`.
fn one_at_a_time<T, R>(
    items: &[T],
    mut call: impl FnMut(&T) -> Result<R, ZohoError>,
    failed: impl Fn(ZohoError) -> R,
    not_sent: impl Fn(ZohoError) -> R,
) -> Vec<R> {
    let mut stopped: Option<ZohoError> = None;
    items
        .iter()
        .map(|item| {
            if let Some(error) = &stopped {
                return not_sent(error.clone());
            }
            call(item).unwrap_or_else(|error| {
                if halts(&error) {
                    stopped = Some(error.clone());
                }
                failed(error)
            })
        })
        .collect()
}

/// Creates and updates of Books and Projects: `call` answers the landed log's id.
fn send_each<T>(
    items: &[T],
    mut call: impl FnMut(&T) -> Result<String, ZohoError>,
) -> Vec<Outcome> {
    one_at_a_time(
        items,
        |item| call(item).map(Outcome::Landed),
        Outcome::from_error,
        Outcome::Refused,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    fn error(kind: ErrorKind, status: Option<u16>) -> ZohoError {
        ZohoError::new(kind, status, None, "no")
    }

    #[test]
    fn an_auth_refusal_stops_the_rest_of_the_list() {
        let mut calls = 0;
        let results = one_at_a_time(
            &[1, 2, 3, 4],
            |n| {
                calls += 1;
                match n {
                    2 => Err(error(ErrorKind::Auth, Some(401))),
                    n => Ok(Outcome::Landed(n.to_string())),
                }
            },
            Outcome::from_error,
            Outcome::Refused,
        );
        assert_eq!(calls, 2);
        assert_eq!(results[0], Outcome::Landed("1".into()));
        for r in &results[1..] {
            assert!(
                matches!(r, Outcome::Refused(e) if e.kind == ErrorKind::Auth),
                "{r:?}"
            );
        }
    }

    #[test]
    fn other_failures_do_not_stop_the_list() {
        let limited = ErrorKind::RateLimited {
            retry_after: Duration::from_secs(60),
        };
        let results = one_at_a_time(
            &[1, 2, 3],
            |n| match n {
                1 => Err(error(ErrorKind::Transient, None)),
                2 => Err(error(ErrorKind::Rejected, Some(400))),
                _ => Err(error(limited, Some(429))),
            },
            Outcome::from_error,
            Outcome::Refused,
        );
        assert!(matches!(results[0], Outcome::Unknown(_)));
        assert!(matches!(results[1], Outcome::Refused(_)));
        assert!(matches!(&results[2], Outcome::Refused(e) if e.kind == limited));
    }
}
