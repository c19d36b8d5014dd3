//! Action status: four values, written in many ways by people, printed only from the labels.

use std::fmt;

use serde::{Deserialize, Serialize};

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

/// Every accepted spelling, after normalising case, spaces and a trailing dot.
const SPELLINGS: [(&str, Status); 8] = [
    ("ongoing", Status::Ongoing),
    ("in progress", Status::InProgress),
    ("delivered", Status::Delivered),
    ("closed", Status::Closed),
    ("parhaus", Status::Ongoing),
    ("ar y gweill", Status::InProgress),
    ("cwblhawyd", Status::Delivered),
    ("caewyd", Status::Closed),
];

/// The canonical English or Welsh word for each spelling above, for suggestions.
const CANONICAL: [&str; 8] = [
    "Ongoing",
    "In progress",
    "Delivered",
    "Closed",
    "Parhaus",
    "Ar y gweill",
    "Cwblhawyd",
    "Caewyd",
];

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
        if let Some((_, s)) = SPELLINGS.iter().find(|(w, _)| *w == norm) {
            return Ok(*s);
        }
        Err(StatusError {
            given: given.trim().to_string(),
            suggestion: suggest(&norm),
        })
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
    let squashed: String = norm.chars().filter(|c| c.is_alphabetic()).collect();
    if squashed.is_empty() {
        return None;
    }
    SPELLINGS
        .iter()
        .zip(CANONICAL)
        .map(|((w, _), canonical)| {
            let w: String = w.chars().filter(|c| c.is_alphabetic()).collect();
            (strsim::levenshtein(&w, &squashed), canonical)
        })
        .filter(|(d, _)| *d <= 2 && *d * 3 <= squashed.chars().count())
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
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
