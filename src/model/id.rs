//! Action IDs: text such as `2.10`, which is not `2.1`, ordered by category then number.

use std::cmp::Ordering;
use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// An action ID as published: `<category>.<number>`, kept as text.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct ActionId {
    text: String,
    category: u32,
    number: u32,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IdError {
    pub given: String,
}

impl fmt::Display for IdError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "\"{}\" is not an action ID: write the category number, a dot and the action number, such as 2.10",
            self.given
        )
    }
}

impl ActionId {
    /// Parses `2.10`. Surrounding spaces (including non-breaking ones) are ignored; nothing else is
    /// forgiven: leading zeros, letters or a missing part are errors, never guesses.
    pub fn parse(given: &str) -> Result<ActionId, IdError> {
        let text = given.trim_matches(|c: char| c.is_whitespace());
        let err = || IdError {
            given: given.to_string(),
        };
        let (cat, num) = text.split_once('.').ok_or_else(err)?;
        let part = |s: &str| -> Option<u32> {
            if s.is_empty()
                || s.len() > 4
                || s.starts_with('0')
                || !s.bytes().all(|b| b.is_ascii_digit())
            {
                None
            } else {
                s.parse().ok()
            }
        };
        Ok(ActionId {
            text: text.to_string(),
            category: part(cat).ok_or_else(err)?,
            number: part(num).ok_or_else(err)?,
        })
    }

    pub fn as_str(&self) -> &str {
        &self.text
    }

    pub fn category(&self) -> u32 {
        self.category
    }

    /// A string safe to use as a Typst label or file name part: `2-10`.
    pub fn slug(&self) -> String {
        format!("{}-{}", self.category, self.number)
    }
}

impl Ord for ActionId {
    fn cmp(&self, other: &Self) -> Ordering {
        (self.category, self.number).cmp(&(other.category, other.number))
    }
}

impl PartialOrd for ActionId {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl fmt::Display for ActionId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl Serialize for ActionId {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.text)
    }
}

impl<'de> Deserialize<'de> for ActionId {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        ActionId::parse(&text).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ten_is_not_one() {
        let a = ActionId::parse("2.1").unwrap();
        let b = ActionId::parse("2.10").unwrap();
        let c = ActionId::parse("2.9").unwrap();
        assert_ne!(a, b);
        let mut v = vec![b.clone(), a.clone(), c.clone()];
        v.sort();
        assert_eq!(v, vec![a, c, b]);
    }

    #[test]
    fn rejects_guesses() {
        for bad in ["2", "2.", ".1", "2.01", "a.1", "2.1.1", "2,1", ""] {
            assert!(ActionId::parse(bad).is_err(), "{bad}");
        }
        assert_eq!(ActionId::parse("\u{a0}3.3 ").unwrap().as_str(), "3.3");
    }
}
