//! Seeing and touching the desktop as a person would: where a window is, a mouse move
//! or click (`xdotool`), and a picture of part of the screen (`xwd` through
//! ImageMagick's `convert`).

use std::path::Path;
use std::process::{Command, Stdio};

use crate::cmd;
use crate::desktop::Desktop;

/// A rectangle on the screen, in pixels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Area {
    pub x: i32,
    pub y: i32,
    pub width: i32,
    pub height: i32,
}

impl Area {
    pub fn center(&self) -> (i32, i32) {
        (self.x + self.width / 2, self.y + self.height / 2)
    }

    /// The smallest area holding both, grown by `margin` on every side and kept
    /// on a screen of `screen` (width, height).
    pub fn union(&self, other: &Area, margin: i32, screen: (i32, i32)) -> Area {
        let left = (self.x.min(other.x) - margin).max(0);
        let top = (self.y.min(other.y) - margin).max(0);
        let right = ((self.x + self.width).max(other.x + other.width) + margin).min(screen.0);
        let bottom = ((self.y + self.height).max(other.y + other.height) + margin).min(screen.1);
        Area {
            x: left,
            y: top,
            width: right - left,
            height: bottom - top,
        }
    }
}

/// The visible windows of `class` (X11's class or instance name), with where they are.
pub fn windows(desktop: &Desktop, class: &str) -> Result<Vec<Area>, String> {
    let ids = cmd::stdout_of(desktop.command("xdotool").args([
        "search",
        "--onlyvisible",
        "--classname",
        class,
    ]))
    // xdotool fails when nothing matches.
    .unwrap_or_default();
    let mut found = Vec::new();
    for id in ids.split_whitespace() {
        let shell =
            cmd::stdout_of(
                desktop
                    .command("xdotool")
                    .args(["getwindowgeometry", "--shell", id]),
            )?;
        if let Some(area) = parse_geometry(&shell) {
            found.push(area);
        }
    }
    Ok(found)
}

/// `xdotool getwindowgeometry --shell`'s `X=…`, `Y=…`, `WIDTH=…`, `HEIGHT=…` lines.
fn parse_geometry(shell: &str) -> Option<Area> {
    let value = |key: &str| {
        shell
            .lines()
            .find_map(|l| l.strip_prefix(key)?.strip_prefix('='))?
            .trim()
            .parse()
            .ok()
    };
    Some(Area {
        x: value("X")?,
        y: value("Y")?,
        width: value("WIDTH")?,
        height: value("HEIGHT")?,
    })
}

pub fn move_to(desktop: &Desktop, (x, y): (i32, i32)) -> Result<(), String> {
    let (x, y) = (x.to_string(), y.to_string());
    cmd::stdout_of(
        desktop
            .command("xdotool")
            .args(["mousemove", "--sync", &x, &y]),
    )
    .map(drop)
}

/// Clicks `button` (1 left, 3 right) where the pointer is.
pub fn click(desktop: &Desktop, button: u8) -> Result<(), String> {
    cmd::stdout_of(
        desktop
            .command("xdotool")
            .args(["click", &button.to_string()]),
    )
    .map(drop)
}

/// Saves `area` of the screen as a PNG at `path`, trying again if a window changed
/// while xwd read the screen (a panel redrawing its tray).
pub fn save(desktop: &Desktop, area: Area, path: &Path) -> Result<(), String> {
    let mut tries = 0;
    loop {
        tries += 1;
        match save_once(desktop, area, path) {
            Err(e) if tries < 3 => {
                eprintln!("xtask screenshots: trying again: {e}");
                std::thread::sleep(std::time::Duration::from_millis(300));
            }
            done => return done,
        }
    }
}

fn save_once(desktop: &Desktop, area: Area, path: &Path) -> Result<(), String> {
    let mut xwd = desktop
        .command("xwd")
        // `-screen`: one read of the root window as shown, rather than a read of each
        // window on its own, which fails on the panel's 32-bit tray windows.
        .args(["-root", "-silent", "-screen"])
        .stdout(Stdio::piped())
        .spawn()
        .map_err(|e| format!("can't start xwd (Debian: x11-apps): {e}"))?;
    let crop = format!("{}x{}+{}+{}", area.width, area.height, area.x, area.y);
    // Debian's ImageMagick, by full path: a `convert` earlier on PATH may be another.
    let mut convert = Command::new("/usr/bin/convert");
    convert
        .arg("xwd:-")
        .args(["-crop", &crop, "+repage", "-strip"])
        .arg(format!("png:{}", path.display()))
        .stdin(xwd.stdout.take().ok_or("xwd gave no output")?);
    // Not `cmd::stdout_of`, which would give convert an empty stdin instead of xwd's.
    let output = convert
        .output()
        .map_err(|e| format!("can't start ImageMagick's convert (Debian: imagemagick): {e}"))?;
    let _ = xwd.wait();
    if output.status.success() {
        Ok(())
    } else {
        Err(format!(
            "`{}` failed ({}): {}",
            cmd::describe(&convert),
            output.status,
            String::from_utf8_lossy(&output.stderr).trim()
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn geometry_is_read_from_xdotool_shell_output() {
        let shell = "WINDOW=4194307\nX=1243\nY=0\nWIDTH=16\nHEIGHT=28\nSCREEN=0\n";
        let area = parse_geometry(shell).unwrap();
        assert_eq!(
            area,
            Area {
                x: 1243,
                y: 0,
                width: 16,
                height: 28
            }
        );
        assert_eq!(area.center(), (1251, 14));
        assert_eq!(parse_geometry("X=1\n"), None);
    }

    #[test]
    fn a_union_keeps_to_the_screen() {
        let icon = Area {
            x: 1243,
            y: 0,
            width: 16,
            height: 28,
        };
        let menu = Area {
            x: 1050,
            y: 28,
            width: 220,
            height: 300,
        };
        let both = icon.union(&menu, 20, (1280, 800));
        assert_eq!(
            both,
            Area {
                x: 1030,
                y: 0,
                width: 250,
                height: 348
            }
        );
    }
}
