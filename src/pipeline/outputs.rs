//! What a build writes besides the PDFs, into its staged output folder: the reports on the inputs
//! first (shown even when the build does not complete), then the dataset, the change summaries
//! and, last, the manifest. What a build makes is named here once ([`made`]): the folder is swept
//! to exactly those files and the manifest lists exactly them.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use super::{Build, ReconciledYear, sources};
use crate::changes::{self, ChangeSummary};
use crate::error::{Error, Result};
use crate::findings::report::{self, FileRead};
use crate::findings::{Finding, Ledger};
use crate::ingest::Submission;
use crate::output::staging::Staging;
use crate::output::{self, manifest};
use crate::progress::{self, stage};
use crate::report_templates::ReportTemplates;

/// The reports on the inputs, which a build that does not complete still shows.
const REPORTS: [&str; 4] = ["findings.md", "findings.json", "parity.md", "parity.json"];
/// The change summary's files for programs and email, beside its PDFs.
pub const CHANGES: [&str; 3] = ["changes.md", "changes.json", "changes.csv"];

/// Writes findings.md, findings.json, parity.md, parity.json and each team's feedback file, and
/// tells the findings and what the year holds, naming the findings as they will be in
/// `shown_dir`.
pub fn reports(staging: &mut Staging, year: &ReconciledYear, shown_dir: &Path) -> Result<()> {
    staging.reports(REPORTS.map(String::from));
    let out_dir = staging.path();
    let found = &year.reconciled.findings;
    write_findings(out_dir, year, found)?;
    let parity = &year.reconciled.parity;
    output::write_if_changed(
        &out_dir.join("parity.md"),
        parity.markdown(year.year).as_bytes(),
    )?;
    output::write_if_changed(&out_dir.join("parity.json"), parity.json().as_bytes())?;
    let r = &year.reconciled;
    let teams = crate::teams::of(&r.dataset, &year.submissions, found, &r.unused);
    let feedback = super::feedback::write(out_dir, &year.reconciled.dataset, &teams)?;
    staging.reports(feedback);
    tell(found, shown_dir)?;
    let dataset = &year.reconciled.dataset;
    let updated = dataset
        .actions
        .iter()
        .filter(|a| a.update_for(year.year).is_some())
        .count();
    progress::say(format!(
        "{}: {}, {} this year from {}",
        year.year,
        progress::count(dataset.actions.len(), "action", "actions"),
        progress::count(updated, "update", "updates"),
        progress::count(year.files.len(), "file", "files")
    ));
    progress::say(format!("{}: {} (parity.md)", year.year, parity.summary()));
    Ok(())
}

/// Rewrites findings.md and findings.json with `more` (found once the PDFs were made) beside the
/// findings on the inputs, and tells `more` on the terminal as [`reports`] told the rest, naming
/// the findings as they will be in `shown_dir`.
pub fn add_findings(
    staging: &Staging,
    year: &ReconciledYear,
    more: &[Finding],
    shown_dir: &Path,
) -> Result<()> {
    let mut found = year.reconciled.findings.clone();
    found.extend_from_slice(more);
    crate::findings::sort(&mut found);
    write_findings(staging.path(), year, &found)?;
    progress::say("the PDFs, checked against PDF/UA-1 and PDF/A-2a:");
    tell(more, shown_dir)
}

/// Writes `found` as `findings.md` and `findings.json` in `dir`, with the year's ledger: for a
/// build, and for each update of `watch`'s preview.
pub fn write_findings(dir: &Path, year: &ReconciledYear, found: &[Finding]) -> Result<()> {
    let ledger = &year.reconciled.ledger;
    output::write_if_changed(
        &dir.join("findings.md"),
        report::markdown(year.year, found, ledger).as_bytes(),
    )?;
    output::write_if_changed(
        &dir.join("findings.json"),
        findings_json(&year.submissions, found, Some(ledger)).as_bytes(),
    )
}

/// Tells `found` on the terminal: the blocking ones with `--quiet`, else in short with where
/// all of them will be (`shown_dir`'s findings.md).
fn tell(found: &[Finding], shown_dir: &Path) -> Result<()> {
    let mut err = std::io::stderr().lock();
    if progress::quiet() {
        report::print_blocking(&mut err, found)
    } else {
        let shown = shown_dir.join("findings.md");
        report::print_short(&mut err, found, &shown.display().to_string())
    }
    .map_err(|e| Error::Environment(e.to_string()))
}

/// The findings for machines (findings.json, `check --format json`), with what each file gave.
pub fn findings_json(
    submissions: &[Submission],
    found: &[Finding],
    ledger: Option<&Ledger>,
) -> String {
    let files: Vec<FileRead> = submissions
        .iter()
        .map(|s| FileRead {
            file: &s.file,
            rows: s.rows,
            updates: s.updates.len(),
            new_actions: s.new_actions.len(),
            translations: s.translations.len(),
        })
        .collect();
    report::json(&files, found, ledger)
}

/// Writes dataset.json and the change summaries against last year, removes every file this build
/// did not make (besides its reports and the `documents`), and
/// writes the manifest of exactly the files left and of every input the build read (its blocking
/// count takes in what checking the PDFs found); returns
/// where dataset.json is.
pub fn outputs(
    build: &Build,
    staging: &Staging,
    year: &ReconciledYear,
    dataset_json: &str,
    summary: Option<&ChangeSummary>,
    documents: &Documents,
) -> Result<PathBuf> {
    let out_dir = staging.path();
    let step = progress::step(stage::OUTPUTS);
    let dataset_path = out_dir.join("dataset.json");
    output::write_if_changed(&dataset_path, dataset_json.as_bytes())?;
    if let Some(summary) = summary {
        write_changes(out_dir, summary, &staging.published(out_dir))?;
    }
    let mut made = made(
        out_dir,
        summary.is_some(),
        documents.stems,
        &build.templates,
    );
    made.extend(
        staging
            .reported()
            .iter()
            .chain(documents.web)
            .map(|rel| out_dir.join(rel)),
    );
    staging.keep_only(&made)?;
    // Last: the fingerprints of everything this build read (as it read it) and wrote.
    let manifest_path = out_dir.join(MANIFEST);
    let written: Vec<PathBuf> = made.into_iter().filter(|p| *p != manifest_path).collect();
    let blocking =
        |found: &[Finding]| crate::findings::count(found, crate::findings::Severity::Blocking);
    let kind = manifest::Kind {
        final_build: build.options.final_build,
        blocking: blocking(&year.reconciled.findings) + blocking(documents.found),
    };
    let manifest = manifest::json(
        year.year,
        crate::typst::PINNED,
        kind,
        &build.inputs.root,
        &build.inputs.reads.all(),
        out_dir,
        &written,
    )?;
    output::write_if_changed(&manifest_path, manifest.as_bytes())?;
    drop(step);
    Ok(dataset_path)
}

/// The documents a build made before its outputs: each PDF's stem, the web edition's pages
/// (paths inside the output folder), and what checking the PDFs found.
pub struct Documents<'a> {
    pub stems: &'a [String],
    pub web: &'a [String],
    pub found: &'a [Finding],
}

/// The manifest's name in the output folder.
pub const MANIFEST: &str = "manifest.json";

/// Every file a build makes in `out_dir` besides its reports (named as they are written, see
/// [`reports`]) and web pages: the dataset, the manifest, the change summary's files when there
/// is a last year, each document's PDF, and the Typst build folder (each document's source and
/// its compile record, the house style, the fonts, the render record).
fn made(
    out_dir: &Path,
    changes: bool,
    stems: &[String],
    templates: &ReportTemplates,
) -> BTreeSet<PathBuf> {
    let build_dir = out_dir.join(sources::BUILD_DIR);
    let mut made: BTreeSet<PathBuf> = ["dataset.json", MANIFEST]
        .iter()
        .chain(if changes { &CHANGES[..] } else { &[] })
        .map(|name| out_dir.join(name))
        .collect();
    for stem in stems {
        let source = build_dir.join(format!("{stem}.typ"));
        made.insert(out_dir.join(format!("{stem}.pdf")));
        made.insert(crate::typst::Job::record_of(&source));
        made.insert(crate::conformance::record_of(&source));
        made.insert(source);
    }
    made.extend(sources::support_files(templates).map(|name| build_dir.join(name)));
    made
}

/// Writes changes.md, changes.json and changes.csv into `dir` and says so, naming them in
/// `shown_dir` (where a build's work folder will be published).
pub fn write_changes(dir: &Path, summary: &ChangeSummary, shown_dir: &Path) -> Result<()> {
    let texts = [
        changes::markdown(summary),
        output::pretty_json(summary),
        changes::csv(summary),
    ];
    for (name, text) in CHANGES.iter().zip(texts) {
        output::write_if_changed(&dir.join(name), text.as_bytes())?;
    }
    progress::say(format!(
        "changes {} → {}: {}, {} delivered or closed, {} open with no update, {} to published text ({})",
        summary.from_year,
        summary.to_year,
        progress::count(summary.new_actions.len(), "new action", "new actions"),
        summary.finished.len(),
        summary.no_update.len(),
        progress::count(summary.edits.len(), "edit", "edits"),
        shown_dir.join("changes.md").display()
    ));
    Ok(())
}
