//! Zoho rate budgets kept in the store, so the tray, the window and successive
//! `punch sync` runs share one budget per organization, user API or portal.

use std::path::Path;
use std::sync::Mutex;

use rusqlite::{Connection, OptionalExtension, TransactionBehavior, params};
use zoho::limit::{BudgetState, BudgetStore};

use crate::Result;

/// A budget store on its own connection to the store file (the Zoho client calls it
/// from whatever thread sends a request).
#[derive(Debug)]
pub struct StoreBudgets {
    conn: Mutex<Connection>,
}

impl StoreBudgets {
    pub fn open(db: &Path) -> Result<StoreBudgets> {
        let conn = Connection::open(db)?;
        conn.busy_timeout(std::time::Duration::from_secs(10))?;
        Ok(StoreBudgets {
            conn: Mutex::new(conn),
        })
    }
}

impl BudgetStore for StoreBudgets {
    fn update(&self, key: &str, f: &mut dyn FnMut(&mut BudgetState)) -> Result<(), String> {
        let mut conn = self.conn.lock().unwrap_or_else(|p| p.into_inner());
        let mut run = |conn: &mut Connection| -> rusqlite::Result<()> {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let text: Option<String> = tx
                .query_row(
                    "SELECT state FROM rate_budgets WHERE key = ?1",
                    [key],
                    |r| r.get(0),
                )
                .optional()?;
            // A budget that no longer parses starts afresh: Zoho still enforces its limit.
            let mut state: BudgetState = text
                .and_then(|t| serde_json::from_str(&t).ok())
                .unwrap_or_default();
            f(&mut state);
            let text = serde_json::to_string(&state).unwrap_or_default();
            tx.execute(
                "INSERT INTO rate_budgets (key, state) VALUES (?1, ?2)
                 ON CONFLICT (key) DO UPDATE SET state = excluded.state",
                params![key, text],
            )?;
            tx.commit()
        };
        run(&mut conn).map_err(|e| e.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Store;

    #[test]
    fn two_processes_share_one_budget() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).unwrap();
        // Two budget stores on one file stand for two processes.
        let a = StoreBudgets::open(store.path()).unwrap();
        let b = StoreBudgets::open(store.path()).unwrap();
        let take = |s: &StoreBudgets, at: i64| {
            let mut outcome = Ok(());
            s.update("people:ana:timer", &mut |state| outcome = state.take(2, at))
                .unwrap();
            outcome
        };
        take(&a, 1_000).unwrap();
        take(&b, 2_000).unwrap();
        assert!(
            take(&a, 3_000).is_err(),
            "the third call in a minute is refused across stores"
        );
        assert!(take(&b, 61_001).is_ok());
    }
}
