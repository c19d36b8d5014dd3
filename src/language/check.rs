//! The language check's findings, each at the text's cell, element or line:column with a fix its
//! reader can follow (a partner, the coordinator, a translator), and the texts whose Welsh parity
//! therefore counts as missing.

use std::collections::{BTreeMap, BTreeSet};

use rayon::prelude::*;

use super::{Verdict, Wrong, judge, piece_name, words};
use crate::findings::{Code, Finding, clip};
use crate::model::{Dataset, Lang, Source, Text, TextAt};

/// What the check found: findings by text, and the texts whose Welsh is not Welsh.
#[derive(Debug, Default)]
pub struct Checked {
    pub findings: BTreeMap<TextAt, Vec<Finding>>,
    pub not_welsh: BTreeSet<TextAt>,
}

impl Checked {
    /// Every finding, in text order.
    pub fn into_findings(self) -> impl Iterator<Item = Finding> {
        self.findings.into_values().flatten()
    }
}

/// Where a text came from, which decides who fixes it and how.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Came {
    /// A partner's row or element.
    Partner,
    /// A returned translation unit.
    Translation,
    /// A narrative page.
    Narrative,
    /// A `[[correction]]` in `resolutions/<year>.toml`: the coordinator's own words.
    Correction,
}

/// Checks each text given this year: each in `english_at` and `welsh_at` (where its English and
/// Welsh were given, or were due), limited to those `only` keeps. A language not given this year
/// (the English of a published text a translation fills) is compared with, never judged.
pub fn check(
    dataset: &Dataset,
    english_at: &BTreeMap<TextAt, Source>,
    welsh_at: &BTreeMap<TextAt, Source>,
    only: impl Fn(&TextAt) -> bool + Sync,
) -> Checked {
    let places: Vec<&TextAt> = english_at
        .keys()
        .chain(welsh_at.keys())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .filter(|at| only(at))
        .collect();
    // Each text is judged on its own: in parallel, as the detector is the costly part.
    let verdicts: Vec<(&TextAt, Verdict)> = places
        .par_iter()
        .filter_map(|&at| {
            let text = dataset.text_at(at).filter(|t| t.sealed.is_none())?;
            let verdict = judge(text.en.as_ref(), text.cy.as_ref());
            let verdict = match english_at.contains_key(at) {
                true => verdict,
                false => Verdict {
                    en: None,
                    cy: match verdict.cy {
                        Some(Wrong::Swapped) => Some(Wrong::Reads {
                            lang: Lang::En,
                            piece: None,
                        }),
                        cy => cy,
                    },
                },
            };
            (verdict != Verdict::default()).then_some((at, verdict))
        })
        .collect();
    let mut out = Checked::default();
    for (at, verdict) in verdicts {
        let text = dataset.text_at(at).expect("judged above");
        let (en_at, cy_at) = (english_at.get(at), welsh_at.get(at));
        if verdict.welsh_is_not_welsh() {
            out.not_welsh.insert(at.clone());
        }
        let from = match (at, cy_at.or(en_at)) {
            (_, Some(s)) if is_translation(&s.file) => Came::Translation,
            (_, Some(s)) if is_resolutions(&s.file) => Came::Correction,
            (TextAt::Narrative(_), _) => Came::Narrative,
            _ => Came::Partner,
        };
        let mut findings = Vec::new();
        for (lang, wrong, here, there) in [
            (Lang::Cy, &verdict.cy, cy_at, en_at),
            (Lang::En, &verdict.en, en_at, cy_at),
        ] {
            let (Some(wrong), Some(t)) = (wrong, text.get(lang)) else {
                continue;
            };
            let mut f = finding(at, lang, wrong, t, from, there);
            if let Some(here) = here {
                f = f.at(here);
            }
            if let Some(id) = at.action() {
                f = f.action(id);
            }
            findings.push(f);
        }
        out.findings.insert(at.clone(), findings);
    }
    out
}

/// Whether `file` (named from the inputs folder) is a year's decisions, `resolutions/<year>.toml`.
fn is_resolutions(file: &str) -> bool {
    file.starts_with("resolutions/") && file.ends_with(".toml")
}

fn is_translation(file: &str) -> bool {
    let lower = file.to_ascii_lowercase();
    lower.ends_with(".xlf") || lower.ends_with(".xliff")
}

/// What the text is, for messages: "2026 update", "commitment", "narrative text".
fn what(at: &TextAt) -> String {
    match at {
        TextAt::Action(slot) => slot.what(),
        TextAt::Narrative(_) => "narrative text".to_string(),
    }
}

/// The first words of a text, quoted, for a message.
fn quoted(text: &Text, piece: Option<usize>) -> String {
    let words = match piece {
        Some(i) => super::pieces(text).into_iter().nth(i).unwrap_or_default(),
        None => words(text),
    };
    format!("“{}”", clip(words.trim(), 60))
}

fn finding(
    at: &TextAt,
    lang: Lang,
    wrong: &Wrong,
    text: &Text,
    from: Came,
    there: Option<&Source>,
) -> Finding {
    let what = what(at);
    let name = lang.english_name();
    let translate = match (from, at) {
        (Came::Translation, _) => format!(
            "translate unit {} into Welsh in the translation tool and return the file again (a target the same as its source, or in English, is not a translation)",
            at
        ),
        (Came::Narrative, TextAt::Narrative(p)) => format!(
            "write the Welsh in narrative/{}.cy.md at this place, or run `{}` and import what the translators return",
            p.page,
            crate::progress::command("xliff export", crate::progress::Takes::Inputs)
        ),
        (Came::Correction, _) => {
            "write the Welsh in this [[correction]]'s text, or remove the correction and have the English translated".to_string()
        }
        _ => "write the Welsh translation here, or leave the Welsh empty and ask the coordinator to have it translated".to_string(),
    };
    let move_to = |there: Option<&Source>| match there {
        Some(s) => format!(" (move it to {s}, where the Welsh goes)"),
        None => String::new(),
    };
    let (code, message, fix) = match wrong {
        Wrong::Untranslated => (
            Code::Untranslated,
            format!(
                "the Welsh {what} is the same as its English, word for word: it has not been translated ({})",
                quoted(text, None)
            ),
            format!(
                "{translate}; only a text that is just a name (“Hwb”) may be the same in both languages"
            ),
        ),
        Wrong::BothWelsh => (
            Code::WrongLanguage,
            format!(
                "the English {what} is the same as its Welsh, and reads as Welsh: both columns hold the Welsh ({})",
                quoted(text, None)
            ),
            format!("write the English {what} here"),
        ),
        Wrong::Swapped => {
            let other = match lang {
                Lang::Cy => "English",
                Lang::En => "Welsh",
            };
            let fix = match there {
                Some(s) => {
                    format!("swap the two texts: move this one to {s} and the text there here")
                }
                None => "swap the English and the Welsh".to_string(),
            };
            (
                Code::WrongLanguage,
                format!(
                    "the {name} {what} reads as {other} and its {other} as {name}: the columns look swapped ({})",
                    quoted(text, None)
                ),
                fix,
            )
        }
        Wrong::Reads { lang: reads, piece } => {
            let part = match piece {
                Some(i) => format!("{} of the {name} {what}", piece_name(text, *i)),
                None => format!("the {name} {what}"),
            };
            let fix = match lang {
                Lang::Cy if piece.is_some() => {
                    let part = piece_name(text, piece.unwrap_or_default());
                    match from {
                        Came::Translation => format!(
                            "translate {part} of unit {at} into Welsh in the translation tool and return the file again"
                        ),
                        Came::Correction => {
                            format!("write {part} in Welsh in this [[correction]]'s text")
                        }
                        _ => format!(
                            "write {part} in Welsh (the Welsh is printed as it is), or leave the Welsh empty and ask the coordinator to have it translated"
                        ),
                    }
                }
                Lang::Cy => translate.clone(),
                Lang::En if from == Came::Correction => {
                    format!("write the English {what} in this [[correction]]'s text")
                }
                Lang::En => format!("write the English {what} here{}", move_to(there)),
            };
            (
                Code::WrongLanguage,
                format!(
                    "{part} reads as {} ({})",
                    reads.english_name(),
                    quoted(text, *piece)
                ),
                fix,
            )
        }
    };
    Finding::blocking(code, message).fix(fix)
}
