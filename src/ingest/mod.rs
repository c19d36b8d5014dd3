//! Ingest: partner files in, one [`Submission`] per file out, every value with its source position.
//!
//! A file that cannot be read becomes findings on its own submission; it never stops the others.
//! Everything done for one file (reading it, parsing it, its text conventions) runs behind
//! [`guard`], so even a bug met on one file's content is a finding on that file alone.

mod archive;
pub mod columns;
pub(crate) mod guard;
pub mod limits;
mod ods;
mod records;
mod sheet_size;
mod sniff;
mod spreadsheet;
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
pub use xliff::{ACTION_CTYPE, DONE_STATES, HASH_CONTEXT, TOOL_NAMESPACE, XLIFF_NAMESPACE};
pub use xml::NAMESPACE;

/// The workbook-level name `template` gives each workbook, holding the year it is for
/// (`AnnualUpdateYear` = `2027`): a file checked alone then knows its year.
pub const YEAR_NAME: &str = "AnnualUpdateYear";

use crate::findings::{Code, Finding};
use crate::input_file::{NotAFile, Reads, What};
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
/// The file's size is checked before it is read, and no more than the limit is ever read; only a
/// regular file is read, and never in a way that waits (see [`crate::input_file`]).
pub fn read_file(path: &Path, name: &str) -> Submission {
    read_file_with_bytes(path, name).0
}

/// [`read_file`], noting in `reads` the bytes read (see [`Reads`]); a file that is not read as a
/// submission (of no submission format, or too large) is noted all the same, since it is among
/// the files the run was given.
pub fn read_file_noted(path: &Path, name: &str, reads: &Reads) -> Submission {
    let (sub, bytes) = read_file_with_bytes(path, name);
    match bytes {
        Some(bytes) => reads.note(path, &bytes),
        // Not read as a submission (no submission format, too large): hashed all the same. What
        // cannot be read at all is not noted (its finding says why).
        None => {
            let _ = reads.note_unused(path);
        }
    }
    sub
}

/// [`read_file`], also giving the bytes read (none if the file could not be read).
pub fn read_file_with_bytes(path: &Path, name: &str) -> (Submission, Option<Vec<u8>>) {
    if Format::of(path).is_none() {
        return (read_bytes(&[], name), None);
    }
    match read_limited(path) {
        Ok(Ok(bytes)) => (read_bytes(&bytes, name), Some(bytes)),
        Ok(Err(size)) => (too_large(name, size), None),
        Err(e) => (cannot_read(name, &e), None),
    }
}

/// The bytes of the file at `path`, or the size of a file too large to read.
fn read_limited(path: &Path) -> std::io::Result<Result<Vec<u8>, u64>> {
    let file = crate::input_file::open(path)?;
    let size = file.metadata()?.len();
    if size > limits::FILE_BYTES {
        return Ok(Err(size));
    }
    let mut bytes = Vec::with_capacity(size as usize);
    file.take(limits::FILE_BYTES + 1).read_to_end(&mut bytes)?;
    Ok(Ok(bytes))
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

/// The submission of a file that could not be read: what it is, if it is not a file.
fn cannot_read(name: &str, e: &std::io::Error) -> Submission {
    let mut sub = Submission::new(name);
    sub.findings.push(match NotAFile::kind_of(e) {
        Some(kind) => refused(&What::Special(kind), name, ""),
        None => Finding::blocking(
            Code::UnreadableFile,
            format!("the file cannot be read ({e})"),
        )
        .at(&Source::file(name))
        .fix("check that the file exists and you may read it"),
    });
    sub
}

/// A folder's entries as a run reads them (see [`list_submissions`]).
#[derive(Debug, Default)]
pub struct Listing {
    /// The files to read, in name order: regular files, and symbolic links to them inside the
    /// folder the inputs are in.
    pub files: Vec<PathBuf>,
    /// What is there but is not read, with what it is: a folder, a named pipe, socket or device,
    /// a broken link or one that leaves the inputs (see [`Listing::refused_submissions`]).
    pub refused: Vec<(PathBuf, What)>,
    /// What is left out on purpose, and why: hidden files, office lock files, Markdown notes.
    pub skipped: Vec<(PathBuf, &'static str)>,
    /// How messages name the folder links must stay in: "the inputs folder (inputs)".
    pub within: String,
}

impl Listing {
    /// Each refused entry as a submission with no rows and the finding that says why, named by
    /// `name` as read files are: so it is reported like a file that cannot be read.
    pub fn refused_submissions(&self, name: impl Fn(&Path) -> String) -> Vec<Submission> {
        self.refused
            .iter()
            .map(|(path, what)| {
                let name = name(path);
                let mut sub = Submission::new(&name);
                sub.findings.push(refused(what, &name, &self.within));
                sub
            })
            .collect()
    }
}

/// The finding for an entry of the submissions folder that is not read (see [`Listing`]);
/// `within` names the folder links must stay in.
pub fn refused(what: &What, name: &str, within: &str) -> Finding {
    let folder = match Path::new(name).parent().map(crate::model::slashed) {
        Some(folder) if !folder.is_empty() => format!("{folder}/"),
        _ => "the folder".to_string(),
    };
    let ext = Path::new(name)
        .extension()
        .map(|e| e.to_string_lossy().into_owned());
    let finding = match what {
        What::File => Finding::blocking(Code::UnreadableFile, "this file was not read")
            .fix("check that the file exists and you may read it"),
        What::Folder if Format::of(Path::new(name)).is_some() => Finding::blocking(
            Code::NotAFile,
            format!(
                "this is a folder, not a file, though its name ends in .{}: nothing in it is read",
                ext.unwrap_or_default()
            ),
        )
        .fix(format!(
            "put the partner's file itself here under this name, or rename the folder; files in folders inside {folder} are not read"
        )),
        What::Folder => Finding::warning(
            Code::NotAFile,
            format!("this is a folder: the files in it are not read, only files directly in {folder} are"),
        )
        .fix(format!(
            "move the files in it that should be read into {folder}, or move the folder out of it"
        )),
        What::Special(kind) => Finding::blocking(
            Code::NotAFile,
            format!("this is {}, not a file, so it is not read", kind.describe()),
        )
        .fix("remove it, and put the file itself in its place"),
        What::Dangling { target } => Finding::blocking(
            Code::BrokenLink,
            format!(
                "this is a symbolic link to {}, which does not exist, so there is nothing to read",
                target.display()
            ),
        )
        .fix("put the file itself here in place of the link, or remove the link"),
        What::Unfollowable { why } => Finding::blocking(
            Code::BrokenLink,
            format!("this is a symbolic link that cannot be followed: {why}"),
        )
        .fix("put the file itself here in place of the link, or remove the link"),
        What::Outside { target } => Finding::blocking(
            Code::LinkOutsideInputs,
            format!(
                "this is a symbolic link to {}, which is outside {within}: a link is followed only to a file inside it, so this one is not read",
                target.display()
            ),
        )
        .fix(format!(
            "copy the file itself into {folder} in place of the link"
        )),
    };
    finding.at(&Source::file(name))
}

/// Why a name in a submissions folder is left out without being read, if it is: hidden files,
/// office lock files, editors' autosaves and Markdown notes (a folder may carry a README).
pub fn skipped(name: &str) -> Option<&'static str> {
    Some(if name.starts_with("~$") {
        "an office lock file (Microsoft Office keeps one beside a file while it is open), not a submission"
    } else if name.starts_with(".~lock.") && name.ends_with('#') {
        "an office lock file (LibreOffice keeps one beside a file while it is open), not a submission"
    } else if name.starts_with('.') {
        "a hidden file"
    } else if name.ends_with('#') {
        "an editor's autosave file, not a submission"
    } else if name.to_ascii_lowercase().ends_with(".md") {
        "a Markdown note (a folder may carry a README): notes are not read"
    } else {
        return None;
    })
}

/// The entries of a submissions folder `dir`, sorted: the files to read, what is there but is not
/// read, and what is left out on purpose (see [`Listing`]). Symbolic links are followed only to
/// files inside `root` (the inputs folder), which messages call `within`.
pub fn list_submissions(dir: &Path, root: &Path, within: &str) -> std::io::Result<Listing> {
    let mut listing = Listing {
        within: within.to_string(),
        ..Listing::default()
    };
    for entry in crate::input_file::list(dir, root)? {
        if let Some(why) = skipped(&entry.name.to_string_lossy()) {
            listing.skipped.push((entry.path, why));
        } else if entry.what == What::File {
            listing.files.push(entry.path);
        } else {
            listing.refused.push((entry.path, entry.what));
        }
    }
    Ok(listing)
}

/// The files [`list_submissions`] would read in `dir`, with links followed only inside `dir`.
pub fn submission_files(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    Ok(list_submissions(dir, dir, &dir.display().to_string())?.files)
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
