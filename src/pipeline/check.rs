//! `check`'s work: a whole year, or the files named, ingested and reconciled without rendering;
//! last year's texts are sealed as they are read (see [`LastYear::Sieved`]).

use std::path::{Path, PathBuf};

use super::year::{self, LastYear};
use crate::error::{Error, Result};
use crate::findings::Ledger;
use crate::findings::{self, Code, Finding};
use crate::ingest::{self, Submission};
use crate::inputs::Inputs;
use crate::render::glyphs::unprintable_in_submission;

/// What a check found.
pub struct Checked {
    pub submissions: Vec<Submission>,
    pub findings: Vec<Finding>,
    /// Where every row went: when the files were reconciled against a plan.
    pub ledger: Option<Ledger>,
    /// The Welsh parity's summary: for a whole year.
    pub parity: Option<String>,
}

/// Checks `files` (folders are expanded) or, if there are none, the whole year.
pub fn check(inputs: &Path, year: Option<u16>, files: &[PathBuf]) -> Result<Checked> {
    if files.is_empty() {
        let coverage = &super::coverage(&None)?;
        let year = year::load(inputs, year, coverage, LastYear::Sieved)?;
        return Ok(Checked {
            parity: Some(year.reconciled.parity.summary()),
            submissions: year.submissions,
            findings: year.reconciled.findings,
            ledger: Some(year.reconciled.ledger),
        });
    }
    check_files(inputs, year, files)
}

/// Checks the named files. When the inputs folder has a plan, the files are also reconciled
/// against it and last year's dataset, so unknown actions and the like show; the findings that
/// only make sense for a whole year (actions nobody updated) are left out.
fn check_files(inputs_dir: &Path, year: Option<u16>, files: &[PathBuf]) -> Result<Checked> {
    let mut paths: Vec<PathBuf> = Vec::new();
    for p in files {
        if p.is_dir() {
            paths.extend(ingest::submission_files(p).map_err(|e| Error::io("read", p, e))?);
        } else {
            paths.push(p.clone());
        }
    }
    // Named as given, with `/` on every platform like every name in findings.
    let submissions = year::read(&paths, |p: &Path| crate::model::slashed(p));
    let coverage = &super::coverage(&None)?;
    // What the fonts cannot print, at each file's own cells: the whole-year check finds it in
    // the dataset, which a file checked alone has not joined.
    let unprintable: Vec<Finding> = submissions
        .iter()
        .flat_map(|s| unprintable_in_submission(s, coverage))
        .collect();
    let inputs = Inputs::new(inputs_dir);
    let (submissions, mut found, ledger) = if inputs.plan_path().is_file() {
        let plan = inputs.plan()?;
        let year = year
            .or_else(|| {
                submissions
                    .iter()
                    .find_map(|s| s.year.as_ref().map(|y| y.value))
            })
            .map_or_else(|| inputs.latest_year(), Ok)?;
        // Only these files' findings are reported, so the history's words are not needed.
        let checked = year::reconcile(
            &inputs,
            plan,
            year,
            paths,
            submissions,
            coverage,
            LastYear::Sieved,
        )?;
        let r = checked.reconciled;
        (checked.submissions, r.findings, Some(r.ledger))
    } else {
        let found = submissions
            .iter()
            .flat_map(|s| s.findings.iter().cloned())
            .collect();
        (submissions, found, None)
    };
    found.extend(unprintable);
    found.retain(|f| f.code != Code::NoUpdate);
    findings::sort(&mut found);
    Ok(Checked {
        submissions,
        findings: found,
        ledger,
        parity: None,
    })
}
