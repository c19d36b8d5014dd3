//! Returned translation units fill Welsh that is missing or stale. A unit made from English that
//! has changed since it was exported is not used over existing Welsh; every unit not used says why.

use std::collections::BTreeMap;

use super::Outcome;
use crate::findings::{Code, Finding};
use crate::ingest::TranslationRecord;
use crate::model::{Dataset, Retranslation, TextAt, WelshState};

const EXPORT_AGAIN: &str = "run `annual-update xliff export` again and translate the new English";

pub fn apply(dataset: &mut Dataset, units: &[&TranslationRecord], out: &mut Outcome) {
    let mut by_slot: BTreeMap<&TextAt, Vec<&TranslationRecord>> = BTreeMap::new();
    for unit in units {
        by_slot.entry(&unit.slot).or_default().push(unit);
    }
    for (slot, units) in by_slot {
        let reject = |out: &mut Outcome, unit: &TranslationRecord, finding: Finding| {
            out.ledger.rejected += 1;
            let finding = finding.at(&unit.source);
            out.findings.push(match slot.action() {
                Some(id) => finding.action(id),
                None => finding,
            });
        };
        let english = dataset.text_at(slot).and_then(|t| t.english_fingerprint());
        let Some(english) = english else {
            for unit in units {
                let why = format!(
                    "this year's dataset has no English {}; the unit's Welsh was not used",
                    slot.describe()
                );
                reject(out, unit, Finding::warning(Code::UnusedTranslation, why).fix("check that the file was exported from this year's inputs, or delete the unit"));
            }
            continue;
        };
        let (done, not_done): (Vec<_>, Vec<_>) =
            units.into_iter().partition(|u| u.target.is_some());
        for unit in not_done {
            let state = unit.state.as_deref().unwrap_or("none");
            let why = format!(
                "the unit is not marked translated (state \"{state}\"); its Welsh was not used"
            );
            reject(out, unit, Finding::info(Code::NotTranslated, why).fix("finish the unit in the translation tool, mark it translated, and import the file again"));
        }
        let text = dataset.text_at_mut(slot).expect("found above");
        // Welsh that is not Welsh (English in the Welsh column) is missing, whatever it translates.
        let not_welsh = out.not_welsh.contains(slot);
        if !not_welsh && text.welsh_state() == Some(WelshState::Translated) {
            let at = out
                .welsh_at
                .get(slot)
                .map_or_else(String::new, |s| format!(" ({s})"));
            for unit in done {
                if unit.target == text.cy {
                    out.ledger.merged += 1;
                } else {
                    let why = format!(
                        "the Welsh already translates the current English{at}; this unit's Welsh was not used"
                    );
                    reject(out, unit, Finding::info(Code::UnusedTranslation, why).fix("if this Welsh is better, correct the Welsh in the submission, or remove it there so that the translation is used"));
                }
            }
            continue;
        }
        let (current, outdated): (Vec<_>, Vec<_>) =
            done.into_iter().partition(|u| u.translates == english);
        // Welsh from outdated English is better than none in a draft; parity still calls it stale.
        let chosen = current
            .first()
            .or(if text.cy.is_none() || not_welsh {
                outdated.first()
            } else {
                None
            })
            .copied();
        if let Some(chosen) = chosen {
            text.set_welsh(chosen.target.clone(), Some(chosen.translates.clone()));
            out.ledger.used += 1;
            out.welsh_at.insert(slot.clone(), chosen.source.clone());
            out.filled.insert(slot.clone());
            record_retranslation(dataset, slot, &chosen.source);
        }
        for unit in current.iter().chain(&outdated).copied() {
            if chosen.is_some_and(|c| std::ptr::eq(c, unit)) {
                continue;
            }
            if unit.translates != english {
                // Superseded by a translation of the current English is the normal course of a
                // second round; with none, the Welsh stays stale and this is worth a look.
                let finding = match chosen.filter(|c| c.translates == english) {
                    Some(newer) => Finding::info(
                        Code::OutdatedTranslation,
                        format!("made from an earlier English text; superseded by {}", newer.source),
                    )
                    .fix("delete the older file once the newer one is agreed"),
                    None => Finding::warning(
                        Code::OutdatedTranslation,
                        "the English has changed since this unit was exported; its Welsh was not used",
                    )
                    .fix(EXPORT_AGAIN),
                };
                reject(out, unit, finding);
                continue;
            }
            let chosen = chosen.expect("a current unit exists, so one was chosen");
            if unit.target == chosen.target {
                out.ledger.merged += 1;
            } else {
                let why = format!(
                    "this Welsh differs from the translation of the same text in {}, which is used",
                    chosen.source
                );
                reject(out, unit, Finding::blocking(Code::ConflictingTranslations, why).fix("keep one translation: delete the older file or unit from the submissions folder"));
            }
        }
    }
}

/// Records Welsh from `source` set on an action's text published before this year, for the
/// change summary to show it as the translation it is.
fn record_retranslation(dataset: &mut Dataset, at: &TextAt, source: &crate::model::Source) {
    let TextAt::Action(slot) = at else { return };
    let year = dataset.year;
    let published = match slot.year {
        Some(y) => y < year,
        None => dataset
            .action(&slot.action)
            .is_some_and(|a| a.introduced < year),
    };
    if published {
        dataset.retranslations.push(Retranslation {
            action: slot.action.clone(),
            field: slot.field,
            update_year: slot.year,
            translated_in: year,
            source: source.clone(),
        });
    }
}
