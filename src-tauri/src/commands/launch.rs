//! The first paint: the UI says when it first drew the store's data, and the window
//! prints how long that took since the process started, so the bench reads an exact
//! launch-to-first-paint instead of guessing it off the screen.

use std::io::Write;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Instant;

use crate::error::{CommandError, CommandResult};

/// When the process started (`main` records it first thing) and whether the first paint
/// was already told.
#[derive(Debug)]
pub struct Launch {
    started: Instant,
    painted: AtomicBool,
}

impl Launch {
    pub fn new(started: Instant) -> Launch {
        Launch {
            started,
            painted: AtomicBool::new(false),
        }
    }
}

/// Writes `punch-app: first paint <ms>` to `out` for the first paint at `now` and gives
/// the milliseconds back. Only the first one counts: a page drawn again later (a window
/// made anew while the process stays) is not a launch, so it says nothing.
pub fn first_paint(
    launch: &Launch,
    now: Instant,
    out: &mut impl Write,
) -> CommandResult<Option<u128>> {
    if launch.painted.swap(true, Ordering::SeqCst) {
        return Ok(None);
    }
    let ms = now.saturating_duration_since(launch.started).as_millis();
    writeln!(out, "punch-app: first paint {ms}")
        .and_then(|()| out.flush())
        .map_err(|e| CommandError::new("io", e.to_string()))?;
    Ok(Some(ms))
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    #[test]
    fn the_first_paint_is_told_once_in_milliseconds_since_the_start() {
        let started = Instant::now();
        let launch = Launch::new(started);
        let mut out = Vec::new();
        let ms = first_paint(&launch, started + Duration::from_millis(412), &mut out).unwrap();
        assert_eq!(ms, Some(412));
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "punch-app: first paint 412\n"
        );

        let mut again = Vec::new();
        let later = first_paint(&launch, started + Duration::from_secs(9), &mut again).unwrap();
        assert_eq!(later, None);
        assert!(again.is_empty(), "a second paint is no launch");
    }

    #[test]
    fn a_clock_read_before_the_start_counts_as_zero() {
        let started = Instant::now() + Duration::from_secs(1);
        let mut out = Vec::new();
        let ms = first_paint(&Launch::new(started), Instant::now(), &mut out).unwrap();
        assert_eq!(ms, Some(0));
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "punch-app: first paint 0\n"
        );
    }
}
