//! The plan's fixed frame: title, organisation, categories and partner teams, from `plan.toml`.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::PerLang;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct Plan {
    pub title: PerLang<String>,
    pub organisation: PerLang<String>,
    /// Publication date of each year's edition, `YYYY-MM-DD`. It is printed on the cover and is
    /// the PDFs' creation date, so that the same inputs give the same bytes.
    #[serde(default)]
    pub publication_dates: BTreeMap<u16, String>,
    pub categories: Vec<Category>,
    pub teams: Vec<Team>,
    /// What a PDF failing PDF/UA-1 or PDF/A-2a does to a final build (`[conformance]`). A setting
    /// of the build, not part of the plan's record: `dataset.json` never has it.
    #[serde(default, skip_serializing)]
    pub conformance: Conformance,
    /// What the publication says of itself on every page and in the PDFs' metadata (`[publication]`,
    /// all optional). Not written into `dataset.json` when absent, so a plan without it keeps its
    /// bytes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub publication: Option<Publication>,
}

/// `[conformance]` in `plan.toml`.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Conformance {
    /// Whether a PDF that fails a rule of PDF/UA-1 or PDF/A-2a stops `build --final` (it does
    /// unless this is `false`: a failure is a bug to report, which the PDFs should not be
    /// published with unknowingly).
    #[serde(default = "blocks")]
    pub blocking: bool,
}

fn blocks() -> bool {
    true
}

impl Default for Conformance {
    fn default() -> Conformance {
        Conformance { blocking: blocks() }
    }
}

/// `[publication]`: the accessible-formats contact, the licence and copyright (the Open
/// Government Licence v3.0 and Crown copyright unless given), and each year's edition's
/// reference, ISBN and "Last updated" date. `plan_check` checks each value with its place.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct Publication {
    /// The e-mail address to ask for the publication in another format.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contact: Option<String>,
    /// The licence sentence, in place of the Open Government Licence v3.0's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub licence: Option<PerLang<String>>,
    /// The copyright holder, in place of "Crown copyright" ("Hawlfraint y Goron").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub copyright: Option<PerLang<String>>,
    /// Each year's edition (`[publication.editions.2026]`).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub editions: BTreeMap<u16, EditionMeta>,
}

/// One year's edition: what identifies it and when it last changed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct EditionMeta {
    /// The organisation's unique reference for the edition (`WG51234`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
    /// Its ISBN, ISBN-13 or ISBN-10, as written (hyphens kept); its check digit is checked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub isbn: Option<String>,
    /// `YYYY-MM-DD`: the day the edition was last changed after it was published.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_updated: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Category {
    pub number: u32,
    pub name: PerLang<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Team {
    pub id: String,
    pub name: PerLang<String>,
}

impl Plan {
    pub fn category(&self, number: u32) -> Option<&Category> {
        self.categories.iter().find(|c| c.number == number)
    }

    pub fn team(&self, id: &str) -> Option<&Team> {
        self.teams.iter().find(|t| t.id == id)
    }

    /// What `year`'s edition's `[publication]` says of it, if anything.
    pub fn edition_meta(&self, year: u16) -> Option<&EditionMeta> {
        self.publication.as_ref()?.editions.get(&year)
    }
}
