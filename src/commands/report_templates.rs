//! `annual-update templates`: the built-in report templates, labels, house style and fonts
//! written out for editing (see [`crate::report_templates`]); existing files are kept.

use crate::args::ReportTemplatesArgs;
use crate::error::{Result, exit};
use crate::inputs::apart;
use crate::progress;
use crate::report_templates::ReportTemplates;

/// Writes the built-in templates out, existing files kept unless `--force`.
pub fn write(args: &ReportTemplatesArgs) -> Result<u8> {
    // Templates are not inputs: they never go into an inputs folder.
    apart::refuse_overlap(
        &[],
        &apart::Writing {
            flag: "--output",
            given: &args.output,
            suggest: "report-templates",
            file: false,
            paths: vec![args.output.clone()],
        },
    )?;
    let written = ReportTemplates::write_defaults(&args.output, args.force)?;
    for path in &written {
        progress::say(format!("wrote {}", path.display()));
    }
    let existing = if args.force {
        "existing files were overwritten"
    } else {
        "existing files were kept (--force overwrites them)"
    };
    progress::say(format!(
        "{} written to {}; {existing}. A build with --templates {} uses these files in place of the built-in ones, file by file: delete the ones you do not change.",
        progress::count(written.len(), "file", "files"),
        args.output.display(),
        args.output.display()
    ));
    Ok(exit::OK)
}
