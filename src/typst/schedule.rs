//! Compiling a build's documents at once: longest first, one Typst process per free thread, so
//! that the build takes about as long as its slowest document rather than the sum of them.

use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use super::Typst;
use super::compile::{Job, compile_and_record};
use super::fingerprint::Hashes;
use crate::error::Result;
use crate::progress::{self, stage};

/// One document's outcome and how long Typst took.
pub type Outcome = (Result<()>, Duration);

/// Compiles every job on `threads` threads and returns each one's outcome and time, in the order
/// of `jobs`. The biggest sources go first (their size predicts Typst's time well), so the
/// slowest document never starts last.
pub fn compile_all(
    typst: &Typst,
    jobs: &[&Job],
    shared: &str,
    hashes: &Hashes,
    threads: usize,
) -> Vec<Outcome> {
    let size = |j: &Job| std::fs::metadata(&j.input).map_or(0, |m| m.len());
    let mut order: Vec<usize> = (0..jobs.len()).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(size(jobs[i])));
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<Option<Outcome>>> = Mutex::new((0..jobs.len()).map(|_| None).collect());
    let step = progress::counted(stage::COMPILE, jobs.len(), "documents");
    std::thread::scope(|scope| {
        for _ in 0..threads.clamp(1, jobs.len().max(1)) {
            scope.spawn(|| {
                while let Some(&i) = order.get(next.fetch_add(1, Ordering::Relaxed)) {
                    let job = jobs[i];
                    let started = Instant::now();
                    let result = compile_and_record(typst, job, shared, hashes);
                    let took = started.elapsed();
                    step.tick();
                    progress::detail(format!(
                        "  compiled {} in {:.2} s",
                        job.output.display(),
                        took.as_secs_f64()
                    ));
                    if let Ok(mut r) = results.lock() {
                        r[i] = Some((result, took));
                    }
                }
            });
        }
    });
    drop(step);
    results
        .into_inner()
        .unwrap_or_else(|e| e.into_inner())
        .into_iter()
        .map(|r| r.expect("every job ran"))
        .collect()
}
