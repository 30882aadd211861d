//! `cargo xtask`: the project's own tasks in Rust, so a fresh machine needs only the toolchain.

mod bench;
mod cmd;
mod desktop;
mod e2e;
mod screenshots;
mod system;
mod test;

use std::process::ExitCode;

const USAGE: &str = "usage: cargo xtask <task>

tasks:
  run          build Punch (release) and run `punch tray` in the foreground on your own
               store, with the window (punch-app) once the workspace has it
  test         install what the tests need, then check formatting, run clippy and every test
  e2e          only the window's end-to-end tests (WebDriver under Xvfb, against zoho-sim)
  bench        time punch against Timewarrior, the report query on 100,000 entries,
               sync passes against zoho-sim (calls to Zoho, pacing, wall time), and
               what `punch tray` costs beside KTimeTracker under Xvfb
  bench tray   only the tray's figures (about 3 minutes)
  bench window only the window's: launch to first paint, memory open and closed
  screenshots  pictures of the tray and its menu in Xfce's panel under Xvfb, in
               target/screenshots/ and docs/screenshots/
";

fn main() -> ExitCode {
    let task = std::env::args().nth(1);
    let outcome = match task.as_deref() {
        // `test` prints its own closing summary, whatever happens, because CI reads it.
        Some("test") => return test::run(),
        Some("run") => run(),
        Some("e2e") => e2e::run(),
        Some("bench") => bench::run(std::env::args().nth(2).as_deref()),
        Some("screenshots") => screenshots::run(std::env::args().nth(2).as_deref()),
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

/// `cargo xtask run`: Punch as the user runs it, on their own store (no Zoho account
/// needed): the window, once the workspace has it, and the tray in the foreground until
/// Quit or Ctrl-C.
fn run() -> Result<(), String> {
    let with_window = cmd::has_package("punch-app")?;
    if with_window {
        system::ensure_packages(system::WINDOW_BUILD_PACKAGES)?;
    }
    let mut build = cmd::cargo();
    build.args(["build", "--release", "--package", "punch-cli"]);
    if with_window {
        build.args(["--package", "punch-app"]);
    }
    cmd::run(&mut build)?;
    // The user's own environment on purpose: this is Punch as they use it, not a sandbox.
    if with_window {
        let app = cmd::release_binary("punch-app");
        // The tray below is this task's own: the window is not to start a second one
        // (it would, racing the tray for the store, when it comes up first).
        std::process::Command::new(&app)
            .env("PUNCH_APP_NO_TRAY", "1")
            .spawn()
            .map_err(|e| format!("can't start {}: {e}", app.display()))?;
    }
    let punch = cmd::release_binary("punch");
    println!("xtask: running `punch tray` (Quit in its menu, or Ctrl-C, ends it)");
    cmd::run(std::process::Command::new(&punch).arg("tray"))
}
