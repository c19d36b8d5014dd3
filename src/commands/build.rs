//! `annual-update build`: inputs → dataset.json and PDFs in `<output>/<year>/`, by
//! [`pipeline::build`]; this file turns the arguments into its options and its result into words.

use std::time::Instant;

use crate::args::BuildArgs;
use crate::error::{Result, exit};
use crate::pipeline::{self, Built};
use crate::progress;

pub fn build(args: &BuildArgs) -> Result<u8> {
    let started = Instant::now();
    let built = pipeline::build(options(args))?;
    let complete = match built {
        Built::Refused {
            blocking,
            reports,
            pdfs,
        } => {
            let remain = match blocking {
                1 => "1 blocking problem remains",
                _ => &format!("{blocking} blocking problems remain"),
            };
            if pdfs.is_empty() {
                eprintln!(
                    "final build refused: {remain} (listed above); no PDFs were written, the output folder is as the last complete build left it, and this run's findings and parity reports are in {}",
                    reports.display()
                );
            } else {
                eprintln!(
                    "final build refused: {remain} (listed above): {} {} not meet PDF/UA-1 or PDF/A-2a; no PDFs were published, the output folder is as the last complete build left it, and this run's findings and parity reports are in {}, with {} to send with the bug report",
                    pdfs.join(", "),
                    if pdfs.len() == 1 { "does" } else { "do" },
                    reports.display(),
                    if pdfs.len() == 1 {
                        "that PDF"
                    } else {
                        "those PDFs"
                    },
                );
            }
            return Ok(exit::INPUT);
        }
        Built::Complete(complete) => complete,
    };
    let state = if complete.blocking > 0 {
        "draft (marked Draft / Drafft)"
    } else if complete.conformance > 0 {
        "draft (not marked Draft / Drafft: the PDFs that fail PDF/UA-1 or PDF/A-2a were found once made)"
    } else if args.final_build {
        "final"
    } else {
        "draft, clean"
    };
    let pdfs = complete.pdfs.len();
    let compiled = match &complete.typst {
        Some(t) => format!(
            "{} of {pdfs} PDFs compiled with Typst {} ({})",
            complete.compiled,
            t.version,
            t.found_by.describe()
        ),
        None => format!("all {pdfs} PDFs up to date, Typst not started"),
    };
    progress::say(format!(
        "built {state} in {:.2}s; {compiled}:",
        started.elapsed().as_secs_f64()
    ));
    for path in complete.pdfs.iter().chain([&complete.dataset]) {
        progress::say(format!("  {}", path.display()));
    }
    Ok(exit::OK)
}

/// The pipeline's options from the command line.
pub fn options(args: &BuildArgs) -> pipeline::Options {
    pipeline::Options {
        inputs: args.inputs.clone(),
        output: args.output.clone(),
        year: args.year,
        final_build: args.final_build,
        templates: crate::pipeline::templates_dir(&args.templates),
        typst: args.typst.lookup(),
        jobs: args.jobs,
    }
}
