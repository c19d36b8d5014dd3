//! Welsh parity: for every text with English, whether its Welsh is translated, missing or stale,
//! with totals for the build summary, findings that block a final build, and the parity report.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use rayon::prelude::*;
use serde::Serialize;

use crate::findings::{Code, Finding};
use crate::model::{Dataset, Field, Lang, Page, PieceAt, Slot, Source, TextAt, WelshState};
use crate::output::markdown::inline;

#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Parity {
    /// Every text that has English, in dataset order.
    pub texts: Vec<Entry>,
    /// Every heading, paragraph and list item of the narrative, in reading order.
    pub narrative: Vec<NarrativeEntry>,
    /// The texts whose Welsh is not Welsh (see [`crate::language`]): counted as missing, and
    /// reported by the language check, not here.
    #[serde(skip)]
    pub not_welsh: BTreeSet<TextAt>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct NarrativeEntry {
    #[serde(serialize_with = "crate::translation::parity::as_text")]
    pub piece: PieceAt,
    /// "heading", "paragraph", "list item 2".
    pub what: String,
    pub state: WelshState,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Entry {
    #[serde(serialize_with = "crate::translation::parity::as_text")]
    pub slot: Slot,
    pub state: WelshState,
}

fn as_text<S: serde::Serializer>(at: &impl std::fmt::Display, s: S) -> Result<S::Ok, S::Error> {
    s.collect_str(at)
}

/// Missing Welsh in a partner's row: the partner adds it, or leaves it to the coordinator.
const PARTNER_FIX: &str =
    "add the Welsh text to the file, or ask the coordinator to send it to the translators";

/// The round trip to the translators, as the reader types it after this run (with its
/// `--inputs`, when not the default: see [`crate::progress::command`]).
fn export() -> String {
    use crate::progress::{Takes, command};
    format!(
        "run `{}`, send the file to the translators, and `{}` with the file they return",
        command("xliff export", Takes::Inputs),
        command("xliff import FILE", Takes::Inputs)
    )
}

impl Parity {
    /// The parity of `dataset`, where the texts of `not_welsh` have Welsh that is not Welsh.
    pub fn of(dataset: &Dataset, not_welsh: BTreeSet<TextAt>) -> Parity {
        // Every text's English is fingerprinted: in parallel, as a plan's history is large.
        let texts = dataset
            .actions
            .par_iter()
            .flat_map_iter(|a| a.texts())
            .filter_map(|(slot, text)| {
                let state = match text.welsh_state()? {
                    _ if contains(&not_welsh, &slot) => WelshState::Missing,
                    state => state,
                };
                Some(Entry { state, slot })
            })
            .collect();
        let mut parity = Parity {
            texts,
            narrative: Vec::new(),
            not_welsh,
        };
        parity.add_narrative(&dataset.narrative);
        parity
    }

    /// Counts the narrative's pieces in, replacing any counted before.
    pub fn add_narrative(&mut self, pages: &[Page]) {
        self.narrative = pages
            .iter()
            .flat_map(Page::texts)
            .filter_map(|(piece, p)| {
                let state = p.text.welsh_state()?;
                let not_welsh = self.not_welsh.contains(&TextAt::Narrative(piece.clone()));
                Some(NarrativeEntry {
                    state: if not_welsh {
                        WelshState::Missing
                    } else {
                        state
                    },
                    what: p.kind.what(),
                    piece,
                })
            })
            .collect();
    }

    pub fn count(&self, state: WelshState) -> usize {
        self.texts.iter().filter(|e| e.state == state).count()
            + self.narrative.iter().filter(|e| e.state == state).count()
    }

    /// Every text counted: the actions' and the narrative's.
    pub fn total(&self) -> usize {
        self.texts.len() + self.narrative.len()
    }

    /// Whether the Welsh at `at` counts as missing because it is not Welsh.
    pub fn is_not_welsh(&self, at: &TextAt) -> bool {
        !self.not_welsh.is_empty() && self.not_welsh.contains(at)
    }

    /// Texts whose Welsh is not ready to publish.
    pub fn needing_work(&self) -> impl Iterator<Item = &Entry> {
        self.texts
            .iter()
            .filter(|e| e.state != WelshState::Translated)
    }

    /// "Welsh: 52 of 55 texts translated, 2 missing, 1 stale" ("1 of 1 text").
    pub fn summary(&self) -> String {
        format!(
            "Welsh: {} of {} translated, {} missing, {} stale",
            self.count(WelshState::Translated),
            crate::progress::count(self.total(), "text", "texts"),
            self.count(WelshState::Missing),
            self.count(WelshState::Stale)
        )
    }

    /// A blocking finding for each text whose Welsh is missing or stale, located where the Welsh
    /// was due (`welsh_at`), or at the correction that changed the English.
    pub fn findings(&self, dataset: &Dataset, welsh_at: &BTreeMap<TextAt, Source>) -> Vec<Finding> {
        self.needing_work()
            // Welsh that is not Welsh has its own finding, from the language check.
            .filter(|e| !contains(&self.not_welsh, &e.slot))
            .map(|e| {
                let slot = &e.slot;
                let what = slot.what();
                let corrected = dataset.corrections.iter().rev().find(|c| {
                    c.lang == Lang::En
                        && c.action == slot.action
                        && c.field == slot.field
                        && (c.field != Field::Update || c.update_year == slot.year)
                });
                let finding = match (e.state, corrected) {
                    (WelshState::Stale, Some(c)) => Finding::blocking(
                        Code::StaleWelsh,
                        format!("the English {what} was corrected here, so its Welsh translates the text before the correction"),
                    )
                    .at(&c.source),
                    (WelshState::Stale, None) => Finding::blocking(
                        Code::StaleWelsh,
                        format!("the Welsh {what} translates an earlier version of its English"),
                    ),
                    _ => Finding::blocking(Code::MissingLanguage, format!("the {what} has no Welsh text")),
                };
                // Where the Welsh was due: a row of this year's files, if the text came in one.
                let due = welsh_at.get(&TextAt::Action(slot.clone()));
                let finding = match (&finding.source, due) {
                    (Some(_), _) => finding,
                    (None, Some(at)) => finding.at(at),
                    (None, None) => match default_source(dataset, slot) {
                        Some(at) => finding.at(at),
                        None => finding,
                    },
                };
                let fix = match (e.state, due) {
                    // The partner's row: what the partner can do (see `teams::actors`).
                    (WelshState::Missing, Some(_)) => PARTNER_FIX.to_string(),
                    (WelshState::Missing, None) => export(),
                    _ => format!("{}; the unit for {slot} carries the previous Welsh for the translators", export()),
                };
                finding.action(&slot.action).fix(fix)
            })
            .collect()
    }

    /// The parity report: totals, then each action's texts that need work, every name written as
    /// literal text (see [`crate::output::markdown`]).
    pub fn markdown(&self, year: u16) -> String {
        let mut md = format!("# Welsh parity, {year}\n\n{}.\n\n", self.summary());
        let work: Vec<&Entry> = self.needing_work().collect();
        let narrative: Vec<&NarrativeEntry> = self
            .narrative
            .iter()
            .filter(|e| e.state != WelshState::Translated)
            .collect();
        if work.is_empty() && narrative.is_empty() {
            md.push_str("Every text with English has current Welsh.\n");
            return md;
        }
        if !narrative.is_empty() {
            md.push_str("| narrative | text | Welsh |\n|---|---|---|\n");
            for e in &narrative {
                let _ = writeln!(
                    md,
                    "| {} | {} | {} |",
                    inline(&e.piece.to_string()),
                    inline(&e.what),
                    e.state.key()
                );
            }
            md.push('\n');
        }
        if work.is_empty() {
            md.push_str(
                "`annual-update xliff export` writes exactly these texts for the translators.\n",
            );
            return md;
        }
        md.push_str("| action | text | Welsh |\n|---|---|---|\n");
        for e in work {
            let _ = writeln!(
                md,
                "| {} | {} | {} |",
                inline(e.slot.action.as_str()),
                inline(&e.slot.what()),
                e.state.key()
            );
        }
        md.push_str(
            "\n`annual-update xliff export` writes exactly these texts for the translators.\n",
        );
        md
    }

    pub fn json(&self) -> String {
        #[derive(Serialize)]
        struct Report<'a> {
            translated: usize,
            missing: usize,
            stale: usize,
            texts: &'a [Entry],
            #[serde(skip_serializing_if = "<[_]>::is_empty")]
            narrative: &'a [NarrativeEntry],
        }
        let report = Report {
            translated: self.count(WelshState::Translated),
            missing: self.count(WelshState::Missing),
            stale: self.count(WelshState::Stale),
            texts: &self.texts,
            narrative: &self.narrative,
        };
        crate::output::pretty_json(&report)
    }
}

/// Whether `slot` is in `set`, without a copy of the slot when the set is empty (as it is in
/// most builds, over a large history).
fn contains(set: &BTreeSet<TextAt>, slot: &Slot) -> bool {
    !set.is_empty() && set.contains(&TextAt::Action(slot.clone()))
}

/// Where a text was given: its update's row or element, or its action's.
fn default_source<'d>(dataset: &'d Dataset, slot: &Slot) -> Option<&'d Source> {
    let action = dataset.action(&slot.action)?;
    match slot.year {
        Some(y) => action.update_for(y).map(|u| &u.source),
        None => Some(&action.source),
    }
}
