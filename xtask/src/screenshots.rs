//! `cargo xtask screenshots`: pictures of Punch as a person sees it, taken on a real
//! desktop under Xvfb with Debian's own panel, so the README shows what really runs
//! rather than a mock-up. Each section (the tray today, the window later) takes its
//! pictures into `target/screenshots/` and names the ones worth publishing, which are
//! copied to `docs/screenshots/`.

mod capture;
mod panel;
mod seed;
mod tray;
mod window;

use std::path::{Path, PathBuf};

use crate::{cmd, system};

/// One part of Punch to picture (the tray, the window), each with its own function of
/// this shape.
type Section = fn(&Shots) -> Result<Vec<Shot>, String>;

const SECTIONS: &[(&str, Section)] = &[("tray", tray::take), ("window", window::take)];

/// Pictures bigger than this are kept out of docs/, which is committed.
const PUBLISH_LIMIT_BYTES: u64 = 300 * 1024;

/// Where a section works and puts its pictures.
#[derive(Debug)]
pub struct Shots {
    /// A fresh folder for the section's desktop and store.
    pub work: PathBuf,
    /// `target/screenshots/`.
    pub out: PathBuf,
    pub punch: PathBuf,
}

/// A picture a section took.
#[derive(Debug)]
pub struct Shot {
    pub path: PathBuf,
    /// Copied to docs/screenshots/ as well.
    pub publish: bool,
}

pub fn run(only: Option<&str>) -> Result<(), String> {
    if let Some(name) = only.filter(|n| !SECTIONS.iter().any(|(s, _)| s == n)) {
        return Err(format!("no screenshot section `{name}`"));
    }
    system::ensure_packages(system::SCREENSHOT_PACKAGES)?;
    cmd::run(cmd::cargo().args(["build", "--release", "--package", "punch-cli"]))?;
    let out = cmd::target_dir().join("screenshots");
    let docs = cmd::root().join("docs").join("screenshots");
    for dir in [&out, &docs] {
        std::fs::create_dir_all(dir).map_err(|e| format!("can't create {}: {e}", dir.display()))?;
    }
    let mut taken = Vec::new();
    for (name, take) in SECTIONS
        .iter()
        .filter(|(n, _)| only.is_none_or(|o| o == *n))
    {
        eprintln!("xtask screenshots: {name}…");
        let work = tempfile::Builder::new()
            .prefix(&format!("{name}-"))
            .tempdir_in(&out)
            .map_err(|e| format!("can't make a directory in {}: {e}", out.display()))?;
        let shots = Shots {
            work: work.path().to_path_buf(),
            out: out.clone(),
            punch: cmd::release_binary("punch"),
        };
        match take(&shots) {
            Ok(shots) => taken.extend(shots),
            Err(e) => {
                // The desktop's logs (panel, tray, X server) say what went wrong.
                let kept = work.keep();
                return Err(format!(
                    "{e}\n(the section's desktop and logs are kept in {})",
                    kept.display()
                ));
            }
        }
    }
    for shot in &taken {
        let published = if shot.publish {
            publish(&shot.path, &docs)?
        } else {
            None
        };
        match published {
            Some(copy) => println!("{} (and {})", shot.path.display(), copy.display()),
            None => println!("{}", shot.path.display()),
        }
    }
    println!(
        "xtask screenshots: {} pictures; look at them before committing docs/screenshots/",
        taken.len()
    );
    Ok(())
}

fn publish(picture: &Path, docs: &Path) -> Result<Option<PathBuf>, String> {
    let size = std::fs::metadata(picture)
        .map_err(|e| format!("can't read {}: {e}", picture.display()))?
        .len();
    if size > PUBLISH_LIMIT_BYTES {
        eprintln!(
            "xtask screenshots: {} is {} KiB, too big for docs/; kept in target/ only",
            picture.display(),
            size / 1024
        );
        return Ok(None);
    }
    let Some(name) = picture.file_name() else {
        return Ok(None);
    };
    let copy = docs.join(name);
    std::fs::copy(picture, &copy).map_err(|e| {
        format!(
            "can't copy {} to {}: {e}",
            picture.display(),
            copy.display()
        )
    })?;
    Ok(Some(copy))
}
