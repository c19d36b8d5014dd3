//! The build, owned by the library: one year's inputs in, the output folder out. A [`Build`] holds
//! what the build set up once, and its `run` reads top to bottom in the order of the work: load
//! the year ([`year`]: ingest and reconcile), stage the output folder, write the reports, render
//! the Typst sources ([`sources`]) while Typst compiles them ([`compile`]) and the web edition is
//! written, write the dataset, the change summaries and the manifest ([`outputs`]), and swap the
//! staged folder in. The other runs of a year are here too: [`check`] (ingest and reconcile
//! only), the translation round trip ([`xliff`]) and the partner workbooks ([`workbooks`]).
//! Commands and `bench` call these functions; they only turn arguments into options and results
//! into words.

mod build;
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

pub use build::Build;
pub use check::{Alone, Checked, Status, YearFrom, check, status};
pub use jobs::{MAX_JOBS, with_jobs};
pub use year::{LastYear, ReconciledYear};

use crate::error::Result;
use crate::fonts::Coverage;
use crate::report_templates::ReportTemplates;
use crate::typst::{Lookup, Typst};

/// What to build.
#[derive(Clone, Debug)]
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
    /// Threads for the whole build: files read and documents compiled at once [default: the
    /// number of cores, at most [`MAX_JOBS`]].
    pub jobs: Option<usize>,
}

/// How a build ended.
pub enum Built {
    /// A final build with blocking problems: the output folder is unchanged, no PDFs were
    /// published, and this run's reports are in `reports` (`output/<year>-failed-build/`), with
    /// the PDFs named in `pdfs` when what blocked is that they fail PDF/UA-1 or PDF/A-2a.
    Refused {
        blocking: usize,
        reports: PathBuf,
        pdfs: Vec<String>,
    },
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
    /// Blocking `pdf-conformance` findings: PDFs that fail PDF/UA-1 or PDF/A-2a (found once they
    /// were made, so not counted in `blocking`, which marks the PDFs Draft).
    pub conformance: usize,
    /// The PDFs (names in the output folder) those findings are about.
    pub failing: Vec<String>,
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

/// Builds one year: the inputs folder in, `<output>/<year>/` out, all or nothing (see [`Build`]).
pub fn build(options: Options) -> Result<Built> {
    Build::new(options)?.run()
}
