//! New-action rows: an action added this year, or a row restating a published action, which may
//! differ from what was published only where a correction says so.

use super::Run;
use crate::findings::{Code, Finding};
use crate::ingest::NewActionRecord;
use crate::model::{Action, Bilingual, Slot};

impl Run<'_> {
    pub(super) fn new_action(&mut self, rec: &NewActionRecord) {
        let id = &rec.id;
        if let Some(existing) = self.actions.get(id) {
            // The row may differ from what was published only where a correction says so.
            let same = self.unrecorded_edits(rec, existing).is_empty();
            let finding = match (existing.introduced < self.year, same) {
                (true, true) => {
                    self.ledger.merged += 1;
                    Finding::info(
                        Code::AlreadyPublished,
                        format!(
                            "action {id} was published in {}; this row repeats it (with any change recorded as a correction) and adds nothing",
                            existing.introduced
                        ),
                    )
                }
                (true, false) => {
                    self.ledger.rejected += 1;
                    self.published_text_edit(rec, existing)
                }
                (false, _) => {
                    self.ledger.rejected += 1;
                    Finding::blocking(
                        Code::ActionIdTaken,
                        format!(
                            "another new action this year already has the ID {id} ({})",
                            existing.source
                        ),
                    )
                    .fix(format!(
                        "give one of them the next free ID in category {}",
                        id.category()
                    ))
                }
            };
            self.findings.push(finding.at(&rec.source).action(id));
            return;
        }
        if let Some(finding) = self.category_problem(rec) {
            self.ledger.rejected += 1;
            self.findings.push(finding.at(&rec.source).action(id));
            return;
        }
        if self.plan.team(&rec.lead_team).is_none() {
            self.findings
                .push(self.unknown_team(&rec.lead_team).at(&rec.source).action(id));
        }
        self.missing_english(&rec.commitment, "commitment", &rec.commitment_at.en, id);
        self.missing_english(&rec.background, "background", &rec.background_at.en, id);
        for (slot, at) in [
            (Slot::commitment(id), &rec.commitment_at),
            (Slot::background(id), &rec.background_at),
        ] {
            let slot = crate::model::TextAt::Action(slot);
            self.english_at.insert(slot.clone(), at.en.clone());
            self.welsh_at.insert(slot, at.cy.clone());
        }
        if rec.commitment.is_empty() {
            self.findings.push(
                Finding::blocking(Code::MissingText, "the new action has no commitment")
                    .at(&rec.source)
                    .action(id)
                    .fix(
                        "write the commitment (\"The Welsh Government will …\") in both languages",
                    ),
            );
        }
        self.ledger.used += 1;
        self.actions.insert(
            id.clone(),
            Action {
                id: id.clone(),
                category: rec.category,
                lead_team: rec.lead_team.clone(),
                introduced: self.year,
                commitment: Bilingual::submitted(rec.commitment.clone()),
                background: Bilingual::submitted(rec.background.clone()),
                updates: Vec::new(),
                source: rec.source.clone(),
            },
        );
    }

    /// A new action's category that is not the plan's, or not its ID's: the two are told apart,
    /// as a file checked without the plan can show only the second.
    fn category_problem(&self, rec: &NewActionRecord) -> Option<Finding> {
        let id = &rec.id;
        if self.plan.category(rec.category).is_none() {
            let numbers: Vec<String> = self
                .plan
                .categories
                .iter()
                .map(|c| c.number.to_string())
                .collect();
            return Some(
                Finding::blocking(
                    Code::UnknownCategory,
                    format!(
                        "category {} is not one of the plan's categories",
                        rec.category
                    ),
                )
                .fix(format!(
                    "use one of the plan's categories ({}) and an ID that starts with it",
                    numbers.join(", ")
                )),
            );
        }
        (id.category() != rec.category).then(|| {
            Finding::blocking(
                Code::UnknownCategory,
                format!(
                    "category {} does not match the ID {id}, which is in category {}: an action's category is the number before its dot",
                    rec.category,
                    id.category()
                ),
            )
            .fix(format!(
                "write category {}, or give the action an ID in category {}",
                id.category(),
                rec.category
            ))
        })
    }
}
