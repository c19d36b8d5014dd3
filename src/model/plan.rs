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
