//! The text conventions parser: any text parses without a panic into non-empty blocks of clean
//! text, and the documented round trip holds: parsing `plain()` again gives the same blocks.
#![no_main]

use annual_update::ingest::text;
use annual_update::model::{Block, Inline};
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
                    !s.chars().any(|c| c.is_control()),
                    "a control character in {s:?} from {raw:?}"
                );
            }
        }
    }
    assert_eq!(text::parse(&parsed.plain()), Some(parsed), "from {raw:?}");
});
