//! What a command tells the person running it while it works: a progress bar on long steps when
//! stderr is a terminal and plain lines otherwise, less with `--quiet`, more with `--verbose`, and
//! the time of every step, which `--verbose` prints and `bench` reads back.

use std::io::IsTerminal;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU8, Ordering};
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// How much a command says on stderr.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    /// Errors and blocking findings only.
    Quiet,
    Normal,
    /// Also each file read, each document compiled and why, and each step's time.
    Verbose,
}

/// The steps whose times `bench` reads, by the names `--verbose` prints.
pub mod stage {
    pub const BASELINE: &str = "reading the plan and last year's dataset";
    pub const INGEST: &str = "reading submissions";
    pub const RECONCILE: &str = "reconciling";
    pub const RENDER: &str = "rendering documents";
    pub const SOURCES: &str = "writing Typst sources and checking fingerprints";
    pub const COMPILE: &str = "compiling documents";
    /// One document's compile, within [`COMPILE`].
    pub const DOCUMENT: &str = "compiling one document";
    pub const OUTPUTS: &str = "writing the dataset, change summary and manifest";
    pub const WEB: &str = "writing the web edition";
}

static LEVEL: AtomicU8 = AtomicU8::new(Level::Normal as u8);
static TIMINGS: Mutex<Vec<(&'static str, Duration)>> = Mutex::new(Vec::new());
/// The bar on screen, if any: lines printed meanwhile go above it.
static BAR: Mutex<Option<ProgressBar>> = Mutex::new(None);

pub fn set_level(level: Level) {
    LEVEL.store(level as u8, Ordering::Relaxed);
}

pub fn level() -> Level {
    match LEVEL.load(Ordering::Relaxed) {
        0 => Level::Quiet,
        1 => Level::Normal,
        _ => Level::Verbose,
    }
}

pub fn quiet() -> bool {
    level() == Level::Quiet
}

/// A line for the person running the command, unless `--quiet`.
pub fn say(line: impl AsRef<str>) {
    if level() >= Level::Normal {
        print(line.as_ref());
    }
}

/// A line only with `--verbose`.
pub fn detail(line: impl AsRef<str>) {
    if level() == Level::Verbose {
        print(line.as_ref());
    }
}

fn print(line: &str) {
    match BAR.lock().unwrap_or_else(|e| e.into_inner()).as_ref() {
        Some(bar) => bar.println(line),
        None => eprintln!("{line}"),
    }
}

/// A timed step of a command. Its time is recorded when it is dropped.
pub struct Step {
    name: &'static str,
    started: Instant,
    bar: Option<ProgressBar>,
}

/// A step too short for a bar: only `--verbose` shows it.
pub fn step(name: &'static str) -> Step {
    Step {
        name,
        started: Instant::now(),
        bar: None,
    }
}

/// `n` things in words, the noun in the right number: `count(1, "file", "files")` is "1 file",
/// `count(2, "file", "files")` "2 files", and 0 takes the plural. Every count a command prints
/// goes through it.
pub fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// A step over `total` items (`what`: the noun, one and many, such as `("file", "files")`): a
/// bar on a terminal, else one plain line ("reading submissions: 1 file …").
pub fn counted(name: &'static str, total: usize, what: (&str, &str)) -> Step {
    if total == 0 {
        return step(name);
    }
    let message = format!("{name}: {}", count(total, what.0, what.1));
    begin(name, Some(total), message)
}

/// A step over items that arrive while it runs (see [`Step::add`]): a bar whose length grows on a
/// terminal, else one plain line ("compiling documents …").
pub fn open_ended(name: &'static str) -> Step {
    begin(name, None, name.to_string())
}

fn begin(name: &'static str, total: Option<usize>, message: String) -> Step {
    let mut step = step(name);
    if level() == Level::Quiet {
        return step;
    }
    if std::io::stderr().is_terminal() {
        let length = total.unwrap_or(0) as u64;
        let bar = ProgressBar::with_draw_target(Some(length), ProgressDrawTarget::stderr())
            .with_style(
                ProgressStyle::with_template("{msg} [{bar:30}] {pos}/{len} {elapsed}")
                    .expect("a valid template")
                    .progress_chars("=> "),
            )
            .with_message(message);
        bar.enable_steady_tick(Duration::from_millis(200));
        *BAR.lock().unwrap_or_else(|e| e.into_inner()) = Some(bar.clone());
        step.bar = Some(bar);
    } else {
        print(&format!("{message} …"));
    }
    step
}

impl Step {
    /// `n` more items for a step begun with [`open_ended`].
    pub fn add(&self, n: u64) {
        if let Some(bar) = &self.bar {
            bar.inc_length(n);
        }
    }

    /// One item of a counted step is done.
    pub fn tick(&self) {
        if let Some(bar) = &self.bar {
            bar.inc(1);
        }
    }
}

impl Drop for Step {
    fn drop(&mut self) {
        let took = self.started.elapsed();
        if let Some(bar) = self.bar.take() {
            bar.finish_and_clear();
            *BAR.lock().unwrap_or_else(|e| e.into_inner()) = None;
        }
        record(self.name, took);
        detail(format!("{}: {:.3} s", self.name, took.as_secs_f64()));
    }
}

/// Records the time of something done inside a step, without saying anything.
pub fn record(name: &'static str, took: Duration) {
    TIMINGS
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .push((name, took));
}

/// The steps finished since the last call, in order, with their times.
pub fn take_timings() -> Vec<(&'static str, Duration)> {
    std::mem::take(&mut *TIMINGS.lock().unwrap_or_else(|e| e.into_inner()))
}

/// Each time of the named step in `timings`.
fn times<'a>(
    timings: &'a [(&'static str, Duration)],
    name: &'a str,
) -> impl Iterator<Item = Duration> + 'a {
    timings
        .iter()
        .filter(move |(n, _)| *n == name)
        .map(|(_, d)| *d)
}

/// The longest time of the named step in `timings`.
pub fn longest(timings: &[(&'static str, Duration)], name: &str) -> Duration {
    times(timings, name).max().unwrap_or_default()
}

/// The total time of the named step in `timings`.
pub fn time_of(timings: &[(&'static str, Duration)], name: &str) -> Duration {
    times(timings, name).sum()
}
