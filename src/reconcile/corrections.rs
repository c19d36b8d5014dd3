//! `[[correction]]` entries: published text changed on purpose, with the old and new text kept.
//! English is corrected before Welsh, so a Welsh correction translates the corrected English; an
//! English correction alone leaves the Welsh stale until it is translated again.

use super::Run;
use crate::findings::{Code, Finding};
use crate::ingest::NewActionRecord;
use crate::model::{Action, Bilingual, Correction, Field, Lang, Slot, Text, TextAt};

impl Run<'_> {
    /// Where a `New actions` row restating a published action differs from what was published,
    /// with no `[[correction]]` saying so: each field and language, with the row's text.
    pub(super) fn unrecorded_edits<'r>(
        &self,
        rec: &'r NewActionRecord,
        published: &Action,
    ) -> Vec<(Field, Lang, &'r Text)> {
        let fields = [
            (Field::Commitment, &published.commitment, &rec.commitment),
            (Field::Background, &published.background, &rec.background),
        ];
        let mut out = Vec::new();
        for (field, published, sent) in fields {
            for lang in [Lang::En, Lang::Cy] {
                let Some(text) = sent.get(lang) else { continue };
                if !published.is(lang, sent.get(lang))
                    && !self.corrected_to(&rec.id, field, lang, sent.get(lang))
                {
                    out.push((field, lang, text));
                }
            }
        }
        out
    }

    /// The finding for a row that would change published text: which fields in which languages,
    /// and the corrections that would make the change, to paste.
    pub(super) fn published_text_edit(&self, rec: &NewActionRecord, published: &Action) -> Finding {
        let edits = self.unrecorded_edits(rec, published);
        let names: Vec<String> = edits
            .iter()
            .map(|(field, lang, _)| format!("{} ({})", field.key(), lang.english_name()))
            .collect();
        let corrections: Vec<_> = edits
            .iter()
            .map(|&(field, lang, text)| (field, None, lang, text))
            .collect();
        Finding::blocking(
            Code::PublishedTextEdit,
            format!(
                "the row would change the {} of action {}, published in {}; published text never changes silently",
                and_list(&names),
                rec.id,
                published.introduced
            ),
        )
        .fix(format!(
            "to correct the published text, add these lines to {} (your reason in place of …); otherwise delete the row",
            self.resolutions_file()
        ))
        .paste(
            self.resolutions
                .paste_corrections(self.year, &rec.id, &corrections),
        )
    }

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
                let Some(new) = crate::text::parse(&c.text) else {
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
                // The corrected language is given here, this year: the language check reads it,
                // at the correction's line. The other language stays where it was published.
                let slot = match c.field {
                    Field::Update => Slot::update(&c.action, c.year.unwrap_or(year)),
                    Field::Commitment => Slot::commitment(&c.action),
                    Field::Background => Slot::background(&c.action),
                };
                match lang {
                    Lang::En => self.english_at.insert(TextAt::Action(slot), at.clone()),
                    Lang::Cy => self.welsh_at.insert(TextAt::Action(slot), at.clone()),
                };
                self.findings.push(
                    Finding::info(
                        Code::Resolved,
                        format!(
                            "published {} {} text corrected: {}",
                            lang.english_name(),
                            c.field.key(),
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

/// "a", "a and b", "a, b and c".
fn and_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}
