//! The build, owned by the library: one year's inputs in, the output folder out. [`build`] reads
//! top to bottom in the order of the work: load the year ([`year`]: ingest and reconcile), stage
//! the output folder, write the reports, render the Typst sources ([`sources`]) while Typst
//! compiles them ([`compile`]), write the dataset, the change summaries and the manifest
//! ([`outputs`]), and swap the staged folder in. The other runs of a year are here too: [`check`]
//! (ingest and reconcile only), the translation round trip ([`xliff`]) and the partner workbooks
//! ([`workbooks`]). Commands and `bench` call these functions; they only turn arguments into
//! options and results into words.

mod check;
mod compile;
pub mod feedback;
pub mod init;
mod jobs;
pub mod outputs;
pub mod publish;
pub mod sources;
pub mod workbooks;
pub mod xliff;
pub mod year;

use std::path::PathBuf;

pub use check::{Alone, Checked, YearFrom, check, status};
pub use jobs::{MAX_JOBS, with_jobs};
pub use year::{LastYear, ReconciledYear};

use crate::error::{Error, Result};
use crate::findings::{self, Severity};
use crate::fonts::Coverage;
use crate::inputs::apart::{Read, Writing, refuse_overlap};
use crate::output::staging::Staging;
use crate::process::interrupt;
use crate::progress;
use crate::report_templates::ReportTemplates;
use crate::typst::{Lookup, Typst};

/// What to build.
pub struct Options {
    /// The inputs folder.
    pub inputs: PathBuf,
    /// The output folder: the year's outputs go in `<output>/<year>/`.
    pub output: PathBuf,
    /// The year to build [default: the latest with a submissions folder].
    pub year: Option<u16>,
    /// Refuse to write PDFs while blocking problems remain.
    pub final_build: bool,
    /// A folder of templates overriding the built-in ones, file by file.
    pub templates: Option<PathBuf>,
    /// Where to find Typst.
    pub typst: Lookup,
}

/// How a build ended.
pub enum Built {
    /// A final build with blocking problems: the output folder is unchanged, no PDFs were
    /// written, and this run's reports are in `reports` (`output/<year>-failed-build/`).
    Refused { blocking: usize, reports: PathBuf },
    /// Every output written and swapped in: the build is complete.
    Complete(Complete),
}

/// What a complete build wrote.
pub struct Complete {
    /// Blocking problems remain: the documents are marked Draft / Drafft.
    pub blocking: usize,
    /// PDFs compiled by this build (the others were up to date).
    pub compiled: usize,
    /// The Typst that compiled them, if any needed compiling.
    pub typst: Option<Typst>,
    /// Every PDF, where it now is.
    pub pdfs: Vec<PathBuf>,
    /// `dataset.json`, where it now is.
    pub dataset: PathBuf,
}

/// The templates folder: the one given, else `report-templates/` in the current folder if present.
pub fn templates_dir(given: &Option<PathBuf>) -> Option<PathBuf> {
    given.clone().or_else(|| {
        let default = PathBuf::from("report-templates");
        default.is_dir().then_some(default)
    })
}

/// What the fonts of the templates (`given`, else `report-templates/` here if present) can print.
pub fn coverage(given: &Option<PathBuf>) -> Result<Coverage> {
    let templates = ReportTemplates::load(templates_dir(given).as_deref())?;
    Ok(Coverage::of(&templates))
}

/// Builds one year: the inputs folder in, `<output>/<year>/` out, all or nothing.
pub fn build(options: &Options) -> Result<Built> {
    interrupt::install()?;
    crate::output::refuse_non_unicode("--output", &options.output)?;
    refuse_overlap_output(options, None)?;
    let templates = ReportTemplates::load(options.templates.as_deref())?;
    // What the fonts can print: checked once, for the findings and for the documents.
    let coverage = Coverage::of(&templates);
    let mut year = year::load(&options.inputs, options.year, &coverage, LastYear::Compared)?;
    refuse_overlap_output(options, Some(year.year))?;
    // The house style the documents will be set in: its colours' contrast (warnings only).
    let style = crate::house_style::findings(&templates);
    if !style.is_empty() {
        year.reconciled.findings.extend(style);
        findings::sort(&mut year.reconciled.findings);
    }
    let blocking = findings::count(&year.reconciled.findings, Severity::Blocking);
    interrupt::check()?;

    // Everything goes to a work folder, swapped in for the output at the end (see `staging`).
    let target = options.output.join(year.year.to_string());
    // Typst runs in its build folder, so every path handed to it must be absolute.
    let target = std::path::absolute(&target).map_err(|e| Error::io("resolve", &target, e))?;
    let mut staging = Staging::begin(&target)?;
    let refused = options.final_build && blocking > 0;
    // Where this run's findings will be: a refused build's are never the published build's.
    let shown = if refused {
        staging.failed_dir()
    } else {
        target.clone()
    };
    outputs::reports(&mut staging, &year, &shown)?;
    if refused {
        let reports = staging.abandon()?;
        return Ok(Built::Refused { blocking, reports });
    }
    match documents(options, &staging, &year, &templates, &coverage, blocking) {
        Ok(complete) => {
            staging.commit()?;
            Ok(Built::Complete(complete))
        }
        // Interrupted: the work goes, and the output stays (see `Staging`'s drop).
        Err(e @ Error::Interrupted(_)) => Err(e),
        Err(e) => {
            // What stopped the build is the error; not keeping its reports is only said.
            match staging.abandon() {
                Ok(reports) => progress::say(format!(
                    "the build did not complete: {} is unchanged, this run's findings and parity reports are in {}",
                    target.display(),
                    reports.display()
                )),
                Err(kept) => progress::say(format!(
                    "the build did not complete: {} is unchanged; this run's reports could not be kept: {}",
                    target.display(),
                    kept.with_causes()
                )),
            }
            Err(e)
        }
    }
}

/// Refuses an output that overlaps the inputs or the templates (see [`crate::inputs::apart`]),
/// before anything is written: the output folder itself, and once the year is known every place
/// a build of it writes there.
fn refuse_overlap_output(options: &Options, year: Option<u16>) -> Result<()> {
    let mut reads = vec![Read {
        what: crate::inputs::apart::INPUTS,
        path: &options.inputs,
    }];
    if let Some(templates) = &options.templates {
        reads.push(Read {
            what: "the templates folder",
            path: templates,
        });
    }
    let paths = match year {
        Some(year) => crate::output::build_paths(&options.output, year),
        None => vec![options.output.clone()],
    };
    refuse_overlap(
        &reads,
        &Writing {
            flag: "--output",
            given: &options.output,
            suggest: "output",
            file: false,
            paths,
        },
    )
}

/// The web edition's pages, written into `<staged>/html/` (only those that changed); returns
/// their paths inside the output folder.
fn web_edition(
    staging: &Staging,
    year: &ReconciledYear,
    templates: &ReportTemplates,
    draft: bool,
    not_used: &std::collections::BTreeSet<crate::model::ActionId>,
) -> Result<Vec<String>> {
    let step = progress::step(progress::stage::WEB);
    let pages = crate::web::pages(&year.reconciled.dataset, templates, draft, not_used)?;
    let mut written = Vec::with_capacity(pages.len());
    for page in pages {
        let rel = format!("{}/{}", crate::web::FOLDER, page.path);
        crate::output::write_if_changed(&staging.path().join(&rel), page.html.as_bytes())?;
        written.push(rel);
    }
    drop(step);
    Ok(written)
}

/// The web edition's pages the last build made, kept as they are (see [`web_edition`]).
fn web_pages_kept(staging: &Staging) -> Vec<String> {
    let dir = staging.path().join(crate::web::FOLDER);
    let mut pages: Vec<String> = crate::output::files_under(&dir)
        .iter()
        .filter_map(|p| p.strip_prefix(staging.path()).ok())
        .map(crate::model::slashed)
        .collect();
    pages.sort();
    pages
}

/// The documents and everything after them, into the staged folder: the Typst sources and PDFs,
/// the dataset, the change summaries and, last, the manifest of exactly the files made.
fn documents(
    options: &Options,
    staging: &Staging,
    year: &ReconciledYear,
    templates: &ReportTemplates,
    coverage: &Coverage,
    blocking: usize,
) -> Result<Complete> {
    let summary = year
        .baseline
        .as_ref()
        .map(|b| crate::changes::summarise(b, &year.reconciled.dataset));
    let dataset_json = year.reconciled.dataset.to_json();
    let not_used = year.reconciled.updates_not_used();
    let render = sources::Render::new(
        sources::Documents {
            dataset: &year.reconciled.dataset,
            summary: summary.as_ref(),
            templates,
            coverage,
            draft: blocking > 0,
            not_used: &not_used,
        },
        &dataset_json,
        &crate::inputs::Inputs::new(&options.inputs).published_dataset(year.year - 1),
        &staging.path().join(sources::BUILD_DIR),
    )?;
    // The web edition needs no PDF: it is written while Typst compiles, not after; and not at
    // all when nothing it is made from has changed since the last build made it.
    let unchanged = render.unchanged() && staging.path().join(crate::web::FOLDER).is_dir();
    let (web, compiled) = std::thread::scope(|scope| {
        let web = scope.spawn(|| match unchanged {
            true => Ok(web_pages_kept(staging)),
            false => web_edition(staging, year, templates, blocking > 0, &not_used),
        });
        let compiled = compile::render_and_compile(
            staging.path(),
            &render,
            &options.typst,
            crate::dates::document_timestamp(&year.plan, year.year),
        );
        let web = web
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        (web, compiled)
    });
    // Typst's failure (or an interrupt) first: it is the one to tell.
    let compiled = compiled?;
    let web = web?;
    let dataset = outputs::outputs(
        staging,
        options,
        year,
        &dataset_json,
        summary.as_ref(),
        &outputs::Documents {
            stems: &compiled.stems,
            web: &web,
        },
        templates,
    )?;
    interrupt::check()?;
    let pdfs = compiled
        .stems
        .iter()
        .map(|stem| staging.published(&staging.path().join(format!("{stem}.pdf"))))
        .collect();
    Ok(Complete {
        blocking,
        compiled: compiled.compiled,
        typst: compiled.typst,
        pdfs,
        dataset: staging.published(&dataset),
    })
}
