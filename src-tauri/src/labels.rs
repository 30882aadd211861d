//! Names for targets, from the cached catalog: what the user sees instead of
//! `books:1001/2002` wherever the catalog knows better.

use std::collections::HashMap;

use punch_core::Result;
use punch_core::store::aliases;
use punch_core::store::catalog::{self, CatalogItem};
use punch_core::target::Target;
use rusqlite::Connection;
use serde::Serialize;

/// How a target is shown: its name, the project it belongs to, and the product.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TargetLabel {
    /// The task, job or log name; the text form when the catalog doesn't know it.
    pub name: String,
    /// The project (Books, Projects) or client/project (People); empty when none.
    pub project: String,
    pub product: String,
    /// `Project / Name`, or the name alone.
    pub full: String,
}

impl TargetLabel {
    fn new(name: String, project: String, product: String) -> TargetLabel {
        let full = if project.is_empty() {
            name.clone()
        } else {
            format!("{project} / {name}")
        };
        TargetLabel {
            name,
            project,
            product,
            full,
        }
    }

    pub fn of_item(item: &CatalogItem) -> TargetLabel {
        TargetLabel::new(
            item.name.clone(),
            item.project.clone(),
            item.product.clone(),
        )
    }
}

fn product_of(text: &str) -> String {
    text.split(':').next().unwrap_or_default().to_owned()
}

/// The catalog's labels by target text.
#[derive(Debug, Clone, Default)]
pub struct Labels(HashMap<String, TargetLabel>);

impl Labels {
    /// The catalog's names; a target the catalog doesn't know is called by its alias
    /// (`@website`), with the text form where the project would go.
    pub fn read(conn: &Connection) -> Result<Labels> {
        let mut labels = Labels::from_items(&catalog::list(conn, None)?);
        for (alias, target) in aliases::list(conn)? {
            let product = product_of(&target);
            labels.0.entry(target.clone()).or_insert_with(|| {
                let name = format!("@{alias}");
                TargetLabel {
                    full: name.clone(),
                    name,
                    project: target,
                    product,
                }
            });
        }
        Ok(labels)
    }

    pub fn from_items(items: &[CatalogItem]) -> Labels {
        Labels(
            items
                .iter()
                .map(|item| (item.target.clone(), TargetLabel::of_item(item)))
                .collect(),
        )
    }

    /// The catalog's label, else one made from the text form.
    pub fn of_text(&self, text: &str) -> TargetLabel {
        self.0
            .get(text)
            .cloned()
            .unwrap_or_else(|| TargetLabel::new(text.to_owned(), String::new(), product_of(text)))
    }

    pub fn of(&self, target: &Target) -> TargetLabel {
        self.of_text(&target.to_string())
    }
}
