//! Bringing each account's catalog (what time can be logged against) from Zoho into
//! the store, so the picker works offline; and finding an account's organization or
//! portal when the user did not name one.

use chrono::{DateTime, Utc};
use zoho::{Session, ZohoError};

use crate::Result;
use crate::connect::session_for;
use crate::secrets::SecretStore;
use crate::store::accounts::Account;
use crate::store::catalog::{self, CatalogItem};
use crate::target::{Product, ProjectsItem, Target};
use crate::tracker::Tracker;

fn item(
    account: &Account,
    target: Target,
    name: String,
    project: String,
    active: bool,
) -> CatalogItem {
    CatalogItem {
        target: target.to_string(),
        account: account.name.clone(),
        product: account.product.as_str().to_owned(),
        name,
        project,
        active,
    }
}

fn missing(what: &str, account: &Account) -> crate::Error {
    crate::Error::invalid(format!("account `{}` has no {what}", account.name))
}

/// Everything an account offers, from Zoho.
pub fn fetch(session: &Session, account: &Account) -> Result<Vec<CatalogItem>> {
    let mut items = Vec::new();
    match account.product {
        Product::Books => {
            let org = account
                .org
                .as_deref()
                .ok_or_else(|| missing("organization", account))?;
            let books = zoho::books::Books::new(session, org);
            for project in books.active_projects()? {
                for task in books.tasks(&project.project_id)? {
                    let target = Target::Books {
                        project_id: project.project_id.clone(),
                        task_id: task.task_id.clone(),
                    };
                    let active = !task.status.eq_ignore_ascii_case("inactive");
                    items.push(item(
                        account,
                        target,
                        task.task_name,
                        project.project_name.clone(),
                        active,
                    ));
                }
            }
        }
        Product::People => {
            let user = account
                .user
                .as_deref()
                .ok_or_else(|| missing("user", account))?;
            let people = zoho::people::People::new(session, user);
            for job in people.getjobs(zoho::people::Status::All)? {
                let target = Target::People { job_id: job.job_id };
                items.push(item(
                    account,
                    target,
                    job.job_name,
                    job.project_name,
                    !job.completed,
                ));
            }
        }
        Product::Projects => {
            let portal = account
                .portal
                .as_deref()
                .ok_or_else(|| missing("portal", account))?;
            let projects = zoho::projects::Projects::new(session, portal);
            for project in projects.projects()? {
                let active =
                    project.status.is_empty() || project.status.eq_ignore_ascii_case("active");
                let in_project = |item: ProjectsItem| Target::Projects {
                    project_id: project.id.clone(),
                    item,
                };
                for task in projects.tasks(&project.id)? {
                    let target = in_project(ProjectsItem::Task(task.id));
                    items.push(item(
                        account,
                        target,
                        task.name,
                        project.name.clone(),
                        active && !task.completed,
                    ));
                }
                for bug in projects.bugs(&project.id)? {
                    let target = in_project(ProjectsItem::Bug(bug.id));
                    items.push(item(
                        account,
                        target,
                        bug.title,
                        project.name.clone(),
                        active,
                    ));
                }
            }
        }
    }
    Ok(items)
}

/// Fetch an account's catalog and replace the cached one.
pub fn refresh(
    tracker: &mut Tracker,
    secrets: &dyn SecretStore,
    account: &Account,
    endpoint_override: Option<&str>,
    now: DateTime<Utc>,
) -> Result<Vec<CatalogItem>> {
    let session = session_for(tracker.store().path(), secrets, account, endpoint_override)?;
    let items = fetch(&session, account)?;
    tracker
        .store_mut()
        .write(|tx| catalog::replace(tx, &account.name, &items, now))?;
    Ok(items)
}

/// Pick the one choice, or the default one, or ask the user to name one.
fn choose<T>(
    mut options: Vec<T>,
    is_default: impl Fn(&T) -> bool,
    describe: impl Fn(&T) -> String,
    what: &str,
    flag: &str,
) -> Result<T> {
    if options.len() == 1 {
        return Ok(options.remove(0));
    }
    if let Some(i) = options.iter().position(&is_default) {
        return Ok(options.remove(i));
    }
    if options.is_empty() {
        return Err(crate::Error::NothingToDo(format!(
            "this Zoho user has no {what}"
        )));
    }
    let listed: Vec<String> = options.iter().map(describe).collect();
    Err(crate::Error::invalid(format!(
        "this Zoho user has several {what}s: choose one with {flag} ({})",
        listed.join(", ")
    )))
}

/// Fill in the organization (Books) or portal (Projects) the user did not name.
pub fn discover(session: &Session, account: &mut Account) -> Result<()> {
    match account.product {
        Product::Books if account.org.is_none() => {
            let orgs = zoho::books::organizations(session).map_err(zoho_error)?;
            let org = choose(
                orgs,
                |o| o.is_default_org,
                |o| format!("{} {}", o.organization_id, o.name),
                "organization",
                "--org",
            )?;
            account.org = Some(org.organization_id);
        }
        Product::Projects if account.portal.is_none() => {
            let portals = zoho::projects::portals(session).map_err(zoho_error)?;
            let portal = choose(
                portals,
                |_| false,
                |p| format!("{} {}", p.id, p.name),
                "portal",
                "--portal",
            )?;
            account.portal = Some(portal.id);
        }
        _ => {}
    }
    Ok(())
}

fn zoho_error(e: ZohoError) -> crate::Error {
    crate::Error::Zoho(e)
}
