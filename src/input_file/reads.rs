//! What a run has read from its inputs: each file's path and the SHA-256 of the very bytes it
//! read, noted as they are read. A build's manifest lists these, and nothing is read again for
//! it, so an input edited while the build runs (during Typst's minutes, say) is listed as the
//! version the dataset was made from, and `publish` then sees that the inputs changed.

use std::collections::BTreeMap;
use std::io::{self, Read};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use sha2::{Digest, Sha256};

/// The record of the files read (see the module's documentation); shared by the threads that
/// read them.
#[derive(Debug, Default)]
pub struct Reads {
    files: Mutex<BTreeMap<PathBuf, String>>,
}

impl Reads {
    /// The bytes of the file at `path` (see [`super::read`]), noted.
    pub fn read(&self, path: &Path) -> io::Result<Vec<u8>> {
        let bytes = super::read(path)?;
        self.note(path, &bytes);
        Ok(bytes)
    }

    /// The text of the file at `path` (see [`super::read_to_string`]), noted.
    pub fn read_to_string(&self, path: &Path) -> io::Result<String> {
        let bytes = self.read(path)?;
        String::from_utf8(bytes).map_err(|_| super::not_utf8())
    }

    /// Notes `bytes` as what was read from `path`.
    pub fn note(&self, path: &Path, bytes: &[u8]) {
        self.note_sha256(path, hex(Sha256::new_with_prefix(bytes)));
    }

    /// Notes a file that is listed among the inputs but not used (a file of no submission format,
    /// one too large to read, a Welsh page with no English): its bytes are hashed as they are
    /// read, a block at a time, and not kept.
    pub fn note_unused(&self, path: &Path) -> io::Result<()> {
        let mut reader = self.hashing(path, super::open(path)?);
        io::copy(&mut reader, &mut io::sink())?;
        reader.finish();
        Ok(())
    }

    /// `reader` (the file at `path`), hashing what is read through it: [`Hashing::finish`] notes
    /// it, once the whole file has been read.
    pub fn hashing<'a, R: Read>(&'a self, path: &Path, reader: R) -> Hashing<'a, R> {
        Hashing {
            reads: self,
            path: path.to_path_buf(),
            reader,
            hash: Sha256::new(),
        }
    }

    fn note_sha256(&self, path: &Path, sha256: String) {
        let mut files = self.files.lock().unwrap_or_else(|e| e.into_inner());
        files.insert(path.to_path_buf(), sha256);
    }

    /// The SHA-256 of what was read from `path`, if it was read.
    pub fn sha256(&self, path: &Path) -> Option<String> {
        let files = self.files.lock().unwrap_or_else(|e| e.into_inner());
        files.get(path).cloned()
    }

    /// Every file read and its SHA-256, by path.
    pub fn all(&self) -> Vec<(PathBuf, String)> {
        let files = self.files.lock().unwrap_or_else(|e| e.into_inner());
        files.iter().map(|(p, s)| (p.clone(), s.clone())).collect()
    }
}

/// A reader that hashes what passes through it (see [`Reads::hashing`]).
pub struct Hashing<'a, R> {
    reads: &'a Reads,
    path: PathBuf,
    reader: R,
    hash: Sha256,
}

impl<R: Read> Read for Hashing<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.reader.read(buf)?;
        self.hash.update(&buf[..n]);
        Ok(n)
    }
}

impl<R> Hashing<'_, R> {
    /// Notes the bytes read so far as the file's: call it once the file is read to its end.
    pub fn finish(self) {
        self.reads.note_sha256(&self.path, hex(self.hash));
    }
}

fn hex(hash: Sha256) -> String {
    format!("{:x}", hash.finalize())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_file_is_noted_with_the_bytes_read_whichever_way_it_was_read() {
        let dir = tempfile::tempdir().unwrap();
        let (a, b, c) = (
            dir.path().join("a"),
            dir.path().join("b"),
            dir.path().join("c"),
        );
        std::fs::write(&a, "one").unwrap();
        std::fs::write(&b, "two").unwrap();
        std::fs::write(&c, "three").unwrap();
        let reads = Reads::default();
        assert_eq!(reads.read_to_string(&a).unwrap(), "one");
        let mut hashing = reads.hashing(&b, super::super::open(&b).unwrap());
        let mut text = String::new();
        hashing.read_to_string(&mut text).unwrap();
        hashing.finish();
        reads.note_unused(&c).unwrap();
        // Changed after it was read: the record is of what was read.
        std::fs::write(&a, "changed").unwrap();
        let sha = |s: &str| hex(Sha256::new_with_prefix(s));
        assert_eq!(
            reads.all(),
            [(a.clone(), sha("one")), (b, sha("two")), (c, sha("three"))]
        );
        assert_eq!(reads.sha256(&a), Some(sha("one")));
        assert_eq!(reads.sha256(&dir.path().join("d")), None);
    }
}
