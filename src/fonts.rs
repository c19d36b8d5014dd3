//! Which characters the bundled fonts can print. Text no font has would fail the PDF/UA build (or
//! print as an empty box), so it is found before rendering, reported where it came from, and shown
//! in drafts as a visible placeholder.

use std::collections::HashSet;

use rayon::prelude::*;

use crate::findings::{Code, Finding};
use crate::ingest::Submission;
use crate::model::{Action, Bilingual, Block, Dataset, Inline, Lang, Source, Text, WelshState};
use crate::report_templates::ReportTemplates;

/// What drafts print in place of a character no bundled font has.
pub const PLACEHOLDER: &str = "[?]";

/// The characters of every font in the templates.
pub struct Coverage {
    /// One bit per character of the Basic Multilingual Plane, already counting white space and
    /// control characters as covered: text is checked a character at a time, so this is hot.
    bmp: Vec<u64>,
    /// Characters beyond it that a font has.
    astral: HashSet<char>,
    /// Every printable ASCII character is covered, so only other characters need looking up.
    ascii: bool,
}

impl Coverage {
    pub fn of(templates: &ReportTemplates) -> Coverage {
        let mut chars = HashSet::new();
        for (_, file) in templates.fonts() {
            let faces = ttf_parser::fonts_in_collection(&file.bytes).unwrap_or(1);
            for index in 0..faces {
                let Ok(face) = ttf_parser::Face::parse(&file.bytes, index) else {
                    continue;
                };
                let Some(cmap) = face.tables().cmap else {
                    continue;
                };
                for sub in cmap.subtables.into_iter().filter(|s| s.is_unicode()) {
                    sub.codepoints(|cp| {
                        if let Some(c) = char::from_u32(cp) {
                            chars.insert(c);
                        }
                    });
                }
            }
        }
        let mut bmp = vec![0u64; 0x10000 / 64];
        let (low, astral): (Vec<char>, Vec<char>) =
            chars.into_iter().partition(|&c| (c as u32) < 0x10000);
        // Zero-width joiners and non-joiners are read by text shaping and drawn as nothing, so a
        // font needs no glyph for them (with one missing they would be reported by mistake).
        let never_printed = (0..0x10000u32).filter_map(char::from_u32).filter(|&c| {
            c.is_whitespace() || c.is_control() || matches!(c, '\u{200c}' | '\u{200d}')
        });
        for c in low.into_iter().chain(never_printed) {
            bmp[c as usize / 64] |= 1 << (c as usize % 64);
        }
        let mut coverage = Coverage {
            bmp,
            astral: astral.into_iter().collect(),
            ascii: false,
        };
        coverage.ascii = (0..128u8).all(|b| coverage.covers(char::from(b)));
        coverage
    }

    /// White space, control characters and joiners never reach a glyph; everything else must
    /// have one.
    pub fn covers(&self, c: char) -> bool {
        let i = c as usize;
        match self.bmp.get(i / 64) {
            Some(word) => word & (1 << (i % 64)) != 0,
            None => self.astral.contains(&c),
        }
    }

    /// The characters of the text no font has, in order, each run of one character once.
    pub fn missing(&self, text: &Text) -> Vec<char> {
        let mut out = Vec::new();
        for run in text.inlines().map(Inline::as_str) {
            if !self.ascii {
                out.extend(run.chars().filter(|&c| !self.covers(c)));
                continue;
            }
            // Most text is ASCII: jump from one other character to the next.
            let mut rest = run;
            while let Some(i) = first_non_ascii(rest.as_bytes()) {
                let c = rest[i..].chars().next().expect("a character starts here");
                if !self.covers(c) {
                    out.push(c);
                }
                rest = &rest[i + c.len_utf8()..];
            }
        }
        out.dedup();
        out
    }
}

/// Where the first byte outside ASCII is, looking at eight bytes at a time.
fn first_non_ascii(bytes: &[u8]) -> Option<usize> {
    let mut words = bytes.chunks_exact(8);
    let mut at = 0;
    for word in words.by_ref() {
        let word = u64::from_le_bytes(word.try_into().expect("eight bytes"));
        if word & 0x8080_8080_8080_8080 != 0 {
            break;
        }
        at += 8;
    }
    bytes[at..]
        .iter()
        .position(|b| !b.is_ascii())
        .map(|i| at + i)
}

/// Every text of an action with where it came from and what it is.
fn texts(action: &Action) -> Vec<(&Bilingual, &Source, String)> {
    let mut out = vec![
        (&action.commitment, &action.source, "commitment".to_string()),
        (&action.background, &action.source, "background".to_string()),
    ];
    out.extend(
        action
            .updates
            .iter()
            .map(|u| (&u.text, &u.source, format!("{} update", u.year))),
    );
    out
}

/// A blocking finding for each text holding characters the fonts cannot print.
pub fn unprintable(dataset: &Dataset, coverage: &Coverage) -> Vec<Finding> {
    dataset
        .actions
        .par_iter()
        .flat_map_iter(|action| unprintable_in(action, coverage))
        .collect()
}

fn unprintable_in(action: &Action, coverage: &Coverage) -> Vec<Finding> {
    let mut found = Vec::new();
    for (text, source, what) in texts(action) {
        for lang in Lang::ALL {
            let missing = match (&text.sealed, text.get(lang)) {
                (Some(sealed), _) => sealed.unprintable.get(lang).clone(),
                (None, Some(text)) => coverage.missing(text),
                (None, None) => continue,
            };
            found.extend(finding(&missing, lang, &what, source, Some(&action.id)));
        }
    }
    found
}

/// The finding for the characters `missing` from one text, if there are any.
fn finding(
    missing: &[char],
    lang: Lang,
    what: &str,
    source: &Source,
    action: Option<&crate::model::ActionId>,
) -> Option<Finding> {
    if missing.is_empty() {
        return None;
    }
    let list: Vec<String> = missing
        .iter()
        .map(|c| format!("{c} (U+{:04X})", *c as u32))
        .collect();
    let finding = Finding::blocking(
        Code::UnprintableCharacter,
        format!(
            "the {} {what} holds characters no bundled font can print: {}",
            lang.english_name(),
            list.join(", ")
        ),
    )
    .at(source)
    .fix("replace them in the submission (drafts show [?] in their place), or add a font that has them to report-templates/fonts/");
    Some(match action {
        Some(id) => finding.action(id),
        None => finding,
    })
}

/// The same findings for the narrative's pieces, each at its place in its language's file
/// (`at`).
pub fn unprintable_in_narrative(
    pages: &[crate::model::Page],
    coverage: &Coverage,
    at: impl Fn(&crate::model::PieceAt, Lang) -> Option<Source>,
) -> Vec<Finding> {
    let mut found = Vec::new();
    for page in pages {
        for (place, piece) in page.texts() {
            for lang in Lang::ALL {
                let (Some(text), Some(source)) = (piece.text.get(lang), at(&place, lang)) else {
                    continue;
                };
                let what = format!("narrative {}", piece.kind.what());
                found.extend(finding(&coverage.missing(text), lang, &what, &source, None));
            }
        }
    }
    found
}

/// The same findings for one submission's own rows, each at the cell or element of its text:
/// what `check FILE…` reports, with or without a plan, before the file joins a dataset.
pub fn unprintable_in_submission(sub: &Submission, coverage: &Coverage) -> Vec<Finding> {
    let mut found = Vec::new();
    let mut check = |text: &Option<Text>, lang: Lang, what: &str, source: &Source, id| {
        if let Some(text) = text {
            found.extend(finding(
                &coverage.missing(text),
                lang,
                what,
                source,
                Some(id),
            ));
        }
    };
    let update = sub
        .year
        .as_ref()
        .map_or("update".to_string(), |y| format!("{} update", y.value));
    for u in &sub.updates {
        for lang in Lang::ALL {
            check(
                u.text.get(lang),
                lang,
                &update,
                u.text_source.get(lang),
                &u.action,
            );
        }
    }
    for a in &sub.new_actions {
        for lang in Lang::ALL {
            check(a.commitment.get(lang), lang, "commitment", &a.source, &a.id);
            check(a.background.get(lang), lang, "background", &a.source, &a.id);
        }
    }
    found
}

/// The dataset as the documents print it: characters no font has become [`PLACEHOLDER`].
pub fn printable(dataset: &Dataset, coverage: &Coverage) -> Dataset {
    let mut out = dataset.clone();
    let fix = |s: &mut String| {
        if s.chars().any(|c| !coverage.covers(c)) {
            *s = s
                .chars()
                .map(|c| {
                    if coverage.covers(c) {
                        c.to_string()
                    } else {
                        PLACEHOLDER.to_string()
                    }
                })
                .collect();
        }
    };
    let fix_text = |t: &mut Text| {
        for block in &mut t.blocks {
            let runs: Vec<&mut Vec<Inline>> = match block {
                Block::Paragraph(p) => vec![p],
                Block::List(items) => items.iter_mut().collect(),
            };
            for inline in runs.into_iter().flatten() {
                match inline {
                    Inline::Text(s)
                    | Inline::Link(s)
                    | Inline::Strong(s)
                    | Inline::Emphasis(s)
                    | Inline::NamedLink { text: s, .. } => fix(s),
                    Inline::Action(_) => {}
                }
            }
        }
    };
    let narrative = out
        .narrative
        .iter_mut()
        .flat_map(|p| p.pieces.iter_mut().map(|p| &mut p.text));
    for text in out
        .actions
        .iter_mut()
        .flat_map(|a| a.texts_mut())
        .chain(narrative)
    {
        {
            let state = text.welsh_state();
            for t in [&mut text.en, &mut text.cy].into_iter().flatten() {
                fix_text(t);
            }
            // The printed copy keeps the Welsh's state, so drafts mark exactly the stale Welsh.
            if state == Some(WelshState::Translated) {
                text.cy_translates = text.english_fingerprint();
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_first_byte_outside_ascii() {
        assert_eq!(first_non_ascii(b""), None);
        assert_eq!(first_non_ascii(b"plain ascii, longer than a word"), None);
        for at in 0..20 {
            let text = format!("{}£ and more", "x".repeat(at));
            assert_eq!(first_non_ascii(text.as_bytes()), Some(at), "{text}");
        }
    }

    #[test]
    fn the_bundled_fonts_print_welsh() {
        let coverage = Coverage::of(&ReportTemplates::embedded());
        for c in "ŵŷŴŶẁẃẅỳẀẂẄỲâêîôû£–—‘’“”•€".chars() {
            assert!(coverage.covers(c), "{c}");
        }
        assert!(!coverage.covers('日'));
        assert!(!coverage.covers('😀'));
    }

    #[test]
    fn what_the_text_conventions_keep_is_printable() {
        let coverage = Coverage::of(&ReportTemplates::embedded());
        let text = crate::text::parse(
            "£\u{a0}45, 10\u{202f}000, 1\u{2007}234, Auf\u{200c}lage, see\u{a0}action\u{202f}2.3, \u{ad}\u{200b}\u{feff}\u{3000}\t",
        )
        .unwrap();
        assert_eq!(coverage.missing(&text), Vec::<char>::new());
        // In an emoji sequence only the emoji are missing, not the joiner between them.
        let emoji = crate::text::parse("👩\u{200d}💻").unwrap();
        assert_eq!(coverage.missing(&emoji), vec!['👩', '💻']);
    }
}
