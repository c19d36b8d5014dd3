//! Action status: four values, written in many ways by people, printed only from the labels.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::Lang;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    Ongoing,
    InProgress,
    Delivered,
    Closed,
}

/// A status that could not be read, with the nearest accepted spelling when one is close.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StatusError {
    pub given: String,
    pub suggestion: Option<&'static str>,
}

impl fmt::Display for StatusError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "status \"{}\" is not one of Ongoing, In progress, Delivered, Closed (Welsh: Parhaus, Ar y gweill, Cwblhawyd, Caewyd)",
            self.given
        )
    }
}

impl Status {
    pub const ALL: [Status; 4] = [
        Status::Ongoing,
        Status::InProgress,
        Status::Delivered,
        Status::Closed,
    ];

    /// Reads a status as partners write it: any case, extra spaces, a trailing dot,
    /// English or Welsh. Anything else is an error that suggests the closest value.
    pub fn parse(given: &str) -> Result<Status, StatusError> {
        let norm = normalise(given);
        if let Some((s, _)) = Status::words().find(|(_, w)| normalise(w) == norm) {
            return Ok(s);
        }
        Err(StatusError {
            given: given.trim().to_string(),
            suggestion: suggest(&norm),
        })
    }

    /// The contract's word for the status in a language: what partners write and the template's
    /// drop-down offers. (Documents print statuses from the label files instead.)
    pub fn name(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Status::Ongoing, Lang::En) => "Ongoing",
            (Status::InProgress, Lang::En) => "In progress",
            (Status::Delivered, Lang::En) => "Delivered",
            (Status::Closed, Lang::En) => "Closed",
            (Status::Ongoing, Lang::Cy) => "Parhaus",
            (Status::InProgress, Lang::Cy) => "Ar y gweill",
            (Status::Delivered, Lang::Cy) => "Cwblhawyd",
            (Status::Closed, Lang::Cy) => "Caewyd",
        }
    }

    /// Every status with each of its words, English first.
    pub fn words() -> impl Iterator<Item = (Status, &'static str)> {
        [Lang::En, Lang::Cy]
            .into_iter()
            .flat_map(|l| Status::ALL.into_iter().map(move |s| (s, s.name(l))))
    }

    /// The key used in label files and JSON: `ongoing`, `in-progress`, …
    pub fn key(self) -> &'static str {
        match self {
            Status::Ongoing => "ongoing",
            Status::InProgress => "in-progress",
            Status::Delivered => "delivered",
            Status::Closed => "closed",
        }
    }

    /// Open actions are expected to get an update every year.
    pub fn is_open(self) -> bool {
        matches!(self, Status::Ongoing | Status::InProgress)
    }
}

fn normalise(given: &str) -> String {
    let words: Vec<&str> = given
        .trim()
        .trim_end_matches('.')
        .split(|c: char| c.is_whitespace())
        .filter(|w| !w.is_empty())
        .collect();
    words.join(" ").to_lowercase()
}

fn suggest(norm: &str) -> Option<&'static str> {
    let letters = |s: &str| {
        s.chars()
            .filter(|c| c.is_alphabetic())
            .flat_map(char::to_lowercase)
            .collect::<String>()
    };
    let squashed = letters(norm);
    if squashed.is_empty() {
        return None;
    }
    Status::words()
        .map(|(_, word)| (strsim::levenshtein(&letters(word), &squashed), word))
        .filter(|(d, _)| *d <= 2 && *d * 3 <= squashed.chars().count())
        .min_by_key(|(d, _)| *d)
        .map(|(_, word)| word)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_real_spellings() {
        for (s, want) in [
            ("Ongoing", Status::Ongoing),
            ("ongoing.", Status::Ongoing),
            ("  Ongoing. ", Status::Ongoing),
            (" In Progress", Status::InProgress),
            ("in  progress", Status::InProgress),
            ("Parhaus", Status::Ongoing),
            ("Ar y Gweill.", Status::InProgress),
            ("CWBLHAWYD", Status::Delivered),
            ("Caewyd", Status::Closed),
        ] {
            assert_eq!(Status::parse(s), Ok(want), "{s}");
        }
    }

    #[test]
    fn suggests_the_nearest() {
        assert_eq!(
            Status::parse("On going").unwrap_err().suggestion,
            Some("Ongoing")
        );
        assert_eq!(
            Status::parse("Inprogress").unwrap_err().suggestion,
            Some("In progress")
        );
        assert_eq!(
            Status::parse("Deliverd").unwrap_err().suggestion,
            Some("Delivered")
        );
        assert_eq!(Status::parse("Paused").unwrap_err().suggestion, None);
    }
}
