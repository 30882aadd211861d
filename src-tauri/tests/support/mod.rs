//! What the window's tests share: a fresh home, a tracker on it, a fixed "now" (a
//! Monday afternoon, local time) and a catalog to pick from.

#![allow(dead_code)]

use chrono::{DateTime, Local, TimeZone, Utc};
use punch_core::store::accounts::{self, Account};
use punch_core::store::catalog::{self, CatalogItem};
use punch_core::target::Product;
use punch_core::tracker::Tracker;

/// Monday 23 November 2026, 15:00 local time.
pub fn now() -> DateTime<Utc> {
    Local
        .with_ymd_and_hms(2026, 11, 23, 15, 0, 0)
        .single()
        .expect("a plain afternoon exists in every zone")
        .with_timezone(&Utc)
}

pub fn minutes(m: i64) -> chrono::TimeDelta {
    chrono::TimeDelta::minutes(m)
}

pub fn tracker() -> (tempfile::TempDir, Tracker) {
    let home = tempfile::tempdir().unwrap();
    let tracker = Tracker::open(home.path()).unwrap();
    (home, tracker)
}

fn item(target: &str, account: &str, product: &str, name: &str, project: &str) -> CatalogItem {
    CatalogItem {
        target: target.into(),
        account: account.into(),
        product: product.into(),
        name: name.into(),
        project: project.into(),
        active: true,
    }
}

/// A Books and a People account with a few targets each, as if fetched from Zoho.
pub fn seed_catalog(tracker: &mut Tracker) {
    let when = now();
    let books = vec![
        item("books:1001/2002", "books", "books", "Fix login", "Website"),
        item(
            "books:1001/2003",
            "books",
            "books",
            "Landing page",
            "Website",
        ),
        item(
            "books:1005/2100",
            "books",
            "books",
            "Quarterly report",
            "Finance",
        ),
    ];
    let people = vec![
        item("people:777", "people", "people", "Standup", "Internal"),
        item("people:778", "people", "people", "Web blog", "Marketing"),
    ];
    tracker
        .store_mut()
        .write(|tx| {
            accounts::add(tx, &Account::new("books", Product::Books), when)?;
            let mut people_account = Account::new("people", Product::People);
            people_account.user = Some("ana@zylker.test".into());
            accounts::add(tx, &people_account, when)?;
            catalog::replace(tx, "books", &books, when)?;
            catalog::replace(tx, "people", &people, when)
        })
        .unwrap();
}
