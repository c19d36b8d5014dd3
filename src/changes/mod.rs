//! What changed between two years' datasets: the reviewers' view. New actions, status changes and
//! their transition matrix, actions finished this year, open actions with no update, every edit to
//! text that was already published (word by word, in both languages), and a per-team overview.

mod csv;
mod markdown;
pub mod redline;

use std::collections::BTreeMap;

use serde::Serialize;
use similar::{ChangeTag, TextDiff};

pub use csv::csv;
pub use markdown::markdown;

use crate::model::{Action, ActionId, Bilingual, Dataset, Field, Lang, Source, Status};

#[derive(Debug, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct ChangeSummary {
    pub from_year: u16,
    pub to_year: u16,
    /// Actions by their latest status, last year and this year.
    pub status_counts: Vec<StatusCount>,
    /// How each action's status moved; `from: null` for new actions.
    pub transitions: Vec<Transition>,
    pub new_actions: Vec<ActionId>,
    /// Delivered or closed this year.
    pub finished: Vec<Finished>,
    /// Open actions with no update this year.
    pub no_update: Vec<ActionId>,
    /// Every published text that reads differently now.
    pub edits: Vec<Edit>,
    pub teams: Vec<TeamRow>,
}

#[derive(Debug, Serialize)]
pub struct StatusCount {
    /// `None`: actions with no update yet (new this year).
    pub status: Option<Status>,
    pub from: usize,
    pub to: usize,
}

#[derive(Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Transition {
    pub from: Option<Status>,
    pub to: Status,
    pub count: usize,
}

#[derive(Debug, Serialize)]
pub struct Finished {
    pub action: ActionId,
    pub status: Status,
}

/// A change to text published in an earlier year.
#[derive(Debug, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct Edit {
    #[serde(flatten)]
    pub of: EditOf,
    pub lang: Lang,
    pub old: String,
    pub new: String,
    /// The reason recorded with the correction, if one was.
    pub reason: Option<String>,
    /// For Welsh set from a returned translation rather than corrected: where it came from.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub retranslation: Option<Retranslated>,
    /// Only white space or characters that show nothing changed (see [`redline`]).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub invisible_only: bool,
    /// Word by word: runs kept, deleted and inserted.
    pub diff: Vec<Segment>,
}

/// Welsh that is a returned translation, not an edit anyone made to published Welsh.
#[derive(Debug, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct Retranslated {
    /// The translation unit used.
    pub source: Source,
    /// Whether it translates a correction of the English made in the same span of years (the
    /// English edit of the same text in this summary).
    pub of_correction: bool,
}

impl Edit {
    fn new(of: EditOf, lang: Lang, old: String, new: String) -> Edit {
        Edit {
            of,
            lang,
            diff: word_diff(&old, &new),
            invisible_only: redline::invisible_only(&old, &new),
            old,
            new,
            reason: None,
            retranslation: None,
        }
    }
}

/// Which published text an edit changed.
#[derive(Debug, Serialize)]
#[serde(untagged, rename_all = "kebab-case")]
pub enum EditOf {
    /// An action's commitment, background or one year's update.
    Action {
        action: ActionId,
        field: Field,
        #[serde(rename = "update-year", skip_serializing_if = "Option::is_none")]
        update_year: Option<u16>,
    },
    /// A page of the narrative, as a whole.
    Narrative { page: String },
}

#[derive(Debug, PartialEq, Eq, Serialize)]
pub struct Segment {
    pub kind: SegmentKind,
    pub text: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum SegmentKind {
    Same,
    Deleted,
    Inserted,
}

#[derive(Debug, Default, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct TeamRow {
    pub team: String,
    pub actions: usize,
    pub updated: usize,
    pub no_update: usize,
    pub new_actions: usize,
    pub finished: usize,
}

impl ChangeSummary {
    /// The rows of the transition matrix: new actions, then each status last year.
    pub const MATRIX_ROWS: [Option<Status>; 5] = [
        None,
        Some(Status::Ongoing),
        Some(Status::InProgress),
        Some(Status::Delivered),
        Some(Status::Closed),
    ];

    /// One row of the transition matrix as printed: the count per status this year, `·` for none.
    pub fn matrix_row(&self, from: Option<Status>) -> Vec<String> {
        Status::ALL
            .iter()
            .map(|&to| {
                let n = self
                    .transitions
                    .iter()
                    .find(|t| t.from == from && t.to == to)
                    .map_or(0, |t| t.count);
                if n == 0 {
                    "·".to_string()
                } else {
                    n.to_string()
                }
            })
            .collect()
    }
}

/// The summary of `to` against `from` (normally last year's published dataset).
pub fn summarise(from: &Dataset, to: &Dataset) -> ChangeSummary {
    let before: BTreeMap<&ActionId, &Action> = from.actions.iter().map(|a| (&a.id, a)).collect();
    let year = to.year;
    let status_in =
        |d: &Dataset, s: Option<Status>| d.actions.iter().filter(|a| a.status() == s).count();
    // Every status, then the actions with no update yet (new this year), if there are any.
    let status_counts = Status::ALL
        .iter()
        .map(|&s| Some(s))
        .chain([None])
        .map(|s| StatusCount {
            status: s,
            from: status_in(from, s),
            to: status_in(to, s),
        })
        .filter(|c| c.status.is_some() || c.from + c.to > 0)
        .collect();

    let mut moves: BTreeMap<(Option<Status>, Status), usize> = BTreeMap::new();
    let mut new_actions = Vec::new();
    let mut finished = Vec::new();
    let mut no_update = Vec::new();
    let mut edits = Vec::new();
    let mut teams: BTreeMap<String, TeamRow> = BTreeMap::new();
    for action in &to.actions {
        let old = before.get(&action.id).copied();
        let team = teams
            .entry(action.lead_team.clone())
            .or_insert_with(|| TeamRow {
                team: action.lead_team.clone(),
                ..TeamRow::default()
            });
        team.actions += 1;
        if old.is_none() {
            new_actions.push(action.id.clone());
            team.new_actions += 1;
        }
        if let Some(to_status) = action.status() {
            *moves
                .entry((old.and_then(Action::status), to_status))
                .or_default() += 1;
        }
        match action.update_for(year) {
            Some(u) => {
                team.updated += 1;
                if !u.status.is_open() && old.and_then(Action::status).is_none_or(Status::is_open) {
                    finished.push(Finished {
                        action: action.id.clone(),
                        status: u.status,
                    });
                    team.finished += 1;
                }
            }
            None if action.owes_update(year) => {
                no_update.push(action.id.clone());
                team.no_update += 1;
            }
            None => {}
        }
        if let Some(old) = old {
            edits.extend(edits_of(old, action, from.year, to));
        }
    }
    edits.extend(narrative_edits(from, to));
    ChangeSummary {
        from_year: from.year,
        to_year: year,
        status_counts,
        transitions: moves
            .into_iter()
            .map(|((from, to), count)| Transition { from, to, count })
            .collect(),
        new_actions,
        finished,
        no_update,
        edits,
        teams: teams.into_values().collect(),
    }
}

/// Published texts of one action that differ between the two datasets (`to`, and the dataset
/// of `since`), each with the correction recorded for it, or the returned translation it is.
fn edits_of(old: &Action, new: &Action, since: u16, to: &Dataset) -> Vec<Edit> {
    /// One published text and what it reads now.
    type Pair<'a> = (Field, Option<u16>, &'a Bilingual, &'a Bilingual);
    let mut pairs: Vec<Pair> = vec![
        (Field::Commitment, None, &old.commitment, &new.commitment),
        (Field::Background, None, &old.background, &new.background),
    ];
    for u in &old.updates {
        if let Some(n) = new.update_for(u.year) {
            pairs.push((Field::Update, Some(u.year), &u.text, &n.text));
        }
    }
    let mut out = Vec::new();
    for (field, year, a, b) in pairs {
        let correction = |lang: Lang| {
            to.corrections.iter().rev().find(|c| {
                c.action == new.id && c.field == field && c.lang == lang && c.update_year == year
            })
        };
        for lang in Lang::ALL {
            let (Some(a), Some(b)) = (a.get(lang), b.get(lang)) else {
                continue;
            };
            if a == b {
                continue;
            }
            let mut edit = Edit::new(
                EditOf::Action {
                    action: new.id.clone(),
                    field,
                    update_year: year,
                },
                lang,
                a.plain(),
                b.plain(),
            );
            edit.reason = correction(lang).map(|c| c.reason.clone());
            if edit.reason.is_none() {
                edit.retranslation = to
                    .retranslations
                    .iter()
                    .rev()
                    .find(|r| {
                        r.action == new.id
                            && r.field == field
                            && r.update_year == year
                            && r.translated_in > since
                    })
                    .map(|r| Retranslated {
                        source: r.source.clone(),
                        of_correction: correction(Lang::En).is_some_and(|c| c.corrected_in > since),
                    });
            }
            out.push(edit);
        }
    }
    out
}

/// The narrative's pages published last year that read differently now, each page as a whole,
/// in each language.
fn narrative_edits(from: &Dataset, to: &Dataset) -> Vec<Edit> {
    let mut out = Vec::new();
    for page in &to.narrative {
        let Some(old) = from.narrative.iter().find(|p| p.name == page.name) else {
            continue;
        };
        for lang in Lang::ALL {
            let (old_text, new_text) = (old.as_text(lang).plain(), page.as_text(lang).plain());
            if old_text == new_text {
                continue;
            }
            out.push(Edit::new(
                EditOf::Narrative {
                    page: page.name.clone(),
                },
                lang,
                old_text,
                new_text,
            ));
        }
    }
    out
}

/// Word-level differences (the `similar` crate), adjacent runs of one kind joined.
pub fn word_diff(old: &str, new: &str) -> Vec<Segment> {
    let diff = TextDiff::from_words(old, new);
    let mut out: Vec<Segment> = Vec::new();
    for change in diff.iter_all_changes() {
        let kind = match change.tag() {
            ChangeTag::Equal => SegmentKind::Same,
            ChangeTag::Delete => SegmentKind::Deleted,
            ChangeTag::Insert => SegmentKind::Inserted,
        };
        match out.last_mut() {
            Some(last) if last.kind == kind => last.text.push_str(change.value()),
            _ => out.push(Segment {
                kind,
                text: change.value().to_string(),
            }),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_compared() {
        let d = word_diff(
            "reached 1,200 practitioners",
            "reached 1,400 practitioners in Wales",
        );
        let kinds: Vec<(SegmentKind, &str)> = d.iter().map(|s| (s.kind, s.text.as_str())).collect();
        assert_eq!(
            kinds,
            [
                (SegmentKind::Same, "reached "),
                (SegmentKind::Deleted, "1,200"),
                (SegmentKind::Inserted, "1,400"),
                (SegmentKind::Same, " practitioners"),
                (SegmentKind::Inserted, " in Wales"),
            ]
        );
    }
}
