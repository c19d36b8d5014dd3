//! The thread pool a run's parallel work (reading files, compiling documents) stays within.

use crate::error::{Error, Result};

/// Runs `f` on a pool of `jobs` threads [default: the number of cores], so that everything it
/// does in parallel stays within `--jobs`.
pub fn with_jobs<T: Send>(jobs: Option<usize>, f: impl FnOnce() -> Result<T> + Send) -> Result<T> {
    let jobs = jobs
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
        .max(1);
    rayon::ThreadPoolBuilder::new()
        .num_threads(jobs)
        .build()
        .map_err(|e| Error::Environment(format!("cannot start {jobs} threads: {e}")))?
        .install(f)
}
