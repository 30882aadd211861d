//! The organization's per-minute limit (Zoho's code 44 and the client's lock) and an
//! access token that expires mid-sync.

use super::*;

/// The simulator's limit is 3 a minute here, below the client's own 90: the fourth call
/// gets Zoho's 429 with code 44. The session then locks the organization's group for
/// Zoho's retry time (60 s, real time), so the next call fails at once, client-side,
/// without reaching Zoho. Once the minute has passed (the simulator's clock moved, the
/// client's budget cleared as the passing minute would), calls go through again.
#[test]
fn the_per_minute_limit_is_zohos_code_44_and_locks_the_group() {
    let sim = RunningSim::start(
        SimConfig {
            books_per_minute: 3,
            ..SimConfig::default()
        },
        0,
    )
    .unwrap();
    let budgets = Arc::new(MemoryBudgets::default());
    let credentials = Credentials {
        client_id: support::client_id(),
        client_secret: Some(Sensitive::new(support::client_secret())),
        refresh_token: Sensitive::new(sim.sign_in()),
    };
    let session = Session::new(
        Endpoints::single(&sim.base_url()),
        credentials,
        budgets.clone(),
    )
    .with_max_wait(Duration::from_millis(50));
    let books = Books::new(&session, ORG);
    for _ in 0..3 {
        books.current_user().unwrap();
    }
    let err = books.current_user().unwrap_err();
    assert_eq!(
        err.kind,
        ErrorKind::RateLimited {
            retry_after: Duration::from_secs(60)
        }
    );
    assert_eq!((err.status, err.code), (Some(429), Some(44)));
    assert!(
        err.message
            .starts_with("For security reasons your organization has been blocked")
    );

    let sent = received(&sim, "GET", "/books/v3/users/me");
    let err = books.current_user().unwrap_err();
    assert!(matches!(err.kind, ErrorKind::RateLimited { .. }), "{err:?}");
    assert_eq!(
        (err.status, err.code),
        (None, None),
        "refused by the client's own budget"
    );
    assert_eq!(
        received(&sim, "GET", "/books/v3/users/me"),
        sent,
        "nothing sent"
    );

    let clear = || {
        budgets
            .update(&Group::books(ORG).key, &mut |s| *s = BudgetState::default())
            .unwrap()
    };
    clear();
    let err = books.current_user().unwrap_err();
    assert_eq!(err.code, Some(44), "Zoho's minute has not passed yet");

    clear();
    sim.advance(Duration::from_secs(61));
    assert_eq!(books.current_user().unwrap().name, "Alex Morgan");
    // Other organizations have their own minute.
    assert!(Books::new(&session, OTHER_ORG).current_user().is_ok());
}

#[test]
fn an_expired_token_is_refreshed_transparently() {
    let (sim, session) = support::signed_in(SimConfig::default());
    let books = Books::new(&session, ORG);
    books.current_user().unwrap();
    sim.inject(Fault::new(
        "/books/v3/projects/timeentries",
        FaultAction::ExpireTokens,
    ));
    let all = books.all_time_entries(&TimeEntryFilter::default()).unwrap();
    assert_eq!(all.len(), 2);
    assert_eq!(received(&sim, "POST", "/oauth/v2/token"), 2);
    assert_eq!(
        received(&sim, "GET", "/books/v3/projects/timeentries"),
        2,
        "refused once, then sent again"
    );
}
