//! What a build writes besides the PDFs, into its staged output folder: the reports on the inputs
//! first (published even when the build fails), then the dataset, the change summaries and, last,
//! the manifest of everything read and written.

use std::path::{Path, PathBuf};

use super::ReconciledYear;
use crate::changes::{self, ChangeSummary};
use crate::error::{Error, Result};
use crate::findings::report::{self, FileRead};
use crate::findings::{Finding, Ledger};
use crate::ingest::Submission;
use crate::output::staging::Staging;
use crate::output::{self, manifest};
use crate::progress::{self, stage};

/// Writes findings.md, findings.json, parity.md and parity.json, which are published even if the
/// build fails after this, and tells the findings and what the year holds.
pub fn reports(staging: &mut Staging, year: &ReconciledYear) -> Result<()> {
    staging.publish_on_failure(&["findings.md", "findings.json", "parity.md", "parity.json"]);
    let out_dir = staging.path();
    let found = &year.reconciled.findings;
    let findings_md = out_dir.join("findings.md");
    output::write_if_changed(
        &findings_md,
        report::markdown(year.year, found, &year.reconciled.ledger).as_bytes(),
    )?;
    output::write_if_changed(
        &out_dir.join("findings.json"),
        findings_json(&year.submissions, found, Some(&year.reconciled.ledger)).as_bytes(),
    )?;
    let parity = &year.reconciled.parity;
    output::write_if_changed(
        &out_dir.join("parity.md"),
        parity.markdown(year.year).as_bytes(),
    )?;
    output::write_if_changed(&out_dir.join("parity.json"), parity.json().as_bytes())?;
    let mut err = std::io::stderr().lock();
    if progress::quiet() {
        report::print_blocking(&mut err, found)
    } else {
        let shown = staging.published(&findings_md);
        report::print_short(&mut err, found, &shown.display().to_string())
    }
    .map_err(|e| Error::Environment(e.to_string()))?;
    drop(err);
    let dataset = &year.reconciled.dataset;
    progress::say(format!(
        "{}: {} actions, {} updates this year from {} files",
        year.year,
        dataset.actions.len(),
        dataset
            .actions
            .iter()
            .filter(|a| a.update_for(year.year).is_some())
            .count(),
        year.files.len()
    ));
    progress::say(format!("{}: {} (parity.md)", year.year, parity.summary()));
    Ok(())
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

/// Writes dataset.json, the change summaries against last year and the manifest; returns where
/// dataset.json is.
pub fn outputs(
    staging: &Staging,
    inputs: &Path,
    year: &ReconciledYear,
    dataset_json: &str,
    summary: Option<&ChangeSummary>,
) -> Result<PathBuf> {
    let out_dir = staging.path();
    let step = progress::step(stage::OUTPUTS);
    let dataset_path = out_dir.join("dataset.json");
    output::write_if_changed(&dataset_path, dataset_json.as_bytes())?;
    if let Some(summary) = summary {
        write_changes(out_dir, summary, &staging.published(out_dir))?;
    }
    // Last: the fingerprints of everything this build read and wrote.
    let read = crate::inputs::Inputs::new(inputs).files_read(year.year, &year.files);
    let build_dir = out_dir.join("typst");
    let written: Vec<PathBuf> = manifest::files_under(out_dir)
        .into_iter()
        .filter(|p| !p.starts_with(&build_dir) && !p.ends_with("manifest.json"))
        .collect();
    let manifest = manifest::json(
        year.year,
        crate::typst::PINNED,
        inputs,
        &read,
        out_dir,
        &written,
    )?;
    output::write_if_changed(&out_dir.join("manifest.json"), manifest.as_bytes())?;
    drop(step);
    Ok(dataset_path)
}

/// Writes changes.md, changes.json and changes.csv into `dir` and says so, naming them in
/// `shown_dir` (where a build's work folder will be published).
pub fn write_changes(dir: &Path, summary: &ChangeSummary, shown_dir: &Path) -> Result<()> {
    for (name, text) in [
        ("changes.md", changes::markdown(summary)),
        ("changes.json", output::pretty_json(summary)),
        ("changes.csv", changes::csv(summary)),
    ] {
        output::write_if_changed(&dir.join(name), text.as_bytes())?;
    }
    progress::say(format!(
        "changes {} → {}: {} new actions, {} delivered or closed, {} open with no update, {} edits to published text ({})",
        summary.from_year,
        summary.to_year,
        summary.new_actions.len(),
        summary.finished.len(),
        summary.no_update.len(),
        summary.edits.len(),
        shown_dir.join("changes.md").display()
    ));
    Ok(())
}
