//! The OS keyring for real: a round trip through the Secret Service. It needs a running,
//! unlocked Secret Service on the session bus, so it is ignored in plain test runs;
//! `cargo xtask test` runs it inside a private session bus with gnome-keyring unlocked.

use punch_core::secrets::{KeyringSecrets, SecretKind, SecretStore};
use zoho::Sensitive;

#[test]
#[ignore = "needs a Secret Service on the session bus: run by `cargo xtask test`"]
fn a_refresh_token_round_trips_through_the_secret_service() {
    let home = tempfile::tempdir().unwrap();
    let keyring = KeyringSecrets::for_home(home.path());
    let account = format!("keyring-test-{}", std::process::id());
    let token = Sensitive::new(format!("1000.{}.refresh", std::process::id()));

    assert_eq!(
        keyring.get(&account, SecretKind::RefreshToken).unwrap(),
        None
    );
    keyring
        .set(&account, SecretKind::RefreshToken, &token)
        .unwrap();
    assert_eq!(
        keyring.get(&account, SecretKind::RefreshToken).unwrap(),
        Some(token.clone())
    );

    // Another store (another PUNCH_HOME) never sees this one's secrets.
    let elsewhere = tempfile::tempdir().unwrap();
    let other = KeyringSecrets::for_home(elsewhere.path());
    assert_eq!(other.get(&account, SecretKind::RefreshToken).unwrap(), None);

    keyring.delete(&account, SecretKind::RefreshToken).unwrap();
    assert_eq!(
        keyring.get(&account, SecretKind::RefreshToken).unwrap(),
        None
    );
    keyring.delete(&account, SecretKind::RefreshToken).unwrap(); // deleting twice is fine
}
