//! `annual-update xliff export` and `xliff import`: the Welsh that is missing or stale goes out to
//! the translators as XLIFF 1.2, and what they return comes back in as one more submission.

use std::path::{Path, PathBuf};

use crate::args::{XliffCommand, XliffExportArgs, XliffImportArgs};
use crate::error::{Error, Result, exit};
use crate::findings::report;
use crate::findings::{self, Finding, Severity};
use crate::ingest::{self, Format};
use crate::inputs::Inputs;
use crate::render::{Theme, glyphs::Coverage};
use crate::{output, translation};

pub fn xliff(command: &XliffCommand) -> Result<u8> {
    match command {
        XliffCommand::Export(args) => export(args),
        XliffCommand::Import(args) => import(args),
    }
}

fn load(inputs: &Path, year: Option<u16>) -> Result<crate::pipeline::year::Year> {
    let theme = Theme::load(crate::pipeline::templates_dir(&None).as_deref())?;
    crate::pipeline::year::load(
        inputs,
        year,
        &Coverage::of(&theme),
        crate::pipeline::year::History::Moved,
    )
}

fn export(args: &XliffExportArgs) -> Result<u8> {
    let year = load(&args.inputs, args.year)?;
    let parity = &year.reconciled.parity;
    eprintln!("{}: {}", year.year, parity.summary());
    let (xliff, counts) = translation::export::xliff(&year.reconciled.dataset);
    if counts.total() == 0 {
        eprintln!(
            "nothing to translate: every text with English has current Welsh; no file written"
        );
        return Ok(exit::OK);
    }
    let path = args
        .output
        .clone()
        .unwrap_or_else(|| PathBuf::from(format!("output/{0}/translation-{0}.xlf", year.year)));
    output::write_atomic(&path, xliff.as_bytes())?;
    eprintln!(
        "wrote {} ({} units: {} missing, {} stale)\nsend it to the translators; when it comes back: annual-update xliff import {}",
        path.display(),
        counts.total(),
        counts.missing,
        counts.stale,
        path.display(),
    );
    Ok(exit::OK)
}

/// Checks the returned file on its own first: a file that is not a readable translation is
/// refused and nothing is copied. A readable one joins the year's submissions (replacing a file of
/// the same name), and the year is reconciled with it, so the findings about its units show.
fn import(args: &XliffImportArgs) -> Result<u8> {
    let name = args
        .file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    if Format::of(&args.file) != Some(Format::Xliff) {
        return Err(Error::Input(format!(
            "{} is not an XLIFF file: give the .xlf or .xliff file the translators returned",
            args.file.display()
        )));
    }
    let bytes = std::fs::read(&args.file).map_err(|e| Error::io("read", &args.file, e))?;
    let alone = ingest::read_file(&args.file, &args.file.display().to_string());
    let mut err = std::io::stderr().lock();
    let print = |err: &mut std::io::StderrLock, found: &[Finding]| {
        report::print(err, found).map_err(|e| Error::Environment(e.to_string()))
    };
    if findings::count(&alone.findings, Severity::Blocking) > 0 {
        print(&mut err, &alone.findings)?;
        eprintln!(
            "{} was not imported: correct the problems above and import it again",
            args.file.display()
        );
        return Ok(exit::INPUT);
    }
    let inputs = Inputs::new(&args.inputs);
    let year = match args.year {
        Some(y) => y,
        None => inputs.latest_year()?,
    };
    let dest = inputs.submissions_dir(year).join(&name);
    let replaced = dest.is_file();
    output::write_atomic(&dest, &bytes)?;
    let loaded = load(&args.inputs, Some(year))?;
    let dest_name = inputs.name(&dest);
    let about: Vec<Finding> = loaded
        .reconciled
        .findings
        .iter()
        .filter(|f| f.source.as_ref().is_some_and(|s| s.file == dest_name))
        .cloned()
        .collect();
    print(&mut err, &about)?;
    let sub = loaded.submissions.iter().find(|s| s.file == dest_name);
    let units = sub.map_or(0, |s| s.rows);
    let filled = sub.map_or(0, |s| {
        s.translations.iter().filter(|t| t.target.is_some()).count()
    });
    eprintln!(
        "{} {dest_name}: {units} units, {filled} translated",
        if replaced { "replaced" } else { "imported as" }
    );
    eprintln!("{year}: {}", loaded.reconciled.parity.summary());
    Ok(if findings::count(&about, Severity::Blocking) > 0 {
        exit::INPUT
    } else {
        exit::OK
    })
}
