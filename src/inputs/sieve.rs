//! Which of last year's texts a run keeps the words of. A large plan's history is hundreds of
//! megabytes of words, and `check` needs only those this year's inputs change: corrected texts
//! and texts a returned translation file translates. Every other text is sealed as it is read
//! (see [`Bilingual::seal`]), keeping only the verdicts the checks reach on it and, where this
//! year's rows are compared with it (every published update of an action updated this year, which
//! its text must not repeat; the commitment and background of an action a new-action row
//! repeats), its fingerprint; so `check` holds little more than this year's submissions.

use std::collections::HashSet;

use crate::ingest::Submission;
use crate::model::{Action, ActionId, Bilingual, Field, Slot, Text, TextAt};
use crate::reconcile::Resolutions;

/// The characters of a text the documents' fonts cannot print.
pub type Unprintable<'a> = &'a (dyn Fn(&Text) -> Vec<char> + Sync);

/// What this year's inputs need of last year's texts, and what the fonts cannot print, which the
/// checks on a sealed text need.
pub struct Sieve<'a> {
    year: u16,
    unprintable: Unprintable<'a>,
    /// Texts corrected, or translated by a returned translation file, this year.
    slots: HashSet<Slot>,
    /// Actions with an update this year: every published update of theirs is compared with it.
    updated: HashSet<ActionId>,
    /// Actions a new-action row names: their commitment and background are compared with it.
    restated: HashSet<ActionId>,
}

impl<'a> Sieve<'a> {
    /// The sieve for building `year` from these submissions and resolutions.
    pub fn new(
        year: u16,
        unprintable: Unprintable<'a>,
        submissions: &[Submission],
        resolutions: &Resolutions,
    ) -> Sieve<'a> {
        let corrected = resolutions.correction.iter().map(|c| {
            let c = c.get_ref();
            Slot {
                action: c.action.clone(),
                field: c.field,
                year: c.year.filter(|_| c.field == Field::Update),
            }
        });
        let translated = submissions
            .iter()
            .flat_map(|s| &s.translations)
            .filter_map(|t| match &t.slot {
                TextAt::Action(slot) => Some(slot.clone()),
                TextAt::Narrative(_) => None,
            });
        Sieve {
            year,
            unprintable,
            slots: corrected.chain(translated).collect(),
            updated: submissions
                .iter()
                .flat_map(|s| &s.updates)
                .map(|u| u.action.clone())
                .collect(),
            restated: submissions
                .iter()
                .flat_map(|s| &s.new_actions)
                .map(|a| a.id.clone())
                .collect(),
        }
    }

    /// Seals every text of a published action that this year's inputs do not change, keeping the
    /// fingerprints of those they compare with.
    pub fn apply(&self, action: &mut Action) {
        let id = &action.id;
        let seal = |text: &mut Bilingual, slot: Slot, compared: bool| {
            if !self.slots.contains(&slot) {
                text.seal(self.unprintable, compared);
            }
        };
        let restated = self.restated.contains(id);
        seal(&mut action.commitment, Slot::commitment(id), restated);
        seal(&mut action.background, Slot::background(id), restated);
        let updated = self.updated.contains(id);
        for update in &mut action.updates {
            let compared = updated && update.year < self.year;
            seal(&mut update.text, Slot::update(id, update.year), compared);
        }
    }
}
