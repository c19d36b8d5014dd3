//! The plan's narrative (see `model::narrative`), read from `inputs/narrative/`: the year's
//! foreword (`narrative/<year>/`) first, then the plan's pages, each in name order. Each page is
//! a pair of Markdown files read by [`markdown`]; the Welsh is paired with the English by
//! position, and Welsh that stayed the same while its English changed since last year's
//! publication is stale. Every problem is a located finding; the run goes on.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::findings::{Code, Finding};
use crate::input_file::{NotAFile, Reads, What};
use crate::model::{
    Bilingual, Block, LineStarts, Page, Piece, PieceAt, PieceKind, Source, Text, TextAt,
    WelshState, fingerprint,
};
use crate::text::markdown;

/// The folder of the narrative in the inputs folder.
pub const FOLDER: &str = "narrative";

/// The narrative of one year, as read.
#[derive(Debug, Default)]
pub struct Narrative {
    pub pages: Vec<Page>,
    pub findings: Vec<Finding>,
    /// Where each piece's Welsh is (or is due): the Welsh file's piece, else the English's.
    pub welsh_at: BTreeMap<PieceAt, Source>,
    /// Where each piece's English is.
    pub english_at: BTreeMap<PieceAt, Source>,
}

/// Reads the narrative for `year` from the inputs folder `root`, comparing it with `last_year`'s
/// (the narrative published with last year's dataset) to find stale Welsh; every file of it is
/// noted in `reads` as it is read, a page's Welsh file too when it is not used.
pub fn load(root: &Path, year: u16, last_year: &[Page], reads: &Reads) -> Narrative {
    let mut out = Narrative::default();
    let folder = root.join(FOLDER);
    let year_folder = folder.join(year.to_string());
    for (dir, prefix) in [(&year_folder, format!("{year}/")), (&folder, String::new())] {
        for (name, files) in pairs(dir, root, &mut out.findings, &prefix) {
            let page_name = format!("{prefix}{name}");
            let last = last_year.iter().find(|p| p.name == page_name);
            if let Some(page) = read_page(&page_name, &files, last, &mut out, reads) {
                out.pages.push(page);
            }
        }
    }
    out
}

/// Every file of the narrative a build of `year` reads (see [`crate::inputs::Inputs::files_read`]).
pub fn files(root: &Path, year: u16) -> Vec<PathBuf> {
    let folder = root.join(FOLDER);
    let year_folder = folder.join(year.to_string());
    let mut out = Vec::new();
    for (dir, prefix) in [(&year_folder, format!("{year}/")), (&folder, String::new())] {
        for files in pairs(dir, root, &mut Vec::new(), &prefix).into_values() {
            out.extend(files.en.into_iter().chain(files.cy));
        }
    }
    out
}

/// One page's files.
#[derive(Default)]
struct Files {
    en: Option<PathBuf>,
    cy: Option<PathBuf>,
}

/// The pages in `dir`, by name, with their files; a file that is not `NAME.en.md` or `NAME.cy.md`
/// is a finding, and so is anything that is not a file (a named pipe, a broken link, a link that
/// leaves the inputs folder `root`) and a folder that is not a year's. Hidden files are left out.
fn pairs(
    dir: &Path,
    root: &Path,
    findings: &mut Vec<Finding>,
    prefix: &str,
) -> BTreeMap<String, Files> {
    let mut pages: BTreeMap<String, Files> = BTreeMap::new();
    let Ok(entries) = crate::input_file::list(dir, root) else {
        return pages;
    };
    for entry in entries {
        let file_name = entry.name.to_string_lossy().into_owned();
        if file_name.starts_with('.') {
            continue;
        }
        let shown = format!("{FOLDER}/{prefix}{file_name}");
        match entry.what {
            What::File => {}
            // Year folders hold forewords, read with their year.
            What::Folder if prefix.is_empty() && file_name.parse::<u16>().is_ok() => continue,
            What::Folder => {
                findings.push(
                    Finding::warning(
                        Code::UnsupportedFile,
                        "this folder in the narrative folder is not read: only the pages in narrative/ and in its year folders (narrative/2026/) are",
                    )
                    .at(&Source::file(shown))
                    .fix("move the pages in it up into the narrative folder, or move the folder out of it"),
                );
                continue;
            }
            other => {
                findings.push(crate::ingest::refused(&other, &shown, "the inputs folder"));
                continue;
            }
        }
        let path = entry.path;
        match (
            file_name.strip_suffix(".en.md"),
            file_name.strip_suffix(".cy.md"),
        ) {
            (Some(name), _) => pages.entry(name.to_string()).or_default().en = Some(path),
            (_, Some(name)) => pages.entry(name.to_string()).or_default().cy = Some(path),
            _ => findings.push(
                Finding::warning(
                    Code::UnsupportedFile,
                    "this file in the narrative folder is not read: only NAME.en.md and NAME.cy.md pairs are",
                )
                .at(&Source::file(shown))
                .fix("rename it NAME.en.md (English) or NAME.cy.md (Welsh), or move it out of the narrative folder"),
            ),
        }
    }
    pages
}

/// The file's text and its pieces, with findings on what it holds that is not printed.
fn read_file(
    path: &Path,
    shown: &str,
    out: &mut Narrative,
    reads: &Reads,
) -> Option<Vec<markdown::Read>> {
    match reads.read(path) {
        Ok(bytes) => {
            let text = match std::str::from_utf8(&bytes) {
                Ok(text) => text,
                Err(e) => {
                    // At the first byte that is not UTF-8: what came before it is.
                    let before = std::str::from_utf8(&bytes[..e.valid_up_to()]).unwrap_or_default();
                    let at = LineStarts::of(before).source(before, shown, before.len());
                    out.findings.push(
                        Finding::blocking(Code::UnreadableFile, "the file is not UTF-8 text")
                            .at(&at)
                            .fix("save it as UTF-8 (every Markdown editor can)"),
                    );
                    return None;
                }
            };
            let parsed = markdown::parse(text, shown);
            out.findings.extend(parsed.findings);
            Some(parsed.pieces)
        }
        Err(e) => {
            out.findings.push(match NotAFile::kind_of(&e) {
                Some(kind) => crate::ingest::refused(&What::Special(kind), shown, ""),
                None => Finding::blocking(
                    Code::UnreadableFile,
                    format!("the file cannot be read ({e})"),
                )
                .at(&Source::file(shown))
                .fix("check that the file exists and you may read it"),
            });
            None
        }
    }
}

fn read_page(
    name: &str,
    files: &Files,
    last: Option<&Page>,
    out: &mut Narrative,
    reads: &Reads,
) -> Option<Page> {
    let shown = |lang: &str| format!("{FOLDER}/{name}.{lang}.md");
    // A Welsh file not used is listed among what the build read all the same.
    let unused = |cy: &Option<PathBuf>| {
        if let Some(cy) = cy {
            let _ = reads.note_unused(cy);
        }
    };
    let Some(en_path) = &files.en else {
        unused(&files.cy);
        out.findings.push(
            Finding::warning(
                Code::MissingLanguage,
                "this Welsh page has no English page, so it is not printed",
            )
            .at(&Source::file(shown("cy")))
            .fix(format!("add {} beside it, or remove it", shown("en"))),
        );
        return None;
    };
    let Some(en) = read_file(en_path, &shown("en"), out, reads) else {
        unused(&files.cy);
        return None;
    };
    let cy = match &files.cy {
        Some(path) => read_file(path, &shown("cy"), out, reads),
        None => None,
    };
    let cy = cy.and_then(|cy| match mismatch(&en, &cy) {
        None => Some(cy),
        Some(at) => {
            let (what, place) = match (en.get(at), cy.get(at)) {
                (Some(e), Some(c)) => (
                    format!(
                        "the Welsh has a {} where the English has a {} ({})",
                        c.kind.what(),
                        e.kind.what(),
                        e.at
                    ),
                    c.at.clone(),
                ),
                (Some(e), None) => (
                    format!(
                        "the Welsh ends before the English's {} ({}): the English has {} headings, paragraphs and list items, the Welsh {}",
                        e.kind.what(),
                        e.at,
                        en.len(),
                        cy.len()
                    ),
                    Source::file(shown("cy")),
                ),
                (None, Some(c)) => (
                    format!(
                        "the Welsh has more than the English: the English has {} headings, paragraphs and list items, the Welsh {}",
                        en.len(),
                        cy.len()
                    ),
                    c.at.clone(),
                ),
                (None, None) => unreachable!("a mismatch is inside one of them"),
            };
            out.findings.push(
                Finding::blocking(Code::NarrativeMismatch, format!("{what}; the Welsh page is paired with the English piece by piece, so none of it is printed"))
                    .at(&place)
                    .fix("give the Welsh the same headings, paragraphs and list items as the English, in the same order"),
            );
            None
        }
    });
    let pieces = en
        .iter()
        .enumerate()
        .map(|(index, e)| {
            let at = PieceAt {
                page: name.to_string(),
                index,
            };
            let c = cy.as_ref().map(|cy| &cy[index]);
            out.english_at.insert(at.clone(), e.at.clone());
            out.welsh_at
                .insert(at, c.map_or_else(|| e.at.clone(), |c| c.at.clone()));
            let en_text = one_paragraph(&e.runs);
            let previous = last
                .and_then(|p| p.pieces.get(index))
                .filter(|p| p.kind == e.kind);
            // With no Welsh file, the Welsh published last year (from a returned translation, say)
            // stays, as an action's does; it is stale if the English has changed since.
            let cy_text = match &files.cy {
                Some(_) => c.map(|c| one_paragraph(&c.runs)),
                None => previous.and_then(|p| p.text.cy.clone()),
            };
            let translates = translates(&en_text, cy_text.as_ref(), previous);
            let mut text = Bilingual::submitted(crate::model::PerLang {
                en: Some(en_text),
                cy: None,
            });
            text.set_welsh(cy_text, translates);
            Piece { kind: e.kind, text }
        })
        .collect();
    Some(Page {
        name: name.to_string(),
        pieces,
    })
}

/// The first position at which the Welsh's pieces are not the English's kinds, if any.
fn mismatch(en: &[markdown::Read], cy: &[markdown::Read]) -> Option<usize> {
    let same = |a: PieceKind, b: PieceKind| match (a, b) {
        (PieceKind::Numbered { list: l, .. }, PieceKind::Numbered { list: m, .. }) => l == m,
        _ => a == b,
    };
    (0..en.len().max(cy.len())).find(|&i| match (en.get(i), cy.get(i)) {
        (Some(e), Some(c)) => !same(e.kind, c.kind),
        _ => true,
    })
}

fn one_paragraph(runs: &[crate::model::Inline]) -> Text {
    Text {
        blocks: vec![Block::Paragraph(runs.to_vec())],
    }
}

/// Which English the Welsh translates: the English as it is now, unless the English changed since
/// last year and the Welsh did not, when it still translates last year's.
fn translates(en: &Text, cy: Option<&Text>, previous: Option<&Piece>) -> Option<String> {
    cy?;
    let current = Some(fingerprint(en));
    let Some(previous) = previous else {
        return current;
    };
    if previous.text.cy.as_ref() == cy {
        // The Welsh is what it was: it translates what it translated then, current or stale.
        previous.text.cy_translates.clone()
    } else {
        // The Welsh was written again: it translates the English as it is.
        current
    }
}

/// A blocking finding for each piece whose Welsh is missing or stale, at its Welsh (or English).
pub fn parity_findings(pages: &[Page], welsh_at: &BTreeMap<TextAt, Source>) -> Vec<Finding> {
    let mut out = Vec::new();
    for page in pages {
        // A page with no Welsh at all is one finding, not one per piece.
        // (A page with nothing on it needs no Welsh.)
        if !page.pieces.is_empty() && page.pieces.iter().all(|p| p.text.cy.is_none()) {
            out.push(
                Finding::blocking(
                    Code::MissingLanguage,
                    format!(
                        "the narrative page has no Welsh: its {} headings, paragraphs and list items need translating",
                        page.pieces.len()
                    ),
                )
                .at(&Source::file(format!("{FOLDER}/{}.cy.md", page.name)))
                .fix(format!(
                    "write {FOLDER}/{}.cy.md with the same headings, paragraphs and list items as the English, or run `annual-update xliff export` and import what the translators return",
                    page.name
                )),
            );
            continue;
        }
        for (at, piece) in page.texts() {
            let (code, message) = match piece.text.welsh_state() {
                Some(WelshState::Missing) => (
                    Code::MissingLanguage,
                    format!("the narrative's {} has no Welsh text", piece.kind.what()),
                ),
                Some(WelshState::Stale) => (
                    Code::StaleWelsh,
                    format!(
                        "the English {} changed since last year's publication and its Welsh did not",
                        piece.kind.what()
                    ),
                ),
                _ => continue,
            };
            let mut finding = Finding::blocking(code, message).fix(format!(
                "write the Welsh in {FOLDER}/{}.cy.md at the same place, or run `annual-update xliff export` and import what the translators return (unit {at})",
                page.name
            ));
            if let Some(source) = welsh_at.get(&TextAt::Narrative(at)) {
                finding = finding.at(source);
            }
            out.push(finding);
        }
    }
    out
}
