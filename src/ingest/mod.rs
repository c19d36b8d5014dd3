//! Ingest: partner files in, one [`Submission`] per file out, every value with its source position.
//!
//! A file that cannot be read becomes findings on its own submission; it never stops the others.
//! Everything done for one file (reading it, parsing it, its text conventions) runs behind
//! [`guard`], so even a bug met on one file's content is a finding on that file alone.

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

pub use records::{Located, NewActionRecord, Submission, TranslationRecord, Unused, UpdateRecord};
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
    guarded(name, || read_file_unguarded(path, name))
}

fn read_file_unguarded(path: &Path, name: &str) -> Submission {
    if Format::of(path).is_none() {
        return read_bytes_unguarded(&[], name);
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
        Ok(Ok(bytes)) => read_bytes_unguarded(&bytes, name),
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
    guarded(name, || read_bytes_unguarded(bytes, name))
}

/// Runs the reading of one file; a panic in it becomes that file's only finding.
fn guarded(name: &str, read: impl FnOnce() -> Submission) -> Submission {
    guard::catch(|| {
        // Test only, in debug builds: the integration tests name a file here to meet a bug.
        let file = Path::new(name).file_name().and_then(|n| n.to_str());
        crate::process::internal::test_panic(file.unwrap_or(name));
        read()
    })
    .unwrap_or_else(|panic| {
        let mut sub = Submission::new(name);
        sub.findings.push(internal_error(name, &panic));
        sub
    })
}

/// The finding for a bug met while reading a file: blocking, since none of its rows are used.
fn internal_error(name: &str, panic: &str) -> Finding {
    Finding::blocking(
        Code::InternalError,
        format!(
            "annual-update failed on something in this file and read none of it ({}); this is a bug in annual-update: please report it, with the file",
            crate::findings::clip(panic, 300),
        ),
    )
    .at(&Source::file(name))
    .fix("send the file and this message to whoever looks after annual-update; meanwhile the other files are read as usual: ask the team for the file saved again (or its text pasted as plain text), or take it out of the submissions folder to build without it")
}

fn read_bytes_unguarded(bytes: &[u8], name: &str) -> Submission {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bug_met_on_a_file_is_a_finding_located_at_it() {
        let sub = guarded("submissions/2026/team.xml", || {
            panic!("index out of bounds")
        });
        assert_eq!(sub.file, "submissions/2026/team.xml");
        let [f] = &sub.findings[..] else {
            panic!("{:#?}", sub.findings)
        };
        assert_eq!(f.code, Code::InternalError);
        assert_eq!(f.severity, crate::findings::Severity::Blocking);
        assert_eq!(f.source, Some(Source::file("submissions/2026/team.xml")));
        assert!(
            f.message
                .contains("(index out of bounds at src/ingest/mod.rs:")
                && f.message.contains("this is a bug in annual-update")
                && f.message.contains("please report it")
                && f.message.ends_with("with the file"),
            "{f}"
        );
        assert!(f.fix.contains("meanwhile"), "{f}");
        assert_eq!(sub.records(), 0);
    }
}
