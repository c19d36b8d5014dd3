//! The text conventions parser: any text parses without a panic into non-empty blocks of clean
//! text (no control or dropped invisible characters, white space only single ordinary or no-break
//! spaces, never at a run's ends), and the documented round trip holds: parsing `plain()` again
//! gives the same blocks. `fuzz/unicode.dict` feeds it the spaces, breaks and invisible
//! characters pasted text brings.
#![no_main]

use annual_update::text;
use annual_update::model::{Block, Inline, is_no_break_space};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|raw: &str| {
    let Some(parsed) = text::parse(raw) else {
        return;
    };
    for block in &parsed.blocks {
        let runs: Vec<&Vec<Inline>> = match block {
            Block::Paragraph(p) => vec![p],
            Block::List(items) => items.iter().collect(),
        };
        for run in runs {
            assert!(!run.is_empty(), "an empty block from {raw:?}");
            for inline in run {
                let s = inline.as_str();
                assert!(!s.is_empty(), "an empty inline from {raw:?}");
                assert!(
                    !s.chars().any(|c| c.is_control()
                        || matches!(c, '\u{200b}' | '\u{2060}' | '\u{feff}' | '\u{ad}')),
                    "a control or dropped character in {s:?} from {raw:?}"
                );
                assert!(
                    !s.chars()
                        .any(|c| c.is_whitespace() && c != ' ' && !is_no_break_space(c)),
                    "a space that should have been folded in {s:?} from {raw:?}"
                );
            }
            let joined: String = run.iter().map(Inline::as_str).collect();
            assert!(
                !joined.starts_with(char::is_whitespace) && !joined.ends_with(char::is_whitespace),
                "white space at the ends of {joined:?} from {raw:?}"
            );
            let mut chars = joined.chars().peekable();
            while let Some(c) = chars.next() {
                assert!(
                    !(c.is_whitespace() && chars.peek().is_some_and(|n| n.is_whitespace())),
                    "a run of spaces in {joined:?} from {raw:?}"
                );
            }
        }
    }
    assert_eq!(text::parse(&parsed.plain()), Some(parsed), "from {raw:?}");
});
