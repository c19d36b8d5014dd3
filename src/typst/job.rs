//! One document to compile ([`Job`]), and whether its PDF is already what compiling would give.
//! After each compile the SHA-256 of every file Typst read for it (Typst's own `--deps` list) is kept beside its source, with what all
//! documents share (Typst version, PDF standards, date, fonts, which the list does not name).
//! A document is compiled again only when one of those changed, and `--verbose` says which.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::error::{Error, Result};
use crate::output;

/// One document to compile.
#[derive(Clone, Debug)]
pub struct Job {
    /// The generated `.typ` file, inside `root`.
    pub input: PathBuf,
    /// Where the PDF goes; written to a temporary name first.
    pub output: PathBuf,
    /// The only folder Typst may read.
    pub root: PathBuf,
    pub font_dir: PathBuf,
    /// Seconds since 1970 for the PDF's creation date, so the bytes depend on the data alone.
    pub timestamp: i64,
    /// Threads this Typst process may use.
    pub threads: usize,
}

/// The standards every PDF is checked against.
pub(super) const PDF_STANDARDS: &str = "ua-1,a-2a";

/// What a compile depended on, as kept in `.<source>.deps.json`.
#[derive(Debug, PartialEq, Eq, Serialize, Deserialize)]
struct Record {
    shared: String,
    /// Each file Typst read, relative to the build folder, and its SHA-256.
    inputs: BTreeMap<String, String>,
}

/// Why a document is compiled, or `None` when its PDF is up to date.
pub type Reason = Option<String>;

/// SHA-256 of what every document of a build depends on besides the files Typst lists: the Typst
/// version, the standards, the date and the fonts. Computed once per build.
pub fn shared_hash(font_dir: &Path, timestamp: i64) -> Result<String> {
    let mut hash = Sha256::new();
    hash.update(format!(
        "typst {} · {PDF_STANDARDS} · {timestamp}\n",
        super::PINNED
    ));
    let mut fonts: Vec<PathBuf> = std::fs::read_dir(font_dir)
        .map_err(|e| Error::io("list", font_dir, e))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    fonts.sort();
    for file in fonts {
        let bytes = std::fs::read(&file).map_err(|e| Error::io("read", &file, e))?;
        hash.update(
            file.file_name()
                .map(|n| n.as_encoded_bytes())
                .unwrap_or_default(),
        );
        hash.update((bytes.len() as u64).to_le_bytes());
        hash.update(&bytes);
    }
    Ok(output::hex(hash))
}

/// File hashes, each file read once however many documents depend on it.
#[derive(Default)]
pub struct Hashes(Mutex<HashMap<PathBuf, Option<String>>>);

impl Hashes {
    /// SHA-256 of the file, or `None` if it cannot be read.
    pub fn of(&self, path: &Path) -> Option<String> {
        let known = self.0.lock().ok()?.get(path).cloned();
        known.unwrap_or_else(|| {
            let hash = std::fs::read(path).ok().map(|b| output::sha256_hex(&b));
            if let Ok(mut map) = self.0.lock() {
                map.insert(path.to_path_buf(), hash.clone());
            }
            hash
        })
    }
}

impl Job {
    /// The document `<build_dir>/<stem>.typ`, confined to `build_dir` and its fonts, compiled on
    /// one thread into `<out_dir>/<stem>.pdf`, dated `timestamp`.
    pub fn for_source(build_dir: &Path, stem: &str, out_dir: &Path, timestamp: i64) -> Job {
        Job {
            input: build_dir.join(format!("{stem}.typ")),
            output: out_dir.join(format!("{stem}.pdf")),
            root: build_dir.to_path_buf(),
            font_dir: build_dir.join("fonts"),
            timestamp,
            threads: 1,
        }
    }

    /// Where the record of what compiling `input` read is kept, beside it.
    pub fn record_of(input: &Path) -> PathBuf {
        Job::beside(input, "deps")
    }

    /// A record about the document compiled from `input`, kept beside it, hidden:
    /// `typst/.annual-update-2026.typ.<what>.json`.
    pub fn beside(input: &Path, what: &str) -> PathBuf {
        let name = input
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("document");
        input.with_file_name(format!(".{name}.{what}.json"))
    }

    fn record_path(&self) -> PathBuf {
        Job::record_of(&self.input)
    }

    /// Where Typst writes its list of the files it read, before it becomes the record.
    pub(super) fn deps_path(&self) -> PathBuf {
        output::temp_path(&self.record_path())
    }

    /// Why this document must be compiled, or `None` if its PDF is up to date.
    pub fn stale(&self, shared: &str, hashes: &Hashes) -> Reason {
        if !self.output.is_file() {
            return Some("no PDF yet".into());
        }
        let Some(record) = std::fs::read_to_string(self.record_path())
            .ok()
            .and_then(|s| serde_json::from_str::<Record>(&s).ok())
        else {
            return Some("no record of what its last compile read".into());
        };
        if record.shared != shared {
            return Some("the Typst version, PDF standards, date or fonts changed".into());
        }
        record
            .inputs
            .iter()
            .find(|(path, hash)| hashes.of(&self.root.join(path)).as_ref() != Some(*hash))
            .map(|(path, _)| format!("{path} changed"))
    }

    /// Turns the list Typst wrote while compiling into this document's record.
    pub fn record(&self, shared: &str, hashes: &Hashes) -> Result<()> {
        #[derive(Deserialize)]
        struct Deps {
            inputs: Vec<PathBuf>,
        }
        let deps_path = self.deps_path();
        let json =
            std::fs::read_to_string(&deps_path).map_err(|e| Error::io("read", &deps_path, e))?;
        let _ = std::fs::remove_file(&deps_path);
        let deps: Deps = serde_json::from_str(&json).map_err(|e| {
            Error::Environment(format!("cannot read Typst's list of dependencies: {e}"))
        })?;
        let mut inputs = BTreeMap::new();
        for path in deps.inputs {
            let full = self.root.join(&path);
            let rel = full.strip_prefix(&self.root).unwrap_or(&full);
            let hash = hashes
                .of(&full)
                .ok_or_else(|| Error::Environment(format!("cannot read {}", full.display())))?;
            inputs.insert(crate::model::slashed(rel), hash);
        }
        let record = Record {
            shared: shared.to_string(),
            inputs,
        };
        output::write_json(&self.record_path(), &record)
    }
}
