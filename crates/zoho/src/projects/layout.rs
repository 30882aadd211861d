//! The timesheet's form as a portal configured it: the layout of a project (which
//! columns a log has, which are mandatory) and the portal's custom fields, whose
//! `column` is the key a log's `custom_fields` uses (`{"UDF_CHAR1": "…"}`).

use serde::Deserialize;
use serde_json::Value;

use super::Projects;
use crate::error::ZohoError;
use crate::lenient;
use crate::session::Method;

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Layout {
    #[serde(default, deserialize_with = "lenient::opt_id")]
    pub layout_id: Option<String>,
    /// ISO code (`CURRENCY`) of the portal's currency, when Zoho gives it.
    #[serde(default, rename = "CURRENCY", deserialize_with = "lenient::text")]
    pub currency: String,
    #[serde(default, rename = "section_details")]
    pub sections: Vec<LayoutSection>,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct LayoutSection {
    #[serde(default, rename = "section_id", deserialize_with = "lenient::opt_id")]
    pub id: Option<String>,
    #[serde(default, rename = "section_name", deserialize_with = "lenient::text")]
    pub name: String,
    #[serde(default, rename = "customfield_details")]
    pub fields: Vec<LayoutField>,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct LayoutField {
    #[serde(default, rename = "pcfid", deserialize_with = "lenient::opt_id")]
    pub id: Option<String>,
    /// `LOGDATE`, `BILLING`, `UDF_CHAR14`…
    #[serde(default, rename = "column_name", deserialize_with = "lenient::text")]
    pub column: String,
    /// A label or one of Zoho's i18n keys (`zp.general.date`).
    #[serde(default, deserialize_with = "lenient::text")]
    pub display_name: String,
    #[serde(default, deserialize_with = "lenient::text")]
    pub column_type: String,
    #[serde(default, rename = "is_mandatory", deserialize_with = "lenient::flag")]
    pub mandatory: bool,
    /// One of Zoho's own columns rather than a custom one.
    #[serde(default, rename = "is_default", deserialize_with = "lenient::flag")]
    pub builtin: bool,
    #[serde(default, rename = "picklist_details")]
    pub choices: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct CustomField {
    #[serde(deserialize_with = "lenient::id")]
    pub id: String,
    /// `UDF_CHAR1`…: the key in a log's `custom_fields`.
    #[serde(rename = "unique_column", deserialize_with = "lenient::text")]
    pub column: String,
    #[serde(rename = "field_name", deserialize_with = "lenient::text")]
    pub name: String,
    #[serde(default, deserialize_with = "lenient::text")]
    pub data_type: String,
}

/// The documents show the custom fields as a bare sequence of objects; read a list, or
/// the first list inside an object, whatever Zoho names its key.
pub(crate) fn parse_custom_fields(answer: &Value) -> Vec<CustomField> {
    let list = match answer {
        Value::Array(list) => Some(list),
        Value::Object(map) => map.values().find_map(Value::as_array),
        _ => None,
    };
    list.into_iter()
        .flatten()
        .filter_map(|v| CustomField::deserialize(v).ok())
        .collect()
}

impl Projects<'_> {
    /// `GET …/projects/{project}/timesheetlayouts`
    pub fn layout(&self, project_id: &str) -> Result<Layout, ZohoError> {
        let path = format!("/projects/{project_id}/timesheetlayouts");
        let answer = self.send(&self.request(Method::Get, &path))?;
        Layout::deserialize(&answer).map_err(|e| super::unreadable("timesheet layout", &e))
    }

    /// `GET /restapi/portal/{portal}/timesheetcustomfields`
    pub fn custom_fields(&self) -> Result<Vec<CustomField>, ZohoError> {
        let answer = self.send(&self.request(Method::Get, "/timesheetcustomfields"))?;
        Ok(parse_custom_fields(&answer))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn custom_fields_as_a_list_or_inside_an_object() {
        let field = json!({"data_type": "plain_text", "id": 69822000000187051u64,
            "unique_column": "UDF_CHAR1", "field_name": "My Single Line"});
        let bare = parse_custom_fields(&json!([field.clone()]));
        let wrapped = parse_custom_fields(&json!({"timesheet_custom_fields": [field]}));
        assert_eq!(bare, wrapped);
        assert_eq!(bare[0].id, "69822000000187051");
        assert_eq!(bare[0].column, "UDF_CHAR1");
    }
}
