//! Zoho Projects timesheets: task, bug and general logs in a portal's projects, and
//! the portals, projects, tasks and bugs a picker lists. Dates are `MM-DD-YYYY`.
