//! The dataset: this year's complete record, written as `dataset.json` and read back next year.

use serde::{Deserialize, Serialize};

use super::{ActionId, Bilingual, Lang, Plan, Slot, Source, Status, Text};

/// Bumped whenever `dataset.json` changes shape. Version 1 (before Welsh recorded the English it
/// translates) is read and brought up to date; other versions are refused with a clear message.
pub const SCHEMA_VERSION: u32 = 2;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct Dataset {
    pub schema_version: u32,
    /// The reporting year this record is complete up to.
    pub year: u16,
    pub plan: Plan,
    /// Sorted by action ID.
    pub actions: Vec<Action>,
    /// Every correction to already-published text, this year's and earlier years', oldest first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub corrections: Vec<Correction>,
    /// Every returned translation that replaced the Welsh of already-published text (made stale
    /// by a change to its English), this year's and earlier years', oldest first: what the change
    /// summary shows such a Welsh edit to be.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub retranslations: Vec<Retranslation>,
    /// The narrative published with this year: the year's foreword first, then the plan's pages.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub narrative: Vec<super::Page>,
}

/// Which published text of an action a correction replaces.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Field {
    Commitment,
    Background,
    Update,
}

impl Field {
    /// The name `dataset.json` and `resolutions/<year>.toml` give it: `commitment`.
    pub fn key(self) -> &'static str {
        match self {
            Field::Commitment => "commitment",
            Field::Background => "background",
            Field::Update => "update",
        }
    }
}

/// A change to text that was already published, with the text before and after and why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct Correction {
    pub action: ActionId,
    pub field: Field,
    /// The year of the update corrected, for `field = update`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub update_year: Option<u16>,
    pub lang: Lang,
    pub old: Option<Text>,
    pub new: Text,
    pub reason: String,
    /// The build year that made the correction.
    pub corrected_in: u16,
    /// The resolutions entry that asked for it.
    pub source: Source,
}

/// The Welsh of an already-published text, set from a returned translation unit.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct Retranslation {
    pub action: ActionId,
    pub field: Field,
    /// The year of the update, for `field = update`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub update_year: Option<u16>,
    /// The build year that used the translation.
    pub translated_in: u16,
    /// The unit used: `submissions/2027/translation-2027.xlf:12:7`.
    pub source: Source,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct Action {
    pub id: ActionId,
    pub category: u32,
    pub lead_team: String,
    /// The year the action was first published.
    pub introduced: u16,
    pub commitment: Bilingual,
    pub background: Bilingual,
    /// Newest first.
    pub updates: Vec<Update>,
    pub source: Source,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct Update {
    pub year: u16,
    pub status: Status,
    pub text: Bilingual,
    pub team: String,
    pub source: Source,
}

impl Action {
    /// The status of the newest update, if any.
    pub fn status(&self) -> Option<Status> {
        self.updates.first().map(|u| u.status)
    }

    /// An action is open until an update delivers or closes it.
    pub fn is_open(&self) -> bool {
        self.status().is_none_or(Status::is_open)
    }

    pub fn update_for(&self, year: u16) -> Option<&Update> {
        self.updates.iter().find(|u| u.year == year)
    }

    /// Whether the action owes `year` an update: it was in the plan before that year, is still
    /// open, and has none.
    pub fn owes_update(&self, year: u16) -> bool {
        self.introduced < year && self.is_open() && self.update_for(year).is_none()
    }

    /// Every text of the action with its slot: commitment, background, then updates newest first.
    pub fn texts(&self) -> impl Iterator<Item = (Slot, &Bilingual)> {
        [
            (Slot::commitment(&self.id), &self.commitment),
            (Slot::background(&self.id), &self.background),
        ]
        .into_iter()
        .chain(
            self.updates
                .iter()
                .map(|u| (Slot::update(&self.id, u.year), &u.text)),
        )
    }

    /// Every text of the action, to change.
    pub fn texts_mut(&mut self) -> impl Iterator<Item = &mut Bilingual> {
        [&mut self.commitment, &mut self.background]
            .into_iter()
            .chain(self.updates.iter_mut().map(|u| &mut u.text))
    }
}

impl Dataset {
    /// The text at an address: an action's ([`Dataset::text`]) or the narrative's.
    pub fn text_at(&self, at: &super::TextAt) -> Option<&Bilingual> {
        match at {
            super::TextAt::Action(slot) => self.text(slot),
            super::TextAt::Narrative(at) => self
                .narrative
                .iter()
                .find(|p| p.name == at.page)
                .and_then(|p| p.pieces.get(at.index))
                .map(|p| &p.text),
        }
    }

    pub fn text_at_mut(&mut self, at: &super::TextAt) -> Option<&mut Bilingual> {
        match at {
            super::TextAt::Action(slot) => self.text_mut(slot),
            super::TextAt::Narrative(at) => self
                .narrative
                .iter_mut()
                .find(|p| p.name == at.page)
                .and_then(|p| p.pieces.get_mut(at.index))
                .map(|p| &mut p.text),
        }
    }

    /// The text at a slot, if the action (and for an update, that year's update) exists.
    pub fn text(&self, slot: &Slot) -> Option<&Bilingual> {
        let action = self.action(&slot.action)?;
        match (slot.field, slot.year) {
            (Field::Commitment, _) => Some(&action.commitment),
            (Field::Background, _) => Some(&action.background),
            (Field::Update, Some(y)) => action.update_for(y).map(|u| &u.text),
            (Field::Update, None) => None,
        }
    }

    pub fn text_mut(&mut self, slot: &Slot) -> Option<&mut Bilingual> {
        let i = self
            .actions
            .binary_search_by(|a| a.id.cmp(&slot.action))
            .ok()?;
        let action = &mut self.actions[i];
        match (slot.field, slot.year) {
            (Field::Commitment, _) => Some(&mut action.commitment),
            (Field::Background, _) => Some(&mut action.background),
            (Field::Update, Some(y)) => action
                .updates
                .iter_mut()
                .find(|u| u.year == y)
                .map(|u| &mut u.text),
            (Field::Update, None) => None,
        }
    }

    pub fn action(&self, id: &ActionId) -> Option<&Action> {
        self.actions
            .binary_search_by(|a| a.id.cmp(id))
            .ok()
            .map(|i| &self.actions[i])
    }

    /// Puts actions and updates in canonical order, so equal datasets serialise identically.
    pub fn canonicalise(&mut self) {
        self.actions.sort_by(|a, b| a.id.cmp(&b.id));
        for a in &mut self.actions {
            a.updates.sort_by_key(|u| std::cmp::Reverse(u.year));
        }
        self.plan.categories.sort_by_key(|c| c.number);
        self.plan.teams.sort_by(|a, b| a.id.cmp(&b.id));
    }

    /// Canonical JSON: pretty, sorted, ending in a newline.
    pub fn to_json(&self) -> String {
        let mut s = serde_json::to_string_pretty(self).expect("a dataset always serialises");
        s.push('\n');
        s
    }

    pub fn from_json(json: &str) -> Result<Dataset, String> {
        #[derive(Deserialize)]
        #[serde(rename_all = "kebab-case")]
        struct Version {
            schema_version: u32,
        }
        let wrong = |v: u32| {
            format!("schema version {v} is not a version this tool reads (1 or {SCHEMA_VERSION})")
        };
        // One pass when the file is good; the version alone is read only to explain a failure.
        let mut dataset = match serde_json::from_str::<Dataset>(json) {
            Ok(d) => d,
            Err(e) => {
                return Err(match serde_json::from_str::<Version>(json) {
                    Ok(v) if ![1, SCHEMA_VERSION].contains(&v.schema_version) => {
                        wrong(v.schema_version)
                    }
                    _ => e.to_string(),
                });
            }
        };
        match dataset.schema_version {
            SCHEMA_VERSION => Ok(dataset),
            1 => {
                // Version 1 published both languages together: its Welsh translates its English.
                for action in &mut dataset.actions {
                    for text in action.texts_mut() {
                        if text.cy.is_some() {
                            let cy = text.cy.take();
                            text.set_current_welsh(cy);
                        }
                    }
                }
                dataset.schema_version = SCHEMA_VERSION;
                Ok(dataset)
            }
            other => Err(wrong(other)),
        }
    }
}
