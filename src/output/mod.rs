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
