//! What a picker lists from People: the jobs assigned to the user and their projects.

use serde::{Deserialize, Deserializer};
use serde_json::Value;

use super::People;
use super::models::billable;
use crate::error::{ZohoError, number};
use crate::lenient;

/// A job time can be logged against (`getjobs`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Job {
    #[serde(deserialize_with = "lenient::id")]
    pub job_id: String,
    #[serde(default, deserialize_with = "lenient::text")]
    pub job_name: String,
    #[serde(default, deserialize_with = "lenient::opt_id")]
    pub project_id: Option<String>,
    #[serde(default, deserialize_with = "lenient::text")]
    pub project_name: String,
    #[serde(default, deserialize_with = "lenient::text")]
    pub client_name: String,
    /// `jobStatus` says "Completed": People refuses time for it.
    #[serde(default, rename = "jobStatus", deserialize_with = "completed")]
    pub completed: bool,
    #[serde(
        default,
        rename = "jobBillableStatus",
        deserialize_with = "billable_flag"
    )]
    pub billable: bool,
}

/// A project jobs belong to (`getprojects`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Project {
    #[serde(deserialize_with = "lenient::id")]
    pub project_id: String,
    #[serde(default, deserialize_with = "lenient::text")]
    pub project_name: String,
    #[serde(default, deserialize_with = "lenient::text")]
    pub client_name: String,
    #[serde(default, rename = "projectStatus", deserialize_with = "completed")]
    pub completed: bool,
}

fn completed<'de, D: Deserializer<'de>>(d: D) -> Result<bool, D::Error> {
    Ok(lenient::text(d)?
        .to_ascii_lowercase()
        .starts_with("complet"))
}

fn billable_flag<'de, D: Deserializer<'de>>(d: D) -> Result<bool, D::Error> {
    let value = Value::deserialize(d)?;
    Ok(match &value {
        Value::Bool(b) => *b,
        Value::Number(_) => number(&value) == Some(1),
        Value::String(s) => s.trim() == "1" || billable(s),
        _ => false,
    })
}

/// Which jobs or projects to list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Status {
    #[default]
    All,
    InProgress,
    Completed,
}

impl People<'_> {
    /// The jobs assigned to the client's user, every page of them.
    pub fn getjobs(&self, status: Status) -> Result<Vec<Job>, ZohoError> {
        let status = match status {
            Status::All => "all",
            Status::InProgress => "in-progress",
            Status::Completed => "completed",
        };
        self.all_pages(
            "getjobs",
            vec![
                ("assignedTo", self.user.clone()),
                ("jobStatus", status.into()),
            ],
        )
    }

    /// The projects the client's user is assigned to.
    pub fn getprojects(&self, status: Status) -> Result<Vec<Project>, ZohoError> {
        // Zoho spells this one without the hyphen (catalogs: `inprogress`).
        let status = match status {
            Status::All => "all",
            Status::InProgress => "inprogress",
            Status::Completed => "completed",
        };
        self.all_pages(
            "getprojects",
            vec![
                ("assignedTo", self.user.clone()),
                ("projectStatus", status.into()),
            ],
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn jobs_parse_leniently() {
        let job: Job = serde_json::from_value(json!({
            "jobId": 7, "jobName": "Discovery workshop", "projectId": "3",
            "jobStatus": "Completed", "jobBillableStatus": "Billable"
        }))
        .unwrap();
        assert!(job.completed && job.billable);
        assert_eq!(job.job_id, "7");
        let other: Job = serde_json::from_value(json!({
            "jobId": "8", "jobStatus": "In-Progress", "jobBillableStatus": "0"
        }))
        .unwrap();
        assert!(!other.completed && !other.billable);
    }
}
