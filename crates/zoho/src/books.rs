//! Zoho Books: time entries (with Books' own timer) and the projects and tasks a
//! picker lists. Every call carries `organization_id`.
