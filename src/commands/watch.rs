//! `annual-update watch`: live drafts in `<output>/<year>-preview/`, updated at every change, by
//! [`crate::watch::watch`]; this file turns the arguments into its options.

use crate::args::WatchArgs;
use crate::error::Result;
use crate::pipeline;

/// Watches until Ctrl-C (exit code 130).
pub fn watch(args: &WatchArgs) -> Result<u8> {
    crate::watch::watch(pipeline::Options {
        inputs: args.inputs.clone(),
        output: args.output.clone(),
        year: args.year,
        final_build: false,
        templates: pipeline::templates_dir(&args.templates),
        typst: args.typst.lookup(),
        jobs: args.jobs,
    })?;
    Ok(crate::error::exit::OK)
}
