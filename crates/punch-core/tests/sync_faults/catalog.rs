//! The seeded simulator's catalog as targets: the ones each product accepts, and one
//! each refuses (with the code and words the refusal carries).

use punch_core::target::{Product, ProjectsItem, Target};
use zoho_sim::RunningSim;
use zoho_sim::state::lock;

use super::world::{BOOKS_ORG, PORTAL_ID};

/// Targets the seeded simulator accepts, and ones it refuses.
#[derive(Debug, Clone)]
pub struct Catalog {
    pub books_user: String,
    pub books: Vec<Target>,
    /// A task Books does not have: 1002 "Task does not exist."
    pub books_refused: Target,
    pub people: Vec<Target>,
    /// The completed "Discovery workshop": 9025.
    pub people_refused: Target,
    pub projects: Vec<Target>,
    /// A task the project does not have: 6404 "Resource Not Found".
    pub projects_refused: Target,
}

impl Catalog {
    pub fn read(sim: &RunningSim) -> Catalog {
        let books = lock(&sim.shared.books);
        let org = books
            .organization(BOOKS_ORG)
            .expect("the seeded organization");
        let website = &org.projects[0];
        let mut books_targets: Vec<Target> = website
            .tasks
            .iter()
            .map(|t| Target::Books {
                project_id: website.project_id.clone(),
                task_id: t.task_id.clone(),
            })
            .collect();
        if let Some(internal) = org.projects.iter().find(|p| p.project_name == "Internal") {
            books_targets.push(Target::Books {
                project_id: internal.project_id.clone(),
                task_id: internal.tasks[0].task_id.clone(),
            });
        }
        let books_refused = Target::Books {
            project_id: website.project_id.clone(),
            task_id: "460000000999999".into(),
        };
        let books_user = org.me.clone();
        drop(books);

        let job = |id: &str| Target::People { job_id: id.into() };
        let people = [
            "412762000000042001",
            "412762000000042003",
            "412762000000042005",
        ]
        .into_iter()
        .chain(["412762000000042011"])
        .map(job)
        .collect();

        let db = lock(&sim.shared.projects);
        let project = db
            .projects
            .iter()
            .find(|p| p.portal_id == PORTAL_ID && p.name == "Website relaunch")
            .expect("the seeded project");
        let project_id = project.id.to_string();
        let open: Vec<Target> = db
            .tasks
            .iter()
            .filter(|t| t.project_id == project.id && !t.completed)
            .take(2)
            .map(|t| Target::Projects {
                project_id: project_id.clone(),
                item: ProjectsItem::Task(t.id.to_string()),
            })
            .collect();
        let bug = db
            .bugs
            .iter()
            .find(|b| b.project_id == project.id)
            .map(|b| Target::Projects {
                project_id: project_id.clone(),
                item: ProjectsItem::Bug(b.id.to_string()),
            });
        let mut projects = open;
        projects.extend(bug);
        projects.push(Target::Projects {
            project_id: project_id.clone(),
            item: ProjectsItem::General("Client call".into()),
        });
        Catalog {
            books_user,
            books: books_targets,
            books_refused,
            people,
            people_refused: job("412762000000042009"),
            projects,
            projects_refused: Target::Projects {
                project_id,
                item: ProjectsItem::Task("170876000029999999".into()),
            },
        }
    }

    pub fn valid(&self, product: Product) -> &[Target] {
        match product {
            Product::Books => &self.books,
            Product::People => &self.people,
            Product::Projects => &self.projects,
        }
    }

    pub fn refused(&self, product: Product) -> &Target {
        match product {
            Product::Books => &self.books_refused,
            Product::People => &self.people_refused,
            Product::Projects => &self.projects_refused,
        }
    }
}
