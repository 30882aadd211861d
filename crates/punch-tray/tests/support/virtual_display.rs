//! An X server of the test's own (Xvfb, on a display number it picks itself), and
//! `xdotool` to type on it, so hotkey tests never touch the user's display.

#![allow(dead_code)] // each test binary uses its own part of this

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

#[derive(Debug)]
pub struct VirtualDisplay {
    server: Child,
    name: String,
}

impl VirtualDisplay {
    pub fn start() -> Self {
        // `-displayfd 1`: Xvfb takes the first free display number and prints it once
        // it accepts connections, so there is neither a race for a number nor a wait.
        let mut server = Command::new("Xvfb")
            .args([
                "-displayfd",
                "1",
                "-nolisten",
                "tcp",
                "-screen",
                "0",
                "320x240x24",
            ])
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("Xvfb can't start ({e}): install Debian's `xvfb`"));
        let mut number = String::new();
        BufReader::new(server.stdout.take().expect("piped stdout"))
            .read_line(&mut number)
            .expect("Xvfb prints its display number");
        let number = number.trim();
        assert!(!number.is_empty(), "Xvfb exited without a display number");
        VirtualDisplay {
            name: format!(":{number}"),
            server,
        }
    }

    /// `:N`, as `DISPLAY` takes it.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Presses keys on this display, e.g. `ctrl+alt+F9`, as a person would.
    pub fn press(&self, keys: &str) {
        let status = Command::new("xdotool")
            .args(["key", keys])
            .env("DISPLAY", &self.name)
            .status()
            .unwrap_or_else(|e| panic!("xdotool can't run ({e}): install Debian's `xdotool`"));
        assert!(status.success(), "xdotool key {keys} failed: {status}");
    }
}

impl VirtualDisplay {
    /// Switches the keyboard to another layout, e.g. `de`, as a user's settings would.
    pub fn set_layout(&self, layout: &str) {
        let status = Command::new("setxkbmap")
            .args(["-display", &self.name, layout])
            .status()
            .unwrap_or_else(|e| {
                panic!("setxkbmap can't run ({e}): install Debian's `x11-xkb-utils`")
            });
        assert!(status.success(), "setxkbmap {layout} failed: {status}");
    }
}

impl Drop for VirtualDisplay {
    fn drop(&mut self) {
        let _ = self.server.kill();
        let _ = self.server.wait();
    }
}
