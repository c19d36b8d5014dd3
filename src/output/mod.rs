//! Writing outputs safely: every file goes to a temporary name beside it and is renamed into
//! place, so a failed or interrupted run never leaves a half-written file.

pub mod manifest;
pub mod markdown;
pub mod staging;

use std::io::Write;
use std::path::{Path, PathBuf};

use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::error::{Error, Result};

/// The temporary name a file is written under before it is renamed to `path`.
pub fn temp_path(path: &Path) -> PathBuf {
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("output");
    path.with_file_name(format!(".{name}.{}.tmp", std::process::id()))
}

pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|e| Error::io("create the folder", dir, e))?;
    }
    let tmp = temp_path(path);
    let result = (|| {
        let mut file = std::fs::File::create(&tmp)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    result.map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        Error::io("write", path, e)
    })
}

/// Whether `name` may name a file or a Typst label the tool makes from data (a label's
/// `file-name`, a team's ID): lower-case letters, digits and hyphens, not starting with a
/// hyphen; never a path, a hidden name or an empty one.
pub fn plain_name(name: &str) -> bool {
    !name.is_empty()
        && !name.starts_with('-')
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// Every file under `dir`, recursively, hidden ones too, in no particular order; nothing if
/// `dir` cannot be read.
pub fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut folders = vec![dir.to_path_buf()];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                folders.push(path);
            } else {
                out.push(path);
            }
        }
    }
    out
}

/// Every place a build of `year` writes in the output folder `output`, as [`staging`] names them:
/// the folder itself, the year's folder, the work folder, the folder set aside during a swap by
/// renames, a failed build's reports and the lock file. A link at any of them could send a write
/// elsewhere, so the rule that nothing is written into the inputs (`inputs::apart`) checks each.
pub fn build_paths(output: &Path, year: u16) -> Vec<PathBuf> {
    let mut paths = vec![output.to_path_buf()];
    paths.extend(
        [
            format!("{year}"),
            format!(".{year}.building"),
            format!(".{year}.old"),
            format!("{year}-failed-build"),
            lock_name(year),
        ]
        .map(|name| output.join(name)),
    );
    paths
}

/// The lock file's name in the output folder: one build or publish of `year` at a time.
pub fn lock_name(year: u16) -> String {
    format!(".{year}.lock")
}

/// Refuses (exit code 2) an output folder, named by `flag`, whose full path is not Unicode text:
/// Typst, which compiles the documents inside it, lists every file it reads and writes (its
/// `--deps` file, which lets a rebuild leave unchanged PDFs alone) and stops on such a path, after
/// everything before it was done. Other paths (the inputs, the templates) may be anything.
pub fn refuse_non_unicode(flag: &str, given: &Path) -> Result<()> {
    let full = std::path::absolute(given).unwrap_or_else(|_| given.to_path_buf());
    if full.to_str().is_some() {
        return Ok(());
    }
    let plain = PathBuf::from(given.to_string_lossy().replace('\u{FFFD}', "_"));
    let fix = match std::path::absolute(&plain) {
        Ok(p) if p.to_str().is_some() => format!(
            "give {flag} a folder whose full path is Unicode text, such as {flag} {}",
            plain.display()
        ),
        _ => format!(
            "give {flag} a folder whose full path is Unicode text (rename the folder, or run annual-update from another one)"
        ),
    };
    Err(Error::Usage(format!(
        "{flag} {}: its full path {full:?} is not Unicode (UTF-8) text, and Typst, which makes the documents in it, cannot take such a path, so nothing was written; {fix}",
        given.display()
    )))
}

/// Moves a finished temporary file into place.
pub fn commit(tmp: &Path, path: &Path) -> Result<()> {
    std::fs::rename(tmp, path).map_err(|e| Error::io("move into place", path, e))
}

/// Writes `bytes` only if the file does not already hold exactly them (keeps timestamps still).
pub fn write_if_changed(path: &Path, bytes: &[u8]) -> Result<()> {
    match std::fs::read(path) {
        Ok(existing) if existing == bytes => Ok(()),
        _ => write_atomic(path, bytes),
    }
}

/// Pretty JSON ending in a newline: the form of every JSON file this program writes.
pub fn pretty_json(value: &impl Serialize) -> String {
    serde_json::to_string_pretty(value).expect("serialises to JSON") + "\n"
}

/// Writes `value` as [`pretty_json`], if the file does not already hold exactly that.
pub fn write_json(path: &Path, value: &impl Serialize) -> Result<()> {
    write_if_changed(path, pretty_json(value).as_bytes())
}

/// The SHA-256 of `bytes` as 64 lowercase hex digits.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex(Sha256::new_with_prefix(bytes))
}

/// A SHA-256 fed piece by piece, finished as 64 lowercase hex digits.
pub fn hex(hash: Sha256) -> String {
    format!("{:x}", hash.finalize())
}

/// A folder in the system's temporary directory, removed with everything in it when dropped.
pub struct ScratchDir(PathBuf);

impl ScratchDir {
    pub fn new(purpose: &str) -> Result<ScratchDir> {
        let dir =
            std::env::temp_dir().join(format!("annual-update-{purpose}-{}", std::process::id()));
        std::fs::create_dir_all(&dir).map_err(|e| Error::io("create", &dir, e))?;
        Ok(ScratchDir(dir))
    }

    pub fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for ScratchDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The places the overlap rule checks are the ones a build's staging really writes.
    #[test]
    fn a_builds_paths_are_the_ones_its_staging_writes() {
        let dir = tempfile::tempdir().unwrap();
        let output = std::fs::canonicalize(dir.path()).unwrap();
        let paths = build_paths(&output, 2026);
        let stage = staging::Staging::begin(&output.join("2026")).unwrap();
        assert_eq!(paths[0], output);
        assert_eq!(paths[1], output.join("2026"));
        assert_eq!(paths[2], stage.path());
        assert_eq!(paths[4], stage.failed_dir());
        assert_eq!(paths[5], output.join(lock_name(2026)));
        assert!(paths[5].is_file(), "the lock file");
        assert!(staging::try_lock(&output.join("2026")).unwrap().is_none());
        drop(stage);
        assert!(staging::try_lock(&output.join("2026")).unwrap().is_some());
    }

    #[cfg(unix)]
    #[test]
    fn an_output_whose_full_path_is_not_unicode_is_refused_with_a_plain_one_to_use() {
        use std::os::unix::ffi::OsStrExt;
        let given = Path::new(std::ffi::OsStr::from_bytes(b"/tmp/out\xff"));
        let e = refuse_non_unicode("--output", given).unwrap_err();
        assert_eq!(e.exit_code(), crate::error::exit::USAGE);
        assert_eq!(
            e.to_string(),
            "--output /tmp/out\u{FFFD}: its full path \"/tmp/out\\xFF\" is not Unicode (UTF-8) text, and Typst, which makes the documents in it, cannot take such a path, so nothing was written; give --output a folder whose full path is Unicode text, such as --output /tmp/out_"
        );
        refuse_non_unicode("--output", Path::new("/tmp/ŵ y")).unwrap();
    }
}
