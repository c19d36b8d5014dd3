//! `annual-update bench`: the pipeline measured on synthetic inputs (see [`crate::synth`]) at
//! several scales in one run, and each performance target judged on what that run measured.
//! Machines are noisy, so speed is measured here and never asserted in tests.

pub mod floor;
mod measure;
mod report;
mod tree_memory;
mod watching;
mod with_typst;
mod without_typst;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use serde::Serialize;

pub use measure::record_peak_memory;
pub use report::{Target, markdown, targets};
pub use watching::WatchRun;
pub use with_typst::TypstRun;
pub use without_typst::Pipeline;

use crate::args::TypstArgs;
use crate::error::{Error, Result};
use crate::progress::{self, Level};
use crate::synth;

/// Edits `watch` is given at real scale (see [`watching`]): its memory after the last is
/// compared with its memory after the first.
pub const WATCH_EDITS: usize = 50;

/// The largest scale whose documents are rendered: beyond it the Typst sources alone run to
/// hundreds of megabytes, and Handlebars needs several times that.
pub const RENDER_UP_TO: u32 = 10;

/// What to measure.
pub struct Options {
    /// Scales measured without Typst.
    pub scales: Vec<u32>,
    /// Scales also built with Typst.
    pub typst_scales: Vec<u32>,
    pub runs: usize,
    pub typst: TypstArgs,
}

#[derive(Clone, Debug, Serialize)]
pub struct Machine {
    pub cores: usize,
    pub cpu: String,
    pub typst: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct ScaleResult {
    pub scale: u32,
    pub actions: usize,
    pub published_updates: usize,
    /// Rows in this year's partner files.
    pub rows: usize,
    pub files: String,
    pub input_bytes: u64,
    #[serde(serialize_with = "seconds")]
    pub generate: Duration,
    pub pipeline: Pipeline,
    pub typst: Option<TypstRun>,
    /// `watch` at real scale, when Typst runs at it.
    pub watch: Option<WatchRun>,
}

#[derive(Clone, Debug, Serialize)]
pub struct Results {
    pub machine: Machine,
    pub runs: usize,
    pub scales: Vec<ScaleResult>,
}

impl Results {
    pub fn at(&self, scale: u32) -> Option<&ScaleResult> {
        self.scales.iter().find(|s| s.scale == scale)
    }
}

/// The folder each scale's inputs and outputs go in.
pub fn scale_dir(dir: &Path, scale: u32) -> PathBuf {
    dir.join(format!("{scale}x"))
}

/// Writes the synthetic inputs of `scale` into `<dir>/<scale>x/inputs`.
pub fn generate(dir: &Path, scale: u32) -> Result<(Duration, synth::Summary)> {
    let inputs = scale_dir(dir, scale).join("inputs");
    let _ = std::fs::remove_dir_all(&inputs);
    let started = Instant::now();
    let summary = synth::generate(&inputs, scale)?;
    Ok((started.elapsed(), summary))
}

/// Measures every scale in `options`, in `dir`.
pub fn run(dir: &Path, options: &Options) -> Result<Results> {
    let mut scales: Vec<u32> = options
        .scales
        .iter()
        .chain(&options.typst_scales)
        .copied()
        .filter(|&s| s > 0)
        .collect();
    scales.sort_unstable();
    scales.dedup();
    if scales.is_empty() {
        return Err(Error::Input("no scale to measure".into()));
    }
    let mut results = Vec::new();
    for scale in scales {
        progress::say(format!("{scale}×: generating the inputs …"));
        let (generate, made) = generate(dir, scale)?;
        let inputs = scale_dir(dir, scale).join("inputs");
        progress::say(format!(
            "{scale}×: {} actions, {} published updates, {} rows in {} ({:.1} MB) written in {:.1} s; measuring …",
            made.actions,
            made.published_updates,
            made.rows,
            synth::describe_files(&made.files),
            made.bytes as f64 / 1e6,
            generate.as_secs_f64()
        ));
        let render_too = scale <= RENDER_UP_TO;
        let pipeline =
            quietly(|| without_typst::measure(&inputs, &made.files, options.runs, render_too))?;
        let typst = if options.typst_scales.contains(&scale) {
            progress::say(format!("{scale}×: building with Typst …"));
            Some(quietly(|| {
                with_typst::measure(
                    &scale_dir(dir, scale),
                    &inputs,
                    &options.typst,
                    options.runs,
                )
            })?)
        } else {
            None
        };
        let watch = if scale == 1 && typst.is_some() {
            progress::say(format!(
                "{scale}×: watch, {WATCH_EDITS} edits of {} in turn …",
                watching::KINDS.join(", ")
            ));
            Some(quietly(|| {
                watching::measure(&scale_dir(dir, scale), &inputs, &options.typst, WATCH_EDITS)
            })?)
        } else {
            None
        };
        results.push(ScaleResult {
            scale,
            actions: made.actions,
            published_updates: made.published_updates,
            rows: made.rows,
            files: synth::describe_files(&made.files),
            input_bytes: made.bytes,
            generate,
            pipeline,
            typst,
            watch,
        });
    }
    Ok(Results {
        machine: machine(),
        runs: options.runs,
        scales: results,
    })
}

/// Durations in the JSON report: seconds, as a number.
fn seconds<S: serde::Serializer>(d: &Duration, s: S) -> std::result::Result<S::Ok, S::Error> {
    s.serialize_f64(d.as_secs_f64())
}

/// Runs `f` with the pipeline's own messages silenced, so printing is not measured.
fn quietly<T>(f: impl FnOnce() -> Result<T>) -> Result<T> {
    let level = progress::level();
    progress::set_level(Level::Quiet);
    let result = f();
    progress::set_level(level);
    result
}

fn machine() -> Machine {
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split_once(':'))
                .map(|(_, v)| v.trim().to_string())
        })
        .unwrap_or_else(|| "unknown".into());
    Machine {
        cores: std::thread::available_parallelism().map_or(1, |n| n.get()),
        cpu,
        typst: crate::typst::PINNED.to_string(),
    }
}
