//! Connecting Zoho accounts: sign in, keep what each account needs (where its calls go
//! in the store, its secrets in the secret store), build the session its calls use,
//! and remove it again. The only place that puts `zoho` and the store together for
//! accounts; the CLI and the window call it.

use std::sync::Arc;

use chrono::{DateTime, Utc};
use zoho::oauth::{self, BrowserOptions, Client, SignInError, SignedIn};
use zoho::{DataCenter, Endpoints, Sensitive, Session};

use crate::secrets::{SecretKind, SecretStore};
use crate::store::accounts::{self, Account};
use crate::store::budgets::StoreBudgets;
use crate::target::Product;
use crate::tracker::Tracker;
use crate::{Error, Result};

/// Shows Zoho's consent page: opens the browser, prints the URL.
pub type OpenConsentPage = Box<dyn FnOnce(&str) -> std::io::Result<()>>;

/// How the user proves who they are.
pub enum Grant {
    /// A Self Client grant code from Zoho's API console.
    Code(Sensitive<String>),
    /// A refresh token the user already has.
    RefreshToken(Sensitive<String>),
    /// The browser flow (PKCE over a loopback redirect); `open` shows the consent page.
    Browser {
        options: BrowserOptions,
        open: OpenConsentPage,
    },
}

impl std::fmt::Debug for Grant {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Grant::Code(_) => "Grant::Code(<redacted>)",
            Grant::RefreshToken(_) => "Grant::RefreshToken(<redacted>)",
            Grant::Browser { .. } => "Grant::Browser",
        })
    }
}

/// What `punch account add` was given.
#[derive(Debug, Clone)]
pub struct NewAccount {
    pub product: Product,
    /// Defaults to the product's name.
    pub name: Option<String>,
    pub client_id: String,
    pub client_secret: Option<Sensitive<String>>,
    pub dc: DataCenter,
    pub org: Option<String>,
    pub portal: Option<String>,
    pub user: Option<String>,
    /// Run Zoho's own timer while Punch's runs (see `TimerMode::Mirror`).
    pub mirror_timer: bool,
}

/// Where an account's calls go: its data center and what sign-in said, unless
/// `PUNCH_ZOHO_ENDPOINT` (`endpoint_override`) replaces every host.
pub fn endpoints_for(account: &Account, endpoint_override: Option<&str>) -> Endpoints {
    if let Some(base) = endpoint_override {
        return Endpoints::single(base);
    }
    let dc: DataCenter = account.dc.parse().unwrap_or(DataCenter::Com);
    dc.endpoints().with_sign_in(
        account.accounts_server.as_deref(),
        account.api_domain.as_deref(),
    )
}

/// The session an account's calls use, with its secrets and the store's rate budgets.
pub fn session_for(
    db: &std::path::Path,
    secrets: &dyn SecretStore,
    account: &Account,
    endpoint_override: Option<&str>,
) -> Result<Session> {
    let refresh_token = secrets
        .get(&account.name, SecretKind::RefreshToken)?
        .ok_or_else(|| {
            Error::NothingToDo(format!(
                "account `{}` has no refresh token in the {} secret store: sign in again with `punch account login {}`",
                account.name,
                secrets.name(),
                account.name
            ))
        })?;
    let credentials = zoho::Credentials {
        client_id: account.client_id.clone(),
        client_secret: secrets.get(&account.name, SecretKind::ClientSecret)?,
        refresh_token,
    };
    let budgets = Arc::new(StoreBudgets::open(db)?);
    Ok(Session::new(
        endpoints_for(account, endpoint_override),
        credentials,
        budgets,
    ))
}

fn sign_in_error(error: SignInError) -> Error {
    match error {
        SignInError::Zoho(e) => Error::Zoho(e),
        other => Error::SignIn(other.to_string()),
    }
}

/// Run the sign-in a grant asks for against `endpoints`.
fn sign_in(
    endpoints: &Endpoints,
    client: &Client,
    product: Product,
    grant: Grant,
) -> Result<SignedIn> {
    let agent = zoho::session::agent();
    match grant {
        Grant::Code(code) => Ok(oauth::sign_in_with_grant_code(
            &agent, endpoints, client, &code,
        )?),
        Grant::RefreshToken(token) => Ok(oauth::sign_in_with_refresh_token(
            &agent, endpoints, client, token,
        )?),
        Grant::Browser { options, open } => {
            let api = match product {
                Product::Books => zoho::session::Api::Books,
                Product::People => zoho::session::Api::People,
                Product::Projects => zoho::session::Api::Projects,
            };
            oauth::sign_in_with_browser(
                &agent,
                endpoints,
                client,
                oauth::scopes(api),
                &options,
                open,
            )
            .map_err(sign_in_error)
        }
    }
}

/// Record what sign-in said about where the account's calls go.
fn apply_sign_in(account: &mut Account, signed: &SignedIn, default_accounts: &str) {
    if let Some(dc) = signed.data_center {
        account.dc = dc.suffix().to_owned();
    }
    account.accounts_server =
        (signed.endpoints.accounts != default_accounts).then(|| signed.endpoints.accounts.clone());
    account.api_domain = signed.api_domain.clone();
}

fn keep_secrets(secrets: &dyn SecretStore, name: &str, signed: &SignedIn) -> Result<()> {
    secrets.set(
        name,
        SecretKind::RefreshToken,
        &signed.credentials.refresh_token,
    )?;
    match &signed.credentials.client_secret {
        Some(secret) => secrets.set(name, SecretKind::ClientSecret, secret),
        None => secrets.delete(name, SecretKind::ClientSecret),
    }
}

/// `punch account add`: check everything that needs no network first, sign in, then
/// keep the secrets and the account. Entries that waited for an account of this
/// product are given to it when it is the only one.
pub fn add(
    tracker: &mut Tracker,
    secrets: &dyn SecretStore,
    new: NewAccount,
    grant: Grant,
    endpoint_override: Option<&str>,
    now: DateTime<Utc>,
) -> Result<Account> {
    let name = new
        .name
        .clone()
        .unwrap_or_else(|| new.product.as_str().to_owned());
    crate::target::alias_name(&name).map_err(|e| Error::invalid(e.replace("alias", "account")))?;
    if accounts::get(tracker.store().conn(), &name)?.is_some() {
        return Err(Error::invalid(format!(
            "an account named `{name}` already exists (choose another with --name)"
        )));
    }
    if new.mirror_timer && new.product == Product::Projects {
        return Err(Error::invalid(
            "Zoho Projects' API has no timer: a Projects account can only use --timer-mode log",
        ));
    }
    if new.product == Product::People && new.user.is_none() {
        return Err(Error::invalid(
            "a People account needs --user: the email or employee id whose time is logged",
        ));
    }
    let default_endpoints = new.dc.endpoints();
    let endpoints = endpoint_override.map_or_else(|| default_endpoints.clone(), Endpoints::single);
    let client = Client {
        id: new.client_id.clone(),
        secret: new.client_secret.clone(),
    };
    let signed = sign_in(&endpoints, &client, new.product, grant)?;
    let mut account = Account {
        client_id: new.client_id.clone(),
        dc: new.dc.suffix().to_owned(),
        org: new.org.clone(),
        portal: new.portal.clone(),
        user: new.user.clone(),
        timer_mode: if new.mirror_timer {
            accounts::TimerMode::Mirror
        } else {
            accounts::TimerMode::Log
        },
        ..Account::new(&name, new.product)
    };
    if endpoint_override.is_none() {
        apply_sign_in(&mut account, &signed, &default_endpoints.accounts);
    }
    let session = Session::new(
        endpoints_for(&account, endpoint_override),
        signed.credentials.clone(),
        Arc::new(StoreBudgets::open(tracker.store().path())?),
    );
    crate::catalog_sync::discover(&session, &mut account)?;
    keep_secrets(secrets, &name, &signed)?;
    let stored = tracker.store_mut().write(|tx| {
        accounts::add(tx, &account, now)?;
        if accounts::of_product(tx, account.product)?.len() == 1 {
            tx.execute(
                "UPDATE entries SET account = ?1 WHERE account IS NULL AND target LIKE ?2 AND deleted_ms IS NULL",
                rusqlite::params![account.name, format!("{}:%", account.product.as_str())],
            )?;
            tx.execute(
                "UPDATE outbox SET account = ?1 WHERE account IS NULL AND target LIKE ?2",
                rusqlite::params![account.name, format!("{}:%", account.product.as_str())],
            )?;
        }
        Ok(())
    });
    if let Err(e) = stored {
        // Don't leave secrets behind for an account that was never recorded.
        let _ = secrets.delete(&name, SecretKind::RefreshToken);
        let _ = secrets.delete(&name, SecretKind::ClientSecret);
        return Err(e);
    }
    Ok(account)
}

/// `punch account login NAME`: sign in again and replace the refresh token.
pub fn login(
    tracker: &mut Tracker,
    secrets: &dyn SecretStore,
    name: &str,
    grant: Grant,
    endpoint_override: Option<&str>,
) -> Result<Account> {
    let mut account = find(tracker, name)?;
    let endpoints = endpoints_for(&account, endpoint_override);
    let client = Client {
        id: account.client_id.clone(),
        secret: secrets.get(name, SecretKind::ClientSecret)?,
    };
    let signed = sign_in(&endpoints, &client, account.product, grant)?;
    if endpoint_override.is_none() {
        let dc: DataCenter = account.dc.parse().unwrap_or(DataCenter::Com);
        apply_sign_in(&mut account, &signed, &dc.endpoints().accounts);
    }
    account.needs_login = false;
    keep_secrets(secrets, name, &signed)?;
    tracker
        .store_mut()
        .write(|tx| accounts::save(tx, &account))?;
    Ok(account)
}

/// What `punch account remove` did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Removed {
    pub account: Account,
    /// The refresh token was revoked at Zoho (false when Zoho was unreachable).
    pub revoked: bool,
    /// Entries that were still waiting to sync and now wait for another account.
    pub stranded: u64,
}

pub fn find(tracker: &Tracker, name: &str) -> Result<Account> {
    accounts::get(tracker.store().conn(), name)?.ok_or_else(|| {
        Error::invalid(format!(
            "no account named `{name}` (see `punch account list`)"
        ))
    })
}

/// `punch account remove NAME [--force]`: refuses while entries wait to sync to it;
/// revokes at Zoho when reachable; always removes locally.
pub fn remove(
    tracker: &mut Tracker,
    secrets: &dyn SecretStore,
    name: &str,
    force: bool,
    endpoint_override: Option<&str>,
) -> Result<Removed> {
    let account = find(tracker, name)?;
    let waiting: u64 = tracker.store().conn().query_row(
        "SELECT count(*) FROM entries WHERE account = ?1 AND sync_state = 'pending' AND deleted_ms IS NULL",
        [name],
        |r| r.get(0),
    )?;
    if waiting > 0 && !force {
        return Err(Error::Conflict(format!(
            "{waiting} entries still wait to sync to `{name}`: sync them first (`punch sync`), or remove with --force (they stay here, waiting for another {} account)",
            account.product
        )));
    }
    let revoked = match secrets.get(name, SecretKind::RefreshToken)? {
        Some(token) => {
            let endpoints = endpoints_for(&account, endpoint_override);
            let outcome = oauth::revoke(&zoho::session::agent(), &endpoints, &token);
            // Zoho no longer knowing the token (auth) is as good as revoked.
            outcome.is_ok() || outcome.is_err_and(|e| e.is_auth())
        }
        None => false,
    };
    secrets.delete(name, SecretKind::RefreshToken)?;
    secrets.delete(name, SecretKind::ClientSecret)?;
    tracker.store_mut().write(|tx| {
        tx.execute(
            "UPDATE entries SET account = NULL WHERE account = ?1",
            [name],
        )?;
        tx.execute(
            "UPDATE outbox SET account = NULL WHERE account = ?1",
            [name],
        )?;
        accounts::remove(tx, name)
    })?;
    Ok(Removed {
        account,
        revoked,
        stranded: waiting,
    })
}
