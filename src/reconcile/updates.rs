//! Update rows: one update per action and year, chosen among the rows that give one, with the
//! status it moves the action to.

use super::Run;
use crate::findings::{Code, Finding};
use crate::ingest::UpdateRecord;
use crate::model::{ActionId, Bilingual, Lang, Slot, Status, Text, Update};

/// An update record with the team it is attributed to.
pub(super) struct Candidate<'a> {
    pub(super) record: &'a UpdateRecord,
    pub(super) team: String,
}

impl Run<'_> {
    /// The candidate to use among several, and findings for the others.
    pub(super) fn pick<'c>(
        &mut self,
        id: &ActionId,
        candidates: &'c [Candidate<'c>],
    ) -> &'c Candidate<'c> {
        let first = &candidates[0];
        let all_same = candidates[1..]
            .iter()
            .all(|c| c.record.status == first.record.status && c.record.text == first.record.text);
        if all_same {
            for other in &candidates[1..] {
                self.ledger.merged += 1;
                self.findings.push(
                    Finding::info(
                        Code::DuplicateUpdate,
                        format!(
                            "the same update also comes from {}; merged",
                            first.record.source
                        ),
                    )
                    .at(&other.record.source)
                    .action(id),
                );
            }
            return first;
        }
        let choice = self
            .resolutions
            .choose
            .iter()
            .enumerate()
            .find(|(_, c)| c.get_ref().action == *id);
        let chosen = choice.and_then(|(i, c)| {
            let pos = candidates
                .iter()
                .position(|cand| cand.record.source.file == c.get_ref().file)?;
            Some((i, pos))
        });
        if let Some((i, _)) = chosen {
            self.used.choose.push(i);
        }
        let winner = chosen.map_or(0, |(_, pos)| pos);
        for other in candidates
            .iter()
            .enumerate()
            .filter(|(i, _)| *i != winner)
            .map(|(_, c)| c)
        {
            self.ledger.rejected += 1;
            let finding = match chosen {
                Some((i, _)) => {
                    let entry = &self.resolutions.choose[i];
                    let at = self.resolutions.source(entry);
                    Finding::info(Code::Resolved, format!("not used: {at} chooses another submission ({})", entry.get_ref().reason))
                }
                None => Finding::blocking(
                    Code::ConflictingUpdates,
                    format!("this update differs from the one in {}; drafts use that one", first.record.source),
                )
                .fix(format!(
                    "agree one update between the teams, or use this one: add these lines to {} (your reason in place of …)",
                    self.resolutions_file()
                ))
                .paste(self.resolutions.paste_choose(self.year, id, &other.record.source.file)),
            };
            self.findings
                .push(finding.at(&other.record.source).action(id));
        }
        &candidates[winner]
    }

    pub(super) fn update(&mut self, id: &ActionId, candidates: &[Candidate]) {
        let Some(action) = self.actions.get(id) else {
            let near: Vec<String> = self
                .actions
                .keys()
                .filter(|k| k.category() == id.category())
                .map(|k| k.to_string())
                .collect();
            for c in candidates {
                self.ledger.rejected += 1;
                self.unused.push(crate::ingest::Unused {
                    action: Some(id.clone()),
                    source: c.record.source.clone(),
                    code: Code::UnknownAction,
                });
                self.findings.push(
                    Finding::blocking(
                        Code::UnknownAction,
                        format!("there is no action {id} in the plan"),
                    )
                    .at(&c.record.source)
                    .action(id)
                    .fix(if near.is_empty() {
                        "check the ID against last year's published update".to_string()
                    } else {
                        format!(
                            "check the ID; category {} has {}",
                            id.category(),
                            near.join(", ")
                        )
                    }),
                );
            }
            return;
        };
        let lead_team = action.lead_team.clone();
        let previous = action.status();
        let chosen = self.pick(id, candidates);
        let rec = chosen.record;
        self.ledger.used += 1;
        if !chosen.team.is_empty() && chosen.team != lead_team {
            self.findings.push(
                Finding::warning(
                    Code::NotLeadTeam,
                    format!(
                        "sent by team \"{}\", but the action is led by \"{lead_team}\"",
                        chosen.team
                    ),
                )
                .at(&rec.source)
                .action(id)
                .fix("check with the lead team that this update is agreed"),
            );
        }
        if let Some(prev) = previous.filter(|s| !s.is_open()) {
            self.finished(id, prev, rec);
        }
        // This year's text must not repeat any published update: last year's, or an older one
        // (a workbook of two years ago sent again). The newest it repeats is named.
        let action = self.actions.get(id).expect("checked above");
        let copied: Vec<(Lang, u16)> = Lang::ALL
            .into_iter()
            .filter(|&lang| rec.text.get(lang).is_some())
            .filter_map(|lang| {
                let year = action
                    .updates
                    .iter()
                    .filter(|u| u.text.is(lang, rec.text.get(lang)))
                    .map(|u| u.year)
                    .max()?;
                Some((lang, year))
            })
            .collect();
        for (lang, year) in copied {
            self.findings.push(
                Finding::warning(
                    Code::CopiedText,
                    format!(
                        "the {} text is the same as the {year} update",
                        lang.english_name()
                    ),
                )
                .at(rec.text_source.get(lang))
                .action(id)
                .fix("write what happened this year"),
            );
        }
        self.missing_english(&rec.text, "update", &rec.text_source.en, id);
        self.welsh_at.insert(
            crate::model::TextAt::Action(Slot::update(id, self.year)),
            rec.text_source.cy.clone(),
        );
        self.english_at.insert(
            crate::model::TextAt::Action(Slot::update(id, self.year)),
            rec.text_source.en.clone(),
        );
        // Each unknown reference once, though both languages name it: at the text that has it,
        // the English if both do.
        let mut refs: std::collections::BTreeMap<&ActionId, Lang> = Default::default();
        for lang in [Lang::En, Lang::Cy] {
            for r in rec.text.get(lang).iter().flat_map(Text::references) {
                if !self.actions.contains_key(r) {
                    refs.entry(r).or_insert(lang);
                }
            }
        }
        for (r, lang) in refs {
            self.findings.push(
                Finding::warning(
                    Code::UnknownReference,
                    format!("the text refers to action {r}, which does not exist"),
                )
                .at(rec.text_source.get(lang))
                .action(id)
                .fix("correct the action number in the text"),
            );
        }
        let update = Update {
            year: self.year,
            status: rec.status,
            text: Bilingual::submitted(rec.text.clone()),
            team: if chosen.team.is_empty() {
                lead_team
            } else {
                chosen.team.clone()
            },
            source: rec.source.clone(),
        };
        self.actions
            .get_mut(id)
            .expect("checked above")
            .updates
            .insert(0, update);
    }

    /// An update to an action delivered or closed before: only with a `[[reopen]]`.
    fn finished(&mut self, id: &ActionId, prev: Status, rec: &UpdateRecord) {
        if let Some((i, entry)) = self
            .resolutions
            .reopen
            .iter()
            .enumerate()
            .find(|(_, r)| r.get_ref().action == *id)
        {
            self.used.reopen.push(i);
            let at = self.resolutions.source(entry);
            self.findings.push(
                Finding::info(
                    Code::Resolved,
                    format!("reopened by {at}: {}", entry.get_ref().reason),
                )
                .at(&rec.source)
                .action(id),
            );
            return;
        }
        let fix = format!(
            "if this is right, add these lines to {} (your reason in place of …); otherwise remove the row",
            self.resolutions_file()
        );
        let finding = if rec.status.is_open() {
            Finding::blocking(
                Code::StatusBackwards,
                format!(
                    "the status goes back from {} to {}",
                    prev.key(),
                    rec.status.key()
                ),
            )
        } else {
            Finding::blocking(
                Code::UpdateToFinishedAction,
                format!(
                    "the action was marked {} in an earlier year and gets no more updates",
                    prev.key()
                ),
            )
        };
        let paste = self.resolutions.paste_reopen(self.year, id);
        self.findings
            .push(finding.at(&rec.source).action(id).fix(fix).paste(paste));
    }
}
