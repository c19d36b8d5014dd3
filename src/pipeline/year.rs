//! The first half of every build and check: one year's inputs, ingested and reconciled, and
//! checked against what the documents can print.

use std::path::{Path, PathBuf};
use std::time::Instant;

use rayon::prelude::*;

use crate::error::{Error, Result};
use crate::findings::{Code, Finding};
use crate::fonts::{self, Coverage};
use crate::ingest::{self, Submission};
use crate::input_file::Reads;
use crate::inputs::Inputs;
use crate::inputs::sieve::Sieve;
use crate::model::{Lang, Plan, Text};
use crate::progress::{self, stage};
use crate::reconcile::{self, Reconciled};

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

/// Reads the plan and every file in `submissions/<year>/` (each noted in `inputs.reads` as it is
/// read), then reconciles them (see [`reconcile`]) and adds the findings on text the documents
/// could not print and on the year as a whole, and `also` (the house style's, say): every finding
/// of the year, sorted once.
pub fn load(
    inputs: &Inputs,
    year: Option<u16>,
    coverage: &Coverage,
    last_year: LastYear,
    also: Vec<Finding>,
) -> Result<ReconciledYear> {
    let plan = inputs.read_plan()?;
    let year = inputs.year_to_build(year)?;
    let dir = inputs.submissions_dir(year);
    let name = |p: &Path| inputs.name(p);
    let listing = list(&dir, &inputs.root, "the inputs folder", name)?;
    let mut submissions = read(&listing.files, name, &inputs.reads);
    // What is there but cannot be read is reported like a file that cannot be.
    submissions.extend(listing.refused_submissions(name));
    let files = listing.files;
    let mut loaded = reconcile(
        inputs,
        plan.plan.clone(),
        year,
        files,
        submissions,
        Reading {
            coverage,
            last_year,
            narrative: true,
        },
    )?;
    let started = Instant::now();
    let reconciled = &mut loaded.reconciled;
    // Text the documents could not print is a problem in the inputs, found before rendering.
    reconciled
        .findings
        .extend(fonts::unprintable(&reconciled.dataset, coverage));
    // What a whole year needs that no one file gives: a finished plan, a date, actions at all,
    // and no partner files left unread in a later year's folder.
    reconciled.findings.extend(plan.unfinished(year));
    reconciled.findings.extend(inputs.later_year_folders(year));
    if reconciled.dataset.actions.is_empty() {
        reconciled.findings.push(no_actions(year));
    }
    reconciled.findings.extend(also);
    crate::findings::sort(&mut reconciled.findings);
    // Part of reconciling, timed with it.
    progress::record(stage::RECONCILE, started.elapsed());
    Ok(loaded)
}

/// The finding for a year whose dataset has no action at all: nothing to publish.
fn no_actions(year: u16) -> Finding {
    Finding::blocking(
        Code::NoActions,
        format!("the plan has no actions, so the {year} edition would have nothing in it"),
    )
    .fix("a plan's actions start as new actions from the teams that lead them: each team fills in the New actions sheet of its workbook (`annual-update template` writes one per team) or sends <new-action> elements in its XML")
}

/// How [`reconcile`] reads what is not a submission.
pub struct Reading<'a> {
    /// What the fonts can print, for the narrative's findings and the sieve.
    pub coverage: &'a Coverage,
    pub last_year: LastYear,
    /// Whether to read this year's narrative (a whole year's run) or not (`check FILE…`).
    pub narrative: bool,
}

/// Reconciles submissions already read (`files`, in their order) with this year's resolutions
/// and last year's dataset, and this year's narrative, as `how` says: the one way both a build
/// and `check FILE…` reconcile. The findings are in no order: the caller sorts them once it has
/// added its own.
pub fn reconcile(
    inputs: &Inputs,
    plan: Plan,
    year: u16,
    files: Vec<PathBuf>,
    submissions: Vec<Submission>,
    how: Reading,
) -> Result<ReconciledYear> {
    let Reading {
        coverage,
        last_year,
        narrative: with_narrative,
    } = how;
    let resolutions = inputs.resolutions(year)?;
    // The submissions come first: they say which of last year's texts the sieve keeps.
    let step = progress::step(stage::BASELINE);
    let unprintable = |t: &Text| coverage.missing(t);
    let sieve = (last_year == LastYear::Sieved)
        .then(|| Sieve::new(year, &unprintable, &submissions, &resolutions));
    let mut baseline = inputs.baseline_sieved(year, sieve.as_ref())?;
    drop(step);
    // Last year's narrative is compared with this year's, read from its own files.
    let last_narrative = baseline
        .as_mut()
        .map(|b| std::mem::take(&mut b.narrative))
        .unwrap_or_default();
    let mut narrative = if with_narrative {
        crate::narrative::load(&inputs.root, year, &last_narrative, &inputs.reads)
    } else {
        crate::narrative::Narrative::default()
    };
    // The narrative's own findings, and the characters in it no font has, at their places.
    let mut narrative_findings = std::mem::take(&mut narrative.findings);
    narrative_findings.extend(fonts::unprintable_in_narrative(
        &narrative.pages,
        coverage,
        |at, lang| match lang {
            Lang::En => narrative.english_at.get(at).cloned(),
            Lang::Cy => narrative.welsh_at.get(at).cloned(),
        },
    ));
    let step = progress::step(stage::RECONCILE);
    let (mut baseline, mut reconciled) = if last_year == LastYear::Compared {
        let r = reconcile::reconcile_with(
            &plan,
            baseline.clone(),
            year,
            &submissions,
            &resolutions,
            narrative,
        );
        (baseline, r)
    } else {
        let r =
            reconcile::reconcile_with(&plan, baseline, year, &submissions, &resolutions, narrative);
        (None, r)
    };
    drop(step);
    reconciled.findings.extend(narrative_findings);
    if let Some(baseline) = &mut baseline {
        baseline.narrative = last_narrative;
    }
    Ok(ReconciledYear {
        year,
        baseline,
        plan,
        files,
        submissions,
        reconciled,
    })
}

/// Lists the submissions folder `dir` (see [`ingest::list_submissions`]: links are followed only
/// inside `root`, which messages call `within`) and says, with `--verbose`, each file left out on
/// purpose and why, named by `name`.
pub fn list(
    dir: &Path,
    root: &Path,
    within: &str,
    name: impl Fn(&Path) -> String,
) -> Result<ingest::Listing> {
    let listing = ingest::list_submissions(dir, root, within)
        .map_err(|e| Error::unreadable("read the submissions folder", dir, e))?;
    for (path, why) in &listing.skipped {
        progress::detail(format!("  skipped {}: {why}", name(path)));
    }
    Ok(listing)
}

/// Reads the files in parallel (within the command's `--jobs`), in their order, noting each in
/// `reads`, with a bar on a terminal and, with `--verbose`, a line per file.
pub fn read(
    files: &[PathBuf],
    name: impl Fn(&Path) -> String + Sync,
    reads: &Reads,
) -> Vec<Submission> {
    let step = progress::counted(stage::INGEST, files.len(), ("file", "files"));
    files
        .par_iter()
        .map(|path| {
            let started = Instant::now();
            let sub = ingest::read_file_noted(path, &name(path), reads);
            step.tick();
            progress::detail(format!(
                "  read {}: {}, {}, {} ({:.0} ms)",
                sub.file,
                progress::count(sub.rows, "row", "rows"),
                progress::count(sub.updates.len(), "update", "updates"),
                progress::count(sub.new_actions.len(), "new action", "new actions"),
                started.elapsed().as_secs_f64() * 1000.0
            ));
            sub
        })
        .collect()
}
