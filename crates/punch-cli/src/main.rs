//! `punch`: the scriptable face of Punch. Commands that touch only the store run
//! synchronously and start nothing else: they run hundreds of times a day.

mod args;
mod commands;
mod render;

use std::io::Write;
use std::process::ExitCode;

use clap::Parser;

use args::Cli;

fn print(text: &str) {
    let mut stdout = std::io::stdout().lock();
    let _ = stdout.write_all(text.as_bytes());
    let _ = stdout.flush();
}

/// Report a failure as CLI.md says: `error: …` on stderr, and with `--json` the
/// `{"error": {code, message}}` document on stdout.
fn fail(json: bool, code: &str, message: &str, exit: u8) -> ExitCode {
    if json {
        let doc = serde_json::json!({ "error": { "code": code, "message": message } });
        println!("{doc}");
    }
    let _ = writeln!(std::io::stderr(), "error: {message}");
    ExitCode::from(exit)
}

/// `PUNCH_LOG=debug` (or any tracing filter) writes diagnostics to stderr. Off unless
/// asked for, so everyday commands pay nothing for it; secrets never reach it.
fn init_logging() {
    if let Some(filter) = std::env::var("PUNCH_LOG").ok().filter(|f| !f.is_empty()) {
        let _ = tracing_subscriber::fmt()
            .with_env_filter(tracing_subscriber::EnvFilter::new(filter))
            .with_writer(std::io::stderr)
            .try_init();
    }
}

fn main() -> ExitCode {
    init_logging();
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) if !err.use_stderr() => {
            // --help and --version are not failures.
            let _ = err.print();
            return ExitCode::SUCCESS;
        }
        Err(err) => {
            let json = std::env::args().any(|a| a == "--json");
            let text = err.render().to_string();
            let message = text
                .lines()
                .next()
                .unwrap_or_default()
                .trim_start_matches("error: ");
            if json {
                return fail(true, "invalid_input", message, 2);
            }
            let _ = err.print();
            return ExitCode::from(2);
        }
    };
    let now = chrono::Utc::now();
    let outcome = punch_core::paths::punch_home()
        .map_err(commands::Failed::from)
        .and_then(|home| commands::run(&cli, &home, now));
    match outcome {
        Ok(output) => {
            print(&output);
            ExitCode::SUCCESS
        }
        Err(failed) => {
            let code = failed.code.as_deref().unwrap_or(failed.error.code());
            let exit = failed.error.exit_code() as u8;
            match &failed.stdout {
                // The command's own document (with its "error" key) stands in for the
                // generic error document.
                Some(stdout) => {
                    print(stdout);
                    fail(false, code, &failed.error.to_string(), exit)
                }
                None => fail(cli.json, code, &failed.error.to_string(), exit),
            }
        }
    }
}
