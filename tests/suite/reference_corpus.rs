//! The reference corpus: the real published English text of actions 2.1–2.7 of the Welsh
//! Government's action plan (`tests/fixtures/reference-actions/`), sent as partner files in three
//! formats (`.xlsx` and `.ods` saved by LibreOffice, and `.xml`) for every year from the plan's
//! first (2018) to 2024. Each format is built on its own; the dataset of its newest year must
//! hold every text exactly as published, block by block: the same paragraphs and lists, the same
//! words, the same statuses. And the three formats must give the same actions.
//!
//! The years before the newest are reconciled in turn, each on the one before, as every year's
//! build does, and the newest year's dataset is then made by one run of the real `build`, so its
//! PDFs hold every year's updates (see [`Build::pdfs`]). The expected text is [`expected`].

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use annual_update::findings::Severity;
use annual_update::inputs::Inputs;
use annual_update::model::Dataset;
use annual_update::{ingest, reconcile};
use serde_json::Value;

fn corpus() -> PathBuf {
    crate::common::repo().join("tests/fixtures/reference-actions")
}

// --- What the dataset must hold -----------------------------------------------------------------

/// One block of published text, its white space normalised as the text conventions do.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ExpectedBlock {
    Paragraph(String),
    /// The text of each item.
    List(Vec<String>),
}

/// A text of an action: its commitment, its background or one year's update.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unit {
    Commitment,
    Background,
    Update(u16),
}

impl fmt::Display for Unit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Unit::Commitment => f.write_str("commitment"),
            Unit::Background => f.write_str("background"),
            Unit::Update(year) => write!(f, "{year} update"),
        }
    }
}

#[derive(Clone, Debug)]
pub struct ExpectedUpdate {
    pub year: u16,
    /// As `dataset.json` writes it: `ongoing`, `in-progress`, `delivered`, `closed`.
    pub status: String,
    pub blocks: Vec<ExpectedBlock>,
}

#[derive(Clone, Debug)]
pub struct ExpectedAction {
    pub id: String,
    pub category: u64,
    pub lead_team: String,
    pub commitment: Vec<ExpectedBlock>,
    pub background: Vec<ExpectedBlock>,
    /// Newest first, as published.
    pub updates: Vec<ExpectedUpdate>,
}

impl ExpectedAction {
    /// Every text of the action with its blocks, in the order the documents print them:
    /// commitment, the updates newest first, background.
    pub fn units(&self) -> Vec<(Unit, &[ExpectedBlock])> {
        let mut units = vec![(Unit::Commitment, self.commitment.as_slice())];
        units.extend(
            self.updates
                .iter()
                .map(|u| (Unit::Update(u.year), u.blocks.as_slice())),
        );
        units.push((Unit::Background, self.background.as_slice()));
        units
    }
}

/// The plan's first year (the actions are set up) and its newest (the build checked).
pub const FIRST_YEAR: u16 = 2018;
pub const NEWEST_YEAR: u16 = 2024;

/// The published text of actions 2.1–2.7, from `expected.json` (written by `generate.py` from
/// the reference text).
pub fn expected() -> Vec<ExpectedAction> {
    let path = corpus().join("expected.json");
    let json: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    assert_eq!(json["first-year"], FIRST_YEAR, "{}", path.display());
    assert_eq!(json["newest-year"], NEWEST_YEAR, "{}", path.display());
    let blocks = |v: &Value| -> Vec<ExpectedBlock> {
        v.as_array()
            .unwrap()
            .iter()
            .map(|b| {
                if let Some(p) = b.get("paragraph") {
                    ExpectedBlock::Paragraph(p.as_str().unwrap().to_string())
                } else {
                    ExpectedBlock::List(
                        b["list"]
                            .as_array()
                            .unwrap()
                            .iter()
                            .map(|i| i.as_str().unwrap().to_string())
                            .collect(),
                    )
                }
            })
            .collect()
    };
    json["actions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| ExpectedAction {
            id: a["id"].as_str().unwrap().to_string(),
            category: a["category"].as_u64().unwrap(),
            lead_team: a["lead-team"].as_str().unwrap().to_string(),
            commitment: blocks(&a["commitment"]),
            background: blocks(&a["background"]),
            updates: a["updates"]
                .as_array()
                .unwrap()
                .iter()
                .map(|u| ExpectedUpdate {
                    year: u["year"].as_u64().unwrap() as u16,
                    status: u["status"].as_str().unwrap().to_string(),
                    blocks: blocks(&u["blocks"]),
                })
                .collect(),
        })
        .collect()
}

// --- Building each format -----------------------------------------------------------------------

/// The three formats, each a complete inputs folder `tests/fixtures/reference-actions/<format>/`.
pub const FORMATS: [&str; 3] = ["xlsx", "ods", "xml"];

/// One format's build of the newest year.
pub struct Build {
    pub format: &'static str,
    /// `output/<newest year>/`.
    pub output: PathBuf,
    pub dataset: Value,
}

/// The editions a build writes.
pub struct Pdfs {
    pub en: PathBuf,
    pub cy: PathBuf,
    pub bilingual: PathBuf,
}

impl Build {
    pub fn pdfs(&self) -> Pdfs {
        let y = NEWEST_YEAR;
        Pdfs {
            en: self.output.join(format!("annual-update-{y}.pdf")),
            cy: self.output.join(format!("diweddariad-blynyddol-{y}.pdf")),
            bilingual: self
                .output
                .join(format!("diweddariad-blynyddol-annual-update-{y}.pdf")),
        }
    }
}

/// Each format is built once, in `target/tmp/reference-corpus/<format>/` (left there to look
/// at), however many tests ask for it.
pub fn built(format: &'static str) -> &'static Build {
    static BUILDS: [OnceLock<Build>; 3] = [OnceLock::new(), OnceLock::new(), OnceLock::new()];
    let i = FORMATS.iter().position(|f| *f == format).unwrap();
    BUILDS[i].get_or_init(|| build(format))
}

fn build(format: &'static str) -> Build {
    let ws = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("reference-corpus")
        .join(format);
    if ws.exists() {
        std::fs::remove_dir_all(&ws).unwrap();
    }
    let inputs = ws.join("inputs");
    crate::common::copy_tree(&corpus().join(format), &inputs);
    publish_history(format, &inputs);
    let out = crate::common::run(crate::common::annual_update(&ws).args([
        "build",
        "--year",
        &NEWEST_YEAR.to_string(),
    ]));
    assert_eq!(
        out.status.code(),
        Some(0),
        "{format}: build {NEWEST_YEAR} failed:\n{}",
        crate::common::stderr(&out)
    );
    let output = ws.join("output").join(NEWEST_YEAR.to_string());
    let read = |name: &str| -> Value {
        let path = output.join(name);
        serde_json::from_str(&std::fs::read_to_string(&path).unwrap())
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    };
    // Welsh is not in the reference, so the build is a draft for that reason, and no other.
    let findings = read("findings.json");
    let blocking: Vec<&Value> = findings["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["severity"] == "blocking" && f["code"] != "missing-language")
        .collect();
    assert!(
        blocking.is_empty(),
        "{format}: build {NEWEST_YEAR}: blocking findings besides missing Welsh:\n{blocking:#?}"
    );
    let build = Build {
        format,
        dataset: read("dataset.json"),
        output,
    };
    for pdf in [build.pdfs().en, build.pdfs().cy, build.pdfs().bilingual] {
        assert!(pdf.is_file(), "{format}: no {}", pdf.display());
    }
    build
}

/// Reconciles each year before the newest on the one before, as that year's build did, and
/// publishes the last of them as the newest year's baseline. Every row read must be used, and
/// nothing may be blocking but the missing Welsh.
fn publish_history(format: &str, root: &Path) {
    let inputs = Inputs::new(root);
    let plan = inputs.plan().unwrap();
    let mut baseline: Option<Dataset> = None;
    for year in FIRST_YEAR..NEWEST_YEAR {
        let files = ingest::submission_files(&inputs.submissions_dir(year)).unwrap();
        let subs = ingest::read_all(&files, |p| inputs.name(p));
        let out = reconcile::reconcile(&plan, baseline.as_ref(), year, &subs, &Default::default());
        let rows: usize = subs.iter().map(|s| s.rows).sum();
        assert!(rows > 0, "{format} {year}: no rows read from {files:?}");
        let l = out.ledger;
        assert_eq!(
            (l.rows, l.unreadable, l.used, l.merged, l.rejected),
            (rows, 0, rows, 0, 0),
            "{format} {year}: every row read is used: {l:?}"
        );
        let blocking: Vec<_> = out
            .findings
            .iter()
            .filter(|f| f.severity == Severity::Blocking && f.code.as_str() != "missing-language")
            .collect();
        assert!(
            blocking.is_empty(),
            "{format} {year}: blocking findings besides missing Welsh:\n{blocking:#?}"
        );
        baseline = Some(Dataset::from_json(&out.dataset.to_json()).unwrap());
    }
    let year = NEWEST_YEAR - 1;
    let path = inputs.published_dataset(year);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, baseline.unwrap().to_json()).unwrap();
}

// --- Comparing ----------------------------------------------------------------------------------

/// The plain text of a paragraph or list item: its runs (text, link, action ID) joined.
fn plain(inlines: &Value) -> String {
    inlines
        .as_array()
        .unwrap()
        .iter()
        .map(|run| {
            let obj = run.as_object().unwrap();
            assert_eq!(obj.len(), 1, "a run is one of text, link, action: {run}");
            obj.values().next().unwrap().as_str().unwrap().to_string()
        })
        .collect()
}

/// The dataset's blocks of a text in one language (`null`: no text).
fn found_blocks(text: &Value) -> Vec<ExpectedBlock> {
    let Some(blocks) = text.as_array() else {
        return Vec::new();
    };
    blocks
        .iter()
        .map(|b| {
            if let Some(p) = b.get("paragraph") {
                ExpectedBlock::Paragraph(plain(p))
            } else {
                ExpectedBlock::List(b["list"].as_array().unwrap().iter().map(plain).collect())
            }
        })
        .collect()
}

fn describe(b: &ExpectedBlock) -> String {
    match b {
        ExpectedBlock::Paragraph(_) => "a paragraph".into(),
        ExpectedBlock::List(items) => format!("a list of {} items", items.len()),
    }
}

/// Every difference between the expected and the found blocks of one text, each naming the
/// format, action, text and block.
fn compare(
    at: &str,
    want: &[ExpectedBlock],
    got: &[ExpectedBlock],
    errors: &mut Vec<String>,
) -> usize {
    if want.len() != got.len() {
        errors.push(format!(
            "{at}: {} blocks expected, {} found\n  expected: {want:#?}\n  found: {got:#?}",
            want.len(),
            got.len()
        ));
    }
    let mut checked = 0;
    for (i, (w, g)) in want.iter().zip(got).enumerate() {
        checked += 1;
        let at = format!("{at}, block {}", i + 1);
        match (w, g) {
            (ExpectedBlock::Paragraph(w), ExpectedBlock::Paragraph(g)) => {
                if w != g {
                    errors.push(format!(
                        "{at}: the paragraph differs\n  expected: {w:?}\n  found:    {g:?}"
                    ));
                }
            }
            (ExpectedBlock::List(w), ExpectedBlock::List(g)) => {
                if w.len() != g.len() {
                    errors.push(format!(
                        "{at}: a list of {} items expected, {} found\n  expected: {w:#?}\n  found: {g:#?}",
                        w.len(),
                        g.len()
                    ));
                }
                for (j, (wi, gi)) in w.iter().zip(g).enumerate() {
                    if wi != gi {
                        errors.push(format!(
                            "{at}, item {}: the item differs\n  expected: {wi:?}\n  found:    {gi:?}",
                            j + 1
                        ));
                    }
                }
            }
            _ => errors.push(format!(
                "{at}: {} expected, {} found\n  expected: {w:?}\n  found:    {g:?}",
                describe(w),
                describe(g)
            )),
        }
    }
    checked
}

/// The dataset's action with this ID.
fn action<'a>(dataset: &'a Value, id: &str) -> Option<&'a Value> {
    dataset["actions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["id"] == id)
}

/// Checks one build's dataset against [`expected`]; panics with every difference.
fn check(build: &Build) {
    let f = build.format;
    let dataset = &build.dataset;
    let expected = expected();
    let mut errors = Vec::new();
    let mut blocks = 0;
    let mut updates = 0;
    assert_eq!(dataset["year"], NEWEST_YEAR, "{f}: the dataset's year");
    let ids: Vec<&str> = dataset["actions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["id"].as_str().unwrap())
        .collect();
    let want_ids: Vec<&str> = expected.iter().map(|a| a.id.as_str()).collect();
    if ids != want_ids {
        errors.push(format!("{f}: actions {want_ids:?} expected, {ids:?} found"));
    }
    for want in &expected {
        let id = &want.id;
        let Some(got) = action(dataset, id) else {
            continue;
        };
        for (field, expected) in [
            ("category", Value::from(want.category)),
            ("lead-team", Value::from(want.lead_team.as_str())),
            ("introduced", Value::from(FIRST_YEAR)),
        ] {
            if got[field] != expected {
                errors.push(format!(
                    "{f}: action {id}: {field} {expected} expected, {} found",
                    got[field]
                ));
            }
        }
        let got_years: Vec<u64> = got["updates"]
            .as_array()
            .unwrap()
            .iter()
            .map(|u| u["year"].as_u64().unwrap())
            .collect();
        let want_years: Vec<u64> = want.updates.iter().map(|u| u.year as u64).collect();
        if got_years != want_years {
            errors.push(format!(
                "{f}: action {id}: updates for {want_years:?} expected (newest first), {got_years:?} found"
            ));
        }
        for (unit, want_blocks) in want.units() {
            let got_text = match unit {
                Unit::Commitment => Some(&got["commitment"]),
                Unit::Background => Some(&got["background"]),
                Unit::Update(year) => got["updates"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .find(|u| u["year"] == year)
                    .map(|u| &u["text"]),
            };
            let at = format!("{f}: action {id}, {unit}");
            let Some(got_text) = got_text else {
                errors.push(format!("{at}: missing"));
                continue;
            };
            blocks += compare(
                &at,
                want_blocks,
                &found_blocks(&got_text["en"]),
                &mut errors,
            );
            if !got_text["cy"].is_null() {
                errors.push(format!(
                    "{at}: no Welsh expected (the reference is English), found {}",
                    got_text["cy"]
                ));
            }
        }
        for u in &want.updates {
            let Some(got) = got["updates"]
                .as_array()
                .unwrap()
                .iter()
                .find(|g| g["year"] == u.year)
            else {
                continue;
            };
            updates += 1;
            if got["status"] != u.status.as_str() {
                errors.push(format!(
                    "{f}: action {id}, {} update: status {} expected, {} found",
                    u.year, u.status, got["status"]
                ));
            }
        }
    }
    assert!(
        errors.is_empty(),
        "{f}: {} differences from the published text (tests/fixtures/reference-actions/expected.json):\n\n{}",
        errors.len(),
        errors.join("\n\n")
    );
    eprintln!(
        "{f}: {} actions, {updates} updates and {blocks} blocks as published",
        expected.len()
    );
    // The PDFs, block by block against that dataset: so against the published text too.
    let matched = crate::common::shape::check_editions(&build.output, true);
    eprintln!("{f}: {matched} headings, paragraphs and lists in the three PDFs' tag trees");
}

#[test]
fn xlsx_saved_by_libreoffice_gives_the_published_text() {
    check(built("xlsx"));
}

#[test]
fn ods_saved_by_libreoffice_gives_the_published_text() {
    check(built("ods"));
}

#[test]
fn xml_gives_the_published_text() {
    check(built("xml"));
}

/// A value with every `source` left out: where a text came from differs by format, the text
/// itself must not.
fn without_sources(v: &Value) -> Value {
    match v {
        Value::Object(map) => Value::Object(
            map.iter()
                .filter(|(k, _)| k.as_str() != "source")
                .map(|(k, v)| (k.clone(), without_sources(v)))
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(without_sources).collect()),
        other => other.clone(),
    }
}

#[test]
fn the_three_formats_give_the_same_actions() {
    let xml = built("xml");
    let reference = without_sources(&xml.dataset["actions"]);
    for format in ["xlsx", "ods"] {
        let other = without_sources(&built(format).dataset["actions"]);
        let (a, b) = (reference.as_array().unwrap(), other.as_array().unwrap());
        assert_eq!(a.len(), b.len(), "{format} and xml: numbers of actions");
        for (x, y) in a.iter().zip(b) {
            assert!(
                x == y,
                "{format} and xml differ in action {}:\n  xml: {x}\n  {format}: {y}",
                x["id"]
            );
        }
    }
}

/// The expectation itself: the corpus is as described in its README.
#[test]
fn the_expectation_has_every_update() {
    let expected = expected();
    let ids: Vec<&str> = expected.iter().map(|a| a.id.as_str()).collect();
    assert_eq!(ids, ["2.1", "2.2", "2.3", "2.4", "2.5", "2.6", "2.7"]);
    let updates: usize = expected.iter().map(|a| a.updates.len()).sum();
    assert_eq!(updates, 36);
    for a in &expected {
        let years: Vec<u16> = a.updates.iter().map(|u| u.year).collect();
        assert!(
            years.windows(2).all(|w| w[0] > w[1]),
            "action {}: updates newest first: {years:?}",
            a.id
        );
        for (unit, blocks) in a.units() {
            assert!(!blocks.is_empty(), "action {}, {unit}: no blocks", a.id);
        }
    }
}
