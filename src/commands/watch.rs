//! `annual-update watch`: live drafts in `<output>/<year>-preview/`, updated at every change, by
//! [`crate::watch::watch`]; this file turns the arguments into its options and its end into words.

use crate::args::WatchArgs;
use crate::error::Result;
use crate::pipeline;
use crate::process::interrupt;
use crate::watch::Stopped;

/// Watches until Ctrl-C (exit code 130, or 128 + another signal's number).
pub fn watch(args: &WatchArgs) -> Result<u8> {
    let watched = crate::watch::watch(pipeline::Options {
        inputs: args.inputs.clone(),
        output: args.output.clone(),
        year: args.year,
        final_build: false,
        templates: pipeline::templates_dir(&args.templates),
        typst: args.typst.lookup(),
        jobs: args.jobs,
    });
    match watched {
        // A build's words for a signal speak of its work folder; watch's are its own.
        Ok(Stopped { signal, year }) => {
            let (preview, build) = match year {
                Some(y) => (
                    crate::watch::preview_dir(&args.output, y),
                    args.output.join(y.to_string()),
                ),
                None => (
                    args.output.join("<year>-preview"),
                    args.output.join("<year>"),
                ),
            };
            eprintln!(
                "watch stopped by {}: no Typst is left running; the drafts in {} are the last update's, and {} was not touched",
                interrupt::name(signal),
                preview.display(),
                build.display(),
            );
            Ok(u8::try_from(128 + signal).unwrap_or(crate::error::exit::INTERRUPTED))
        }
        Err(e) => Err(e),
    }
}
