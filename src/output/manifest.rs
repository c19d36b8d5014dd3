//! `manifest.json`: the SHA-256 of every input and output of a build, with the tool and Typst
//! versions, so anyone can check what a published PDF was made from. The inputs' are those the
//! build noted as it read them (see [`crate::input_file::Reads`]), never read again.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

#[derive(Debug, Serialize, Deserialize)]
pub struct Entry {
    pub path: String,
    pub sha256: String,
}

/// `manifest.json` as read back (by `publish`).
#[derive(Debug, Serialize, Deserialize)]
pub struct Manifest {
    pub tool: String,
    pub typst: String,
    pub year: u16,
    /// How the build ended: a `--final` build, or a draft; and its blocking findings.
    #[serde(default)]
    pub build: Kind,
    pub inputs: Vec<Entry>,
    pub outputs: Vec<Entry>,
}

/// What kind of build wrote a manifest.
#[derive(Clone, Copy, Debug, Default, Serialize, Deserialize)]
pub struct Kind {
    #[serde(rename = "final")]
    pub final_build: bool,
    pub blocking: usize,
}

/// Each file's `/`-separated path inside `root` and its SHA-256, sorted by path.
pub fn entries(root: &Path, files: &[PathBuf]) -> Result<Vec<Entry>> {
    let mut out: Vec<Entry> = files
        .iter()
        .map(|f| {
            let bytes = crate::input_file::read(f).map_err(|e| Error::io("read", f, e))?;
            Ok(Entry {
                path: relative(root, f),
                sha256: super::sha256_hex(&bytes),
            })
        })
        .collect::<Result<_>>()?;
    out.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(out)
}

/// The manifest as JSON: the Typst version `typst`, the kind of build, the inputs read (each
/// with the SHA-256 noted as it was read) relative to `inputs_root`, outputs relative to
/// `outputs_root`.
pub fn json(
    year: u16,
    typst: &'static str,
    build: Kind,
    inputs_root: &Path,
    inputs: &[(PathBuf, String)],
    outputs_root: &Path,
    outputs: &[PathBuf],
) -> Result<String> {
    let mut inputs: Vec<Entry> = inputs
        .iter()
        .map(|(path, sha256)| Entry {
            path: relative(inputs_root, path),
            sha256: sha256.clone(),
        })
        .collect();
    inputs.sort_by(|a, b| a.path.cmp(&b.path));
    let manifest = Manifest {
        tool: format!("annual-update {}", env!("CARGO_PKG_VERSION")),
        typst: typst.to_string(),
        year,
        build,
        inputs,
        outputs: entries(outputs_root, outputs)?,
    };
    Ok(super::pretty_json(&manifest))
}

/// `file`'s `/`-separated path inside `root`.
fn relative(root: &Path, file: &Path) -> String {
    crate::model::slashed(file.strip_prefix(root).unwrap_or(file))
}
