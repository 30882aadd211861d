//! Zoho's documents and answers disagree on shapes: ids come as strings or numbers,
//! `page_context` as an object or a one-element list, blanks as `" "`. These helpers
//! accept every shape seen, so one odd answer never fails a whole sync.

use serde::{Deserialize, Deserializer};
use serde_json::Value;

/// An id as a string, whether Zoho sent `"460000000044021"` or `460000000044021`.
pub fn id<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    match Value::deserialize(d)? {
        Value::String(s) => Ok(s),
        Value::Number(n) => Ok(n.to_string()),
        other => Err(serde::de::Error::custom(format!(
            "expected an id, got {other}"
        ))),
    }
}

/// An optional id; blanks and nulls are `None`.
pub fn opt_id<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    Ok(match Value::deserialize(d)? {
        Value::String(s) if s.trim().is_empty() => None,
        Value::String(s) => Some(s),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    })
}

/// Text where Zoho may send `null`, a number, or `" "` for nothing.
pub fn text<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    Ok(match Value::deserialize(d)? {
        Value::String(s) => s.trim().to_owned(),
        Value::Number(n) => n.to_string(),
        Value::Bool(b) => b.to_string(),
        _ => String::new(),
    })
}

/// A flag sent as `true`, `"true"`, `1` or `"1"`.
pub fn flag<'de, D: Deserializer<'de>>(d: D) -> Result<bool, D::Error> {
    Ok(match Value::deserialize(d)? {
        Value::Bool(b) => b,
        Value::Number(n) => n.as_i64() == Some(1),
        Value::String(s) => matches!(s.trim(), "true" | "1" | "yes"),
        _ => false,
    })
}

/// A whole number sent as a number or a string.
pub fn int<'de, D: Deserializer<'de>>(d: D) -> Result<i64, D::Error> {
    Ok(crate::error::number(&Value::deserialize(d)?).unwrap_or_default())
}

/// Books' `page_context`: an object in answers, a list of one object in the documents.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PageContext {
    pub page: i64,
    pub per_page: i64,
    pub has_more_page: bool,
}

impl<'de> Deserialize<'de> for PageContext {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize, Default)]
        struct Raw {
            #[serde(default, deserialize_with = "int")]
            page: i64,
            #[serde(default, deserialize_with = "int")]
            per_page: i64,
            #[serde(default, deserialize_with = "flag")]
            has_more_page: bool,
        }
        let value = Value::deserialize(d)?;
        let object = match value {
            Value::Array(mut list) if !list.is_empty() => list.swap_remove(0),
            Value::Array(_) | Value::Null => return Ok(PageContext::default()),
            other => other,
        };
        let raw: Raw = serde_json::from_value(object).map_err(serde::de::Error::custom)?;
        Ok(PageContext {
            page: raw.page,
            per_page: raw.per_page,
            has_more_page: raw.has_more_page,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Deserialize)]
    struct Sample {
        #[serde(deserialize_with = "id")]
        id: String,
        #[serde(default, deserialize_with = "opt_id")]
        invoice: Option<String>,
        #[serde(default, deserialize_with = "text")]
        notes: String,
        page_context: PageContext,
    }

    #[test]
    fn both_shapes_parse() {
        let a: Sample = serde_json::from_str(
            r#"{"id": 460000000044021, "invoice": "", "notes": " ", "page_context": [{"page": 2, "per_page": 200, "has_more_page": true}]}"#,
        )
        .unwrap();
        let b: Sample = serde_json::from_str(
            r#"{"id": "460000000044021", "invoice": "77", "notes": null, "page_context": {"page": "2", "per_page": 200, "has_more_page": "true"}}"#,
        )
        .unwrap();
        assert_eq!(a.id, b.id);
        assert_eq!((a.invoice, b.invoice.as_deref()), (None, Some("77")));
        assert_eq!((a.notes.as_str(), b.notes.as_str()), ("", ""));
        assert_eq!(a.page_context, b.page_context);
        assert!(a.page_context.has_more_page);
    }
}
