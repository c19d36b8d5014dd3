//! Ingest: partner files in, one [`Submission`] per file out, every value with its source position.
//!
//! A file that cannot be read becomes findings on its own submission; it never stops the others.

mod archive;
pub mod columns;
mod guard;
pub mod limits;
mod ods;
mod records;
mod sheet_size;
mod sniff;
mod spreadsheet;
pub mod text;
mod values;
mod workbook;
mod xliff;
mod xls;
mod xml;
mod xml_base;

use std::io::Read;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

pub use records::{Located, NewActionRecord, Submission, TranslationRecord, UpdateRecord};
pub use xliff::{ACTION_CTYPE, DONE_STATES, TOOL_NAMESPACE, XLIFF_NAMESPACE};
pub use xml::NAMESPACE;

use crate::findings::{Code, Finding};
use crate::model::Source;

/// The kinds of file a submission can be, by extension.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Spreadsheet,
    Xml,
    /// A translation returned from a CAT tool.
    Xliff,
}

impl Format {
    pub fn of(path: &Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "xlsx" | "xlsm" | "xls" | "ods" => Some(Format::Spreadsheet),
            "xml" => Some(Format::Xml),
            "xlf" | "xliff" => Some(Format::Xliff),
            _ => None,
        }
    }
}

/// Reads one file. `name` is how messages and provenance refer to it.
/// The file's size is checked before it is read, and no more than the limit is ever read.
pub fn read_file(path: &Path, name: &str) -> Submission {
    if Format::of(path).is_none() {
        return read_bytes(&[], name);
    }
    // The bytes, or the size of a file too large to read.
    let read = || -> std::io::Result<Result<Vec<u8>, u64>> {
        let file = std::fs::File::open(path)?;
        let size = file.metadata()?.len();
        if size > limits::FILE_BYTES {
            return Ok(Err(size));
        }
        let mut bytes = Vec::with_capacity(size as usize);
        file.take(limits::FILE_BYTES + 1).read_to_end(&mut bytes)?;
        Ok(Ok(bytes))
    };
    match read() {
        Ok(Ok(bytes)) => read_bytes(&bytes, name),
        Ok(Err(size)) => too_large(name, size),
        Err(e) => unreadable(name, &e),
    }
}

fn too_large(name: &str, size: u64) -> Submission {
    let mut sub = Submission::new(name);
    sub.findings.push(limits::file_too_large(name, size));
    sub
}

/// Reads a file's contents; the extension of `name` says what kind of file it is meant to be.
pub fn read_bytes(bytes: &[u8], name: &str) -> Submission {
    let path = Path::new(name);
    if Format::of(path).is_some() && bytes.len() as u64 > limits::FILE_BYTES {
        return too_large(name, bytes.len() as u64);
    }
    match Format::of(path) {
        Some(Format::Spreadsheet) => {
            let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
            spreadsheet::read(bytes, &ext.to_ascii_lowercase(), name)
        }
        Some(Format::Xml) => xml::read(bytes, name),
        Some(Format::Xliff) => xliff::read(bytes, name),
        None => {
            let mut sub = Submission::new(name);
            sub.findings.push(
                Finding::blocking(
                    Code::UnsupportedFile,
                    "this is not a submission format (.xlsx, .xlsm, .xls, .ods, .xml, or .xlf for translations)",
                )
                .at(&Source::file(name))
                .fix("save it as .xlsx, .ods or .xml, or move it out of the submissions folder"),
            );
            sub
        }
    }
}

fn unreadable(name: &str, e: &std::io::Error) -> Submission {
    let mut sub = Submission::new(name);
    sub.findings.push(
        Finding::blocking(
            Code::UnreadableFile,
            format!("the file cannot be read ({e})"),
        )
        .at(&Source::file(name))
        .fix("check that the file exists and you may read it"),
    );
    sub
}

/// Files in a submissions folder, sorted, leaving out hidden files, office lock files and Markdown
/// notes (a folder may carry a README).
pub fn submission_files(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        let skip = name.starts_with('.')
            || name.starts_with("~$")
            || name.ends_with('#')
            || name.to_ascii_lowercase().ends_with(".md");
        if path.is_file() && !skip {
            files.push(path);
        }
    }
    files.sort();
    Ok(files)
}

/// Reads many files in parallel; the result keeps the order of `files`.
/// `name` gives each file's display name (usually relative to the inputs folder).
pub fn read_all(files: &[PathBuf], name: impl Fn(&Path) -> String + Sync) -> Vec<Submission> {
    files
        .par_iter()
        .map(|path| read_file(path, &name(path)))
        .collect()
}
