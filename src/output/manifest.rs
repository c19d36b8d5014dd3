//! `manifest.json`: the SHA-256 of every input and output of a build, with the tool and Typst
//! versions, so anyone can check what a published PDF was made from.

use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::error::{Error, Result};

#[derive(Serialize)]
struct Entry {
    path: String,
    sha256: String,
}

#[derive(Serialize)]
struct Manifest {
    tool: String,
    typst: &'static str,
    year: u16,
    inputs: Vec<Entry>,
    outputs: Vec<Entry>,
}

fn entries(root: &Path, files: &[PathBuf]) -> Result<Vec<Entry>> {
    let mut out: Vec<Entry> = files
        .iter()
        .map(|f| {
            let bytes = std::fs::read(f).map_err(|e| Error::io("read", f, e))?;
            Ok(Entry {
                path: crate::model::slashed(f.strip_prefix(root).unwrap_or(f)),
                sha256: super::sha256_hex(&bytes),
            })
        })
        .collect::<Result<_>>()?;
    out.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(out)
}

/// Every file under `dir`, recursively, leaving out hidden files.
pub fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return out;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if entry.file_name().to_string_lossy().starts_with('.') {
            continue;
        }
        if path.is_dir() {
            out.extend(files_under(&path));
        } else {
            out.push(path);
        }
    }
    out
}

/// The manifest as JSON: the Typst version `typst`, inputs relative to `inputs_root`, outputs
/// relative to `outputs_root`.
pub fn json(
    year: u16,
    typst: &'static str,
    inputs_root: &Path,
    inputs: &[PathBuf],
    outputs_root: &Path,
    outputs: &[PathBuf],
) -> Result<String> {
    let manifest = Manifest {
        tool: format!("annual-update {}", env!("CARGO_PKG_VERSION")),
        typst,
        year,
        inputs: entries(inputs_root, inputs)?,
        outputs: entries(outputs_root, outputs)?,
    };
    Ok(super::pretty_json(&manifest))
}
