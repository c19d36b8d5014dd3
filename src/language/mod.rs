//! Welsh that is Welsh: every English and Welsh text that arrives this year (a partner's update,
//! commitment and background, a returned translation's target, the narrative) is checked for the
//! language it claims, so that English pasted into the Welsh column, swapped columns, and Welsh
//! left the same as its English are blocking findings, and Welsh parity counts such Welsh as
//! missing. Text published in an earlier year is not judged again.

mod check;
mod detect;

pub use check::{Checked, check};
pub use detect::{CONFIDENCE, MIN_LETTERS, MIN_WORDS, judgeable, plainly, reads_as};

use crate::model::{Block, Inline, Lang, Text};

/// Words a paragraph or list item needs before it alone is judged, inside a text that as a whole
/// reads as it should: a longer stretch than [`MIN_WORDS`], as a Welsh paragraph may name an
/// English programme or quote an English title.
pub const PIECE_MIN_WORDS: usize = 8;

/// How sure the detector must be that a paragraph reads as the other language.
pub const PIECE_CONFIDENCE: f64 = 0.95;

/// What is wrong with one language of a text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Wrong {
    /// The text reads as the other language; `piece` is the paragraph or list item (0-based, in
    /// reading order) when only that one does.
    Reads { lang: Lang, piece: Option<usize> },
    /// Each column reads as the other's language: the columns look swapped.
    Swapped,
    /// The English is the Welsh word for word, and reads as Welsh: Welsh in both columns.
    BothWelsh,
    /// The Welsh is the English word for word (after the text conventions), and is not a name.
    Untranslated,
}

/// The verdict on a text's two languages: what is wrong with each, if anything.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Verdict {
    pub en: Option<Wrong>,
    pub cy: Option<Wrong>,
}

impl Verdict {
    /// Whether the Welsh is not Welsh that can be published: parity counts it as missing.
    pub fn welsh_is_not_welsh(&self) -> bool {
        self.cy.is_some() || self.en == Some(Wrong::BothWelsh)
    }
}

/// Judges a text: `en` and `cy` as they were given (either may be absent).
pub fn judge(en: Option<&Text>, cy: Option<&Text>) -> Verdict {
    if let (Some(e), Some(c)) = (en, cy)
        && e == c
    {
        if is_a_name(e) {
            return Verdict::default();
        }
        return match reads_as(sample(&words(e))) {
            Some((Lang::Cy, _)) => Verdict {
                en: Some(Wrong::BothWelsh),
                cy: None,
            },
            _ => Verdict {
                en: None,
                cy: Some(Wrong::Untranslated),
            },
        };
    }
    let en_wrong = en.and_then(|t| reads_other(t, Lang::En));
    let cy_wrong = cy.and_then(|t| reads_other(t, Lang::Cy));
    let whole = |w: &Option<Wrong>| matches!(w, Some(Wrong::Reads { piece: None, .. }));
    if whole(&en_wrong) && whole(&cy_wrong) {
        return Verdict {
            en: Some(Wrong::Swapped),
            cy: Some(Wrong::Swapped),
        };
    }
    Verdict {
        en: en_wrong,
        cy: cy_wrong,
    }
}

/// How much of a text or paragraph the detector reads: its first 300 characters say which
/// language it is in (a long sentence or two), and a text of 20,000 costs no more than that.
pub const SAMPLE_CHARS: usize = 300;

/// The first [`SAMPLE_CHARS`] characters of `s`.
fn sample(s: &str) -> &str {
    s.char_indices()
        .nth(SAMPLE_CHARS)
        .map_or(s, |(at, _)| &s[..at])
}

/// How `text`, claimed to be in `lang`, reads as the other language: as a whole, or in one
/// paragraph or list item long enough to judge alone. Each paragraph and list item is read once;
/// a text of several reads as the language most of their judged letters read as (or, when none
/// is long enough alone, as they read together).
fn reads_other(text: &Text, lang: Lang) -> Option<Wrong> {
    let other = other(lang);
    // Text plainly in its language needs no detector; only the rest is read by it.
    let reading = |s: &str| match plainly(s, lang) {
        true => Some((lang, 1.0)),
        false => reads_as(sample(s)),
    };
    let whole = |s: &str| match reading(s) {
        Some((l, _)) if l == other => Some(Wrong::Reads {
            lang: other,
            piece: None,
        }),
        _ => None,
    };
    let pieces = pieces(text);
    if pieces.len() < 2 {
        return whole(&pieces.join("\n"));
    }
    let long = |p: &str| p.split_whitespace().count() >= PIECE_MIN_WORDS;
    if plainly(&pieces.join("\n"), lang) {
        // Plainly right as a whole: only a paragraph long enough to judge alone, and not plainly
        // right itself, is read by the detector.
        return pieces.iter().enumerate().find_map(|(i, p)| {
            if !long(p) || plainly(p, lang) {
                return None;
            }
            match reads_as(sample(p)) {
                Some((l, c)) if l == other && c >= PIECE_CONFIDENCE => Some(Wrong::Reads {
                    lang: other,
                    piece: Some(i),
                }),
                _ => None,
            }
        });
    }
    let readings: Vec<Option<(Lang, f64)>> = pieces.iter().map(|p| reading(p)).collect();
    let letters = |p: &str| p.chars().filter(|c| c.is_alphabetic()).count();
    let (mut claimed, mut others) = (0, 0);
    for (p, reading) in pieces.iter().zip(&readings) {
        match reading {
            Some((l, _)) if *l == other => others += letters(p),
            Some(_) => claimed += letters(p),
            None => {}
        }
    }
    if claimed + others == 0 {
        return whole(&pieces.join("\n"));
    }
    if others > claimed {
        return Some(Wrong::Reads {
            lang: other,
            piece: None,
        });
    }
    pieces
        .iter()
        .zip(&readings)
        .enumerate()
        .find_map(|(i, (p, reading))| match reading {
            Some((l, c)) if *l == other && *c >= PIECE_CONFIDENCE && long(p) => {
                Some(Wrong::Reads {
                    lang: other,
                    piece: Some(i),
                })
            }
            _ => None,
        })
}

/// Words a name is made of besides capitalised ones ("Children's Commissioner for Wales").
const NAME_LINKS: [&str; 10] = ["of", "and", "for", "the", "in", "on", "&", "a", "y", "yr"];

/// Whether a text is only a name, which is the same in both languages ("Hwb", "SWGfL",
/// "Childnet International"): one paragraph of at most six words, each capitalised, a number or
/// one of [`NAME_LINKS`].
pub fn is_a_name(text: &Text) -> bool {
    let [Block::Paragraph(_)] = text.blocks.as_slice() else {
        return false;
    };
    let w = words(text);
    let words: Vec<&str> = w.split_whitespace().collect();
    !words.is_empty()
        && words.len() <= 6
        && words.iter().all(|word| {
            let first = word.chars().find(|c| c.is_alphanumeric());
            first.is_none_or(|c| c.is_uppercase() || c.is_numeric())
                || NAME_LINKS.contains(&word.to_lowercase().as_str())
        })
}

/// The words of a text, its links and action numbers left out, a line per paragraph or list item.
pub fn words(text: &Text) -> String {
    pieces(text).join("\n")
}

/// The other language.
fn other(lang: Lang) -> Lang {
    match lang {
        Lang::Cy => Lang::En,
        Lang::En => Lang::Cy,
    }
}

/// "paragraph 2" or "list item 3": the `i`th piece of [`pieces`], for messages.
fn piece_name(text: &Text, i: usize) -> String {
    let (mut paragraphs, mut items, mut seen) = (0, 0, 0);
    for b in &text.blocks {
        match b {
            Block::Paragraph(_) => {
                paragraphs += 1;
                if seen == i {
                    return format!("paragraph {paragraphs}");
                }
                seen += 1;
            }
            Block::List(list) => {
                for _ in list {
                    items += 1;
                    if seen == i {
                        return format!("list item {items}");
                    }
                    seen += 1;
                }
            }
        }
    }
    format!("part {}", i + 1)
}

/// Each paragraph and list item's words, in reading order.
fn pieces(text: &Text) -> Vec<String> {
    let line = |runs: &[Inline]| {
        runs.iter()
            .map(|r| match r {
                Inline::Link(_) | Inline::Action(_) => " ",
                other => other.as_str(),
            })
            .collect::<String>()
    };
    text.blocks
        .iter()
        .flat_map(|b| match b {
            Block::Paragraph(p) => vec![line(p)],
            Block::List(items) => items.iter().map(|i| line(i)).collect(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::parse;

    const EN: &str = "The Welsh Government will continue to maintain the Keeping safe online area on Hwb as the main source of bilingual advice.";
    const CY: &str = "Bydd Llywodraeth Cymru yn parhau i gynnal yr ardal Cadw'n ddiogel ar-lein ar Hwb fel y brif ffynhonnell o gyngor dwyieithog.";

    fn verdict(en: &str, cy: &str) -> Verdict {
        judge(parse(en).as_ref(), parse(cy).as_ref())
    }

    #[test]
    fn welsh_and_english_in_their_columns_pass() {
        assert_eq!(verdict(EN, CY), Verdict::default());
        assert_eq!(verdict(EN, ""), Verdict::default());
    }

    #[test]
    fn english_in_the_welsh_column_is_wrong() {
        let other = "We published new guidance for schools on sharing nudes, and ran training for teachers.";
        assert_eq!(
            verdict(EN, other).cy,
            Some(Wrong::Reads {
                lang: Lang::En,
                piece: None
            })
        );
        assert!(verdict(EN, other).welsh_is_not_welsh());
        assert_eq!(
            verdict(CY, "").en,
            Some(Wrong::Reads {
                lang: Lang::Cy,
                piece: None
            })
        );
    }

    #[test]
    fn swapped_columns_are_both_reported_as_swapped() {
        let v = verdict(CY, EN);
        assert_eq!(v.en, Some(Wrong::Swapped));
        assert_eq!(v.cy, Some(Wrong::Swapped));
    }

    #[test]
    fn the_same_text_twice_is_untranslated_unless_a_name() {
        assert_eq!(verdict(EN, EN).cy, Some(Wrong::Untranslated));
        assert_eq!(
            verdict("Ongoing work", "Ongoing work").cy,
            Some(Wrong::Untranslated)
        );
        // The text conventions first: spaces and line breaks as typed do not hide a copy.
        assert_eq!(
            verdict("Work  went on.\r\n", "Work went on.").cy,
            Some(Wrong::Untranslated)
        );
        assert_eq!(verdict("Hwb", "Hwb"), Verdict::default());
        assert_eq!(
            verdict("Childnet International", "Childnet International"),
            Verdict::default()
        );
        assert_eq!(verdict(CY, CY).en, Some(Wrong::BothWelsh));
        assert!(verdict(CY, CY).welsh_is_not_welsh());
    }

    #[test]
    fn an_english_paragraph_left_in_the_welsh_is_found() {
        let cy = format!(
            "{CY}\n\n{CY}\n\nWe also ran a campaign for parents across Wales during the summer holidays."
        );
        assert_eq!(
            verdict(EN, &cy).cy,
            Some(Wrong::Reads {
                lang: Lang::En,
                piece: Some(2)
            })
        );
    }

    proptest::proptest! {
        #[test]
        fn judging_any_two_texts_never_panics(en in "\\PC*", cy in "\\PC*") {
            let (en, cy) = (parse(&en), parse(&cy));
            let v = judge(en.as_ref(), cy.as_ref());
            if let Some(en) = &en {
                let _ = is_a_name(en);
                let _ = piece_name(en, 3);
            }
            let _ = v.welsh_is_not_welsh();
        }
    }

    #[test]
    fn links_and_action_numbers_are_not_words() {
        let t = parse("https://hwb.gov.wales/zones/keeping-safe-online see action 2.3").unwrap();
        assert_eq!(
            words(&t).split_whitespace().collect::<Vec<_>>(),
            ["see", "action"]
        );
    }
}
