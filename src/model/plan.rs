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
}
