//! How the benchmark measures: the best of several timed runs in this process, and other runs of
//! this binary as child processes, for their wall time and peak memory.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use crate::error::{Error, Result};

/// The run of `f` that took least time, with its result.
pub fn best<T>(runs: usize, mut f: impl FnMut() -> Result<T>) -> Result<(Duration, T)> {
    let mut best: Option<(Duration, T)> = None;
    for _ in 0..runs.max(1) {
        let started = Instant::now();
        let value = f()?;
        let took = started.elapsed();
        if best.as_ref().is_none_or(|(b, _)| took < *b) {
            best = Some((took, value));
        }
    }
    Ok(best.expect("at least one run"))
}

/// The middle value (the mean of the two middle ones for an even count); NaN for none.
pub fn median(values: impl Iterator<Item = f64>) -> f64 {
    let mut v: Vec<f64> = values.collect();
    v.sort_by(f64::total_cmp);
    match v.len() {
        0 => f64::NAN,
        n if n % 2 == 1 => v[n / 2],
        n => (v[n / 2 - 1] + v[n / 2]) / 2.0,
    }
}

/// Set in a child's environment: as it exits, the child writes its own peak memory there (see
/// [`record_peak_memory`]). A child's `ru_maxrss` cannot be used: Linux carries the parent's peak
/// over into the child, and this process holds large datasets while it measures.
const PEAK_MEMORY_FILE: &str = "ANNUAL_UPDATE_PEAK_MEMORY_FILE";

/// Called as the program exits: writes its peak resident memory (Linux's `VmHWM`, which belongs to
/// this program alone) to the file named by [`PEAK_MEMORY_FILE`], if that is set.
pub fn record_peak_memory() {
    let Some(path) = std::env::var_os(PEAK_MEMORY_FILE) else {
        return;
    };
    let peak = std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            let line = s.lines().find(|l| l.starts_with("VmHWM:"))?;
            let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
            Some(kb * 1024)
        });
    if let Some(peak) = peak {
        let _ = std::fs::write(path, peak.to_string());
    }
}

/// A finished child process.
pub struct Child {
    pub wall: Duration,
    /// Peak resident memory in bytes, where the system tells it.
    pub peak_memory: Option<u64>,
    pub success: bool,
    pub stderr: String,
}

/// Runs this binary with `args` in `dir` and measures it.
pub fn this_binary(dir: &Path, args: &[&str]) -> Result<Child> {
    let exe = std::env::current_exe()
        .map_err(|e| Error::Environment(format!("cannot find this program's path: {e}")))?;
    let peak_file = crate::output::temp_path(&std::env::temp_dir().join("annual-update-peak"));
    let started = Instant::now();
    let out = Command::new(exe)
        .args(args)
        .current_dir(dir)
        .env(PEAK_MEMORY_FILE, &peak_file)
        .stdin(std::process::Stdio::null())
        .output()
        .map_err(|e| Error::Environment(format!("cannot run this program again: {e}")))?;
    let wall = started.elapsed();
    let peak_memory = std::fs::read_to_string(&peak_file)
        .ok()
        .and_then(|s| s.trim().parse().ok());
    let _ = std::fs::remove_file(&peak_file);
    Ok(Child {
        wall,
        peak_memory,
        success: out.status.success(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    })
}
