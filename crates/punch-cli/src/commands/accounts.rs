//! `account add|list|login|remove` and `targets`: the only commands that talk to Zoho
//! besides `sync`, so the only ones that read the secret store or the network.

use std::io::{BufRead, Write};
use std::path::Path;

use chrono::{DateTime, Utc};
use punch_core::catalog_sync;
use punch_core::connect::{self, Grant, NewAccount};
use punch_core::secrets::{self, SecretStore};
use punch_core::store::accounts::{self, Account};
use punch_core::store::catalog;
use punch_core::target::Product;
use punch_core::tracker::Tracker;
use punch_core::{Error, Result};
use serde_json::json;
use zoho::oauth::BrowserOptions;
use zoho::{DataCenter, Sensitive};

use super::{invalid, to_json_line};
use crate::args::{AccountCommand, GrantArgs, ProductArg};

/// `PUNCH_ZOHO_ENDPOINT`: one base URL for every Zoho host (simulators, proxies).
pub(crate) fn endpoint_override() -> Option<String> {
    std::env::var("PUNCH_ZOHO_ENDPOINT")
        .ok()
        .filter(|v| !v.trim().is_empty())
}

pub(crate) fn secret_store(home: &Path) -> Result<Box<dyn SecretStore>> {
    let choice = std::env::var("PUNCH_SECRET_STORE").ok();
    let store = secrets::from_env(home, choice.as_deref())?;
    if store.name() == "file" && !home.join("secrets.json").exists() {
        eprintln!(
            "warning: PUNCH_SECRET_STORE=file: Zoho tokens are kept in {} (readable by you alone), not in the OS keyring",
            home.join("secrets.json").display()
        );
    }
    Ok(store)
}

/// A secret given as `-` is read from standard input, so it never shows in `ps`.
fn secret_arg(value: &str, what: &str) -> Result<Sensitive<String>> {
    if value != "-" {
        return Ok(Sensitive::new(value.to_owned()));
    }
    let mut line = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut line)
        .map_err(|source| Error::Io {
            context: format!("can't read the {what} from standard input"),
            source,
        })?;
    let line = line.trim().to_owned();
    if line.is_empty() {
        return Err(invalid(format!("no {what} on standard input")));
    }
    Ok(Sensitive::new(line))
}

/// The browser flow shows the consent URL too, for when no browser opens.
fn browser_grant() -> Grant {
    Grant::Browser {
        options: BrowserOptions::default(),
        open: Box::new(|url: &str| {
            eprintln!(
                "Opening Zoho's sign-in page in your browser. If it does not open, visit:\n  {url}"
            );
            let _ = std::io::stderr().flush();
            // A missing opener is no failure: the user can still follow the printed URL.
            let _ = std::process::Command::new("xdg-open")
                .arg(url)
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::null())
                .spawn();
            Ok(())
        }),
    }
}

fn grant(args: &GrantArgs, browser_by_default: bool) -> Result<Grant> {
    if let Some(code) = &args.grant_code {
        return Ok(Grant::Code(secret_arg(code, "grant code")?));
    }
    if let Some(token) = &args.refresh_token {
        return Ok(Grant::RefreshToken(secret_arg(token, "refresh token")?));
    }
    if args.browser || browser_by_default {
        return Ok(browser_grant());
    }
    Err(invalid(
        "how should Punch sign in? give --grant-code CODE (a Self Client code), --refresh-token TOKEN or --browser".into(),
    ))
}

fn product(arg: ProductArg) -> Product {
    match arg {
        ProductArg::Books => Product::Books,
        ProductArg::People => Product::People,
        ProductArg::Projects => Product::Projects,
    }
}

fn account_json(account: &Account) -> serde_json::Value {
    let mut doc = json!({
        "name": account.name,
        "product": account.product.as_str(),
        "dc": account.dc,
        "api_domain": account.api_domain,
        "state": if account.needs_login { "needs_login" } else { "ok" },
        "timer_mode": account.timer_mode.as_str(),
    });
    let (key, value) = match account.product {
        Product::Books => ("org", &account.org),
        Product::People => ("user", &account.user),
        Product::Projects => ("portal", &account.portal),
    };
    doc[key] = json!(value);
    if account.product == Product::Books && account.user.is_some() {
        doc["user"] = json!(account.user);
    }
    doc
}

fn account_line(account: &Account) -> String {
    let whom = match account.product {
        Product::Books => account.org.as_deref().map(|o| format!("organization {o}")),
        Product::People => account.user.clone(),
        Product::Projects => account.portal.as_deref().map(|p| format!("portal {p}")),
    };
    format!(
        "{:<12} {:<9} {:<7} {}{}\n",
        account.name,
        account.product,
        account.dc,
        whom.unwrap_or_default(),
        if account.needs_login {
            "  ⚠ needs login: run `punch account login NAME`"
        } else {
            ""
        }
    )
}

pub fn run(
    tracker: &mut Tracker,
    home: &Path,
    command: &AccountCommand,
    json: bool,
    now: DateTime<Utc>,
) -> Result<String> {
    let endpoint = endpoint_override();
    match command {
        AccountCommand::List => {
            let list = accounts::list(tracker.store().conn())?;
            if json {
                let docs: Vec<_> = list.iter().map(account_json).collect();
                return Ok(to_json_line(&docs));
            }
            if list.is_empty() {
                return Ok("No Zoho accounts yet: Punch tracks time locally until you connect one with `punch account add`.\n".into());
            }
            Ok(list.iter().map(account_line).collect())
        }
        AccountCommand::Add {
            product: p,
            client_id,
            client_secret,
            grant: g,
            dc,
            org,
            portal,
            user,
            name,
            timer_mode,
        } => {
            let store = secret_store(home)?;
            let new = NewAccount {
                product: product(*p),
                name: name.clone(),
                client_id: client_id.clone(),
                client_secret: Some(secret_arg(client_secret, "client secret")?),
                dc: dc.parse::<DataCenter>().map_err(invalid)?,
                org: org.clone(),
                portal: portal.clone(),
                user: user.clone(),
                mirror_timer: timer_mode == "mirror",
            };
            let account = connect::add(
                tracker,
                store.as_ref(),
                new,
                grant(g, false)?,
                endpoint.as_deref(),
                now,
            )?;
            let fetched =
                catalog_sync::refresh(tracker, store.as_ref(), &account, endpoint.as_deref(), now);
            Ok(if json {
                to_json_line(&account_json(&account))
            } else {
                let mut out = format!(
                    "Connected {} account `{}`.\n",
                    account.product, account.name
                );
                match fetched {
                    Ok(items) => out.push_str(&format!("{} targets cached for the picker (`punch targets`).\n", items.len())),
                    Err(e) => out.push_str(&format!("The catalog could not be fetched yet ({e}); try `punch targets --refresh`.\n")),
                }
                out
            })
        }
        AccountCommand::Login { name, grant: g } => {
            let store = secret_store(home)?;
            let account = connect::login(
                tracker,
                store.as_ref(),
                name,
                grant(g, true)?,
                endpoint.as_deref(),
            )?;
            Ok(if json {
                to_json_line(&account_json(&account))
            } else {
                format!("Signed in to `{}` again.\n", account.name)
            })
        }
        AccountCommand::Remove { name, force } => {
            let store = secret_store(home)?;
            let removed =
                connect::remove(tracker, store.as_ref(), name, *force, endpoint.as_deref())?;
            Ok(if json {
                to_json_line(
                    &json!({"removed": removed.account.name, "revoked": removed.revoked, "stranded": removed.stranded}),
                )
            } else {
                let mut out = format!("Removed account `{}`", removed.account.name);
                out.push_str(if removed.revoked {
                    " and revoked its token at Zoho.\n"
                } else {
                    " (Zoho was not reachable: revoke its token in Zoho's API console).\n"
                });
                if removed.stranded > 0 {
                    out.push_str(&format!(
                        "{} entries now wait for another {} account.\n",
                        removed.stranded, removed.account.product
                    ));
                }
                out
            })
        }
    }
}

pub fn targets(
    tracker: &mut Tracker,
    home: &Path,
    account: Option<&str>,
    refresh: bool,
    json: bool,
    now: DateTime<Utc>,
) -> Result<String> {
    let chosen = account
        .map(|name| connect::find(tracker, name))
        .transpose()?;
    if refresh {
        let store = secret_store(home)?;
        let endpoint = endpoint_override();
        let list = match chosen {
            Some(a) => vec![a],
            None => accounts::list(tracker.store().conn())?,
        };
        for account in &list {
            catalog_sync::refresh(tracker, store.as_ref(), account, endpoint.as_deref(), now)?;
        }
    }
    let items = catalog::list(tracker.store().conn(), account)?;
    if json {
        return Ok(to_json_line(&items));
    }
    if items.is_empty() {
        return Ok("No targets cached: connect an account (`punch account add`) or run `punch targets --refresh`.\n".into());
    }
    let width = items.iter().map(|i| i.target.len()).max().unwrap_or(10);
    Ok(items
        .iter()
        .map(|i| {
            let project = if i.project.is_empty() {
                String::new()
            } else {
                format!("{} / ", i.project)
            };
            format!(
                "{:<width$}  {project}{}{}\n",
                i.target,
                i.name,
                if i.active { "" } else { "  (inactive)" }
            )
        })
        .collect())
}
