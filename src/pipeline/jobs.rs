//! The threads a run's parallel work (reading files, compiling documents) stays within.

use crate::error::{Error, Result};

/// The most `--jobs` allows: each job is a thread and, while documents compile, a Typst process
/// with its memory (up to 1.3 GB each at the real plan's scale), and a build has few documents to
/// compile at once; far more than any machine that runs a build has cores to use.
pub const MAX_JOBS: usize = 64;

/// The threads a run uses: `asked` (`--jobs`), else the number of cores; from 1 to [`MAX_JOBS`].
pub fn count(asked: Option<usize>) -> usize {
    asked
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
        .clamp(1, MAX_JOBS)
}

/// Runs `f` on a pool of `jobs` threads, so that everything it does in parallel stays within
/// them.
pub fn in_pool<T: Send>(jobs: usize, f: impl FnOnce() -> Result<T> + Send) -> Result<T> {
    rayon::ThreadPoolBuilder::new()
        .num_threads(jobs)
        .build()
        .map_err(|e| Error::Environment(format!("cannot start {jobs} threads: {e}")))?
        .install(f)
}

/// Runs `f` on a pool of as many threads as `asked` gives (see [`count`]).
pub fn with_jobs<T: Send>(asked: Option<usize>, f: impl FnOnce() -> Result<T> + Send) -> Result<T> {
    in_pool(count(asked), f)
}
