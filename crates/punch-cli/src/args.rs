//! The command line as CLI.md promises it: every name, flag and default here is part of
//! a contract that scripts and desktop shortcuts rely on.

use clap::{Args, Parser, Subcommand, ValueEnum};

/// Punch: a tray-first timer for people whose hours live in Zoho.
///
/// Time is tracked on this machine first and reaches Zoho Books, People or Projects
/// when it syncs. Every command works offline.
#[derive(Debug, Parser)]
#[command(name = "punch", version, max_term_width = 100)]
#[command(after_help = "Examples:
  punch start books:1001/2002 --note \"fix login\"   start a timer (stops the running one)
  punch stop                                        stop it
  punch log \"yesterday 9:00-10:30 @website fix login $\"
  punch log 1h30m --target people:777               log past time
  punch alias website books:1001/2002               name a target
  punch status                                      what runs, today's total

The store lives in $PUNCH_HOME (default: $XDG_DATA_HOME/punch).")]
pub struct Cli {
    /// Print exactly one JSON document on stdout.
    #[arg(long, global = true)]
    pub json: bool,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Start a timer; a running one stops at the same instant.
    Start(StartArgs),
    /// Stop the running timer (under a minute is discarded: Zoho logs whole minutes).
    Stop {
        /// When it stopped: HH:MM today or an RFC 3339 instant.
        #[arg(long, value_name = "TIME")]
        at: Option<String>,
    },
    /// Stop the timer if it runs, else continue the last entry.
    Toggle,
    /// What runs now, today's total, and what waits to sync.
    Status,
    /// Log a piece of past time, from a quick-log expression or flags.
    #[command(
        after_help = "EXPRESSION: in any order, a date (2026-11-20, today, yesterday, monday…),
a duration (1h30m, 90m, 1:30, 1.5h) or a range (09:00-10:30), a target or @alias,
$ (billable) or !$ (non-billable); the rest is the note. Text in \"quotes\" is always note.

  punch log \"yesterday 9:00-10:30 @website fix login $\"
  punch log 45m standup --target people:777"
    )]
    Log(LogArgs),
    /// List entries (default: today), marking overlaps.
    Entries(RangeArgs),
    /// Change an entry, or the running one with `running`.
    Edit(EditArgs),
    /// Delete an entry (a running one is discarded).
    Delete {
        /// The entry's id (see `punch entries`).
        id: i64,
    },
    /// Totals per day or per target (default: today, by day).
    Report(ReportArgs),
    /// Connect, list, sign in again to, or remove Zoho accounts.
    #[command(subcommand)]
    Account(AccountCommand),
    /// The targets your accounts offer (the cached catalog; --refresh asks Zoho).
    Targets {
        /// Only this account's targets.
        #[arg(long, value_name = "NAME")]
        account: Option<String>,
        /// Fetch the catalog from Zoho first.
        #[arg(long)]
        refresh: bool,
    },
    /// One full sync pass: push what changed, pull Zoho's side (gives up after 5 minutes).
    Sync,
    /// The resident tray, in the foreground: it syncs, shows the timer and takes clicks
    /// until Quit. One per PUNCH_HOME.
    Tray {
        /// Start the tray with your desktop session (on) or stop doing so (off), then exit.
        #[arg(long, value_enum, value_name = "on|off")]
        autostart: Option<Switch>,
    },
    /// Answer the pending idle question: the timer ran while you were away.
    #[command(after_help = "keep      the time stays on the entry
discard   the entry ends when you went idle (the timer stops)
continue  the entry ends when you went idle; the same starts again now
split     the time away becomes an entry of its own on TARGET (local-only without
          one); the timer goes on from when you came back

`punch status` shows the question.")]
    Idle {
        #[arg(value_enum)]
        answer: IdleChoice,
        /// split: what the time away was (a target or alias).
        target: Option<String>,
        /// split: which account, when several of the target's product are connected.
        #[arg(long, value_name = "NAME")]
        account: Option<String>,
    },
    /// Name a target: `punch alias website books:1001/2002`, then `punch start website`.
    Alias {
        /// Letters, digits, `-`, `_` and `.`.
        name: String,
        /// A target (books:…, people:…, projects:…) or another alias.
        target: String,
    },
}

/// `--billable` / `--non-billable`; neither means billable.
#[derive(Debug, Args, Default)]
pub struct BillableArgs {
    /// Mark the time billable (the default).
    #[arg(long, conflicts_with = "non_billable")]
    pub billable: bool,
    /// Mark the time non-billable.
    #[arg(long)]
    pub non_billable: bool,
}

impl BillableArgs {
    pub fn choice(&self) -> Option<bool> {
        match (self.billable, self.non_billable) {
            (true, _) => Some(true),
            (_, true) => Some(false),
            _ => None,
        }
    }
}

/// When a piece of time happened: a date with a duration or a range of local times.
#[derive(Debug, Args)]
pub struct SpanArgs {
    /// YYYY-MM-DD, today, yesterday or a weekday (the most recent one).
    #[arg(long, value_name = "DATE")]
    pub date: Option<String>,
    /// 1h30m, 1h, 90m, 1:30 or 1.5h.
    #[arg(long, value_name = "DUR", conflicts_with_all = ["from", "to"])]
    pub duration: Option<String>,
    /// Start of a range of local times, with --to.
    #[arg(long, value_name = "HH:MM", requires = "to")]
    pub from: Option<String>,
    /// End of a range of local times, with --from.
    #[arg(long, value_name = "HH:MM", requires = "from")]
    pub to: Option<String>,
}

#[derive(Debug, Args)]
pub struct StartArgs {
    /// books:<project>/<task>, people:<job>, projects:<project>/task|bug|general/<x>, or
    /// an alias. Without one, the entry stays on this machine until given a target.
    pub target: Option<String>,
    /// Which account, when several of the target's product are connected.
    #[arg(long, value_name = "NAME")]
    pub account: Option<String>,
    /// What the time was spent on (Books `notes`, People `description`, Projects `notes`).
    #[arg(long, value_name = "TEXT")]
    pub note: Option<String>,
    #[command(flatten)]
    pub billable: BillableArgs,
    /// Start earlier than now: HH:MM today or an RFC 3339 instant.
    #[arg(long, value_name = "TIME")]
    pub at: Option<String>,
}

#[derive(Debug, Args)]
pub struct LogArgs {
    /// A quick-log expression (several words are joined).
    pub expression: Vec<String>,
    /// books:<project>/<task>, people:<job>, projects:<project>/task|bug|general/<x>, or an alias.
    #[arg(long, value_name = "T")]
    pub target: Option<String>,
    /// Which account, when several of the target's product are connected.
    #[arg(long, value_name = "NAME")]
    pub account: Option<String>,
    #[command(flatten)]
    pub span: SpanArgs,
    /// What the time was spent on (Books `notes`, People `description`, Projects `notes`).
    #[arg(long, value_name = "TEXT")]
    pub note: Option<String>,
    #[command(flatten)]
    pub billable: BillableArgs,
}

#[derive(Debug, Args)]
pub struct EditArgs {
    /// The entry's id, or `running`.
    pub id: String,
    /// A new target, or `none` to make the entry local-only.
    #[arg(long, value_name = "T")]
    pub target: Option<String>,
    /// Which account, when several of the target's product are connected.
    #[arg(long, value_name = "NAME")]
    pub account: Option<String>,
    #[command(flatten)]
    pub span: SpanArgs,
    /// A new start: HH:MM today or an RFC 3339 instant.
    #[arg(long, value_name = "TIME")]
    pub start: Option<String>,
    /// What the time was spent on (Books `notes`, People `description`, Projects `notes`).
    #[arg(long, value_name = "TEXT")]
    pub note: Option<String>,
    #[command(flatten)]
    pub billable: BillableArgs,
}

#[derive(Debug, Args)]
pub struct RangeArgs {
    /// First date (default: today, or --to when only that is given).
    #[arg(long, value_name = "DATE")]
    pub from: Option<String>,
    /// Last date, included (default: today).
    #[arg(long, value_name = "DATE")]
    pub to: Option<String>,
}

#[derive(Debug, Clone, Copy, ValueEnum, Default)]
pub enum By {
    #[default]
    Day,
    Target,
}

#[derive(Debug, Args)]
pub struct ReportArgs {
    #[command(flatten)]
    pub range: RangeArgs,
    #[arg(long, value_enum, default_value_t = By::Day)]
    pub by: By,
    /// CSV on stdout (key,minutes,billable_minutes).
    #[arg(long, conflicts_with = "json")]
    pub csv: bool,
}

/// The four answers to the idle question.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum IdleChoice {
    Keep,
    Discard,
    Continue,
    Split,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Switch {
    On,
    Off,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ProductArg {
    Books,
    People,
    Projects,
}

/// How to sign in: one of a Self Client grant code, a refresh token, or the browser.
#[derive(Debug, Args)]
#[group(required = false, multiple = false)]
pub struct GrantArgs {
    /// A grant code generated for a Self Client in Zoho's API console.
    #[arg(long, value_name = "CODE")]
    pub grant_code: Option<String>,
    /// A refresh token you already have.
    #[arg(long, value_name = "TOKEN")]
    pub refresh_token: Option<String>,
    /// Sign in through the browser (the default for `login`).
    #[arg(long)]
    pub browser: bool,
}

#[derive(Debug, Subcommand)]
pub enum AccountCommand {
    /// Connect a Zoho Books, People or Projects account.
    #[command(after_help = "Examples:
  punch account add people --client-id 1000.ABC --client-secret xyz --grant-code 1000.f00 --user ana@example.com
  punch account add books --client-id 1000.ABC --client-secret xyz --browser --dc eu

Secrets go to the OS keyring (PUNCH_SECRET_STORE=file keeps them in $PUNCH_HOME/secrets.json).
See the README for creating the API client and choosing scopes.")]
    Add {
        #[arg(value_enum)]
        product: ProductArg,
        /// The client id from Zoho's API console.
        #[arg(long, value_name = "ID")]
        client_id: String,
        /// The client secret (`-` reads it from standard input, keeping it out of `ps`).
        #[arg(long, value_name = "SECRET")]
        client_secret: String,
        #[command(flatten)]
        grant: GrantArgs,
        /// Your Zoho data center (the domain you sign in at: zoho.com, zoho.eu, …).
        #[arg(long, value_name = "DC", default_value = "com",
              value_parser = ["com", "eu", "in", "com.au", "jp", "ca", "sa", "uk", "com.cn"])]
        dc: String,
        /// Books: the organization id (default: your default organization).
        #[arg(long, value_name = "ORG_ID")]
        org: Option<String>,
        /// Projects: the portal id or name (default: your only portal).
        #[arg(long, value_name = "PORTAL_ID")]
        portal: Option<String>,
        /// People: whose time is logged (email or employee id); Books: the user_id;
        /// Projects: your user id (found from your sign-in when not given).
        #[arg(long, value_name = "EMAIL_OR_ID")]
        user: Option<String>,
        /// What to call the account (default: the product's name).
        #[arg(long, value_name = "NAME")]
        name: Option<String>,
        /// `log`: a timer is sent as a log when it stops (default). `mirror`: Zoho's own
        /// timer runs while Punch's does (Books and People; for organizations that
        /// disable manual logs).
        #[arg(long, value_name = "MODE", default_value = "log", value_parser = ["log", "mirror"])]
        timer_mode: String,
    },
    /// List connected accounts.
    List,
    /// Sign in again, when an account needs login.
    Login {
        name: String,
        #[command(flatten)]
        grant: GrantArgs,
    },
    /// Remove an account: revokes its token at Zoho when reachable, always removes it here.
    Remove {
        name: String,
        /// Remove even though entries still wait to sync to it.
        #[arg(long)]
        force: bool,
    },
}
