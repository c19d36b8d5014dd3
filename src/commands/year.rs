//! The shared first half of `build` and `check`: one year's inputs, ingested and reconciled, and
//! checked against what the documents can print.

use std::path::{Path, PathBuf};
use std::time::Instant;

use rayon::prelude::*;

use crate::error::{Error, Result};
use crate::ingest::{self, Submission};
use crate::inputs::Inputs;
use crate::model::Plan;
use crate::progress::{self, stage};
use crate::reconcile::{self, Reconciled};
use crate::render::glyphs::{self, Coverage};

pub struct Year {
    pub year: u16,
    /// Last year's dataset, if asked for and there is one.
    pub baseline: Option<crate::model::Dataset>,
    pub plan: Plan,
    pub files: Vec<PathBuf>,
    pub submissions: Vec<Submission>,
    pub reconciled: Reconciled,
}

/// Reads the plan, last year's dataset and every file in `submissions/<year>/`, and reconciles them.
/// Last year's dataset is kept in [`Year::baseline`] only if `keep_baseline` (a build compares
/// against it); otherwise its actions move into this year's, which saves a copy of the history.
pub fn load(
    inputs_dir: &Path,
    year: Option<u16>,
    coverage: &Coverage,
    keep_baseline: bool,
) -> Result<Year> {
    let inputs = Inputs::new(inputs_dir);
    let step = progress::step(stage::BASELINE);
    let plan = inputs.plan()?;
    let year = match year {
        Some(y) => y,
        None => inputs.latest_year()?,
    };
    let baseline = inputs.baseline(year)?;
    let resolutions = inputs.resolutions(year)?;
    drop(step);
    let dir = inputs.submissions_dir(year);
    let files = ingest::submission_files(&dir)
        .map_err(|e| Error::io("read the submissions folder", &dir, e))?;
    let submissions = read(&files, |p| inputs.name(p));
    let step = progress::step(stage::RECONCILE);
    let (baseline, mut reconciled) = if keep_baseline {
        let r = reconcile::reconcile(&plan, baseline.as_ref(), year, &submissions, &resolutions);
        (baseline, r)
    } else {
        let r = reconcile::reconcile_owned(&plan, baseline, year, &submissions, &resolutions);
        (None, r)
    };
    // Text the documents could not print is a problem in the inputs, found before rendering.
    reconciled
        .findings
        .extend(glyphs::unprintable(&reconciled.dataset, coverage));
    crate::findings::sort(&mut reconciled.findings);
    drop(step);
    Ok(Year {
        year,
        baseline,
        plan,
        files,
        submissions,
        reconciled,
    })
}

/// Reads the files in parallel (within the command's `--jobs`), in their order, with a bar on a
/// terminal and, with `--verbose`, a line per file.
pub fn read(files: &[PathBuf], name: impl Fn(&Path) -> String + Sync) -> Vec<Submission> {
    let step = progress::counted(stage::INGEST, files.len(), "files");
    files
        .par_iter()
        .map(|path| {
            let started = Instant::now();
            let sub = ingest::read_file(path, &name(path));
            step.tick();
            progress::detail(format!(
                "  read {}: {} rows, {} updates, {} new actions ({:.0} ms)",
                sub.file,
                sub.rows,
                sub.updates.len(),
                sub.new_actions.len(),
                started.elapsed().as_secs_f64() * 1000.0
            ));
            sub
        })
        .collect()
}
