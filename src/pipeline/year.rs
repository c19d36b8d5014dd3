//! The first half of every build and check: one year's inputs, ingested and reconciled, and
//! checked against what the documents can print.

use std::path::{Path, PathBuf};
use std::time::Instant;

use rayon::prelude::*;

use crate::error::{Error, Result};
use crate::ingest::{self, Submission};
use crate::inputs::Inputs;
use crate::inputs::sieve::Sieve;
use crate::model::{Plan, Text};
use crate::progress::{self, stage};
use crate::reconcile::{self, Reconciled};
use crate::render::glyphs::{self, Coverage};

/// One year's inputs as read (the plan, this year's files and submissions, last year's dataset if
/// kept) and reconciled.
pub struct ReconciledYear {
    pub year: u16,
    /// Last year's dataset, if asked for and there is one.
    pub baseline: Option<crate::model::Dataset>,
    pub plan: Plan,
    pub files: Vec<PathBuf>,
    pub submissions: Vec<Submission>,
    pub reconciled: Reconciled,
    /// The narrative's files, when it was read.
    pub narrative_files: Vec<PathBuf>,
}

/// What a run needs of last year's dataset, besides what this year's takes from it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LastYear {
    /// Kept as read in [`ReconciledYear::baseline`]: a build compares this year's against it.
    Compared,
    /// Moved into this year's dataset, which saves a copy of the history.
    MovedIn,
    /// Moved, with the words of every text this year's inputs do not need let go as it is read
    /// (see [`Sieve`]): for a run that prints no document and writes no dataset (`check`).
    Sieved,
}

/// Reads the plan and every file in `submissions/<year>/`, then reconciles them (see
/// [`reconcile`]) and adds the findings on text the documents could not print.
pub fn load(
    inputs_dir: &Path,
    year: Option<u16>,
    coverage: &Coverage,
    last_year: LastYear,
) -> Result<ReconciledYear> {
    let inputs = Inputs::new(inputs_dir);
    let plan = inputs.plan()?;
    let year = match year {
        Some(y) => y,
        None => inputs.latest_year()?,
    };
    let dir = inputs.submissions_dir(year);
    let files = ingest::submission_files(&dir)
        .map_err(|e| Error::unreadable("read the submissions folder", &dir, e))?;
    let submissions = read(&files, |p| inputs.name(p));
    let mut loaded = reconcile(&inputs, plan, year, files, submissions, coverage, last_year)?;
    add_narrative(&inputs, &mut loaded, coverage);
    let started = Instant::now();
    let reconciled = &mut loaded.reconciled;
    // Text the documents could not print is a problem in the inputs, found before rendering.
    reconciled
        .findings
        .extend(glyphs::unprintable(&reconciled.dataset, coverage));
    crate::findings::sort(&mut reconciled.findings);
    // Part of reconciling, timed with it.
    progress::record(stage::RECONCILE, started.elapsed());
    Ok(loaded)
}

/// Reconciles submissions already read (`files`, in their order) with this year's resolutions
/// and last year's dataset, read as `last_year` says: the one way both a build and `check FILE…`
/// reconcile.
pub fn reconcile(
    inputs: &Inputs,
    plan: Plan,
    year: u16,
    files: Vec<PathBuf>,
    submissions: Vec<Submission>,
    coverage: &Coverage,
    last_year: LastYear,
) -> Result<ReconciledYear> {
    let resolutions = inputs.resolutions(year)?;
    // The submissions come first: they say which of last year's texts the sieve keeps.
    let step = progress::step(stage::BASELINE);
    let unprintable = |t: &Text| coverage.missing(t);
    let sieve = (last_year == LastYear::Sieved)
        .then(|| Sieve::new(year, &unprintable, &submissions, &resolutions));
    let mut baseline = inputs.baseline_sieved(year, sieve.as_ref())?;
    drop(step);
    // Last year's narrative, for `add_narrative`: this year's is read from its own files.
    let last_narrative = baseline
        .as_mut()
        .map(|b| std::mem::take(&mut b.narrative))
        .unwrap_or_default();
    let step = progress::step(stage::RECONCILE);
    let (baseline, reconciled) = if last_year == LastYear::Compared {
        let r = reconcile::reconcile(&plan, baseline.as_ref(), year, &submissions, &resolutions);
        (baseline, r)
    } else {
        let r = reconcile::reconcile_owned(&plan, baseline, year, &submissions, &resolutions);
        (None, r)
    };
    drop(step);
    let mut reconciled = reconciled;
    // Kept until `add_narrative` reads this year's.
    reconciled.dataset.narrative = last_narrative;
    Ok(ReconciledYear {
        year,
        baseline,
        plan,
        files,
        submissions,
        reconciled,
        narrative_files: Vec::new(),
    })
}

/// Reads this year's narrative into the dataset, with its findings and its Welsh parity, in
/// place of last year's, which it is compared with; the baseline keeps last year's for the
/// change summary.
fn add_narrative(inputs: &Inputs, year: &mut ReconciledYear, coverage: &Coverage) {
    let r = &mut year.reconciled;
    let last = std::mem::take(&mut r.dataset.narrative);
    let narrative = crate::narrative::load(&inputs.root, year.year, &last);
    r.findings.extend(narrative.findings);
    r.findings.extend(glyphs::unprintable_in_narrative(
        &narrative.pages,
        coverage,
        |at, lang| match lang {
            crate::model::Lang::En => narrative.english_at.get(at).cloned(),
            crate::model::Lang::Cy => narrative.welsh_at.get(at).cloned(),
        },
    ));
    r.findings.extend(crate::narrative::parity_findings(
        &narrative.pages,
        &narrative.welsh_at,
    ));
    r.dataset.narrative = narrative.pages;
    r.parity.add_narrative(&r.dataset.narrative);
    if let Some(baseline) = &mut year.baseline {
        baseline.narrative = last;
    }
    year.narrative_files = narrative.files;
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
