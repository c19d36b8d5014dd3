//! A `<trans-unit>` once read, checked: its id names a text, its English is there and reads as
//! that text's (the cell conventions, or the narrative's Markdown), and a finished Welsh carries
//! exactly the English's placeholders. A unit that passes becomes a translation record; one that
//! does not, findings that say why it was not used.

use super::{DONE_STATES, Parser, Piece};
use crate::findings::{Code, Finding};
use crate::ingest::records::TranslationRecord;
use crate::model::{Source, TextAt, fingerprint};
use crate::text;

impl Parser<'_> {
    /// A finished `<trans-unit>`: a record, or findings that say why not.
    pub(super) fn finish_unit(&mut self) {
        let Some(unit) = self.unit.take() else { return };
        let at = unit
            .source
            .clone()
            .unwrap_or_else(|| Source::file(self.doc.file));
        let id = unit.id.clone().unwrap_or_default();
        let Some(slot) = TextAt::parse(&id) else {
            self.finding(Code::BadTranslation, &at, format!("unit id \"{id}\" does not name a text (such as 2.3/update/2026, 2.3/commitment or narrative/01-overview/3)"), "keep the unit ids exactly as exported");
            return;
        };
        if unit.broken {
            return;
        }
        let about = |finding: Finding| match slot.action() {
            Some(action) => finding.action(action),
            None => finding,
        };
        let bad = |why: &str| {
            about(
                Finding::blocking(Code::BadTranslation, format!("unit {id} {why}"))
                    .at(&at)
                    .fix("keep each unit's English <source> as exported"),
            )
        };
        // An action's text is in the cell conventions; the narrative's in its Markdown.
        let read = |s: &str| match &slot {
            TextAt::Action(_) => Ok(text::parse(s)),
            TextAt::Narrative(_) => crate::text::markdown::paragraph(s),
        };
        let Some(english) = unit.english.as_deref() else {
            self.doc.sub.findings.push(bad("has no <source>"));
            return;
        };
        let english_text = match read(&plain(english, english)) {
            Ok(Some(text)) => text,
            Ok(None) => {
                self.doc.sub.findings.push(bad("has an empty <source>"));
                return;
            }
            Err(problem) => {
                self.doc.sub.findings.push(bad(&format!(
                    "has a <source> that is not the narrative's Markdown ({problem})"
                )));
                return;
            }
        };
        let translates = unit
            .hash
            .clone()
            .unwrap_or_else(|| fingerprint(&english_text));
        let welsh = unit.welsh.as_deref().unwrap_or_default();
        // Tools that write no state mark a finished unit by giving it a target.
        let done = match unit.state.as_deref() {
            Some(state) => DONE_STATES.contains(&state),
            None => unit.approved || !plain(welsh, english).trim().is_empty(),
        };
        let target = if done {
            if let Some(problem) = placeholders_differ(english, welsh) {
                self.doc.sub.findings.push(about(
                    Finding::blocking(Code::BadTranslation, format!("unit {id}: {problem}; the unit was not used"))
                        .at(&at)
                        .fix("place each action-number tag of the English once in the Welsh, and no others"),
                ));
                return;
            }
            match read(&plain(welsh, english)) {
                Ok(target) => target,
                Err(problem) => {
                    self.doc.sub.findings.push(about(
                        Finding::blocking(Code::BadTranslation, format!("unit {id}: in the Welsh, {problem}; the unit was not used"))
                            .at(&at)
                            .fix("keep the Markdown of the English: [words](links), **strong** and *emphasis* only"),
                    ));
                    return;
                }
            }
        } else {
            None
        };
        self.doc.sub.translations.push(TranslationRecord {
            slot,
            translates,
            english: english_text,
            state: unit.state,
            target,
            source: at,
        });
    }
}

/// What is wrong with the Welsh's placeholders, unless it carries each of the English's exactly
/// once and no other.
fn placeholders_differ(english: &[Piece], welsh: &[Piece]) -> Option<String> {
    let ids = |pieces: &[Piece]| -> Vec<String> {
        let mut ids: Vec<String> = pieces
            .iter()
            .filter_map(|p| match p {
                Piece::Placeholder { id, .. } => Some(id.clone()),
                Piece::Text(_) => None,
            })
            .collect();
        ids.sort();
        ids
    };
    let (want, got) = (ids(english), ids(welsh));
    if want == got {
        return None;
    }
    let content = |tag: &str| {
        english
            .iter()
            .find_map(|p| match p {
                Piece::Placeholder { id, content } if id == tag => Some(content.clone()),
                _ => None,
            })
            .unwrap_or_default()
    };
    let count = |list: &[String], tag: &String| list.iter().filter(|t| *t == tag).count();
    let missing: Vec<String> = want
        .iter()
        .filter(|w| count(&got, w) < count(&want, w))
        .map(|w| format!("action {} (tag {w})", content(w)))
        .collect();
    let mut extra: Vec<&str> = got
        .iter()
        .filter(|g| count(&got, g) > count(&want, g))
        .map(String::as_str)
        .collect();
    extra.dedup();
    let mut problems = Vec::new();
    if !missing.is_empty() {
        problems.push(format!("the Welsh leaves out {}", missing.join(", ")));
    }
    if !extra.is_empty() {
        problems.push(format!(
            "the Welsh has tags the English does not ({})",
            extra.join(", ")
        ));
    }
    Some(problems.join("; "))
}

/// Text as a person types it: placeholders become the content of the English placeholder with
/// the same id, so the action numbers are the exported ones whatever the tool wrote inside.
fn plain(pieces: &[Piece], english: &[Piece]) -> String {
    pieces
        .iter()
        .map(|p| match p {
            Piece::Text(t) => t.clone(),
            Piece::Placeholder { id, content } => english
                .iter()
                .find_map(|e| match e {
                    Piece::Placeholder { id: eid, content } if eid == id => Some(content.clone()),
                    _ => None,
                })
                .unwrap_or_else(|| content.clone()),
        })
        .collect()
}
