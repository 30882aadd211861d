//! The per-product remotes of the sync engine against zoho-sim over loopback: what
//! each sends, what it reads back, and how Zoho's answers become outcomes.

#[path = "remotes/support.rs"]
mod support;

#[path = "remotes/books.rs"]
mod books;

#[path = "remotes/people.rs"]
mod people;

#[path = "remotes/projects.rs"]
mod projects;
