//! The translation round trip's work: a year loaded for its Welsh parity and the XLIFF export,
//! and a returned file checked on its own, added to the year's submissions and reconciled with them.

use std::path::Path;

use super::year::{self, LastYear, ReconciledYear};
use crate::error::{Error, Result};
use crate::findings::{self, Finding, Severity};
use crate::ingest::{self, Format};
use crate::inputs::Inputs;
use crate::output;

/// The year, with last year's texts moved into it: what the export reads.
pub fn load(inputs: &Path, year: Option<u16>) -> Result<ReconciledYear> {
    load_from(&Inputs::new(inputs), year)
}

fn load_from(inputs: &Inputs, year: Option<u16>) -> Result<ReconciledYear> {
    let coverage = super::coverage(&None)?;
    year::load(inputs, year, &coverage, LastYear::MovedIn, Vec::new())
}

/// How an import ended.
pub enum Imported {
    /// The file is not a readable translation: nothing was copied.
    Refused {
        findings: Vec<Finding>,
    },
    Added(Added),
}

/// A returned file added to the year's submissions.
pub struct Added {
    pub year: u16,
    /// Its name among the submissions.
    pub name: String,
    /// A file of the same name was there before.
    pub replaced: bool,
    /// The year's findings about this file.
    pub findings: Vec<Finding>,
    pub units: usize,
    /// Units with a translation.
    pub filled: usize,
    /// The year's Welsh parity, with the file.
    pub parity: String,
}

/// Checks the returned file on its own first: a file that is not a readable translation is
/// refused and nothing is copied. A readable one joins the year's submissions (replacing a file of
/// the same name), and the year is reconciled with it, so the findings about its units show.
pub fn import(inputs_dir: &Path, file: &Path, year: Option<u16>) -> Result<Imported> {
    let name = file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    if Format::of(file) != Some(Format::Xliff) {
        return Err(Error::Input(format!(
            "{} is not an XLIFF file: give the .xlf or .xliff file the translators returned",
            file.display()
        )));
    }
    // Read once, without waiting on anything that is not a file: the bytes checked are the bytes
    // copied.
    let (alone, bytes) = ingest::read_file_with_bytes(file, &crate::model::slashed(file));
    let (Some(bytes), 0) = (bytes, findings::count(&alone.findings, Severity::Blocking)) else {
        return Ok(Imported::Refused {
            findings: alone.findings,
        });
    };
    let inputs = Inputs::new(inputs_dir);
    let year = inputs.year_to_build(year)?;
    let dest = inputs.submissions_dir(year).join(&name);
    let replaced = dest.is_file();
    output::write_atomic(&dest, &bytes)?;
    let loaded = load_from(&inputs, Some(year))?;
    let dest_name = inputs.name(&dest);
    let about: Vec<Finding> = loaded
        .reconciled
        .findings
        .iter()
        .filter(|f| f.source.as_ref().is_some_and(|s| s.file == dest_name))
        .cloned()
        .collect();
    let sub = loaded.submissions.iter().find(|s| s.file == dest_name);
    let units = sub.map_or(0, |s| s.rows);
    let filled = sub.map_or(0, |s| {
        s.translations.iter().filter(|t| t.target.is_some()).count()
    });
    Ok(Imported::Added(Added {
        year,
        name: dest_name,
        replaced,
        findings: about,
        units,
        filled,
        parity: loaded.reconciled.parity.summary(),
    }))
}
