//! Zoho accounts: list them with their state, connect one (browser sign-in or a Self
//! Client code), sign in again, disconnect, choose the timer mode, and sync now. The only
//! commands that reach the network, so they run off the UI thread (see `ipc.rs`).

use std::path::Path;

use chrono::{DateTime, Utc};
use punch_core::catalog_sync;
use punch_core::connect::{self, Grant, NewAccount};
use punch_core::secrets::{self, SecretStore};
use punch_core::store::accounts::{self, Account, TimerMode};
use punch_core::sync::{PassOptions, SyncSummary, run_pass};
use punch_core::target::Product;
use punch_core::tracker::Tracker;
use serde::{Deserialize, Serialize};
use zoho::oauth::BrowserOptions;
use zoho::{DataCenter, Sensitive};

use super::given;
use crate::error::{CommandError, CommandResult};

/// How to reach Zoho: where (`PUNCH_ZOHO_ENDPOINT` replaces every host) and where
/// tokens are kept. Read from the environment in the app, given directly in tests.
pub struct ZohoAccess {
    pub endpoint: Option<String>,
    pub secrets: Box<dyn SecretStore>,
}

impl std::fmt::Debug for ZohoAccess {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ZohoAccess")
            .field("endpoint", &self.endpoint)
            .field("secrets", &self.secrets.name())
            .finish()
    }
}

impl ZohoAccess {
    /// `PUNCH_ZOHO_ENDPOINT` and `PUNCH_SECRET_STORE`, as the CLI reads them.
    pub fn from_env(home: &Path) -> CommandResult<ZohoAccess> {
        let endpoint = std::env::var("PUNCH_ZOHO_ENDPOINT")
            .ok()
            .filter(|v| !v.trim().is_empty());
        let choice = std::env::var("PUNCH_SECRET_STORE").ok();
        Ok(ZohoAccess {
            endpoint,
            secrets: secrets::from_env(home, choice.as_deref())?,
        })
    }
}

/// An account as the accounts view shows it (`punch account list --json`, and more).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AccountView {
    pub name: String,
    pub product: String,
    pub dc: String,
    pub api_domain: Option<String>,
    pub org: Option<String>,
    pub portal: Option<String>,
    pub user: Option<String>,
    /// `ok` or `needs_login`.
    pub state: String,
    /// `log` or `mirror`.
    pub timer_mode: String,
}

impl AccountView {
    pub fn of(account: &Account) -> AccountView {
        AccountView {
            name: account.name.clone(),
            product: account.product.as_str().into(),
            dc: account.dc.clone(),
            api_domain: account.api_domain.clone(),
            org: account.org.clone(),
            portal: account.portal.clone(),
            user: account.user.clone(),
            state: if account.needs_login {
                "needs_login"
            } else {
                "ok"
            }
            .into(),
            timer_mode: account.timer_mode.as_str().into(),
        }
    }
}

/// How the user proves who they are.
#[derive(Debug, Clone, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum SignIn {
    /// Zoho's consent page in the browser, answered on a loopback port (PKCE).
    Browser,
    /// A Self Client grant code from Zoho's API console.
    Code { code: String },
}

#[derive(Debug, Clone, Deserialize)]
pub struct ConnectInput {
    /// `books`, `people` or `projects`.
    pub product: String,
    #[serde(default)]
    pub name: Option<String>,
    pub client_id: String,
    #[serde(default)]
    pub client_secret: Option<String>,
    /// `com`, `eu`, …; `com` when absent.
    #[serde(default)]
    pub dc: Option<String>,
    #[serde(default)]
    pub org: Option<String>,
    #[serde(default)]
    pub portal: Option<String>,
    #[serde(default)]
    pub user: Option<String>,
    #[serde(default)]
    pub mirror_timer: bool,
    pub sign_in: SignIn,
}

#[derive(Debug, Clone, Serialize)]
pub struct Connected {
    pub account: AccountView,
    /// Targets cached for the picker; `None` when the catalog could not be fetched yet.
    pub targets: Option<usize>,
    pub catalog_error: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Disconnected {
    pub name: String,
    pub revoked: bool,
    pub stranded: u64,
}

fn grant(sign_in: SignIn) -> CommandResult<Grant> {
    match sign_in {
        SignIn::Code { code } => match given(Some(&code)) {
            Some(code) => Ok(Grant::Code(Sensitive::new(code.to_owned()))),
            None => Err(CommandError::invalid(
                "paste the code from the Self Client's Generate Code tab",
            )),
        },
        SignIn::Browser => Ok(Grant::Browser {
            options: BrowserOptions::default(),
            open: Box::new(|url: &str| {
                // No opener is no failure: the sign-in times out and says so.
                std::process::Command::new("xdg-open")
                    .arg(url)
                    .stdin(std::process::Stdio::null())
                    .stdout(std::process::Stdio::null())
                    .stderr(std::process::Stdio::null())
                    .spawn()
                    .map(|_| ())
            }),
        }),
    }
}

pub fn list(tracker: &Tracker) -> CommandResult<Vec<AccountView>> {
    Ok(accounts::list(tracker.store().conn())?
        .iter()
        .map(AccountView::of)
        .collect())
}

pub fn connect(
    tracker: &mut Tracker,
    zoho: &ZohoAccess,
    input: ConnectInput,
    now: DateTime<Utc>,
) -> CommandResult<Connected> {
    let product: Product = input.product.parse().map_err(CommandError::invalid)?;
    let dc: DataCenter = given(input.dc.as_deref())
        .unwrap_or("com")
        .parse()
        .map_err(CommandError::invalid)?;
    let client_id = given(Some(&input.client_id))
        .ok_or_else(|| CommandError::invalid("the Client ID from Zoho's API console is needed"))?
        .to_owned();
    let new = NewAccount {
        product,
        name: given(input.name.as_deref()).map(str::to_owned),
        client_id,
        client_secret: given(input.client_secret.as_deref()).map(|s| Sensitive::new(s.to_owned())),
        dc,
        org: given(input.org.as_deref()).map(str::to_owned),
        portal: given(input.portal.as_deref()).map(str::to_owned),
        user: given(input.user.as_deref()).map(str::to_owned),
        mirror_timer: input.mirror_timer,
    };
    let endpoint = zoho.endpoint.as_deref();
    let secrets = zoho.secrets.as_ref();
    let account = connect::add(tracker, secrets, new, grant(input.sign_in)?, endpoint, now)?;
    let fetched = catalog_sync::refresh(tracker, secrets, &account, endpoint, now);
    Ok(Connected {
        account: AccountView::of(&account),
        targets: fetched.as_ref().ok().map(Vec::len),
        catalog_error: fetched.err().map(|e| e.to_string()),
    })
}

pub fn login(
    tracker: &mut Tracker,
    zoho: &ZohoAccess,
    name: &str,
    sign_in: SignIn,
) -> CommandResult<AccountView> {
    let account = connect::login(
        tracker,
        zoho.secrets.as_ref(),
        name,
        grant(sign_in)?,
        zoho.endpoint.as_deref(),
    )?;
    Ok(AccountView::of(&account))
}

pub fn disconnect(
    tracker: &mut Tracker,
    zoho: &ZohoAccess,
    name: &str,
    force: bool,
) -> CommandResult<Disconnected> {
    let removed = connect::remove(
        tracker,
        zoho.secrets.as_ref(),
        name,
        force,
        zoho.endpoint.as_deref(),
    )?;
    Ok(Disconnected {
        name: removed.account.name,
        revoked: removed.revoked,
        stranded: removed.stranded,
    })
}

pub fn set_timer_mode(tracker: &mut Tracker, name: &str, mode: &str) -> CommandResult<AccountView> {
    let mut account = connect::find(tracker, name)?;
    account.timer_mode = match mode {
        "log" => TimerMode::Log,
        "mirror" if account.product == Product::Projects => {
            return Err(CommandError::invalid(
                "Zoho Projects' API has no timer: a Projects account can only send logs",
            ));
        }
        "mirror" => TimerMode::Mirror,
        other => {
            return Err(CommandError::invalid(format!(
                "`{other}` is not a timer mode (log or mirror)"
            )));
        }
    };
    tracker
        .store_mut()
        .write(|tx| accounts::save(tx, &account))?;
    Ok(AccountView::of(&account))
}

/// One full sync pass in this process, as `punch sync` runs it.
pub fn sync_now(
    tracker: &mut Tracker,
    zoho: &ZohoAccess,
    now: DateTime<Utc>,
) -> CommandResult<SyncSummary> {
    let db = tracker.store().path().to_path_buf();
    let sessions = |account: &Account| {
        connect::session_for(
            &db,
            zoho.secrets.as_ref(),
            account,
            zoho.endpoint.as_deref(),
        )
    };
    let options = PassOptions::standard(tracker.today(now));
    Ok(run_pass(tracker, &sessions, &options, now)?)
}
