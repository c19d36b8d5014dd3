//! Compiling a build's documents while their sources are still being rendered: one Typst process
//! per thread of `--jobs`, each taking the biggest source waiting, so that the build takes about
//! as long as its slowest document rather than the sum of them, and Typst starts as soon as there
//! is something to compile.

use std::sync::{Condvar, Mutex};
use std::time::{Duration, Instant};

use super::job::Job;
use crate::error::Result;
use crate::progress::{self, stage};

/// One document compiled: how it went and how long Typst took.
pub struct Outcome {
    pub job: Job,
    pub result: Result<()>,
    pub took: Duration,
}

#[derive(Default)]
struct Queue {
    /// Jobs waiting, with the size of their source.
    waiting: Vec<(u64, Job)>,
    /// No more jobs will come.
    closed: bool,
    done: Vec<Outcome>,
    step: Option<progress::Step>,
}

/// Runs `produce`, which hands jobs to the function it is given as their sources are written,
/// while `threads` workers compile them with `compile`, the biggest waiting source first.
/// Returns what `produce` returned and every job compiled, in the order they finished. The
/// compile step's time runs from the first compile's start to the last one's end.
pub fn compile_as_ready<T>(
    threads: usize,
    compile: &(dyn Fn(&Job) -> Result<()> + Sync),
    produce: impl FnOnce(&(dyn Fn(Job) + Sync)) -> Result<T>,
) -> (Result<T>, Vec<Outcome>) {
    let queue = Mutex::new(Queue::default());
    let wake = Condvar::new();
    let lock = || queue.lock().unwrap_or_else(|e| e.into_inner());
    let produced = std::thread::scope(|scope| {
        for _ in 0..threads.max(1) {
            scope.spawn(|| {
                while let Some(job) = next(&queue, &wake) {
                    let started = Instant::now();
                    let result = compile(&job);
                    let took = started.elapsed();
                    progress::record(stage::DOCUMENT, took);
                    progress::detail(format!(
                        "  compiled {} in {:.2} s",
                        job.output.display(),
                        took.as_secs_f64()
                    ));
                    let mut q = lock();
                    if let Some(step) = &q.step {
                        step.tick();
                    }
                    q.done.push(Outcome { job, result, took });
                }
            });
        }
        let produced = produce(&|job: Job| {
            let size = std::fs::metadata(&job.input).map_or(0, |m| m.len());
            let mut q = lock();
            q.step
                .get_or_insert_with(|| progress::open_ended(stage::COMPILE))
                .add(1);
            q.waiting.push((size, job));
            wake.notify_one();
        });
        lock().closed = true;
        wake.notify_all();
        produced
    });
    let mut q = queue.into_inner().unwrap_or_else(|e| e.into_inner());
    drop(q.step.take());
    (produced, q.done)
}

/// The biggest job waiting, or `None` once none is waiting and no more will come.
fn next(queue: &Mutex<Queue>, wake: &Condvar) -> Option<Job> {
    let mut q = queue.lock().unwrap_or_else(|e| e.into_inner());
    loop {
        if let Some(i) = (0..q.waiting.len()).max_by_key(|&i| q.waiting[i].0) {
            return Some(q.waiting.swap_remove(i).1);
        }
        if q.closed {
            return None;
        }
        q = wake.wait(q).unwrap_or_else(|e| e.into_inner());
    }
}
