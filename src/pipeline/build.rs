//! One build of one year, held as mdBook's `MDBook`, zola's `Site` and typst-cli's
//! `CompileConfig` hold theirs: [`Build::new`] sets up once what every step uses (the options, the
//! threads, the inputs folder with the record of every file read from it, the templates and what
//! their fonts can print), and [`Build::run`] is the order of the work, top to bottom. A step on
//! each PDF as soon as it is compiled belongs in [`super::compile`] (where each Typst run
//! ends), a step on all of them once every one is, in [`Build::documents`] (where it says so).

use std::collections::BTreeSet;

use super::compile;
use super::year::{self, LastYear, ReconciledYear};
use super::{Built, Complete, Options, jobs, outputs, sources};
use crate::error::{Error, Result};
use crate::findings::{self, Severity};
use crate::fonts::Coverage;
use crate::inputs::Inputs;
use crate::inputs::apart::{Read, Writing, refuse_overlap};
use crate::model::ActionId;
use crate::output::staging::Staging;
use crate::process::interrupt;
use crate::progress;
use crate::render::Prepared;
use crate::report_templates::ReportTemplates;
use crate::web;

/// One build: what it was asked, and what it set up once for every step.
pub struct Build {
    pub options: Options,
    /// Threads for the whole build: files read at once, and Typst processes at once.
    pub jobs: usize,
    /// The inputs folder; each file read from it is noted there with its SHA-256 as it is read,
    /// and the manifest lists those notes.
    pub inputs: Inputs,
    /// The report templates, read once.
    pub templates: ReportTemplates,
    /// What the templates' fonts can print: for the findings and for the documents.
    pub coverage: Coverage,
}

impl Build {
    /// Checks the options and sets up what every step uses, before anything is read or written.
    pub fn new(options: Options) -> Result<Build> {
        crate::output::refuse_non_unicode("--output", &options.output)?;
        refuse_overlap_output(&options, None)?;
        let templates = ReportTemplates::load(options.templates.as_deref())?;
        let coverage = Coverage::of(&templates);
        Ok(Build {
            jobs: jobs::count(options.jobs),
            inputs: Inputs::new(&options.inputs),
            templates,
            coverage,
            options,
        })
    }

    /// Builds the year: the inputs folder in, `<output>/<year>/` out, all or nothing; every
    /// parallel step within [`Build::jobs`] threads.
    pub fn run(&self) -> Result<Built> {
        interrupt::install()?;
        jobs::in_pool(self.jobs, || self.steps())
    }

    /// The year's inputs, ingested and reconciled, with the house style the documents will be
    /// set in (its colours' contrast: warnings only): every finding, sorted once. The first step
    /// of a build, and of each update `watch` makes.
    pub fn load(&self) -> Result<ReconciledYear> {
        let style = crate::house_style::findings(&self.templates);
        let year = year::load(
            &self.inputs,
            self.options.year,
            &self.coverage,
            LastYear::Compared,
            style,
        )?;
        refuse_overlap_output(&self.options, Some(year.year))?;
        Ok(year)
    }

    /// Starts a new record of the files read from the inputs folder, for a run that reads it
    /// again (`watch`, at each change): the manifest of a build lists what that build read.
    pub fn read_afresh(&mut self) {
        self.inputs = Inputs::new(&self.options.inputs);
    }

    /// Renders the documents' Typst sources into `<work>/typst/` and the web edition into
    /// `<pages>/html/`, without compiling (`watch` leaves that to Typst's own watch): returns
    /// every document's stem and every page's path inside `pages`, and calls `ready` with each
    /// stem as soon as its source is there. Only the files whose bytes change are written, each
    /// whole (see [`crate::output::write_atomic`]).
    pub fn sources(
        &self,
        year: &ReconciledYear,
        work: &std::path::Path,
        pages: &std::path::Path,
        ready: &(dyn Fn(&str) + Sync),
    ) -> Result<(Vec<String>, Vec<String>)> {
        let draft = findings::count(&year.reconciled.findings, Severity::Blocking) > 0;
        let views = self.views(year, draft)?;
        let build_dir = work.join(sources::BUILD_DIR);
        let render = views.render(self, year, &build_dir)?;
        let (stems, web) = rayon::join(
            || {
                sources::write_support(&build_dir, &self.templates)?;
                sources::prepare(&build_dir, &render, &crate::typst::Hashes::default(), ready)
            },
            || views.web_pages(pages, year),
        );
        Ok((stems?, web?))
    }

    /// The order of the work.
    fn steps(&self) -> Result<Built> {
        let year = self.load()?;
        let blocking = findings::count(&year.reconciled.findings, Severity::Blocking);
        interrupt::check()?;

        // Everything goes to a work folder, swapped in for the output at the end (see `staging`).
        let target = self.options.output.join(year.year.to_string());
        // Typst runs in its build folder, so every path handed to it must be absolute.
        let target = std::path::absolute(&target).map_err(|e| Error::io("resolve", &target, e))?;
        let mut staging = Staging::begin(&target)?;
        let refused = self.options.final_build && blocking > 0;
        // Where this run's findings will be: a refused build's are never the published build's.
        let shown = if refused {
            staging.failed_dir()
        } else {
            target.clone()
        };
        outputs::reports(&mut staging, &year, &shown)?;
        if refused {
            let reports = staging.abandon()?;
            return Ok(Built::Refused {
                blocking,
                reports,
                pdfs: Vec::new(),
            });
        }
        match self.documents(&staging, &year, blocking) {
            // PDFs that fail PDF/UA-1 or PDF/A-2a are not published by a final build; they are
            // kept with the reports, to send with the bug report.
            Ok(complete) if self.options.final_build && complete.conformance > 0 => {
                staging.reports(complete.failing.iter().cloned());
                let reports = staging.abandon()?;
                Ok(Built::Refused {
                    blocking: complete.conformance,
                    reports,
                    pdfs: complete.failing,
                })
            }
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

    /// The documents and everything after them, into the staged folder: the Typst sources and
    /// PDFs, the web edition, the dataset, the change summaries and, last, the manifest of
    /// exactly the files made.
    fn documents(
        &self,
        staging: &Staging,
        year: &ReconciledYear,
        blocking: usize,
    ) -> Result<Complete> {
        let draft = blocking > 0;
        let views = self.views(year, draft)?;
        let render = views.render(self, year, &staging.path().join(sources::BUILD_DIR))?;
        // The web edition needs no PDF: it is written while Typst compiles, not after; and not at
        // all when nothing it is made from has changed since the last build made it.
        let unchanged = render.unchanged() && staging.path().join(web::FOLDER).is_dir();
        let web_edition = || match unchanged {
            true => Ok(web_pages_kept(staging)),
            false => views.web_pages(staging.path(), year),
        };
        let (web, compiled) = std::thread::scope(|scope| {
            let web = scope.spawn(web_edition);
            let compiled = compile::render_and_compile(
                staging.path(),
                &render,
                &self.options.typst,
                crate::dates::document_timestamp(&year.plan, year.year),
                self.jobs,
            );
            let web = web
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            (web, compiled)
        });
        // Typst's failure (or an interrupt) first: it is the one to tell.
        let compiled = compiled?;
        let web = web?;
        // Every PDF is compiled (or was up to date), mended and checked: `compiled.stems`, each
        // `<stem>.pdf` in the staged folder, with its verdict.
        let checked = self.conformance_findings(staging, year, &compiled)?;
        let dataset = outputs::outputs(
            self,
            staging,
            year,
            &views.dataset_json,
            views.summary.as_ref(),
            &outputs::Documents {
                stems: &compiled.stems,
                web: &web,
                found: &checked,
            },
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
            conformance: findings::count(&checked, Severity::Blocking),
            failing: checked
                .iter()
                .filter_map(|f| f.source.as_ref().map(|s| s.file.clone()))
                .collect::<BTreeSet<_>>()
                .into_iter()
                .collect(),
        })
    }

    /// What the documents and pages of `year` are rendered from, set up once for all of them:
    /// the change summary, the dataset's JSON, the labels and both Handlebars.
    fn views(&self, year: &ReconciledYear, draft: bool) -> Result<Views> {
        Ok(Views {
            draft,
            summary: year
                .baseline
                .as_ref()
                .map(|b| crate::changes::summarise(b, &year.reconciled.dataset)),
            dataset_json: year.reconciled.dataset.to_json(),
            not_used: year.reconciled.updates_not_used(),
            prepared: Prepared::new(&self.templates)?,
            site: web::Renderer::new(&self.templates)?,
            baseline: self
                .inputs
                .reads
                .sha256(&self.inputs.published_dataset(year.year - 1)),
        })
    }

    /// The `pdf-conformance` findings of the PDFs' verdicts, added to the reports written before
    /// Typst ran (and said on the terminal), where a final build they block will put them.
    fn conformance_findings(
        &self,
        staging: &Staging,
        year: &ReconciledYear,
        compiled: &compile::Compiled,
    ) -> Result<Vec<findings::Finding>> {
        let blocks = year.plan.conformance.blocking;
        let found: Vec<findings::Finding> = compiled
            .stems
            .iter()
            .zip(&compiled.verdicts)
            .flat_map(|(stem, verdict)| {
                crate::conformance::findings(&format!("{stem}.pdf"), verdict, blocks)
            })
            .collect();
        if !found.is_empty() {
            let refused =
                self.options.final_build && findings::count(&found, Severity::Blocking) > 0;
            let shown = match refused {
                true => staging.failed_dir(),
                false => staging.published(staging.path()),
            };
            outputs::add_findings(staging, year, &found, &shown)?;
        }
        Ok(found)
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

/// What a year's documents and web pages are rendered from (see [`Build::views`]): a build's
/// and a `watch` update's alike.
struct Views {
    /// Blocking problems remain: every document and page carries the Draft mark.
    draft: bool,
    /// Against last year, for the change summaries.
    summary: Option<crate::changes::ChangeSummary>,
    /// The dataset as `dataset.json` holds it.
    dataset_json: String,
    not_used: BTreeSet<ActionId>,
    prepared: Prepared,
    site: web::Renderer,
    /// SHA-256 of last year's `dataset.json` as this build read it.
    baseline: Option<String>,
}

impl Views {
    /// The documents' sources, to be rendered into `build_dir`.
    fn render<'a>(
        &'a self,
        build: &'a Build,
        year: &'a ReconciledYear,
        build_dir: &std::path::Path,
    ) -> Result<sources::Render<'a>> {
        sources::Render::new(
            sources::Documents {
                dataset: &year.reconciled.dataset,
                summary: self.summary.as_ref(),
                prepared: &self.prepared,
                coverage: &build.coverage,
                draft: self.draft,
                not_used: &self.not_used,
            },
            &self.dataset_json,
            self.baseline.as_deref(),
            build_dir,
        )
    }

    /// The web edition's pages, written into `<dir>/html/` (only those that changed); returns
    /// their paths inside `dir`.
    fn web_pages(&self, dir: &std::path::Path, year: &ReconciledYear) -> Result<Vec<String>> {
        let step = progress::step(progress::stage::WEB);
        let pages = self.site.pages(
            &year.reconciled.dataset,
            &self.prepared,
            self.summary.as_ref(),
            self.draft,
            &self.not_used,
        )?;
        let mut written = Vec::with_capacity(pages.len());
        for page in pages {
            let rel = format!("{}/{}", web::FOLDER, page.path);
            crate::output::write_if_changed(&dir.join(&rel), page.html.as_bytes())?;
            written.push(rel);
        }
        drop(step);
        Ok(written)
    }
}

/// The web edition's pages the last build made, kept as they are (see [`web_pages`]).
fn web_pages_kept(staging: &Staging) -> Vec<String> {
    let dir = staging.path().join(web::FOLDER);
    let mut pages: Vec<String> = crate::output::files_under(&dir)
        .iter()
        .filter_map(|p| p.strip_prefix(staging.path()).ok())
        .map(crate::model::slashed)
        .collect();
    pages.sort();
    pages
}
