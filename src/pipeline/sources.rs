//! The Typst sources of a build, in the folder Typst is confined to: rendered from the dataset
//! through the templates or, when nothing rendering reads has changed since the last build (this
//! program, the templates, the dataset and last year's), the sources already there, so that a
//! rebuild with no changed input costs no more than reading it.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::changes::ChangeSummary;
use crate::error::{Error, Result};
use crate::fonts::Coverage;
use crate::model::Dataset;
use crate::output;
use crate::progress;
use crate::render::{self, Document, Edition};
use crate::report_templates::ReportTemplates;
use crate::typst::Hashes;

/// What rendering read, and what it wrote, as kept in [`RENDER_RECORD`] in the build folder.
#[derive(Debug, PartialEq, Eq, Serialize, Deserialize)]
struct Record {
    stamp: String,
    /// The stem of each document's source and the source's SHA-256.
    sources: BTreeMap<String, String>,
}

/// What rendering reads, its stamp (see [`Render::new`]) and what the last build rendered.
pub struct Render<'a> {
    pub documents: Documents<'a>,
    /// SHA-256 of all that rendering reads, worked out once per build.
    stamp: String,
    /// The last build's render record, read once per build.
    last: Option<Record>,
}

impl<'a> Render<'a> {
    /// `dataset_json` is the dataset as `dataset.json` holds it; `baseline` the SHA-256 of last
    /// year's `dataset.json` as this build read it (none if there is none), which the change
    /// summaries compare against; `build_dir` the build folder the last build rendered into.
    pub fn new(
        documents: Documents<'a>,
        dataset_json: &str,
        baseline: Option<&str>,
        build_dir: &Path,
    ) -> Result<Self> {
        let stamp = stamp(&documents, dataset_json, baseline)?;
        let last = std::fs::read(build_dir.join(RENDER_RECORD))
            .ok()
            .and_then(|b| serde_json::from_slice(&b).ok());
        Ok(Render {
            documents,
            stamp,
            last,
        })
    }

    /// Whether the last build rendered from exactly what this one would: then what it made from
    /// the same inputs is up to date.
    pub fn unchanged(&self) -> bool {
        self.last
            .as_ref()
            .is_some_and(|last| last.stamp == self.stamp)
    }
}

/// Writes (or keeps) every document's source in `build_dir` and calls `ready` with each stem as
/// soon as its source is there, so that Typst can start on it while the rest render; returns every
/// stem. The bilingual edition, the longest for Typst, renders first and alone.
pub fn prepare(
    build_dir: &Path,
    r: &Render,
    hashes: &Hashes,
    ready: &(dyn Fn(&str) + Sync),
) -> Result<Vec<String>> {
    if let Some(last) = r.last.as_ref().filter(|last| {
        r.unchanged()
            && last.sources.iter().all(|(stem, hash)| {
                hashes.of(&build_dir.join(format!("{stem}.typ"))).as_ref() == Some(hash)
            })
    }) {
        progress::detail("  program, templates and data unchanged: sources not rendered again");
        for stem in last.sources.keys() {
            ready(stem);
        }
        return Ok(last.sources.keys().cloned().collect());
    }
    let mut sources = BTreeMap::new();
    r.documents.render(&mut |batch| {
        for doc in batch {
            output::write_if_changed(
                &build_dir.join(format!("{}.typ", doc.stem)),
                doc.typst.as_bytes(),
            )?;
            let hash = output::sha256_hex(doc.typst.as_bytes());
            sources.insert(doc.stem.clone(), hash);
            ready(&doc.stem);
        }
        Ok(())
    })?;
    let stems = sources.keys().cloned().collect();
    let stamp = r.stamp.clone();
    output::write_json(&build_dir.join(RENDER_RECORD), &Record { stamp, sources })?;
    Ok(stems)
}

/// What the documents of a build are rendered from.
pub struct Documents<'a> {
    pub dataset: &'a Dataset,
    /// Against last year, for the change summaries.
    pub summary: Option<&'a ChangeSummary>,
    /// The templates, set up once per build.
    pub prepared: &'a render::Prepared,
    pub coverage: &'a Coverage,
    pub draft: bool,
    /// The actions whose update sent this year was not used, which a draft notes.
    pub not_used: &'a std::collections::BTreeSet<crate::model::ActionId>,
}

impl Documents<'_> {
    /// Every document: the three editions and the change summaries.
    pub fn all(&self) -> Result<Vec<Document>> {
        let mut all = Vec::new();
        self.render(&mut |batch| {
            all.extend(batch);
            Ok(())
        })?;
        Ok(all)
    }

    /// Renders the documents, handing each batch to `done` as soon as it is rendered: first the
    /// bilingual edition alone (Typst takes longest over it, so it should start first), then the
    /// other editions and the change summaries together.
    fn render(&self, done: &mut dyn FnMut(Vec<Document>) -> Result<()>) -> Result<()> {
        let printable = crate::fonts::printable(self.dataset, self.coverage);
        let edition = |editions: &[Edition]| {
            render::documents_of(
                &printable,
                self.prepared,
                self.draft,
                self.not_used,
                editions,
            )
        };
        done(edition(&[Edition::Bilingual])?)?;
        let (editions, changes) = rayon::join(
            || edition(&[Edition::Welsh, Edition::English]),
            || {
                self.summary
                    .map(|s| render::change_documents(s, &printable, self.prepared, self.draft))
            },
        );
        done(editions?)?;
        done(changes.transpose()?.unwrap_or_default())
    }
}

/// The build folder inside the output folder: the Typst sources, what they import and use, and
/// what each was made from.
pub const BUILD_DIR: &str = "typst";
/// What rendering read, in the build folder (see [`prepare`]).
const RENDER_RECORD: &str = ".rendered.json";

/// The files besides the documents' own sources that a build keeps in its build folder (names
/// in it): the house style, the fonts and the render record.
pub fn support_files(templates: &ReportTemplates) -> impl Iterator<Item = &str> {
    ["style.typ", RENDER_RECORD]
        .into_iter()
        .chain(templates.fonts().map(|(name, _)| name))
}

/// The house style and the fonts, which every source imports or uses.
pub fn write_support(build_dir: &Path, templates: &ReportTemplates) -> Result<()> {
    output::write_if_changed(
        &build_dir.join("style.typ"),
        templates.text("style.typ")?.as_bytes(),
    )?;
    for (name, file) in templates.fonts() {
        output::write_if_changed(&build_dir.join(name), &file.bytes)?;
    }
    Ok(())
}

/// SHA-256 of everything rendering reads: this program, every template file, the dataset, last
/// year's dataset (by the SHA-256 it was read with), whether the documents are drafts and which
/// updates a draft notes as not used.
fn stamp(documents: &Documents, dataset_json: &str, baseline: Option<&str>) -> Result<String> {
    let mut hash = Sha256::new();
    let exe = std::env::current_exe()
        .and_then(std::fs::metadata)
        .map_err(|e| Error::Environment(format!("cannot read this program's file: {e}")))?;
    hash.update(format!(
        "{} {} {:?} draft={} not-used={:?}\n",
        env!("CARGO_PKG_VERSION"),
        exe.len(),
        exe.modified().ok(),
        documents.draft,
        documents.not_used
    ));
    for (name, file) in documents.prepared.templates().files("", "") {
        hash.update(name.as_bytes());
        hash.update((file.bytes.len() as u64).to_le_bytes());
        hash.update(&file.bytes);
    }
    hash.update((dataset_json.len() as u64).to_le_bytes());
    hash.update(dataset_json.as_bytes());
    match baseline {
        Some(sha256) => hash.update(format!("baseline {sha256}")),
        None => hash.update(b"no baseline"),
    }
    Ok(output::hex(hash))
}
