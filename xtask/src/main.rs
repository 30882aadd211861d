//! `cargo xtask`: the project's own tasks in Rust, so a fresh machine needs only the toolchain.

mod bench;
mod cmd;
mod desktop;
mod system;
mod test;

use std::process::ExitCode;

const USAGE: &str = "usage: cargo xtask <task>

tasks:
  run     build the CLI (release) and show `punch status` on your own store
  test    install what the tests need, then check formatting, run clippy and every test
  bench   time punch against Timewarrior, the report query on 100,000 entries,
          and sync passes against zoho-sim (calls to Zoho, pacing, wall time)
";

fn main() -> ExitCode {
    let task = std::env::args().nth(1);
    let outcome = match task.as_deref() {
        // `test` prints its own closing summary, whatever happens, because CI reads it.
        Some("test") => return test::run(),
        Some("run") => run(),
        Some("bench") => bench::run(std::env::args().nth(2).as_deref()),
        Some("help" | "-h" | "--help") => {
            print!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Some(other) => {
            eprint!("xtask: no task named `{other}`\n\n{USAGE}");
            return ExitCode::from(2);
        }
        None => {
            eprint!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("xtask: {message}");
            ExitCode::FAILURE
        }
    }
}

/// `cargo xtask run`. Today Punch's only face is the CLI, so this shows the user's real
/// timer; once the tray and the window exist, this is where the desktop app starts.
fn run() -> Result<(), String> {
    cmd::run(cmd::cargo().args(["build", "--release", "--package", "punch-cli"]))?;
    let punch = cmd::release_binary("punch");
    // The user's own environment on purpose: this is Punch as they use it, not a sandbox.
    let status = std::process::Command::new(&punch)
        .arg("status")
        .status()
        .map_err(|e| format!("can't start {}: {e}", punch.display()))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("`punch status` failed ({status})"))
    }
}
