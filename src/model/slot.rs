//! Slots: the address of one published text (an action's commitment or background, or one year's
//! update), written `2.3/commitment` or `2.3/update/2026` in translation files and reports.

use std::fmt;

use super::{ActionId, Field};

#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Slot {
    pub action: ActionId,
    pub field: Field,
    /// The update's year, for `Field::Update`.
    pub year: Option<u16>,
}

impl Slot {
    pub fn commitment(action: &ActionId) -> Slot {
        Slot {
            action: action.clone(),
            field: Field::Commitment,
            year: None,
        }
    }

    pub fn background(action: &ActionId) -> Slot {
        Slot {
            action: action.clone(),
            field: Field::Background,
            year: None,
        }
    }

    pub fn update(action: &ActionId, year: u16) -> Slot {
        Slot {
            action: action.clone(),
            field: Field::Update,
            year: Some(year),
        }
    }

    /// Parses `2.3/commitment`, `2.3/background` or `2.3/update/2026`.
    pub fn parse(s: &str) -> Option<Slot> {
        let mut parts = s.trim().split('/');
        let action = ActionId::parse(parts.next()?).ok()?;
        let slot = match (parts.next()?, parts.next()) {
            ("commitment", None) => Slot::commitment(&action),
            ("background", None) => Slot::background(&action),
            ("update", Some(year)) => Slot::update(&action, year.parse().ok()?),
            _ => return None,
        };
        parts.next().is_none().then_some(slot)
    }

    /// The field as words, for messages: "commitment", "2026 update".
    pub fn what(&self) -> String {
        match (self.field, self.year) {
            (Field::Update, Some(y)) => format!("{y} update"),
            (Field::Commitment, _) => "commitment".into(),
            (Field::Background, _) => "background".into(),
            (Field::Update, None) => "update".into(),
        }
    }
}

impl fmt::Display for Slot {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.field, self.year) {
            (Field::Commitment, _) => write!(f, "{}/commitment", self.action),
            (Field::Background, _) => write!(f, "{}/background", self.action),
            (Field::Update, Some(y)) => write!(f, "{}/update/{y}", self.action),
            (Field::Update, None) => write!(f, "{}/update", self.action),
        }
    }
}

/// The address of any published text: one of an action's, or a piece of the narrative
/// (`narrative/01-overview/3`). Translation units and Welsh parity are kept by it.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum TextAt {
    Action(Slot),
    Narrative(super::PieceAt),
}

impl TextAt {
    pub fn parse(s: &str) -> Option<TextAt> {
        Slot::parse(s)
            .map(TextAt::Action)
            .or_else(|| super::PieceAt::parse(s).map(TextAt::Narrative))
    }

    /// The action whose text this is, if it is an action's.
    pub fn action(&self) -> Option<&ActionId> {
        match self {
            TextAt::Action(slot) => Some(&slot.action),
            TextAt::Narrative(_) => None,
        }
    }

    /// The text as words, for messages: "the commitment of action 2.3", "narrative piece
    /// narrative/01-overview/3".
    pub fn describe(&self) -> String {
        match self {
            TextAt::Action(slot) => format!("{} for action {}", slot.what(), slot.action),
            TextAt::Narrative(at) => format!("narrative text {at}"),
        }
    }
}

impl fmt::Display for TextAt {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TextAt::Action(slot) => slot.fmt(f),
            TextAt::Narrative(at) => at.fmt(f),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slots_round_trip_through_text() {
        for s in ["2.3/commitment", "2.10/background", "1.1/update/2026"] {
            assert_eq!(Slot::parse(s).unwrap().to_string(), s);
        }
        for bad in [
            "2.3",
            "2.3/update",
            "2.3/update/20x6",
            "x/commitment",
            "2.3/commitment/1",
        ] {
            assert_eq!(Slot::parse(bad), None, "{bad}");
        }
    }
}
