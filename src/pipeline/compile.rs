//! The documents rendered and compiled together: each document's Typst source is handed to a
//! Typst process as soon as it is written, and a PDF whose inputs have not changed since it was
//! made is not compiled again. Each PDF compiled is settled at once (mended and validated, see
//! [`crate::conformance`]); one left alone keeps its verdict.

use std::path::Path;
use std::sync::OnceLock;

use super::sources::{self, Render};
use crate::conformance;
use crate::error::{Error, Result};
use crate::progress::{self, stage};
use crate::typst::{self, Job, Lookup, Typst};

/// What compiling did.
pub struct Compiled {
    /// Every document's stem: `<stem>.typ` in the build folder, `<stem>.pdf` beside it.
    pub stems: Vec<String>,
    /// How many PDFs were compiled; the others were up to date.
    pub compiled: usize,
    /// The Typst that compiled them; not looked for when every PDF was up to date.
    pub typst: Option<Typst>,
    /// Each document's PDF's verdict (PDF/UA-1 and PDF/A-2a), in the order of `stems`.
    pub verdicts: Vec<crate::conformance::Verdict>,
}

/// Renders every document's source into `<out_dir>/typst/` and compiles each into `out_dir`,
/// `jobs` Typst processes at once, with `timestamp` (see [`crate::dates::document_timestamp`]) as
/// each PDF's creation date.
pub fn render_and_compile(
    out_dir: &Path,
    render: &Render,
    lookup: &Lookup,
    timestamp: i64,
    jobs: usize,
) -> Result<Compiled> {
    let build_dir = out_dir.join(sources::BUILD_DIR);
    let step = progress::step(stage::SOURCES);
    sources::write_support(&build_dir, render.documents.prepared.templates())?;
    let shared = typst::shared_hash(&build_dir.join("fonts"), timestamp)?;
    drop(step);
    let hashes = typst::Hashes::default();
    // Typst is looked for only once a document needs compiling.
    let found = OnceLock::new();
    let settling = conformance::Settling::default();
    let compile = |job: &Job| -> Result<()> {
        let typst = found
            .get_or_init(|| typst::find(lookup, &|m| progress::say(m)))
            .as_ref()
            .map_err(|e| Error::Environment(e.with_causes()))?;
        // Once Typst has written `job.output`, the PDF is mended and checked at once, on this
        // thread, while the other documents compile.
        typst::compile_and_record(typst, job, &shared, &hashes)?;
        settling.compiled(&job.output, &job.input)
    };
    // Documents compile as soon as their sources are written, while the others render; a
    // document whose inputs have not changed since its PDF was made is not compiled again.
    let (stems, compiled) = typst::compile_as_ready(jobs, &compile, |ready| {
        let step = progress::step(stage::RENDER);
        let stems = sources::prepare(&build_dir, render, &hashes, &|stem| {
            // One Typst per thread of --jobs.
            let job = Job::for_source(&build_dir, stem, out_dir, timestamp);
            match job.stale(&shared, &hashes) {
                Some(why) => {
                    progress::detail(format!("  {stem}.pdf: to compile ({why})"));
                    ready(job);
                }
                None => progress::detail(format!("  {stem}.pdf: up to date, not compiled")),
            }
        });
        drop(step);
        stems
    });
    let typst = match found.into_inner() {
        // Not found: said once, and as a problem of the environment, not of each document.
        Some(Err(e)) => return Err(e),
        Some(Ok(typst)) => Some(typst),
        None => None,
    };
    // An interrupted build stops here, and says so, rather than as a failed document.
    crate::process::interrupt::check()?;
    let stems = stems?;
    let mut compiled = compiled;
    compiled.sort_by(|a, b| a.job.output.cmp(&b.job.output));
    let failures: Vec<&Error> = compiled
        .iter()
        .filter_map(|c| c.result.as_ref().err())
        .collect();
    if !failures.is_empty() {
        // A full disk or a killed Typst is the environment's (exit code 3), not a template's.
        let kind = match failures.iter().all(|e| matches!(e, Error::Render(_))) {
            true => Error::Render,
            false => Error::Environment,
        };
        let told: Vec<String> = failures.iter().map(|e| e.with_causes()).collect();
        return Err(kind(told.join("\n")));
    }
    // A PDF left alone keeps the verdict recorded when it was compiled.
    let pdfs: Vec<_> = stems
        .iter()
        .map(|stem| {
            let pdf = out_dir.join(format!("{stem}.pdf"));
            (pdf, build_dir.join(format!("{stem}.typ")))
        })
        .collect();
    let verdicts = settling.verdicts(&pdfs)?;
    Ok(Compiled {
        stems,
        compiled: compiled.len(),
        typst,
        verdicts,
    })
}
