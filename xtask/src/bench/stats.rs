//! Timing commands from spawn to exit (what a person waits for) and summarising the samples.

use std::process::{Command, Stdio};
use std::time::Instant;

use serde_json::{Value, json};

use crate::cmd;

/// One measured thing: its samples in milliseconds, in the order they were taken.
#[derive(Debug, Clone, Default)]
pub struct Series {
    pub samples_ms: Vec<f64>,
}

impl Series {
    fn sorted(&self) -> Vec<f64> {
        let mut sorted = self.samples_ms.clone();
        sorted.sort_by(f64::total_cmp);
        sorted
    }

    pub fn runs(&self) -> usize {
        self.samples_ms.len()
    }

    pub fn median(&self) -> f64 {
        let sorted = self.sorted();
        match sorted.len() {
            0 => f64::NAN,
            n if n % 2 == 1 => sorted[n / 2],
            n => (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0,
        }
    }

    /// Nearest rank: the smallest sample that at least 95% of the samples don't exceed.
    pub fn p95(&self) -> f64 {
        let sorted = self.sorted();
        if sorted.is_empty() {
            return f64::NAN;
        }
        let rank = (0.95 * sorted.len() as f64).ceil() as usize;
        sorted[rank.clamp(1, sorted.len()) - 1]
    }

    pub fn to_json(&self) -> Value {
        let sorted = self.sorted();
        let mean = sorted.iter().sum::<f64>() / sorted.len().max(1) as f64;
        json!({
            "runs": self.runs(),
            "median_ms": round3(self.median()),
            "p95_ms": round3(self.p95()),
            "mean_ms": round3(mean),
            "min_ms": sorted.first().copied().map(round3),
            "max_ms": sorted.last().copied().map(round3),
            "samples_ms": self.samples_ms.iter().copied().map(round3).collect::<Vec<_>>(),
        })
    }
}

/// Microsecond precision is all a process timing can honestly claim.
pub fn round3(ms: f64) -> f64 {
    (ms * 1000.0).round() / 1000.0
}

/// Builds the command for run number `i` (warm-up runs included).
pub type Maker<'a> = Box<dyn FnMut(usize) -> Command + 'a>;

/// Run every maker once per round, in turn, for `warmup + runs` rounds, and keep the
/// last `runs` timings of each. Taking turns spreads any noise on the machine evenly
/// over the commands being compared, and lets a stop always follow its start.
pub fn interleaved(
    warmup: usize,
    runs: usize,
    makers: &mut [Maker<'_>],
) -> Result<Vec<Series>, String> {
    let mut series = vec![Series::default(); makers.len()];
    for round in 0..warmup + runs {
        for (make, out) in makers.iter_mut().zip(&mut series) {
            let ms = time_process(&mut make(round))?;
            if round >= warmup {
                out.samples_ms.push(ms);
            }
        }
    }
    Ok(series)
}

/// Spawn to exit. Output is piped, not shown, and read in full, as a script would.
pub fn time_process(command: &mut Command) -> Result<f64, String> {
    command
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let started = Instant::now();
    let output = command.output();
    let ms = started.elapsed().as_secs_f64() * 1000.0;
    let output = output.map_err(|e| format!("can't start `{}`: {e}", cmd::describe(command)))?;
    if !output.status.success() {
        return Err(format!(
            "`{}` failed ({}): {}{}",
            cmd::describe(command),
            output.status,
            String::from_utf8_lossy(&output.stderr).trim(),
            String::from_utf8_lossy(&output.stdout).trim()
        ));
    }
    Ok(ms)
}

/// The same, for code in this process.
pub fn in_process(
    warmup: usize,
    runs: usize,
    mut f: impl FnMut() -> Result<(), String>,
) -> Result<Series, String> {
    let mut series = Series::default();
    for round in 0..warmup + runs {
        let started = Instant::now();
        f()?;
        let ms = started.elapsed().as_secs_f64() * 1000.0;
        if round >= warmup {
            series.samples_ms.push(ms);
        }
    }
    Ok(series)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn series(samples: &[f64]) -> Series {
        Series {
            samples_ms: samples.to_vec(),
        }
    }

    #[test]
    fn median_and_p95_of_known_samples() {
        let odd = series(&[5.0, 1.0, 3.0]);
        assert_eq!(odd.median(), 3.0);
        let even = series(&[4.0, 1.0, 3.0, 2.0]);
        assert_eq!(even.median(), 2.5);
        let hundred: Vec<f64> = (1..=100).rev().map(f64::from).collect();
        assert_eq!(series(&hundred).p95(), 95.0);
        assert_eq!(series(&[7.0]).p95(), 7.0);
        assert!(series(&[]).median().is_nan());
    }

    #[test]
    fn warm_up_rounds_are_not_kept_and_makers_take_turns() {
        let mut order = Vec::new();
        let log = std::cell::RefCell::new(&mut order);
        let mut makers: Vec<Maker<'_>> = vec![
            Box::new(|i| {
                log.borrow_mut().push(('a', i));
                Command::new("true")
            }),
            Box::new(|i| {
                log.borrow_mut().push(('b', i));
                Command::new("true")
            }),
        ];
        let got = interleaved(1, 2, &mut makers).unwrap();
        drop(makers);
        assert_eq!(got.len(), 2);
        assert!(got.iter().all(|s| s.runs() == 2));
        assert_eq!(
            order,
            [('a', 0), ('b', 0), ('a', 1), ('b', 1), ('a', 2), ('b', 2)]
        );
    }

    #[test]
    fn a_failing_command_stops_the_bench_with_its_words() {
        let err =
            time_process(Command::new("sh").args(["-c", "echo nope >&2; exit 3"])).unwrap_err();
        assert!(err.contains("nope"), "{err}");
    }
}
