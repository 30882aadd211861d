//! The quick-log grammar shared by the CLI, the tray and the window: a date, a duration
//! or range, a target or `@alias`, `$`/`!$`, in any order, and the rest as the note.

use chrono::{NaiveDate, NaiveTime};

use crate::target::TargetRef;

/// How much time a quick log covers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Span {
    /// Whole minutes on a date.
    Duration(u32),
    /// From one local time of day to a later one, on a date.
    Range { from: NaiveTime, to: NaiveTime },
}

/// What a quick-log expression said. Every part is optional; the caller decides what
/// is required (a log needs a span) and fills in defaults (today, billable).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct QuickLog {
    pub date: Option<NaiveDate>,
    pub span: Option<Span>,
    pub target: Option<TargetRef>,
    pub billable: Option<bool>,
    pub note: String,
}

/// Parse an expression; `today` anchors `today`, `yesterday` and weekday names.
pub fn parse(text: &str, today: NaiveDate) -> Result<QuickLog, String> {
    let _ = (text, today);
    todo!()
}

impl QuickLog {
    /// The canonical text of this log; `parse(q.to_text())` gives `q` back.
    pub fn to_text(&self) -> String {
        todo!()
    }
}
