//! The tool's own work at one scale, without Typst: reading last year's dataset, ingest,
//! reconcile and template rendering in this process; `check` as a child process for its wall time
//! and peak memory; and ingest against a bare calamine read of the same spreadsheets.

use std::path::{Path, PathBuf};
use std::time::Duration;

use calamine::{Reader, open_workbook_auto};
use serde::Serialize;

use super::measure::{self, best};
use crate::error::{Error, Result};
use crate::fonts::Coverage;
use crate::inputs::Inputs;
use crate::pipeline::{self, sources, year};
use crate::progress::{self, stage};
use crate::report_templates::ReportTemplates;

#[derive(Clone, Debug, Serialize)]
pub struct Pipeline {
    /// Reading `plan.toml`, last year's `dataset.json` and the resolutions.
    #[serde(serialize_with = "super::seconds")]
    pub baseline: Duration,
    #[serde(serialize_with = "super::seconds")]
    pub ingest: Duration,
    #[serde(serialize_with = "super::seconds")]
    pub reconcile: Duration,
    /// All of the above: `check`'s work, the best of the runs.
    #[serde(serialize_with = "super::seconds")]
    pub ingest_reconcile: Duration,
    /// Handlebars → Typst source for every document, and the bytes of source.
    pub render: Option<Render>,
    /// `annual-update check` of the whole year, as a process.
    #[serde(serialize_with = "super::seconds")]
    pub check_wall: Duration,
    pub check_peak_memory: Option<u64>,
    pub spreadsheets: usize,
    /// Ingest of the spreadsheets alone, one thread.
    #[serde(serialize_with = "super::seconds")]
    pub spreadsheet_ingest: Duration,
    /// Opening each spreadsheet and touching every cell of every sheet, one thread: the floor.
    #[serde(serialize_with = "super::seconds")]
    pub bare_calamine: Duration,
}

/// Measures the inputs folder `inputs` (whose submissions are `files`), best of `runs`; the
/// templates too if `render_too`.
pub fn measure(
    inputs: &Path,
    files: &[PathBuf],
    runs: usize,
    render_too: bool,
) -> Result<Pipeline> {
    let templates = ReportTemplates::load(None)?;
    let coverage = Coverage::of(&templates);
    // As `check` does it: last year's dataset moves into this year's.
    // (Each run's result is freed outside the timing, as check leaves that to the system.)
    let (ingest_reconcile, (timings, loaded)) = best(runs, || {
        progress::take_timings();
        let loaded = pipeline::with_jobs(None, || {
            year::load(
                &Inputs::new(inputs),
                None,
                &coverage,
                year::LastYear::Sieved,
                Vec::new(),
            )
        })?;
        Ok((progress::take_timings(), loaded))
    })?;
    let found = &loaded.reconciled.findings;
    let blocking = crate::findings::count(found, crate::findings::Severity::Blocking);
    drop(loaded);
    if blocking > 0 {
        return Err(Error::Input(format!(
            "the synthetic inputs in {} have {}",
            inputs.display(),
            progress::count(blocking, "blocking finding", "blocking findings")
        )));
    }
    let render = if render_too {
        Some(render_time(inputs, &templates, &coverage, runs)?)
    } else {
        None
    };

    let check = best(runs, || {
        let inputs = inputs.to_string_lossy();
        let child = measure::this_binary(Path::new("."), &["-q", "check", "--inputs", &inputs])?;
        if !child.success {
            return Err(Error::Render(format!("check failed: {}", child.stderr)));
        }
        Ok(child)
    })?
    .1;

    let sheets: Vec<&PathBuf> = files
        .iter()
        .filter(|p| crate::ingest::Format::of(p) == Some(crate::ingest::Format::Spreadsheet))
        .collect();
    let (spreadsheet_ingest, _) = best(runs, || {
        for p in &sheets {
            crate::ingest::read_file(p, &p.display().to_string());
        }
        Ok(())
    })?;
    let (bare_calamine, _) = best(runs, || {
        Ok(sheets.iter().map(|p| bare_read(p)).sum::<usize>())
    })?;
    Ok(Pipeline {
        baseline: progress::time_of(&timings, stage::BASELINE),
        ingest: progress::time_of(&timings, stage::INGEST),
        reconcile: progress::time_of(&timings, stage::RECONCILE),
        ingest_reconcile,
        render,
        check_wall: check.wall,
        check_peak_memory: check.peak_memory,
        spreadsheets: sheets.len(),
        spreadsheet_ingest,
        bare_calamine,
    })
}

#[derive(Clone, Debug, Serialize)]
pub struct Render {
    #[serde(serialize_with = "super::seconds")]
    pub time: Duration,
    pub typst_source_bytes: usize,
}

/// Rendering as `build` does it, with last year's dataset kept for the change summaries.
fn render_time(
    inputs: &Path,
    templates: &ReportTemplates,
    coverage: &Coverage,
    runs: usize,
) -> Result<Render> {
    let loaded = pipeline::with_jobs(None, || {
        year::load(
            &Inputs::new(inputs),
            None,
            coverage,
            year::LastYear::Compared,
            Vec::new(),
        )
    })?;
    let dataset = &loaded.reconciled.dataset;
    let summary = loaded
        .baseline
        .as_ref()
        .map(|b| crate::changes::summarise(b, dataset));
    let (time, typst_source_bytes) = best(runs, || {
        // Set up as a build does, once for its documents.
        let prepared = crate::render::Prepared::new(templates)?;
        let docs = sources::Documents {
            dataset,
            summary: summary.as_ref(),
            prepared: &prepared,
            coverage,
            draft: false,
            not_used: &Default::default(),
        }
        .all()?;
        Ok(docs.iter().map(|d| d.typst.len()).sum::<usize>())
    })?;
    Ok(Render {
        time,
        typst_source_bytes,
    })
}

/// Every cell of every sheet, as text: what any reader must at least do.
fn bare_read(path: &Path) -> usize {
    let Ok(mut wb) = open_workbook_auto(path) else {
        return 0;
    };
    let names = wb.sheet_names();
    names
        .iter()
        .filter_map(|n| wb.worksheet_range(n).ok())
        .map(|range| {
            range
                .rows()
                .flat_map(|r| r.iter())
                .map(|c| c.to_string().len())
                .sum::<usize>()
        })
        .sum()
}
