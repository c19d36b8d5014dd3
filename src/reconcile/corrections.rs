//! `[[correction]]` entries: published text changed on purpose, with the old and new text kept.
//! English is corrected before Welsh, so a Welsh correction translates the corrected English; an
//! English correction alone leaves the Welsh stale until it is translated again.

use super::Run;
use crate::findings::{Code, Finding};
use crate::ingest;
use crate::model::{Bilingual, Correction, Field, Lang};

impl Run<'_> {
    /// Applies the `[[correction]]` entries, returning what each changed.
    pub(super) fn corrections(&mut self) -> Vec<Correction> {
        let mut out = Vec::new();
        for lang in [Lang::En, Lang::Cy] {
            for entry in self
                .resolutions
                .correction
                .iter()
                .filter(|e| e.get_ref().lang == lang)
            {
                let at = self.resolutions.source(entry);
                let c = entry.get_ref();
                let unused = |why: String| {
                    Finding::warning(
                        Code::UnusedResolution,
                        format!("correction not applied: {why}"),
                    )
                    .at(&at)
                    .action(&c.action)
                    .fix("check the action, field, year and language of the correction")
                };
                let Some(new) = ingest::text::parse(&c.text) else {
                    self.findings.push(unused("its text is empty".into()));
                    continue;
                };
                let year = self.year;
                let Some(action) = self.actions.get_mut(&c.action) else {
                    self.findings
                        .push(unused(format!("there is no action {}", c.action)));
                    continue;
                };
                let text: Option<&mut Bilingual> = match (c.field, c.year) {
                    (Field::Commitment, _) => Some(&mut action.commitment),
                    (Field::Background, _) => Some(&mut action.background),
                    (Field::Update, Some(y)) if y < year => action
                        .updates
                        .iter_mut()
                        .find(|u| u.year == y)
                        .map(|u| &mut u.text),
                    (Field::Update, _) => None,
                };
                let Some(text) = text else {
                    self.findings.push(unused(format!(
                        "action {} has no published update for the year {:?}",
                        c.action, c.year
                    )));
                    continue;
                };
                if text.get(lang).as_ref() == Some(&new) {
                    self.findings
                        .push(unused("the published text already reads like that".into()));
                    continue;
                }
                let old = match lang {
                    Lang::En => text.set_english(Some(new.clone())),
                    Lang::Cy => text.set_current_welsh(Some(new.clone())),
                };
                self.findings.push(
                    Finding::info(
                        Code::Resolved,
                        format!(
                            "published {} {:?} text corrected: {}",
                            lang.english_name(),
                            c.field,
                            c.reason
                        ),
                    )
                    .at(&at)
                    .action(&c.action),
                );
                out.push(Correction {
                    action: c.action.clone(),
                    field: c.field,
                    update_year: c.year.filter(|_| c.field == Field::Update),
                    lang,
                    old,
                    new,
                    reason: c.reason.clone(),
                    corrected_in: year,
                    source: at,
                });
            }
        }
        out
    }
}
