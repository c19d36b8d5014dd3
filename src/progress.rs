//! What a command tells the person running it while it works: a progress bar on long steps when
//! stderr is a terminal and plain lines otherwise, less with `--quiet`, more with `--verbose`, and
//! the time of every step, which `--verbose` prints and `bench` reads back.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicU8, Ordering};
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
/// Whether steps are shown (a bar, or a line saying each step begins): `watch` shows them for its
/// first build only, then says one line per change.
static STEPS: AtomicBool = AtomicBool::new(true);
/// The bar on screen, if any: lines printed meanwhile go above it.
static BAR: Mutex<Option<ProgressBar>> = Mutex::new(None);

/// The folders this run was given, where they are not the defaults: what a command suggested to
/// the reader needs to work when pasted (see [`command`]).
static FOLDERS: Mutex<(Option<PathBuf>, Option<PathBuf>)> = Mutex::new((None, None));

/// An option of a command this run suggests: which of this run's folders it takes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Takes {
    Inputs,
    InputsAndOutput,
}

/// Records this run's `--inputs` and `--output`, for [`command`]; the defaults (`inputs`,
/// `output`) are left out of suggestions.
pub fn set_folders(inputs: Option<&Path>, output: Option<&Path>) {
    let given = |p: Option<&Path>, default: &str| {
        p.filter(|p| *p != Path::new(default))
            .map(Path::to_path_buf)
    };
    *FOLDERS.lock().unwrap_or_else(|e| e.into_inner()) =
        (given(inputs, "inputs"), given(output, "output"));
}

/// `annual-update <args>`, as the reader should type it after this run: with this run's
/// `--inputs` (and `--output`, if the command takes it) when they are not the defaults, each
/// quoted where a shell needs it, so the suggestion works when pasted.
pub fn command(args: &str, takes: Takes) -> String {
    let (inputs, output) = FOLDERS.lock().unwrap_or_else(|e| e.into_inner()).clone();
    let mut line = format!("annual-update {args}");
    if let Some(inputs) = inputs {
        line.push_str(&format!(" --inputs {}", shell_word(&inputs)));
    }
    if let (Some(output), Takes::InputsAndOutput) = (output, takes) {
        line.push_str(&format!(" --output {}", shell_word(&output)));
    }
    line
}

/// A path as one word of a command line, pasted into a POSIX shell or PowerShell: as it is when
/// plain, else in single quotes (literal in both; a quote inside is doubled, as PowerShell reads
/// it).
pub fn shell_word(path: &Path) -> String {
    let shown = path.display().to_string();
    let plain = shown
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || "_./-\\:".contains(c));
    if plain && !shown.is_empty() {
        shown
    } else {
        format!("'{}'", shown.replace('\'', "''"))
    }
}

/// Stops showing steps (see [`STEPS`]); timings are still taken, and `--verbose` details said.
pub fn hide_steps() {
    STEPS.store(false, Ordering::Relaxed);
}

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
    if level() == Level::Quiet || !STEPS.load(Ordering::Relaxed) {
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

#[cfg(test)]
mod tests {
    use std::path::Path;

    #[test]
    fn a_suggested_command_carries_this_runs_folders() {
        super::set_folders(Some(Path::new("my plan")), Some(Path::new("output")));
        assert_eq!(
            super::command("check", super::Takes::InputsAndOutput),
            "annual-update check --inputs 'my plan'"
        );
        super::set_folders(Some(Path::new("inputs")), Some(Path::new("out")));
        assert_eq!(
            super::command("build --final", super::Takes::InputsAndOutput),
            "annual-update build --final --output out"
        );
        assert_eq!(
            super::command("xliff import x.xlf", super::Takes::Inputs),
            "annual-update xliff import x.xlf"
        );
        super::set_folders(None, None);
        assert_eq!(super::shell_word(Path::new("a/b-c.xlf")), "a/b-c.xlf");
    }
}
