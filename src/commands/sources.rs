//! The Typst sources of a build, in the folder Typst is confined to: rendered from the dataset
//! through the templates or, when nothing rendering reads has changed since the last build (this
//! program, the templates, the dataset and last year's), the sources already there, so that a
//! rebuild with no changed input costs no more than reading it.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::changes::ChangeSummary;
use crate::error::{Error, Result};
use crate::model::Dataset;
use crate::output;
use crate::progress;
use crate::render::glyphs::Coverage;
use crate::render::{self, Document, Theme};
use crate::typst::Hashes;

/// What rendering read, and what it wrote, as kept in `.rendered.json` in the build folder.
#[derive(Debug, PartialEq, Eq, Serialize, Deserialize)]
struct Record {
    stamp: String,
    /// The stem of each document's source and the source's SHA-256.
    sources: BTreeMap<String, String>,
}

/// What rendering reads.
pub struct Render<'a> {
    pub dataset: &'a Dataset,
    /// The dataset as `dataset.json` holds it.
    pub dataset_json: &'a str,
    pub summary: Option<&'a ChangeSummary>,
    /// Last year's `dataset.json`, which the change summaries compare against.
    pub baseline_file: PathBuf,
    pub theme: &'a Theme,
    pub coverage: &'a Coverage,
    pub draft: bool,
}

/// Writes (or keeps) every document's source, the house style and the fonts in `build_dir`;
/// returns the documents' stems.
pub fn prepare(build_dir: &Path, r: &Render, hashes: &Hashes) -> Result<Vec<String>> {
    write_support(build_dir, r.theme)?;
    let stamp = stamp(r)?;
    let record_path = build_dir.join(".rendered.json");
    let record: Option<Record> = std::fs::read(&record_path)
        .ok()
        .and_then(|b| serde_json::from_slice(&b).ok());
    if let Some(record) = record.filter(|rec| {
        rec.stamp == stamp
            && rec.sources.iter().all(|(stem, hash)| {
                hashes.of(&build_dir.join(format!("{stem}.typ"))).as_ref() == Some(hash)
            })
    }) {
        progress::detail("  program, templates and data unchanged: sources not rendered again");
        return Ok(record.sources.into_keys().collect());
    }
    let documents = documents(r.dataset, r.summary, r.theme, r.coverage, r.draft)?;
    let mut sources = BTreeMap::new();
    for doc in &documents {
        output::write_if_changed(
            &build_dir.join(format!("{}.typ", doc.stem)),
            doc.typst.as_bytes(),
        )?;
        sources.insert(
            doc.stem.clone(),
            format!("{:x}", Sha256::digest(doc.typst.as_bytes())),
        );
    }
    let json = serde_json::to_string_pretty(&Record { stamp, sources }).expect("serialises");
    output::write_atomic(&record_path, json.as_bytes())?;
    Ok(documents.into_iter().map(|d| d.stem).collect())
}

/// The documents of a build: the three editions and, against last year, the change summaries.
pub fn documents(
    dataset: &Dataset,
    summary: Option<&ChangeSummary>,
    theme: &Theme,
    coverage: &Coverage,
    draft: bool,
) -> Result<Vec<Document>> {
    let printable = render::glyphs::printable(dataset, coverage);
    let (editions, changes) = rayon::join(
        || render::documents(&printable, theme, draft),
        || summary.map(|s| render::change_documents(s, &printable, theme, draft)),
    );
    let mut documents = editions?;
    documents.extend(changes.transpose()?.unwrap_or_default());
    Ok(documents)
}

/// The house style and the fonts, which every source imports or uses.
fn write_support(build_dir: &Path, theme: &Theme) -> Result<()> {
    output::write_if_changed(
        &build_dir.join("style.typ"),
        theme.text("style.typ")?.as_bytes(),
    )?;
    for (name, file) in theme.fonts() {
        output::write_if_changed(&build_dir.join(name), &file.bytes)?;
    }
    Ok(())
}

/// SHA-256 of everything rendering reads: this program, every template file, the dataset, last
/// year's dataset and whether the documents are drafts.
fn stamp(r: &Render) -> Result<String> {
    let mut hash = Sha256::new();
    let exe = std::env::current_exe()
        .and_then(std::fs::metadata)
        .map_err(|e| Error::Environment(format!("cannot read this program's file: {e}")))?;
    hash.update(format!(
        "{} {} {:?} draft={}\n",
        env!("CARGO_PKG_VERSION"),
        exe.len(),
        exe.modified().ok(),
        r.draft
    ));
    for (name, file) in r.theme.files("", "") {
        hash.update(name.as_bytes());
        hash.update((file.bytes.len() as u64).to_le_bytes());
        hash.update(&file.bytes);
    }
    hash.update((r.dataset_json.len() as u64).to_le_bytes());
    hash.update(r.dataset_json.as_bytes());
    match std::fs::read(&r.baseline_file) {
        Ok(bytes) => hash.update(&bytes),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => hash.update(b"no baseline"),
        Err(e) => return Err(Error::io("read", &r.baseline_file, e)),
    }
    Ok(format!("{:x}", hash.finalize()))
}
