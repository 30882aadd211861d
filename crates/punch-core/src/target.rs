//! Where time goes, in the text form that the CLI, quick-log and scripts share
//! (`books:<project>/<task>`, `people:<job>`, `projects:<project>/task|bug|general/<x>`).

use std::fmt;
use std::str::FromStr;

use serde::{Serialize, Serializer};

/// One Zoho product Punch can send time to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Product {
    Books,
    People,
    Projects,
}

impl Product {
    pub const ALL: [Product; 3] = [Product::Books, Product::People, Product::Projects];

    pub fn as_str(self) -> &'static str {
        match self {
            Product::Books => "books",
            Product::People => "people",
            Product::Projects => "projects",
        }
    }
}

impl fmt::Display for Product {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Product {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "books" => Ok(Product::Books),
            "people" => Ok(Product::People),
            "projects" => Ok(Product::Projects),
            other => Err(format!(
                "`{other}` is not a Zoho product (use books, people or projects)"
            )),
        }
    }
}

/// What kind of Zoho Projects log a target is.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ProjectsItem {
    Task(String),
    Bug(String),
    /// A general log, named by the user.
    General(String),
}

/// A place in Zoho that time can be logged against.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Target {
    Books {
        project_id: String,
        task_id: String,
    },
    People {
        job_id: String,
    },
    Projects {
        project_id: String,
        item: ProjectsItem,
    },
}

impl Target {
    pub fn product(&self) -> Product {
        match self {
            Target::Books { .. } => Product::Books,
            Target::People { .. } => Product::People,
            Target::Projects { .. } => Product::Projects,
        }
    }

    /// Does `text` look like an attempt at a target (so a parse error should be shown)
    /// rather than an ordinary word?
    pub fn looks_like_target(text: &str) -> bool {
        Product::ALL.iter().any(|p| {
            text.strip_prefix(p.as_str())
                .is_some_and(|r| r.starts_with(':'))
        })
    }
}

/// Ids are Zoho's numeric or alphanumeric keys: no separators, no spaces.
fn id_part<'a>(what: &str, text: &'a str, whole: &str) -> Result<&'a str, String> {
    if text.is_empty() {
        return Err(format!("`{whole}` is missing the {what}"));
    }
    if let Some(bad) = text
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || *c == '_' || *c == '-'))
    {
        return Err(format!("`{whole}`: the {what} `{text}` contains `{bad}`"));
    }
    Ok(text)
}

impl FromStr for Target {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let (product, rest) = s.split_once(':').ok_or_else(|| {
            format!("`{s}` is not a target (expected books:…, people:… or projects:…)")
        })?;
        let product: Product = product.parse().map_err(|e| format!("`{s}`: {e}"))?;
        match product {
            Product::Books => {
                let (project, task) = rest.split_once('/').ok_or_else(|| {
                    format!("`{s}` is not a Books target (expected books:<project_id>/<task_id>)")
                })?;
                Ok(Target::Books {
                    project_id: id_part("project id", project, s)?.to_owned(),
                    task_id: id_part("task id", task, s)?.to_owned(),
                })
            }
            Product::People => Ok(Target::People {
                job_id: id_part("job id", rest, s)?.to_owned(),
            }),
            Product::Projects => {
                let mut parts = rest.splitn(3, '/');
                let project = parts.next().unwrap_or_default();
                let (kind, key) = match (parts.next(), parts.next()) {
                    (Some(kind), Some(key)) => (kind, key),
                    _ => {
                        return Err(format!(
                            "`{s}` is not a Projects target (expected projects:<project_id>/task/<task_id>, …/bug/<bug_id> or …/general/<name>)"
                        ));
                    }
                };
                let project_id = id_part("project id", project, s)?.to_owned();
                let item = match kind {
                    "task" => ProjectsItem::Task(id_part("task id", key, s)?.to_owned()),
                    "bug" => ProjectsItem::Bug(id_part("bug id", key, s)?.to_owned()),
                    "general" => {
                        let name = key.trim();
                        if name.is_empty() {
                            return Err(format!("`{s}` is missing the general log's name"));
                        }
                        ProjectsItem::General(name.to_owned())
                    }
                    other => {
                        return Err(format!(
                            "`{s}`: `{other}` is not a Projects log kind (use task, bug or general)"
                        ));
                    }
                };
                Ok(Target::Projects { project_id, item })
            }
        }
    }
}

impl fmt::Display for Target {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Target::Books {
                project_id,
                task_id,
            } => write!(f, "books:{project_id}/{task_id}"),
            Target::People { job_id } => write!(f, "people:{job_id}"),
            Target::Projects { project_id, item } => match item {
                ProjectsItem::Task(id) => write!(f, "projects:{project_id}/task/{id}"),
                ProjectsItem::Bug(id) => write!(f, "projects:{project_id}/bug/{id}"),
                ProjectsItem::General(name) => write!(f, "projects:{project_id}/general/{name}"),
            },
        }
    }
}

impl Serialize for Target {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// A target as the user wrote it: either the text form or an alias still to resolve.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TargetRef {
    Target(Target),
    Alias(String),
}

impl TargetRef {
    /// Parse the CLI's `TARGET` argument: a text-form target, `@NAME` or a bare alias `NAME`.
    pub fn parse_arg(text: &str) -> Result<Self, String> {
        if let Some(name) = text.strip_prefix('@') {
            return Ok(TargetRef::Alias(alias_name(name)?.to_owned()));
        }
        if text.contains(':') {
            return text.parse().map(TargetRef::Target);
        }
        Ok(TargetRef::Alias(alias_name(text)?.to_owned()))
    }
}

impl fmt::Display for TargetRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TargetRef::Target(t) => t.fmt(f),
            TargetRef::Alias(a) => write!(f, "@{a}"),
        }
    }
}

/// Aliases are short words: letters, digits, `-`, `_` and `.`.
pub fn alias_name(name: &str) -> Result<&str, String> {
    if name.is_empty() {
        return Err("an alias name can't be empty".into());
    }
    if let Some(bad) = name
        .chars()
        .find(|c| !(c.is_alphanumeric() || matches!(c, '-' | '_' | '.')))
    {
        return Err(format!(
            "`{name}` is not an alias name: `{bad}` is not allowed (use letters, digits, -, _ and .)"
        ));
    }
    Ok(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_forms_round_trip() {
        for text in [
            "books:1001/2002",
            "people:777",
            "projects:5/task/9",
            "projects:5/bug/11",
            "projects:5/general/Team meeting",
        ] {
            let target: Target = text.parse().unwrap();
            assert_eq!(target.to_string(), text);
        }
    }

    #[test]
    fn errors_name_the_problem() {
        let err = "books:1001".parse::<Target>().unwrap_err();
        assert!(err.contains("books:<project_id>/<task_id>"), "{err}");
        let err = "projects:5/epic/3".parse::<Target>().unwrap_err();
        assert!(err.contains("`epic` is not a Projects log kind"), "{err}");
        let err = "crm:5".parse::<Target>().unwrap_err();
        assert!(err.contains("`crm` is not a Zoho product"), "{err}");
        let err = "people:".parse::<Target>().unwrap_err();
        assert!(err.contains("missing the job id"), "{err}");
    }

    #[test]
    fn arguments_are_targets_or_aliases() {
        assert_eq!(
            TargetRef::parse_arg("@web").unwrap(),
            TargetRef::Alias("web".into())
        );
        assert_eq!(
            TargetRef::parse_arg("web").unwrap(),
            TargetRef::Alias("web".into())
        );
        assert!(matches!(
            TargetRef::parse_arg("people:3").unwrap(),
            TargetRef::Target(Target::People { .. })
        ));
        assert!(TargetRef::parse_arg("we b").is_err());
    }
}
