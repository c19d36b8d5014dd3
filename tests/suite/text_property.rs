//! Property: the text conventions parser takes any string, however full of the spaces, line
//! breaks and invisible characters pasted text brings, without a panic; what it gives back holds
//! no empty block, item or run and none of the characters it drops or folds, and reads back to
//! itself from `plain()`. A reference stays a reference whatever spaces are between its words.

use annual_update::model::{ActionId, Block, Inline, Text, is_no_break_space};
use annual_update::text;
use proptest::prelude::*;

/// Every character the conventions settle (README, "Text inside a cell or element").
const SPECIAL: &[&str] = &[
    "\u{a0}", "\u{202f}", "\u{2007}", // kept: no-break spaces
    "\u{2009}", "\u{3000}", "\t", "  ", "\u{2002}", "\u{2003}",
    "\u{205f}", // folded to a space
    "\u{200b}", "\u{2060}", "\u{feff}", "\u{ad}", "\u{0}", "\u{7}", "\u{7f}", // dropped
    "\u{200c}", "\u{200d}", // kept: joiners
    "\r", "\r\n", "\n", "\u{2028}", "\u{b}", "\u{85}", // line breaks
    "\u{2029}", "\u{c}", "\n\n", // paragraph breaks
];

/// Words, markers and the phrases the parser looks for, to mix with [`SPECIAL`].
const WORDS: &[&str] = &[
    "a",
    "ŵyr",
    "Ysgol",
    "2.3",
    "see",
    "action",
    "gweler",
    "cam",
    "gweithredu",
    "see action 2.3",
    "gweler cam gweithredu 2.3",
    "Gweler cam gweithredu 3.10",
    "https://hwb.gov.wales/x.",
    "•",
    "-",
    "*",
    "• ",
    "- ",
    "* ",
    "£",
    "45",
    "👩\u{200d}💻",
    ".",
    "(",
    ")",
    " ",
    "#",
    "_x000D_",
];

fn pasted() -> impl Strategy<Value = String> {
    let token = prop_oneof![
        prop::sample::select(SPECIAL).prop_map(str::to_string),
        prop::sample::select(WORDS).prop_map(str::to_string),
    ];
    prop::collection::vec(token, 0..40).prop_map(|t| t.concat())
}

/// Space-like characters that may sit between a reference's words.
const SPACES: &[&str] = &[
    " ",
    "\u{a0}",
    "\u{202f}",
    "\u{2009}",
    "\u{2007}",
    "\u{3000}",
    "\t",
    "   ",
    " \u{200b}",
    "\u{ad} ",
    "\u{feff}\u{a0}",
    "\n",
    "\r\n",
    "\u{2028}",
    " \t\u{3000} ",
];

fn dropped(c: char) -> bool {
    c.is_control() || matches!(c, '\u{200b}' | '\u{2060}' | '\u{feff}' | '\u{ad}')
}

/// Every run of text: the paragraphs and list items, each as its inlines.
fn runs(t: &Text) -> Vec<&Vec<Inline>> {
    t.blocks
        .iter()
        .flat_map(|b| match b {
            Block::Paragraph(p) => vec![p],
            Block::List(items) => {
                assert!(!items.is_empty(), "an empty list");
                items.iter().collect()
            }
        })
        .collect()
}

fn check(raw: &str) -> Result<(), TestCaseError> {
    let Some(parsed) = text::parse(raw) else {
        return Ok(());
    };
    prop_assert!(!parsed.blocks.is_empty());
    for run in runs(&parsed) {
        prop_assert!(!run.is_empty(), "an empty paragraph or item from {raw:?}");
        for inline in run {
            let s = inline.as_str();
            prop_assert!(!s.is_empty(), "an empty run from {raw:?}");
            prop_assert!(
                !s.chars().any(dropped),
                "a dropped character in {s:?} from {raw:?}"
            );
            prop_assert!(
                !s.chars()
                    .any(|c| c.is_whitespace() && c != ' ' && !is_no_break_space(c)),
                "a space not folded in {s:?} from {raw:?}"
            );
        }
        let joined: String = run.iter().map(Inline::as_str).collect();
        prop_assert!(
            !joined.starts_with(char::is_whitespace) && !joined.ends_with(char::is_whitespace),
            "white space at the ends of {joined:?} from {raw:?}"
        );
        let spaces: Vec<char> = joined.chars().collect();
        prop_assert!(
            !spaces
                .windows(2)
                .any(|w| w[0].is_whitespace() && w[1].is_whitespace()),
            "a run of spaces in {joined:?} from {raw:?}"
        );
    }
    prop_assert_eq!(text::parse(&parsed.plain()), Some(parsed), "from {:?}", raw);
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2_000, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn any_string_parses_cleanly_and_round_trips(raw in any::<String>()) {
        check(&raw)?;
    }

    #[test]
    fn pasted_text_parses_cleanly_and_round_trips(raw in pasted()) {
        check(&raw)?;
    }

    #[test]
    fn a_reference_is_one_whatever_the_spaces_between_its_words(
        before in pasted(),
        seps in prop::collection::vec(prop::sample::select(SPACES), 3),
        welsh in any::<bool>(),
    ) {
        let words = if welsh { vec!["gweler", "cam", "gweithredu", "2.3"] } else { vec!["see", "action", "2.3"] };
        let mut phrase = words[0].to_string();
        for (word, sep) in words[1..].iter().zip(&seps) {
            phrase.push_str(sep);
            phrase.push_str(word);
        }
        // After a blank line, so the text before cannot run into it; before a full stop.
        let raw = format!("{before}\n\n{phrase}.");
        let parsed = text::parse(&raw).unwrap();
        let last = runs(&parsed).pop().unwrap().clone();
        let id = Inline::Action(ActionId::parse("2.3").unwrap());
        prop_assert_eq!(&last[last.len() - 2..], &[id, Inline::Text(".".into())][..], "from {:?}", raw);
        let Inline::Text(words_before) = &last[last.len() - 3] else {
            panic!("no words before the ID in {last:?} from {raw:?}");
        };
        // The words before the ID stay text, each space folded or kept (then shown here as one).
        let shown: String = words_before.chars().map(|c| if c.is_whitespace() { ' ' } else { c }).collect();
        prop_assert_eq!(shown, format!("{} ", words[..words.len() - 1].join(" ")), "from {:?}", raw);
    }
}

/// The narrative's Markdown reader, on the same text: it never panics, its pieces are never
/// blank, and what they hold has the invisible characters dropped and white space folded.
fn check_markdown(raw: &str) -> Result<(), TestCaseError> {
    let parsed = annual_update::text::markdown::parse(raw, "narrative/x.en.md");
    for piece in &parsed.pieces {
        let words: String = piece.runs.iter().map(Inline::as_str).collect();
        prop_assert!(!words.trim().is_empty(), "a blank piece from {:?}", raw);
        prop_assert!(
            !words.chars().any(dropped),
            "an invisible character kept from {:?}",
            raw
        );
        prop_assert!(!words.contains("  "), "unfolded spaces from {:?}", raw);
    }
    for finding in &parsed.findings {
        prop_assert!(
            finding.source.is_some(),
            "an unlocated finding from {:?}",
            raw
        );
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2_000, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn any_string_reads_as_markdown_cleanly(raw in any::<String>()) {
        check_markdown(&raw)?;
    }

    #[test]
    fn pasted_text_reads_as_markdown_cleanly(raw in pasted()) {
        check_markdown(&raw)?;
    }

    #[test]
    fn markdown_syntax_reads_cleanly(raw in r"[#*_`<>\[\]()!\-+0-9. \n|>~=&;a-z\u{a0}\u{200b}]{0,80}") {
        check_markdown(&raw)?;
    }
}
