//! Property: any string of partner text or of the narrative, however full of Typst syntax, comes
//! out of the real pipeline (Handlebars → Typst → PDF) as exactly its characters.

use crate::common::*;
use annual_update::model::{Block, Dataset, Inline, Text};
use proptest::prelude::*;

/// Every ASCII character Typst gives meaning to, words, Welsh, Greek and Cyrillic letters.
const ALPHABET: &str =
    r##"[#$*_<>@\\/\[\]{}()"'`~=+\-.:;,!?&%^|a-zA-Z0-9 ŵŷâêîôûẁẃẅỳαβγΩДЖж£–]{1,40}"##;

fn build_with(strings: &[String]) -> String {
    let ws = sample_workspace();
    let path = ws.path().join("inputs/published/2025/dataset.json");
    let mut dataset = Dataset::from_json(&std::fs::read_to_string(&path).unwrap()).unwrap();
    for (action, s) in dataset.actions.iter_mut().zip(strings) {
        action.commitment.en = Some(Text {
            blocks: vec![Block::Paragraph(vec![Inline::Text(s.clone())])],
        });
    }
    std::fs::write(&path, dataset.to_json()).unwrap();
    // The same strings as narrative paragraphs, each character Markdown would read escaped.
    let markdown: Vec<String> = strings
        .iter()
        .map(|s| {
            s.chars()
                .map(|c| {
                    if c.is_ascii_punctuation() {
                        format!("\\{c}")
                    } else {
                        c.to_string()
                    }
                })
                .collect()
        })
        .collect();
    let narrative = ws.path().join("inputs/narrative/99-property.en.md");
    std::fs::write(&narrative, markdown.join("\n\n")).unwrap();
    std::fs::remove_dir_all(ws.path().join("inputs/submissions/2026")).unwrap();
    std::fs::create_dir_all(ws.path().join("inputs/submissions/2026")).unwrap();
    let out = run(annual_update(ws.path()).arg("build"));
    assert!(out.status.success(), "{}", stderr(&out));
    pdf_extract::extract_text(ws.path().join("output/2026/annual-update-2026.pdf")).unwrap()
}

fn squash(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

proptest! {
    // Each case is a real build; a few cases of many strings each cover the alphabet well.
    #![proptest_config(ProptestConfig { cases: 6, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn any_partner_or_narrative_text_prints_literally(strings in proptest::collection::vec(ALPHABET, 17)) {
        let strings: Vec<String> = strings.into_iter().filter(|s| !s.trim().is_empty()).collect();
        let text = squash(&build_with(&strings));
        for s in &strings {
            // Once as a commitment, once as a narrative paragraph.
            prop_assert!(text.matches(&squash(s)).count() >= 2, "{s:?} is not twice in the PDF");
        }
    }
}
