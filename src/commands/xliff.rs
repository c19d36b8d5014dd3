//! `annual-update xliff export` and `xliff import`: the Welsh that is missing or stale goes out to
//! the translators as XLIFF 1.2, and what they return comes back in as one more submission.

use std::path::{Path, PathBuf};

use crate::args::{XliffCommand, XliffExportArgs, XliffImportArgs};
use crate::error::{Error, Result, exit};
use crate::findings::report;
use crate::findings::{self, Finding, Severity};
use crate::inputs::apart;
use crate::pipeline::{self, xliff::Imported};
use crate::{output, progress, translation};

pub fn xliff(command: &XliffCommand) -> Result<u8> {
    match command {
        XliffCommand::Export(args) => export(args),
        XliffCommand::Import(args) => import(args),
    }
}

fn export(args: &XliffExportArgs) -> Result<u8> {
    let refuse_overlap = |path: &Path| {
        // The same name, elsewhere.
        let suggest = path
            .file_name()
            .map_or("translation.xlf".into(), |n| n.to_string_lossy());
        apart::refuse_overlap(
            &[apart::Read {
                what: crate::inputs::apart::INPUTS,
                path: &args.inputs,
            }],
            &apart::Writing {
                flag: "--output",
                given: path,
                suggest: &suggest,
                file: true,
                paths: vec![path.to_path_buf()],
            },
        )
    };
    // A file given is checked at once; the default once the year is known.
    if let Some(path) = &args.output {
        refuse_overlap(path)?;
    }
    let year = pipeline::xliff::load(&args.inputs, args.year)?;
    let path = args
        .output
        .clone()
        // Beside the build folder, never in it: that folder is exactly one build.
        .unwrap_or_else(|| {
            PathBuf::from(format!(
                "output/{0}-translation/translation-{0}.xlf",
                year.year
            ))
        });
    refuse_overlap(&path)?;
    let parity = &year.reconciled.parity;
    eprintln!("{}: {}", year.year, parity.summary());
    let units: Vec<&crate::ingest::TranslationRecord> = year
        .submissions
        .iter()
        .flat_map(|s| &s.translations)
        .collect();
    let previous = translation::export::previous_english(&year.reconciled.dataset, &units);
    let (xliff, counts) = translation::export::xliff(&year.reconciled.dataset, parity, &previous);
    if counts.total() == 0 {
        eprintln!(
            "nothing to translate: every text with English has current Welsh; no file written"
        );
        return Ok(exit::OK);
    }
    output::write_atomic(&path, xliff.as_bytes())?;
    eprintln!(
        "wrote {} ({}: {} missing, {} stale)\nsend it to the translators; when it comes back: {}",
        path.display(),
        progress::count(counts.total(), "unit", "units"),
        counts.missing,
        counts.stale,
        progress::command(
            &format!("xliff import {}", progress::shell_word(&path)),
            progress::Takes::Inputs
        ),
    );
    Ok(exit::OK)
}

/// Imports the returned file (see [`pipeline::xliff::import`]) and tells what it found.
fn import(args: &XliffImportArgs) -> Result<u8> {
    let imported = pipeline::xliff::import(&args.inputs, &args.file, args.year)?;
    let mut err = std::io::stderr().lock();
    let print = |err: &mut std::io::StderrLock, found: &[Finding]| {
        report::print(err, found).map_err(|e| Error::Environment(e.to_string()))
    };
    let imported = match imported {
        Imported::Refused { findings } => {
            print(&mut err, &findings)?;
            eprintln!(
                "{} was not imported: correct the problems above and import it again",
                args.file.display()
            );
            return Ok(exit::INPUT);
        }
        Imported::Added(imported) => imported,
    };
    print(&mut err, &imported.findings)?;
    eprintln!(
        "{} {}: {}, {} translated",
        if imported.replaced {
            "replaced"
        } else {
            "imported as"
        },
        imported.name,
        progress::count(imported.units, "unit", "units"),
        imported.filled
    );
    eprintln!("{}: {}", imported.year, imported.parity);
    Ok(
        if findings::count(&imported.findings, Severity::Blocking) > 0 {
            exit::INPUT
        } else {
            exit::OK
        },
    )
}
