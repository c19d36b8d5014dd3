//! The shape of published text in a built PDF: every edition's tag tree, action by action and
//! block by block, against the dataset it was built from. Finding the words is not enough: two
//! paragraphs merged into one still hold the same words.

use std::path::Path;

use annual_update::model::{Bilingual, Block, Dataset, Inline, Lang, PieceKind, Text};
use annual_update::render::{Cell, Edition, LangText, ViewBuilder, labels};
use annual_update::report_templates::ReportTemplates;

use super::tagged::{self, Element};

/// One element of the reading order that carries published text.
#[derive(Clone, Debug, PartialEq)]
enum Shape {
    Heading(String),
    Para(String),
    List(Vec<String>),
}

impl Shape {
    fn kind(&self) -> &'static str {
        match self {
            Shape::Heading(_) => "heading",
            Shape::Para(_) => "paragraph",
            Shape::List(_) => "list",
        }
    }

    /// The text as compared: white space removed (line breaks fall anywhere in a PDF) and quotes
    /// made plain.
    fn key(&self) -> String {
        match self {
            Shape::Heading(t) | Shape::Para(t) => squash(t),
            Shape::List(items) => items
                .iter()
                .map(|i| squash(i))
                .collect::<Vec<_>>()
                .join("|"),
        }
    }
}

fn squash(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '‘' | '’' => '\'',
            '“' | '”' => '"',
            c => c,
        })
        .collect()
}

/// The reading order of a tagged PDF as headings, paragraphs and lists, each with the language
/// it is in (its own `/Lang`, its nearest ancestor's, or the document's), from the first `H1`
/// after the contents on. A list's items are read from their `LBody`.
fn reading_order(root: &Element, doc_lang: &str) -> Vec<(Shape, String)> {
    fn walk(e: &Element, lang: &str, out: &mut Vec<(Shape, String)>) {
        let lang = e.lang.as_deref().unwrap_or(lang);
        let primary = lang.split('-').next().unwrap_or(lang).to_string();
        match e.role.as_str() {
            "H1" | "H2" | "H3" | "H4" | "H5" | "H6" => {
                out.push((Shape::Heading(e.text.clone()), primary))
            }
            "P" => out.push((Shape::Para(e.text.clone()), primary)),
            "L" => out.push((
                Shape::List(
                    e.children
                        .iter()
                        .filter(|c| c.role == "LI")
                        .map(|li| {
                            let body = li
                                .child("LBody")
                                .map_or(li.text.clone(), |b| b.text.clone());
                            // A numbered item's number is part of what is compared.
                            match li.child("Lbl").map(|l| l.text.trim().to_string()) {
                                Some(n) if n.starts_with(|c: char| c.is_ascii_digit()) => {
                                    format!("{n} {body}")
                                }
                                _ => body,
                            }
                        })
                        .collect(),
                ),
                primary,
            )),
            "TOC" => {}
            _ => e.children.iter().for_each(|c| walk(c, lang, out)),
        }
    }
    let mut out = Vec::new();
    walk(root, doc_lang, &mut out);
    out
}

fn blocks(text: &Text) -> Vec<Shape> {
    let line = |inlines: &[Inline]| inlines.iter().map(Inline::as_str).collect::<String>();
    text.blocks
        .iter()
        .map(|b| match b {
            Block::Paragraph(p) => Shape::Para(line(p)),
            Block::List(items) => Shape::List(items.iter().map(|i| line(i)).collect()),
        })
        .collect()
}

/// What an edition's tag tree must hold for `dataset`, action by action: the action's heading
/// first, then its notes, units and their blocks. The scaffolding (titles, notes, status lines)
/// comes from the view the templates see; every paragraph and list comes from the dataset.
fn expected(
    dataset: &Dataset,
    edition: Edition,
    draft: bool,
) -> Vec<(String, Vec<(Shape, String)>)> {
    let templates = ReportTemplates::embedded();
    let labels = labels(&templates).unwrap();
    let view = ViewBuilder {
        dataset,
        labels: &labels,
        edition,
        draft,
        not_used: &Default::default(),
    }
    .build();
    let joined = |texts: &[LangText]| {
        texts
            .iter()
            .map(|t| t.text.as_str())
            .collect::<Vec<_>>()
            .join(" / ")
    };
    let mut out = Vec::new();
    for category in &view.categories {
        for action in &category.actions {
            let data = dataset
                .actions
                .iter()
                .find(|a| a.id.as_str() == action.id)
                .unwrap();
            let main = edition.lang().code().to_string();
            let mut shapes = vec![(Shape::Heading(joined(&action.heading)), main.clone())];
            let note = |shapes: &mut Vec<(Shape, String)>, texts: &[LangText]| {
                if !texts.is_empty() {
                    shapes.push((Shape::Para(joined(texts)), main.clone()));
                }
            };
            let unit = |shapes: &mut Vec<(Shape, String)>, cells: &[Cell], text: &Bilingual| {
                for cell in cells {
                    let lang = Lang::ALL
                        .into_iter()
                        .find(|l| l.code() == cell.lang)
                        .unwrap();
                    let mut shape = |s: Shape| shapes.push((s, cell.lang.to_string()));
                    shape(Shape::Heading(cell.title.clone()));
                    for note in cell.missing.iter().chain(&cell.stale) {
                        shape(Shape::Para(note.clone()));
                    }
                    text.get(lang).iter().flat_map(blocks).for_each(&mut shape);
                    cell.status
                        .iter()
                        .for_each(|s| shape(Shape::Para(s.clone())));
                }
            };
            note(&mut shapes, &action.new);
            unit(&mut shapes, &action.commitment, &data.commitment);
            note(&mut shapes, &action.no_update);
            for (view, update) in action.updates.iter().zip(&data.updates) {
                unit(&mut shapes, &view.cells, &update.text);
            }
            if !action.background.is_empty() {
                unit(&mut shapes, &action.background, &data.background);
            }
            out.push((action.id.clone(), shapes));
        }
    }
    out
}

/// What an edition's tag tree must hold for the dataset's narrative, in reading order: each
/// section's heading (the languages joined by a slash), then its blocks in each language of the
/// edition, Welsh first; consecutive items of one list are one list, a numbered item with its
/// number.
fn expected_narrative(dataset: &Dataset, edition: Edition) -> Vec<(Shape, String)> {
    let templates = ReportTemplates::embedded();
    let labels = labels(&templates).unwrap();
    let main = edition.lang().code().to_string();
    let words = |piece: &annual_update::model::Piece, lang: Lang| -> Option<String> {
        let text = piece.text.get(lang).as_ref()?;
        let shapes = blocks(text);
        Some(
            shapes
                .iter()
                .map(|b| match b {
                    Shape::Heading(t) | Shape::Para(t) => t.clone(),
                    Shape::List(items) => items.join(" "),
                })
                .collect(),
        )
    };
    let mut out = Vec::new();
    for page in &dataset.narrative {
        let mut sections: Vec<Vec<&annual_update::model::Piece>> = Vec::new();
        for piece in &page.pieces {
            if matches!(piece.kind, PieceKind::Heading { .. }) || sections.is_empty() {
                sections.push(Vec::new());
            }
            sections.last_mut().unwrap().push(piece);
        }
        for section in sections {
            let mut body = &section[..];
            if let Some(first) = section.first()
                && matches!(first.kind, PieceKind::Heading { .. })
            {
                let heading = edition
                    .langs()
                    .iter()
                    .map(|&l| {
                        words(first, l)
                            .unwrap_or_else(|| labels.get(l).get("text-missing").to_string())
                    })
                    .collect::<Vec<_>>()
                    .join("/");
                out.push((Shape::Heading(heading), main.clone()));
                body = &section[1..];
            }
            if body.is_empty() {
                continue;
            }
            for &lang in edition.langs() {
                let code = lang.code().to_string();
                let mut last_list = None;
                for piece in body {
                    let Some(text) = words(piece, lang) else {
                        let missing = labels.get(lang).get("text-missing").to_string();
                        out.push((Shape::Para(missing), code.clone()));
                        last_list = None;
                        continue;
                    };
                    let item = match piece.kind {
                        PieceKind::Numbered { number, .. } => format!("{number}. {text}"),
                        _ => text.clone(),
                    };
                    let list = piece.kind.list();
                    match (list, out.last_mut()) {
                        (Some(_), Some((Shape::List(items), _))) if list == last_list => {
                            items.push(item)
                        }
                        (Some(_), _) => out.push((Shape::List(vec![item]), code.clone())),
                        (None, _) => out.push((Shape::Para(text), code.clone())),
                    }
                    last_list = list;
                }
            }
        }
    }
    out
}

/// Compares the narrative part of one edition's tag tree with the dataset's narrative.
fn compare_narrative(
    name: &str,
    actual: &[(Shape, String)],
    keys: &[String],
    dataset: &Dataset,
    edition: Edition,
) -> (Vec<String>, usize) {
    let want = expected_narrative(dataset, edition);
    let Some((first, _)) = want.first() else {
        return (Vec::new(), 0);
    };
    let Some(at) = keys.iter().position(|k| *k == first.key()) else {
        return (vec![format!("{name}: no narrative heading {first:?}")], 0);
    };
    let got = &actual[at..(at + want.len()).min(actual.len())];
    let mut problems = Vec::new();
    let mut matched = 0;
    for (i, (((g, gl), key), (w, wl))) in got.iter().zip(&keys[at..]).zip(&want).enumerate() {
        if g.kind() != w.kind() || *key != w.key() || gl != wl {
            problems.push(format!(
                "{name}: narrative element {i}: the PDF has the {} {g:?} in {gl}, the dataset the {} {w:?} in {wl}",
                g.kind(),
                w.kind()
            ));
        } else {
            matched += 1;
        }
    }
    if got.len() != want.len() {
        problems.push(format!(
            "{name}: the narrative has {} elements in the tag tree, the dataset {}",
            got.len(),
            want.len()
        ));
    }
    eprintln!(
        "{name}: {matched} of the narrative's {} elements match",
        want.len()
    );
    (problems, matched)
}

/// Compares one edition's PDF with the dataset: every difference, located, and how many
/// elements matched.
fn compare(pdf: &Path, dataset: &Dataset, edition: Edition, draft: bool) -> (Vec<String>, usize) {
    let (root, doc_lang) = tagged::read(pdf);
    let actual = reading_order(&root, doc_lang.as_deref().unwrap_or("und"));
    let mut problems = Vec::new();
    let mut matched = 0;
    let name = pdf.file_name().unwrap().to_string_lossy().into_owned();
    let describe = |shapes: &[(Shape, String)]| {
        shapes
            .iter()
            .map(|(s, l)| format!("{}({l})", s.kind()))
            .collect::<Vec<_>>()
            .join(" ")
    };
    let keys: Vec<String> = actual.iter().map(|(s, _)| s.key()).collect();
    let (p, m) = compare_narrative(&name, &actual, &keys, dataset, edition);
    problems.extend(p);
    matched += m;
    let mut headings = std::collections::HashMap::new();
    for (i, (s, _)) in actual.iter().enumerate() {
        if matches!(s, Shape::Heading(_)) {
            headings.entry(keys[i].as_str()).or_insert(i);
        }
    }
    for (id, want) in expected(dataset, edition, draft) {
        let heading = &want[0].0;
        let Some(&at) = headings.get(heading.key().as_str()) else {
            problems.push(format!("{name}: no heading {heading:?} for action {id}"));
            continue;
        };
        let end = actual[at + 1..]
            .iter()
            .position(|(s, _)| matches!(s, Shape::Heading(t) if is_action_or_category(t)))
            .map_or(actual.len(), |i| at + 1 + i);
        let got = &actual[at..end];
        if got.len() != want.len() {
            problems.push(format!(
                "{name}: action {id} has {} elements in the tag tree, the dataset {}:\n  pdf:     {}\n  dataset: {}",
                got.len(),
                want.len(),
                describe(got),
                describe(&want),
            ));
            continue;
        }
        for (i, (((g, gl), key), (w, wl))) in got.iter().zip(&keys[at..end]).zip(&want).enumerate()
        {
            if g.kind() != w.kind() || *key != w.key() || gl != wl {
                problems.push(format!(
                    "{name}: action {id}, element {i}: the PDF has the {} {g:?} in {gl}, the dataset the {} {w:?} in {wl}",
                    g.kind(),
                    w.kind()
                ));
            } else {
                matched += 1;
            }
        }
    }
    (problems, matched)
}

/// Action headings ("Action 2.4", "Cam gweithredu 2.4 / Action 2.4"), category headings
/// ("2. Collaboration") and the colophon's ("About this publication", the built-in labels'
/// `publication.about`) end an action's part of the reading order.
fn is_action_or_category(t: &str) -> bool {
    static COLOPHON: std::sync::LazyLock<Vec<String>> = std::sync::LazyLock::new(|| {
        ["en", "cy"]
            .iter()
            .filter_map(|lang| {
                let path = super::repo().join(format!("report-templates/labels/{lang}.toml"));
                let labels: toml::Table =
                    toml::from_str(&std::fs::read_to_string(path).ok()?).ok()?;
                Some(
                    labels
                        .get("publication")?
                        .get("about")?
                        .as_str()?
                        .to_string(),
                )
            })
            .collect()
    });
    let t = t.trim();
    COLOPHON.iter().any(|about| t.starts_with(about.as_str()))
        || t.starts_with("Action ")
        || t.starts_with("Cam gweithredu ")
        || t.split_once(". ")
            .is_some_and(|(n, _)| n.parse::<u32>().is_ok())
}

/// Checks every edition in `out` (an `output/<year>` folder) against its `dataset.json`; returns
/// how many headings, paragraphs and lists matched.
pub fn check_editions(out: &Path, draft: bool) -> usize {
    let dataset =
        Dataset::from_json(&std::fs::read_to_string(out.join("dataset.json")).unwrap()).unwrap();
    let year = dataset.year;
    let mut problems = Vec::new();
    let mut matched = 0;
    for (edition, stem) in [
        (Edition::English, format!("annual-update-{year}")),
        (Edition::Welsh, format!("diweddariad-blynyddol-{year}")),
        (
            Edition::Bilingual,
            format!("diweddariad-blynyddol-annual-update-{year}"),
        ),
    ] {
        let (p, m) = compare(&out.join(format!("{stem}.pdf")), &dataset, edition, draft);
        problems.extend(p);
        matched += m;
    }
    assert!(
        problems.is_empty(),
        "{} differences between the PDFs' tag trees and dataset.json:\n{}",
        problems.len(),
        problems.join("\n")
    );
    // Every block in every language appears twice: in its own edition and in the bilingual one.
    assert!(
        matched > 2 * block_count(&dataset),
        "only {matched} elements matched"
    );
    eprintln!("{matched} headings, paragraphs and lists match the dataset");
    matched
}

/// Every paragraph and list of the dataset's texts, in every language, so a test can say how
/// many blocks the three editions must show (each once alone and once in the bilingual edition).
fn block_count(dataset: &Dataset) -> usize {
    dataset
        .actions
        .iter()
        .flat_map(|a| a.texts())
        .flat_map(|(_, text)| Lang::ALL.map(|l| text.get(l).as_ref().map_or(0, |t| t.blocks.len())))
        .sum()
}
