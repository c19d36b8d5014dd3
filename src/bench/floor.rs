//! The yardstick for a build's speed: the same documents compiled by plain `typst compile`
//! processes, started all at once with Typst's default threads, as a shell script would. Timed in
//! turns with a build from nothing, both as whole processes, pair by pair, so that both sides of a
//! pair see the same machine.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde::Serialize;

use super::measure::{self, median};
use super::tree_memory::Sampler;
use crate::args::TypstArgs;
use crate::error::{Error, Result};
use crate::inputs::Inputs;
use crate::model::Plan;
use crate::pipeline::sources::BUILD_DIR;
use crate::process::children;
use crate::typst::{self, Job, Typst};

/// A build from nothing and the floor, one right after the other.
#[derive(Clone, Debug, Serialize)]
pub struct Pair {
    #[serde(serialize_with = "super::seconds")]
    pub build: Duration,
    #[serde(serialize_with = "super::seconds")]
    pub floor: Duration,
    /// The most the build and its Typst processes held at once, in bytes.
    pub build_memory: Option<u64>,
    /// The most the floor's Typst processes held at once, in bytes.
    pub floor_memory: Option<u64>,
}

impl Pair {
    pub fn ratio(&self) -> f64 {
        self.build.as_secs_f64() / self.floor.as_secs_f64().max(1e-9)
    }
}

#[derive(Clone, Debug, Serialize)]
pub struct Floor {
    /// The documents the floor compiles: every one the build makes.
    pub documents: usize,
    pub pairs: Vec<Pair>,
}

impl Floor {
    /// The median of the pairs' build / floor ratios: the figure the target is judged on.
    pub fn ratio(&self) -> f64 {
        median(self.pairs.iter().map(Pair::ratio))
    }

    pub fn ratio_range(&self) -> (f64, f64) {
        self.pairs
            .iter()
            .map(Pair::ratio)
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), r| {
                (lo.min(r), hi.max(r))
            })
    }

    pub fn build(&self) -> Duration {
        Duration::from_secs_f64(median(self.pairs.iter().map(|p| p.build.as_secs_f64())))
    }

    pub fn floor(&self) -> Duration {
        Duration::from_secs_f64(median(self.pairs.iter().map(|p| p.floor.as_secs_f64())))
    }

    pub fn build_memory(&self) -> Option<u64> {
        self.pairs.iter().filter_map(|p| p.build_memory).max()
    }

    pub fn floor_memory(&self) -> Option<u64> {
        self.pairs.iter().filter_map(|p| p.floor_memory).max()
    }
}

/// Times `pairs` pairs in `dir`: a build of `inputs` from nothing into `<dir>/floor-build` by the
/// program `exe` (this one, in `bench`), then the floor on the Typst sources that build wrote,
/// into `<dir>/floor`, by `typst` (the build's own, found by `typst_args`).
pub fn measure(
    exe: &Path,
    typst: &Typst,
    dir: &Path,
    inputs: &Path,
    typst_args: &TypstArgs,
    pairs: usize,
) -> Result<Floor> {
    let output = dir.join("floor-build");
    let scratch = dir.join("floor");
    std::fs::create_dir_all(&scratch).map_err(|e| Error::io("create", &scratch, e))?;
    let plan = Inputs::new(inputs).plan()?;
    let mut measured = Vec::new();
    // Every build of the same inputs writes the same sources: their jobs are worked out once.
    let mut jobs = Vec::new();
    for _ in 0..pairs {
        let _ = std::fs::remove_dir_all(&output);
        let child = measure::run(&mut build_command(exe, inputs, &output, typst_args))?;
        if !child.success {
            return Err(Error::Render(format!(
                "the build from nothing failed: {}",
                child.stderr
            )));
        }
        if jobs.is_empty() {
            jobs = built_jobs(&output, &plan, &scratch)?;
        }
        let (floor, floor_memory) = all_at_once(typst, &jobs, &scratch)?;
        measured.push(Pair {
            build: child.wall,
            floor,
            build_memory: child.tree_memory,
            floor_memory,
        });
    }
    Ok(Floor {
        documents: jobs.len(),
        pairs: measured,
    })
}

/// `annual-update build` as a person runs it, by the program `exe`, with the Typst `typst_args`
/// choose.
pub fn build_command(exe: &Path, inputs: &Path, output: &Path, typst_args: &TypstArgs) -> Command {
    command(exe, "build", inputs, output, typst_args)
}

/// `annual-update <subcommand>` (`build`, `watch`) of `inputs` into `output` as a person runs it,
/// by the program `exe`, with the Typst `typst_args` choose.
pub fn command(
    exe: &Path,
    subcommand: &str,
    inputs: &Path,
    output: &Path,
    typst_args: &TypstArgs,
) -> Command {
    let mut cmd = Command::new(exe);
    cmd.arg(subcommand)
        .arg("--inputs")
        .arg(inputs)
        .arg("--output")
        .arg(output);
    if let Some(typst) = &typst_args.typst {
        cmd.arg("--typst").arg(typst);
    }
    if typst_args.no_install {
        cmd.arg("--no-install");
    }
    cmd
}

/// The floor's jobs for the documents of the build in `output`, dated as the build dates them,
/// their PDFs going to `scratch`.
fn built_jobs(output: &Path, plan: &Plan, scratch: &Path) -> Result<Vec<Job>> {
    let year_dir = year_dir(output)?;
    let year = year_dir
        .file_name()
        .and_then(|n| n.to_str())
        .and_then(|n| n.parse().ok())
        .ok_or_else(|| Error::Render(format!("{} is not a year", year_dir.display())))?;
    jobs(
        &year_dir.join(BUILD_DIR),
        scratch,
        crate::dates::document_timestamp(plan, year),
    )
}

/// The year folder a build wrote (the one holding Typst sources).
pub fn year_dir(output: &Path) -> Result<PathBuf> {
    std::fs::read_dir(output)
        .map_err(|e| Error::io("list", output, e))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .find(|p| p.join(BUILD_DIR).is_dir())
        .ok_or_else(|| Error::Render(format!("{} holds no Typst sources", output.display())))
}

/// One job per document source in `build_dir`, its PDF going to `scratch`.
pub fn jobs(build_dir: &Path, scratch: &Path, timestamp: i64) -> Result<Vec<Job>> {
    let mut sources: Vec<PathBuf> = std::fs::read_dir(build_dir)
        .map_err(|e| Error::io("list", build_dir, e))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "typ") && !p.ends_with("style.typ"))
        .collect();
    sources.sort();
    Ok(sources
        .iter()
        .filter_map(|input| input.file_stem()?.to_str())
        .map(|stem| Job::for_source(build_dir, stem, scratch, timestamp))
        .collect())
}

/// Every job's plain `typst compile` started at once (Typst's own default threads), and waited
/// for: the wall time and the most all of them held at once.
fn all_at_once(typst: &Typst, jobs: &[Job], scratch: &Path) -> Result<(Duration, Option<u64>)> {
    let started = Instant::now();
    let mut running: Vec<(children::Listed, PathBuf)> = Vec::new();
    for job in jobs {
        let _ = std::fs::remove_file(&job.output);
        let log = job.output.with_extension("stderr");
        let file = std::fs::File::create(&log).map_err(|e| Error::io("create", &log, e))?;
        // Tied to this process like every child: a bench stopped or killed leaves no Typst.
        let child = children::listed(
            typst::command(typst, job, &job.output)
                .stdout(Stdio::null())
                .stderr(file),
        )
        .map_err(|e| Error::Environment(format!("cannot run {}: {e}", typst.path.display())))?;
        running.push((child, log));
    }
    let sampler = Sampler::start(running.iter().map(|(c, _)| c.id()).collect());
    let mut failed = Vec::new();
    for (child, log) in running {
        let status = child
            .wait()
            .map_err(|e| Error::Environment(format!("cannot wait for Typst: {e}")))?;
        if !status.success() {
            failed.push(std::fs::read_to_string(&log).unwrap_or_default());
        }
    }
    let took = started.elapsed();
    let memory = sampler.finish();
    if !failed.is_empty() {
        return Err(Error::Render(format!(
            "the floor's Typst failed in {}: {}",
            scratch.display(),
            failed.join("\n")
        )));
    }
    Ok((took, memory))
}
