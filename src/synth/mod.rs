//! Synthetic inputs for benchmarks: a complete inputs folder (plan, six published years, this
//! year's partner files in every format the tool writes) at the real plan's scale or a multiple.
//!
//! Scale 1 is the real plan: 7 categories × 30 actions, updates published for 2020–2025, and
//! 2026's submissions from 12 partner teams as `.xlsx`, `.ods` and XML, some with Welsh sheet and
//! column names, a few with new actions. Scale N has N × 30 actions per category and N × 12
//! teams. The text has the lengths and conventions of real updates (see [`prose`]), and every
//! file passes `check` without a blocking finding. The same scale always gives the same files.

pub mod files;
mod plan;
mod prose;
mod rng;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use files::Table;
use prose::Both;
use rng::Rng;

use crate::error::{Error, Result};
use crate::ingest::columns::{self, NEW_ACTIONS_SHEET, SheetKind, UPDATES_SHEET};
use crate::model::{
    Action, Bilingual, Dataset, Lang, PerLang, SCHEMA_VERSION, Source, Status, Update,
};

/// The reporting year the synthetic submissions are for.
pub const YEAR: u16 = 2026;
/// The first published year: six years of history, 2020–2025.
pub const FIRST_YEAR: u16 = 2020;
const CATEGORIES: u32 = 7;
const ACTIONS_PER_CATEGORY: usize = 30;
const TEAMS: usize = 12;

/// What was generated.
#[derive(Clone, Debug, Default)]
pub struct Summary {
    pub scale: u32,
    pub actions: usize,
    /// Updates in the published dataset.
    pub published_updates: usize,
    /// Update rows and new-action rows in this year's files.
    pub rows: usize,
    /// This year's files, sorted.
    pub files: Vec<PathBuf>,
    /// Bytes of everything written.
    pub bytes: u64,
}

/// The file format a team sends.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Xlsx,
    Ods,
    Xml,
}

/// One row of this year's `Updates`.
struct Row {
    action: String,
    status: Status,
    text: Both,
}

/// One row of this year's `New actions`.
struct NewRow {
    id: String,
    category: u32,
    commitment: Both,
    background: Option<Both>,
}

/// What one team sends this year.
#[derive(Default)]
struct Submission {
    updates: Vec<Row>,
    new_actions: Vec<NewRow>,
}

/// Writes a complete inputs folder for `scale` into `dir` (which should be empty).
pub fn generate(dir: &Path, scale: u32) -> Result<Summary> {
    let scale = scale.max(1);
    let per_category = ACTIONS_PER_CATEGORY * scale as usize;
    let teams = plan::teams(TEAMS * scale as usize);
    let plan = plan::plan(&teams, FIRST_YEAR..=YEAR);
    let mut summary = Summary {
        scale,
        ..Summary::default()
    };
    let mut actions = Vec::new();
    let mut sent: Vec<Submission> = (0..teams.len()).map(|_| Submission::default()).collect();
    for category in 1..=CATEGORIES {
        for n in 1..=per_category {
            let mut rng = Rng::new(&[u64::from(scale), u64::from(category), n as u64]);
            let team = rng.below(teams.len());
            let action = history(&mut rng, category, n, per_category, &teams[team].id);
            if action.is_open() && rng.chance(0.93) {
                sent[team]
                    .updates
                    .push(this_year(&mut rng, &action, per_category));
            }
            summary.published_updates += action.updates.len();
            actions.push(action);
        }
        // New actions this year: one per category for each multiple of the real plan.
        for k in 1..=scale as usize {
            let n = per_category + k;
            let mut rng = Rng::new(&[u64::from(scale), u64::from(category), n as u64, 1]);
            let team = rng.below(teams.len());
            let id = format!("{category}.{n}");
            let text = update_text(&mut rng, YEAR, per_category);
            sent[team].new_actions.push(NewRow {
                id: id.clone(),
                category,
                commitment: prose::commitment(&mut rng),
                background: rng.chance(0.5).then(|| prose::background(&mut rng)),
            });
            sent[team].updates.push(Row {
                action: id,
                status: Status::InProgress,
                text,
            });
        }
    }
    summary.actions = actions.len();
    let mut dataset = Dataset {
        schema_version: SCHEMA_VERSION,
        year: YEAR - 1,
        plan: plan.clone(),
        actions,
        corrections: Vec::new(),
        retranslations: Vec::new(),
        narrative: Vec::new(),
    };
    dataset.canonicalise();

    let write = |path: &Path, bytes: &[u8]| -> Result<()> {
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| Error::io("create", parent, e))?;
        }
        std::fs::write(path, bytes).map_err(|e| Error::io("write", path, e))
    };
    write(&dir.join("plan.toml"), plan::toml(&plan).as_bytes())?;
    let published = dir.join(format!("published/{}/dataset.json", YEAR - 1));
    write(&published, dataset.to_json().as_bytes())?;
    drop(dataset);

    let folder = dir.join(format!("submissions/{YEAR}"));
    std::fs::create_dir_all(&folder).map_err(|e| Error::io("create", &folder, e))?;
    // Teams sending XML send some updates in English only; their Welsh comes back from the
    // translators in one XLIFF file.
    let mut translated: Vec<(String, String, String)> = Vec::new();
    for (i, (team, sub)) in teams.iter().zip(&mut sent).enumerate() {
        if sub.updates.is_empty() && sub.new_actions.is_empty() {
            continue;
        }
        let kind = [Kind::Xlsx, Kind::Ods, Kind::Xml][i % 3];
        if kind == Kind::Xml {
            for row in sub.updates.iter_mut().skip(1).step_by(4) {
                let cy = std::mem::take(&mut row.text.cy);
                translated.push((row.action.clone(), row.text.en.clone(), cy));
            }
        }
        let lang = if (i / 3) % 2 == 1 { Lang::Cy } else { Lang::En };
        summary.rows += sub.updates.len() + sub.new_actions.len();
        summary
            .files
            .push(write_submission(&folder, &team.id, kind, lang, sub)?);
    }
    if !translated.is_empty() {
        let path = folder.join(format!("translation-{YEAR}.xlf"));
        files::xliff(&path, YEAR, &translated)?;
        summary.rows += translated.len();
        summary.files.push(path);
    }
    summary.files.sort();
    summary.bytes = [dir.join("plan.toml"), published]
        .iter()
        .chain(&summary.files)
        .filter_map(|p| std::fs::metadata(p).ok())
        .map(|m| m.len())
        .sum();
    Ok(summary)
}

/// An action's published history, 2020–2025: introduced in the first plan (or, for the last tenth
/// of each category, in a later year), updated most years, and for some delivered or closed.
fn history(rng: &mut Rng, category: u32, n: usize, per_category: usize, team: &str) -> Action {
    let late = n > per_category * 9 / 10;
    let introduced = if late {
        FIRST_YEAR + 1 + rng.below(4) as u16
    } else {
        FIRST_YEAR
    };
    let last_year = YEAR - 1;
    // About one action in twelve is finished (delivered or closed) in some year, and stops.
    let finished = (introduced < last_year && rng.chance(0.08)).then(|| {
        let year = introduced + 1 + rng.below(usize::from(last_year - introduced)) as u16;
        let status = if rng.chance(0.66) {
            Status::Delivered
        } else {
            Status::Closed
        };
        (year, status)
    });
    let file = |y: u16| format!("submissions/{y}/{team}.xlsx");
    let mut updates = Vec::new();
    for year in introduced..=finished.map_or(last_year, |(y, _)| y) {
        let status = match finished {
            Some((y, s)) if y == year => s,
            // A few years go without an update, but never the year an action is finished.
            _ if rng.chance(0.03) => continue,
            _ if year == introduced && rng.chance(0.5) => Status::InProgress,
            _ => Status::Ongoing,
        };
        let text = update_text(rng, year, per_category);
        updates.push(Update {
            year,
            status,
            text: parsed(&text),
            team: team.to_string(),
            source: Source::cell(file(year), UPDATES_SHEET.0, n as u32, 0),
        });
    }
    updates.reverse();
    let commitment = prose::commitment(rng);
    let background = (!late || rng.chance(0.5)).then(|| prose::background(rng));
    Action {
        id: crate::model::ActionId::parse(&format!("{category}.{n}")).expect("a valid ID"),
        category,
        lead_team: team.to_string(),
        introduced,
        commitment: parsed(&commitment),
        background: background.as_ref().map(parsed).unwrap_or_default(),
        updates,
        source: Source::cell(file(introduced), NEW_ACTIONS_SHEET.0, n as u32, 0),
    }
}

/// This year's update to an open action: mostly carrying on, sometimes delivered or closed.
fn this_year(rng: &mut Rng, action: &Action, per_category: usize) -> Row {
    let status = match rng.below(100) {
        0..4 => Status::Delivered,
        4 => Status::Closed,
        _ => action.status().unwrap_or(Status::InProgress),
    };
    Row {
        action: action.id.to_string(),
        status,
        text: update_text(rng, YEAR, per_category),
    }
}

/// An update's text for `year`; its "see action …" names an action of the first plan.
fn update_text(rng: &mut Rng, year: u16, per_category: usize) -> Both {
    let reference = format!(
        "{}.{}",
        1 + rng.below(CATEGORIES as usize),
        1 + rng.below(per_category * 9 / 10)
    );
    prose::update(rng, year, &reference)
}

/// Published text: the Welsh translates the English it was published with.
fn parsed(both: &Both) -> Bilingual {
    Bilingual::submitted(PerLang {
        en: crate::text::parse(&both.en),
        cy: crate::text::parse(&both.cy),
    })
}

fn write_submission(
    folder: &Path,
    team: &str,
    kind: Kind,
    lang: Lang,
    sub: &Submission,
) -> Result<PathBuf> {
    let path = |ext: &str| folder.join(format!("{team}.{ext}"));
    // Statuses as partners type them: the contract's words in the sheet's language, some with
    // a trailing dot.
    let status = |s: Status, i: usize| {
        let word = s.name(lang);
        if i.is_multiple_of(4) {
            format!("{word}.")
        } else {
            word.to_string()
        }
    };
    match kind {
        Kind::Xml => {
            let statuses: Vec<String> = sub
                .updates
                .iter()
                .enumerate()
                .map(|(i, r)| status(r.status, i))
                .collect();
            let updates: Vec<files::XmlUpdate> = sub
                .updates
                .iter()
                .zip(&statuses)
                .map(|(r, s)| files::XmlUpdate {
                    action: &r.action,
                    status: s,
                    en: &r.text.en,
                    cy: &r.text.cy,
                })
                .collect();
            let new_actions: Vec<files::XmlNewAction> = sub
                .new_actions
                .iter()
                .map(|a| files::XmlNewAction {
                    id: &a.id,
                    category: a.category,
                    lead_team: team,
                    commitment: (&a.commitment.en, &a.commitment.cy),
                    background: a.background.as_ref().map(|b| (&*b.en, &*b.cy)),
                })
                .collect();
            let path = path("xml");
            files::xml(&path, team, YEAR, &new_actions, &updates)?;
            Ok(path)
        }
        Kind::Xlsx | Kind::Ods => {
            let name = |pair: (&'static str, &'static str)| {
                if lang == Lang::Cy { pair.1 } else { pair.0 }
            };
            // Every column the sheet takes, in the contract's order; rows below follow it.
            let header = |kind: SheetKind| -> Vec<String> {
                columns::COLUMNS
                    .iter()
                    .filter(|c| kind.accepts(c.0))
                    .map(|&(_, en, cy, _, _)| name((en, cy)).to_string())
                    .collect()
            };
            // A title row and a blank row above the header, as many real workbooks have.
            let mut rows = vec![
                vec![format!("{YEAR}: {team}")],
                vec![],
                header(SheetKind::Updates),
            ];
            rows.extend(sub.updates.iter().enumerate().map(|(i, r)| {
                vec![
                    r.action.clone(),
                    status(r.status, i),
                    r.text.en.clone(),
                    r.text.cy.clone(),
                    team.to_string(),
                    format!("officer{}@gov.wales", i % 3 + 1),
                    // Notes for reviewers, never published.
                    if i % 5 == 0 {
                        "Agreed with the lead team.".to_string()
                    } else {
                        String::new()
                    },
                ]
            }));
            let mut tables = vec![Table {
                name: name(UPDATES_SHEET).to_string(),
                rows,
            }];
            if !sub.new_actions.is_empty() {
                let mut rows = vec![header(SheetKind::NewActions)];
                rows.extend(sub.new_actions.iter().map(|a| {
                    let bg = a.background.clone().unwrap_or_default();
                    vec![
                        a.id.clone(),
                        a.category.to_string(),
                        a.commitment.en.clone(),
                        a.commitment.cy.clone(),
                        team.to_string(),
                        bg.en,
                        bg.cy,
                    ]
                }));
                tables.push(Table {
                    name: name(NEW_ACTIONS_SHEET).to_string(),
                    rows,
                });
            }
            if matches!(kind, Kind::Xlsx) {
                let path = path("xlsx");
                files::xlsx(&path, &tables)?;
                Ok(path)
            } else {
                let path = path("ods");
                files::ods(&path, &tables)?;
                Ok(path)
            }
        }
    }
}

/// How many files of each extension, for messages: `4 .ods, 4 .xlsx, 4 .xml`.
pub fn describe_files(files: &[PathBuf]) -> String {
    let mut by_ext: BTreeMap<String, usize> = BTreeMap::new();
    for f in files {
        let ext = f
            .extension()
            .map(|e| e.to_string_lossy().into_owned())
            .unwrap_or_default();
        *by_ext.entry(ext).or_default() += 1;
    }
    by_ext
        .iter()
        .map(|(ext, n)| format!("{n} .{ext}"))
        .collect::<Vec<_>>()
        .join(", ")
}
