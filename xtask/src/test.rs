//! `cargo xtask test`: every check in one command, sealed off from the user's real home directory.

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::Instant;

use crate::{cmd, system};

/// The variables that decide where Punch (and anything XDG-aware) keeps files.
const SANDBOXED: &[(&str, &str)] = &[
    ("PUNCH_HOME", "punch-home"),
    ("XDG_DATA_HOME", "data"),
    ("XDG_CONFIG_HOME", "config"),
    ("XDG_CACHE_HOME", "cache"),
    ("XDG_STATE_HOME", "state"),
    ("XDG_RUNTIME_DIR", "runtime"),
];

/// Settings a developer's shell may carry that would point tests at a real Zoho or a
/// real keyring, or add diagnostics to the stderr that tests read; tests that want them
/// set them themselves.
const CLEARED: &[&str] = &["PUNCH_ZOHO_ENDPOINT", "PUNCH_SECRET_STORE", "PUNCH_LOG"];

struct Step {
    name: &'static str,
    command: Command,
}

pub fn run() -> ExitCode {
    let started = Instant::now();
    match run_steps() {
        Ok(names) => {
            println!(
                "xtask test: PASSED ({}) in {}",
                names.join(", "),
                elapsed(started)
            );
            // The run's totals, last and alone on their line, for whoever reads the end.
            if let Some(totals) = junit_totals() {
                println!("{totals}");
            }
            ExitCode::SUCCESS
        }
        Err(message) => {
            println!("xtask test: FAILED {message} after {}", elapsed(started));
            ExitCode::FAILURE
        }
    }
}

fn run_steps() -> Result<Vec<&'static str>, String> {
    system::ensure_rust_components().map_err(|e| format!("while installing: {e}"))?;
    system::ensure_packages(system::TEST_PACKAGES).map_err(|e| format!("while installing: {e}"))?;
    system::ensure_packages(system::WINDOW_BUILD_PACKAGES)
        .map_err(|e| format!("while installing: {e}"))?;
    // Kept until the tests are done; dropping it removes every file the tests wrote.
    let sandbox = tempfile::Builder::new()
        .prefix("punch-test-")
        .tempdir()
        .map_err(|e| format!("while making the test sandbox: {e}"))?;
    let mut names = Vec::new();
    for mut step in steps(sandbox.path())? {
        println!("xtask: {}", cmd::describe(&step.command));
        cmd::run(&mut step.command).map_err(|e| format!("at {}: {e}", step.name))?;
        names.push(step.name);
    }
    Ok(names)
}

fn steps(sandbox: &Path) -> Result<Vec<Step>, String> {
    let env = sandbox_env(sandbox)?;
    let step = |name, args: &[&str], sealed: bool| {
        let mut command = cmd::cargo();
        command.args(args);
        if sealed {
            command.envs(env.iter().map(|(k, v)| (k, v)));
            for var in CLEARED {
                command.env_remove(var);
            }
        }
        Step { name, command }
    };
    let mut steps = vec![
        step("fmt", &["fmt", "--all", "--", "--check"], false),
        step(
            "clippy",
            &[
                "clippy",
                "--workspace",
                "--all-targets",
                "--",
                "-D",
                "warnings",
            ],
            false,
        ),
    ];
    if cmd::succeeds(cmd::cargo().args(["nextest", "--version"])) {
        // nextest runs each test in its own process, in parallel, but it does not run
        // doctests, so those get a cargo test run of their own.
        steps.push(step("doctests", &["test", "--workspace", "--doc"], true));
        steps.push(step("nextest", &["nextest", "run", "--workspace"], true));
        steps.push(keyring_step(&env));
    } else {
        steps.push(step("cargo test", &["test", "--workspace"], true));
        steps.push(keyring_step(&env));
    }
    // Last: the slowest, and it needs the window built.
    let mut e2e = crate::e2e::command();
    e2e.envs(env.iter().map(|(k, v)| (k, v)));
    for var in CLEARED {
        e2e.env_remove(var);
    }
    steps.push(Step {
        name: "e2e",
        command: e2e,
    });
    Ok(steps)
}

/// The keyring round trip against a real Secret Service: a private session bus with
/// gnome-keyring started and unlocked in it, so no user's keyring is ever touched.
fn keyring_step(env: &[(&'static str, PathBuf)]) -> Step {
    let script = "echo -n punch-test | gnome-keyring-daemon --unlock --components=secrets >/dev/null \
                  && exec cargo test --quiet -p punch-core --test keyring -- --ignored";
    let mut command = Command::new("dbus-run-session");
    command.args(["--", "sh", "-c", script]);
    command.envs(env.iter().map(|(k, v)| (k, v)));
    for var in CLEARED {
        command.env_remove(var);
    }
    Step {
        name: "keyring",
        command,
    }
}

/// A fresh directory per variable, inside `sandbox`.
fn sandbox_env(sandbox: &Path) -> Result<Vec<(&'static str, PathBuf)>, String> {
    let mut env = Vec::new();
    for &(var, dir) in SANDBOXED {
        let path = sandbox.join(dir);
        std::fs::create_dir_all(&path)
            .map_err(|e| format!("can't create {}: {e}", path.display()))?;
        if var == "XDG_RUNTIME_DIR" {
            // XDG says the runtime dir is the user's alone; socket code may check.
            restrict(&path)?;
        }
        env.push((var, path));
    }
    Ok(env)
}

fn restrict(dir: &Path) -> Result<(), String> {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700))
        .map_err(|e| format!("can't make {} private: {e}", dir.display()))
}

/// `tests: N passed, N failed, N skipped` from nextest's JUnit report, if it wrote one.
fn junit_totals() -> Option<String> {
    let report = Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/nextest/default/junit.xml");
    let xml = std::fs::read_to_string(report).ok()?;
    totals_of(&xml)
}

/// Read the `tests`, `failures`, `errors` and `skipped` counts of the first
/// `<testsuites>` element.
fn totals_of(xml: &str) -> Option<String> {
    let start = xml.find("<testsuites")?;
    let tag = &xml[start..start + xml[start..].find('>')?];
    let count = |name: &str| -> u64 {
        tag.split_whitespace()
            .find_map(|attr| attr.strip_prefix(&format!("{name}=\"")))
            .and_then(|v| v.trim_end_matches('"').parse().ok())
            .unwrap_or(0)
    };
    let failed = count("failures") + count("errors");
    let skipped = count("skipped");
    let passed = count("tests").saturating_sub(failed + skipped);
    Some(format!(
        "tests: {passed} passed, {failed} failed, {skipped} skipped"
    ))
}

fn elapsed(since: Instant) -> String {
    let secs = since.elapsed().as_secs();
    if secs >= 60 {
        format!("{}m{:02}s", secs / 60, secs % 60)
    } else {
        format!("{secs}s")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_test_run_gets_every_sandboxed_variable() {
        let sandbox = tempfile::tempdir().unwrap();
        let steps = steps(sandbox.path()).unwrap();
        let runners: Vec<_> = steps
            .iter()
            .filter(|s| s.name != "fmt" && s.name != "clippy")
            .collect();
        assert!(!runners.is_empty());
        for step in runners {
            let envs: Vec<_> = step.command.get_envs().collect();
            for (var, _) in SANDBOXED {
                let value = envs
                    .iter()
                    .find(|(k, _)| k == var)
                    .and_then(|(_, v)| *v)
                    .unwrap_or_else(|| panic!("{} lacks {var}", step.name));
                assert!(Path::new(value).starts_with(sandbox.path()));
            }
            for var in CLEARED {
                assert!(envs.contains(&(std::ffi::OsStr::new(var), None)));
            }
        }
    }

    #[test]
    fn totals_come_from_the_junit_report() {
        let xml = r#"<?xml version="1.0"?><testsuites name="nextest-run" tests="12" failures="1" errors="0" uncaught-errors="0" skipped="2" time="3.1"><testsuite/></testsuites>"#;
        assert_eq!(
            totals_of(xml).unwrap(),
            "tests: 9 passed, 1 failed, 2 skipped"
        );
        assert_eq!(totals_of("no report"), None);
    }

    #[test]
    fn the_runtime_dir_is_private() {
        use std::os::unix::fs::PermissionsExt;
        let sandbox = tempfile::tempdir().unwrap();
        let env = sandbox_env(sandbox.path()).unwrap();
        let (_, runtime) = env.iter().find(|(v, _)| *v == "XDG_RUNTIME_DIR").unwrap();
        let mode = std::fs::metadata(runtime).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o700);
    }
}
