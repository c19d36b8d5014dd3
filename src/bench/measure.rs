//! How the benchmark measures: the best of several timed runs in this process, and other runs of
//! this binary as child processes, for their wall time and peak memory.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use super::tree_memory::Sampler;
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
    if let Some(peak) = proc_status_bytes("self", "VmHWM:") {
        let _ = std::fs::write(path, peak.to_string());
    }
}

/// A memory field of Linux's `/proc/<pid>/status` (`VmHWM:`, `VmRSS:`, given in kB), in bytes.
pub fn proc_status_bytes(pid: &str, field: &str) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with(field))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
}

/// A finished child process.
pub struct Child {
    pub wall: Duration,
    /// Peak resident memory of this program's child alone, in bytes, where the system tells it.
    pub peak_memory: Option<u64>,
    /// The most the child and every process it started held at once (see [`Sampler`]).
    pub tree_memory: Option<u64>,
    pub success: bool,
    pub stderr: String,
}

/// Runs this binary with `args` in `dir` and measures it.
pub fn this_binary(dir: &Path, args: &[&str]) -> Result<Child> {
    run(Command::new(this_exe()?).args(args).current_dir(dir))
}

/// The path of this program, to run it again.
pub fn this_exe() -> Result<PathBuf> {
    std::env::current_exe()
        .map_err(|e| Error::Environment(format!("cannot find this program's path: {e}")))
}

/// Runs `cmd` (a build of this program, or any other) with no input, and measures it: its wall
/// time, its own peak memory if it is this program, and the most it held at once with its
/// children.
pub fn run(cmd: &mut Command) -> Result<Child> {
    let peak_file = crate::output::temp_path(&std::env::temp_dir().join("annual-update-peak"));
    let program = cmd.get_program().to_string_lossy().into_owned();
    cmd.env(PEAK_MEMORY_FILE, &peak_file)
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    let started = Instant::now();
    // Tied to this process like every child: a bench stopped or killed leaves no build running.
    let mut child = crate::process::children::listed(cmd)
        .map_err(|e| Error::Environment(format!("cannot run {program}: {e}")))?;
    let pipe = child.stderr.take();
    let reader = std::thread::spawn(move || {
        let mut stderr = Vec::new();
        if let Some(mut pipe) = pipe {
            use std::io::Read;
            let _ = pipe.read_to_end(&mut stderr);
        }
        stderr
    });
    let sampler = Sampler::start(vec![child.id()]);
    let status = child
        .wait()
        .map_err(|e| Error::Environment(format!("cannot wait for {program}: {e}")))?;
    let stderr = reader.join().unwrap_or_default();
    let wall = started.elapsed();
    let tree_memory = sampler.finish();
    let peak_memory = std::fs::read_to_string(&peak_file)
        .ok()
        .and_then(|s| s.trim().parse().ok());
    let _ = std::fs::remove_file(&peak_file);
    Ok(Child {
        wall,
        peak_memory,
        tree_memory,
        success: status.success(),
        stderr: String::from_utf8_lossy(&stderr).into_owned(),
    })
}
