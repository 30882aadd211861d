//! Running other programs, so that every failure names the exact command to run again by hand.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// The workspace root, wherever cargo was started from.
pub fn root() -> PathBuf {
    let manifest_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest_dir.parent().unwrap_or(manifest_dir).to_path_buf()
}

/// The cargo that started us (rustup's proxy sets `CARGO`), so nested builds use the same
/// toolchain; plain `cargo` otherwise.
pub fn cargo() -> Command {
    let program = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let mut command = Command::new(program);
    command.current_dir(root());
    command
}

/// Where cargo puts its output, honouring `CARGO_TARGET_DIR`.
pub fn target_dir() -> PathBuf {
    match std::env::var_os("CARGO_TARGET_DIR").filter(|d| !d.is_empty()) {
        Some(dir) => root().join(dir),
        None => root().join("target"),
    }
}

pub fn release_binary(name: &str) -> PathBuf {
    target_dir().join("release").join(name)
}

/// Whether the workspace has a package called `name` (the window, say, which arrives
/// later than the CLI).
pub fn has_package(name: &str) -> Result<bool, String> {
    let text = stdout_of(cargo().args(["metadata", "--no-deps", "--format-version", "1"]))?;
    let metadata: serde_json::Value =
        serde_json::from_str(&text).map_err(|e| format!("cargo metadata is not JSON: {e}"))?;
    Ok(metadata["packages"]
        .as_array()
        .is_some_and(|packages| packages.iter().any(|p| p["name"] == name)))
}

/// The command as someone would type it, for messages.
pub fn describe(command: &Command) -> String {
    let mut words = vec![shown(command.get_program())];
    words.extend(command.get_args().map(shown));
    if let Some(first) = words.first_mut()
        && let Some(name) = Path::new(first.as_str()).file_name()
    {
        // `/root/.cargo/bin/cargo` reads better as `cargo`.
        *first = name.to_string_lossy().into_owned();
    }
    words.join(" ")
}

fn shown(word: &std::ffi::OsStr) -> String {
    let word = word.to_string_lossy();
    if word.is_empty() || word.contains([' ', '"', '\'', '$', '<', '>']) {
        format!("'{}'", word.replace('\'', r"'\''"))
    } else {
        word.into_owned()
    }
}

/// Run with the terminal attached, so the tool's own output stays visible; fail with the
/// command line and its exit status.
pub fn run(command: &mut Command) -> Result<(), String> {
    let line = describe(command);
    let status = command
        .status()
        .map_err(|e| format!("can't start `{line}`: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("`{line}` failed ({status})"))
    }
}

/// Does the command exist and succeed? Its output is not wanted.
pub fn succeeds(command: &mut Command) -> bool {
    command
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// The command's stdout, when it succeeds.
pub fn stdout_of(command: &mut Command) -> Result<String, String> {
    let line = describe(command);
    let output = command
        .stdin(Stdio::null())
        .output()
        .map_err(|e| format!("can't start `{line}`: {e}"))?;
    if output.status.success() {
        Ok(String::from_utf8_lossy(&output.stdout).into_owned())
    } else {
        Err(format!(
            "`{line}` failed ({}): {}",
            output.status,
            String::from_utf8_lossy(&output.stderr).trim()
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn described_commands_can_be_pasted_into_a_shell() {
        let mut command = Command::new("/usr/bin/punch");
        command.args(["log", "30m", "a note", ""]);
        assert_eq!(describe(&command), "punch log 30m 'a note' ''");
    }

    #[test]
    fn the_workspace_knows_its_own_packages() {
        assert_eq!(has_package("punch-cli"), Ok(true));
        assert_eq!(has_package("punch-no-such-package"), Ok(false));
    }

    #[test]
    fn the_root_holds_the_workspace_manifest() {
        assert!(root().join("Cargo.toml").is_file());
        assert!(root().join("xtask").is_dir());
    }
}
