//! The thread pool a run's parallel work (reading files, compiling documents) stays within.

use crate::error::{Error, Result};

/// The most `--jobs` allows: each job is a thread and, while documents compile, a Typst process
/// with its memory (up to 1.3 GB each at the real plan's scale), and a build has few documents to
/// compile at once; far more than any machine that runs a build has cores to use.
pub const MAX_JOBS: usize = 64;

/// Runs `f` on a pool of `jobs` threads [default: the number of cores, at most [`MAX_JOBS`]], so
/// that everything it does in parallel stays within `--jobs`.
pub fn with_jobs<T: Send>(jobs: Option<usize>, f: impl FnOnce() -> Result<T> + Send) -> Result<T> {
    let jobs = jobs
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
        .clamp(1, MAX_JOBS);
    rayon::ThreadPoolBuilder::new()
        .num_threads(jobs)
        .build()
        .map_err(|e| Error::Environment(format!("cannot start {jobs} threads: {e}")))?
        .install(f)
}
