//! The X server: Xvfb on the first free display, which it picks itself, so two tasks
//! (or a developer's own Xvfb) never collide on a number.

use std::fs::File;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};

#[derive(Debug)]
pub struct Display {
    server: Child,
    name: String,
}

impl Display {
    pub fn start(width: u32, height: u32, log_path: &Path) -> Result<Display, String> {
        let log = File::create(log_path)
            .map_err(|e| format!("can't create {}: {e}", log_path.display()))?;
        // `-displayfd 1`: Xvfb chooses a free display and writes its number on stdout
        // once it accepts clients, so reading it is also waiting for it.
        let mut server = Command::new("Xvfb")
            .args(["-displayfd", "1", "-nolisten", "tcp", "-screen", "0"])
            .arg(format!("{width}x{height}x24"))
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(log)
            .spawn()
            .map_err(|e| format!("can't start Xvfb (Debian: xvfb): {e}"))?;
        let mut number = String::new();
        let read = server
            .stdout
            .take()
            .map(|out| BufReader::new(out).read_line(&mut number));
        let number = number.trim();
        if !matches!(read, Some(Ok(n)) if n > 0) || number.parse::<u32>().is_err() {
            let _ = server.kill();
            let _ = server.wait();
            return Err(format!(
                "Xvfb did not start: {}",
                std::fs::read_to_string(log_path).unwrap_or_default().trim()
            ));
        }
        Ok(Display {
            name: format!(":{number}"),
            server,
        })
    }

    /// `:N`, for `DISPLAY`.
    pub fn name(&self) -> &str {
        &self.name
    }
}

impl Drop for Display {
    fn drop(&mut self) {
        let _ = self.server.kill();
        let _ = self.server.wait();
    }
}
