//! The whole build with Typst at one scale: a build from nothing (in this process, so each step's
//! time is known), every document compiled alone, a rebuild with nothing changed (as a child
//! process, as a person runs it), and builds from nothing against the Typst-only floor.

use std::path::Path;
use std::time::Duration;

use serde::Serialize;

use super::floor::{self, Floor};
use super::measure::{self, best, median};
use crate::args::TypstArgs;
use crate::error::{Error, Result};
use crate::pipeline;
use crate::progress::{self, stage};
use crate::typst::{self, Job, Typst};

#[derive(Clone, Debug, Serialize)]
pub struct Document {
    pub pdf: String,
    pub source_bytes: u64,
    pub pdf_bytes: u64,
    /// Compiled on its own, with every core.
    #[serde(serialize_with = "super::seconds")]
    pub alone: Duration,
}

#[derive(Clone, Debug, Serialize)]
pub struct TypstRun {
    /// Threads of each Typst process, in the build and alone.
    pub threads: usize,
    /// A build with no earlier output, the best of the runs.
    #[serde(serialize_with = "super::seconds")]
    pub build: Duration,
    /// Of which the step that runs Typst (finding it, then compiling every document at once).
    #[serde(serialize_with = "super::seconds")]
    pub compile: Duration,
    /// The longest any one document took to compile in that build.
    #[serde(serialize_with = "super::seconds")]
    pub slowest_in_build: Duration,
    /// In that build, mending and validating the PDFs (see [`crate::conformance`]), every PDF's
    /// time added up; each runs right after its PDF's compile, beside the others' compiles.
    #[serde(serialize_with = "super::seconds")]
    pub checks: Duration,
    /// In that build, how long it went on after the last Typst process ended, for the checks
    /// still running ([`crate::conformance::WAIT`]).
    #[serde(serialize_with = "super::seconds")]
    pub check_wait: Duration,
    pub documents: Vec<Document>,
    /// A rebuild with no changed input, as a process: the median of `rebuild_runs`.
    #[serde(serialize_with = "super::seconds")]
    pub rebuild: Duration,
    pub rebuild_runs: usize,
    pub rebuild_started_typst: bool,
    pub rebuild_peak_memory: Option<u64>,
    /// Builds from nothing, as processes, in turns with the Typst-only floor.
    pub floor: Floor,
}

impl TypstRun {
    /// Everything but Typst, in the cold build.
    pub fn own_work(&self) -> Duration {
        self.build.saturating_sub(self.compile)
    }

    pub fn slowest(&self) -> Duration {
        self.documents
            .iter()
            .map(|d| d.alone)
            .max()
            .unwrap_or_default()
    }

    pub fn sum(&self) -> Duration {
        self.documents.iter().map(|d| d.alone).sum()
    }
}

/// Runs of what is judged on a median (rebuilds; pairs of build and floor), whatever `--runs` says.
const MIN_RUNS: usize = 3;

pub fn measure(dir: &Path, inputs: &Path, typst_args: &TypstArgs, runs: usize) -> Result<TypstRun> {
    let output = dir.join("output");
    let typst = typst::find(&typst_args.lookup(), &|m| progress::say(m))?;
    let options = pipeline::Options {
        inputs: inputs.to_path_buf(),
        output: output.clone(),
        year: None,
        final_build: false,
        templates: pipeline::templates_dir(&None),
        typst: typst_args.lookup(),
        jobs: None,
    };
    // A build from nothing, then each document alone, in turn: on a shared machine both then see
    // the same load, and the best of each is kept.
    let mut fastest: Option<(Duration, Duration, Duration, Duration, Duration)> = None;
    let mut documents: Vec<Document> = Vec::new();
    let mut threads = 1;
    for _ in 0..runs.max(1) {
        let (build, timings) = best(1, || {
            let _ = std::fs::remove_dir_all(&output);
            progress::take_timings();
            let built = pipeline::build(options.clone())?;
            if let pipeline::Built::Refused { blocking, .. } = built {
                return Err(Error::Render(format!(
                    "the build refused: {}",
                    progress::count(blocking, "blocking problem", "blocking problems")
                )));
            }
            Ok(progress::take_timings())
        })?;
        let compile = progress::time_of(&timings, stage::COMPILE);
        let slowest = progress::longest(&timings, stage::DOCUMENT);
        let checks = progress::time_of(&timings, crate::conformance::STAGE);
        let check_wait = progress::time_of(&timings, crate::conformance::WAIT);
        if fastest.is_none_or(|(b, ..)| build < b) {
            fastest = Some((build, compile, slowest, checks, check_wait));
        }
        let year_dir = floor::year_dir(&output)?;
        let (t, this_run) = alone(&year_dir, &dir.join("alone"), &typst)?;
        threads = t;
        if documents.is_empty() {
            documents = this_run;
        } else {
            for (kept, new) in documents.iter_mut().zip(this_run) {
                kept.alone = kept.alone.min(new.alone);
            }
        }
    }
    let (build, compile, slowest_in_build, checks, check_wait) = fastest.expect("one run at least");

    let exe = measure::this_exe()?;
    // Right after a build from nothing the system is still writing its PDFs to disk, which
    // holds up the rebuild's own writes: the median of several runs is what a person waits.
    let mut rebuilds = Vec::new();
    for _ in 0..runs.max(MIN_RUNS) {
        let child = measure::run(&mut floor::build_command(&exe, inputs, &output, typst_args))?;
        if !child.success {
            return Err(Error::Render(format!(
                "the rebuild failed: {}",
                child.stderr
            )));
        }
        rebuilds.push(child);
    }
    progress::say(format!(
        "  the build from nothing against the Typst-only floor, {} pairs …",
        runs.max(MIN_RUNS)
    ));
    let floor = floor::measure(&exe, &typst, dir, inputs, typst_args, runs.max(MIN_RUNS))?;
    Ok(TypstRun {
        threads,
        build,
        compile,
        slowest_in_build,
        checks,
        check_wait,
        documents,
        rebuild: Duration::from_secs_f64(median(rebuilds.iter().map(|c| c.wall.as_secs_f64()))),
        rebuild_runs: rebuilds.len(),
        rebuild_started_typst: rebuilds
            .iter()
            .any(|c| !c.stderr.contains("Typst not started")),
        rebuild_peak_memory: rebuilds.iter().filter_map(|c| c.peak_memory).max(),
        floor,
    })
}

/// Compiles each of the build's documents on its own into `scratch`, with the threads the build
/// gives each Typst when every document is compiled (the cores shared among the documents).
fn alone(year_dir: &Path, scratch: &Path, typst: &Typst) -> Result<(usize, Vec<Document>)> {
    std::fs::create_dir_all(scratch).map_err(|e| Error::io("create", scratch, e))?;
    let jobs = floor::jobs(
        &year_dir.join(crate::pipeline::sources::BUILD_DIR),
        scratch,
        0,
    )?;
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let threads = (cores / jobs.len().clamp(1, cores)).max(1);
    let mut documents = Vec::new();
    for job in jobs {
        let job = Job { threads, ..job };
        let (took, _) = best(1, || typst::compile(typst, &job))?;
        documents.push(Document {
            pdf: job
                .output
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
            source_bytes: std::fs::metadata(&job.input).map_or(0, |m| m.len()),
            pdf_bytes: std::fs::metadata(&job.output).map_or(0, |m| m.len()),
            alone: took,
        });
    }
    Ok((threads, documents))
}
