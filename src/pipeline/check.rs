//! `check`'s work: a whole year, or the files named, ingested and reconciled without rendering;
//! last year's texts are sealed as they are read (see [`LastYear::Sieved`]).

use std::path::{Path, PathBuf};

use super::year::{self, LastYear};
use crate::error::Result;
use crate::findings::Ledger;
use crate::findings::{self, Code, Finding};
use crate::fonts::unprintable_in_submission;
use crate::ingest::Submission;
use crate::input_file::Reads;
use crate::inputs::{Inputs, apart};

/// What a check found.
pub struct Checked {
    pub submissions: Vec<Submission>,
    pub findings: Vec<Finding>,
    /// Where every row went: when the files were reconciled against a plan.
    pub ledger: Option<Ledger>,
    /// The Welsh parity's summary: for a whole year.
    pub parity: Option<String>,
    /// Where each team's feedback was written: for a whole year.
    pub feedback: Option<PathBuf>,
    /// Set when the files were checked with no plan (a partner's own check): for which year.
    pub alone: Option<Alone>,
    /// The inputs folder the files checked are in, used because `--inputs` has no plan.
    pub plan_of_the_files: Option<PathBuf>,
}

/// A check of files with no plan (see [`crate::reconcile::alone`]): the year they were checked
/// as a submission for, and how it was chosen.
pub struct Alone {
    pub year: u16,
    pub chosen: YearFrom,
    /// Whether any returned translation units were read.
    pub translations: bool,
}

/// Where the year of a check comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum YearFrom {
    /// `--year`.
    Asked,
    /// The `submissions/<year>/` folder the files are in.
    Folder,
    /// The year the files give (an XML `year`).
    File,
    /// The year a workbook was made for (see [`crate::ingest::YEAR_NAME`]).
    Workbook,
    /// Nothing gives one: this calendar year.
    Today,
}

/// Checks `files` (folders are expanded) or, if there are none, the whole year, writing each
/// team's feedback into `<output>/<year>-check/feedback/`.
pub fn check(
    inputs: &Path,
    year: Option<u16>,
    files: &[PathBuf],
    output: &Path,
) -> Result<Checked> {
    if files.is_empty() {
        // The feedback is written beside the inputs, never into them: the output folder is
        // checked at once, its year's folder once the year is known.
        let apart = |path: PathBuf| {
            apart::refuse_overlap(
                &[apart::Read {
                    what: crate::inputs::apart::INPUTS,
                    path: inputs,
                }],
                &apart::Writing {
                    flag: "--output",
                    given: output,
                    suggest: "output",
                    file: false,
                    paths: vec![path],
                },
            )
        };
        apart(output.to_path_buf())?;
        let coverage = &super::coverage(&None)?;
        let year = year::load(
            &Inputs::new(inputs),
            year,
            coverage,
            LastYear::Sieved,
            Vec::new(),
        )?;
        apart(super::feedback::check_dir(output, year.year))?;
        let r = year.reconciled;
        let teams = crate::teams::of(&r.dataset, &year.submissions, &r.findings, &r.unused);
        let feedback = super::feedback::write_check(output, &r.dataset, &teams)?;
        return Ok(Checked {
            parity: Some(r.parity.summary()),
            submissions: year.submissions,
            findings: r.findings,
            ledger: Some(r.ledger),
            feedback: Some(feedback),
            alone: None,
            plan_of_the_files: None,
        });
    }
    // No plan in `--inputs`: the one the files are in, if they are all in one.
    let found = match Inputs::new(inputs).plan_path().is_file() {
        true => None,
        false => plan_the_files_are_in(files),
    };
    let mut checked = check_files(found.as_deref().unwrap_or(inputs), year, files)?;
    checked.plan_of_the_files = found;
    Ok(checked)
}

/// Where each team stands in the year (the latest if `None`): `status`'s table.
pub fn status(inputs: &Path, year: Option<u16>) -> Result<Status> {
    let coverage = &super::coverage(&None)?;
    let year = year::load(
        &Inputs::new(inputs),
        year,
        coverage,
        LastYear::Sieved,
        Vec::new(),
    )?;
    let r = &year.reconciled;
    Ok(Status {
        year: year.year,
        teams: crate::teams::of(&r.dataset, &year.submissions, &r.findings, &r.unused),
        parity: r.parity.summary(),
    })
}

/// Where the year stands: each team, and the Welsh parity's summary.
pub struct Status {
    pub year: u16,
    pub teams: Vec<crate::teams::TeamStatus>,
    /// "Welsh: 5 of 7 texts translated, 2 missing, 0 stale": Welsh that is not Welsh is missing.
    pub parity: String,
}

/// The year of the `submissions/<year>/` folder `file` is in, if it is in one.
fn year_folder(file: &Path) -> Option<u16> {
    in_year_folder(file.parent()?).map(|(_, year)| year)
}

/// The inputs folder and year of a year folder (`<inputs>/submissions/<year>`).
fn in_year_folder(folder: &Path) -> Option<(&Path, u16)> {
    let submissions = folder.parent()?;
    let year = folder.file_name()?.to_str()?.parse().ok()?;
    (submissions.file_name()? == "submissions" && crate::inputs::YEARS.contains(&year))
        .then(|| (submissions.parent().unwrap_or(Path::new("")), year))
}

/// The inputs folder with a plan that every file or folder checked is in
/// (`<plan>/submissions/<year>/…`): a coordinator checking `my-plan/submissions/2026/team.xlsx`
/// means `my-plan`'s plan.
fn plan_the_files_are_in(files: &[PathBuf]) -> Option<PathBuf> {
    let mut found: Option<PathBuf> = None;
    for file in files {
        let folder = match file.is_dir() {
            true => file.as_path(),
            false => file.parent()?,
        };
        let (plan, _) = in_year_folder(folder)?;
        let plan = match plan.as_os_str().is_empty() {
            true => Path::new("."),
            false => plan,
        };
        if !plan.join("plan.toml").is_file() || found.as_deref().is_some_and(|f| f != plan) {
            return None;
        }
        found = Some(plan.to_path_buf());
    }
    found
}

/// Checks the named files. When the inputs folder has a plan, the files are reconciled against it
/// and last year's dataset, so unknown actions and the like show; without one, on their own (see
/// [`crate::reconcile::alone`]). The findings that only make sense for a whole year (actions
/// nobody updated) are left out.
fn check_files(inputs_dir: &Path, year: Option<u16>, files: &[PathBuf]) -> Result<Checked> {
    // Named as given, with `/` on every platform like every name in findings.
    let name = |p: &Path| crate::model::slashed(p);
    let mut paths: Vec<PathBuf> = Vec::new();
    let mut refused = Vec::new();
    for p in files {
        if p.is_dir() {
            // Links are followed inside the inputs folder, if the folder is in it, else inside
            // the folder itself.
            let inside = apart::resolve(p).starts_with(apart::resolve(inputs_dir));
            let (root, within) = match inside {
                true => (inputs_dir, "the inputs folder".to_string()),
                false => (p.as_path(), format!("the folder checked ({})", name(p))),
            };
            let listing = year::list(p, root, &within, name)?;
            refused.extend(listing.refused_submissions(name));
            paths.extend(listing.files);
        } else {
            paths.push(p.clone());
        }
    }
    // Files named on the command line: no build's inputs, so what is read is not kept.
    let mut submissions = year::read(&paths, name, &Reads::default());
    submissions.extend(refused);
    let coverage = &super::coverage(&None)?;
    // What the fonts cannot print, at each file's own cells: the whole-year check finds it in
    // the dataset, which a file checked alone has not joined.
    let unprintable: Vec<Finding> = submissions
        .iter()
        .flat_map(|s| unprintable_in_submission(s, coverage))
        .collect();
    let inputs = Inputs::new(inputs_dir);
    // The year asked for, else the year folder the files are in (as a build would read them),
    // else the year the files give.
    let given = year
        .map(|y| (y, YearFrom::Asked))
        .or_else(|| {
            paths
                .iter()
                .find_map(|p| year_folder(p))
                .map(|y| (y, YearFrom::Folder))
        })
        .or_else(|| {
            submissions
                .iter()
                .find_map(|s| s.year.as_ref().map(|y| (y.value, YearFrom::File)))
        })
        .or_else(|| {
            submissions
                .iter()
                .find_map(|s| s.workbook_year.map(|y| (y, YearFrom::Workbook)))
        });
    let (submissions, mut found, ledger, alone) = if inputs.plan_path().is_file() {
        let plan = inputs.plan()?;
        // Asked for or the folder's: it must be a year that can be built. The year the files
        // give, if it can be built; else the year to build.
        let year = match given {
            Some((year, YearFrom::Asked | YearFrom::Folder)) => inputs.year_to_build(Some(year))?,
            Some((year, YearFrom::File | YearFrom::Workbook | YearFrom::Today)) => {
                match inputs.year_to_build(Some(year)) {
                    Ok(year) => year,
                    Err(_) => inputs.year_to_build(None)?,
                }
            }
            None => inputs.year_to_build(None)?,
        };
        // Only these files' findings are reported, so the history's words are not needed.
        let checked = year::reconcile(
            &inputs,
            plan,
            year,
            paths,
            submissions,
            year::Reading {
                coverage,
                last_year: LastYear::Sieved,
                // Only these files: the narrative is the whole year's.
                narrative: false,
            },
        )?;
        let r = checked.reconciled;
        (checked.submissions, r.findings, r.ledger, None)
    } else {
        // No plan: a partner's own check. The files are reconciled on their own, for the year
        // they give, else this one.
        let (year, chosen) = given.unwrap_or_else(|| (crate::dates::this_year(), YearFrom::Today));
        let r = crate::reconcile::alone(year, &submissions);
        let translations = submissions.iter().any(|s| !s.translations.is_empty());
        let alone = Alone {
            year,
            chosen,
            translations,
        };
        (submissions, r.findings, r.ledger, Some(alone))
    };
    found.extend(unprintable);
    found.retain(|f| f.code != Code::NoUpdate);
    findings::sort(&mut found);
    Ok(Checked {
        submissions,
        findings: found,
        ledger: Some(ledger),
        parity: None,
        feedback: None,
        alone,
        plan_of_the_files: None,
    })
}
