//! Zoho People's time tracker: time logs (single and bulk), its timer, and the jobs a
//! picker lists. Dates are always sent with `dateFormat`, so the company's own date
//! format never matters.
