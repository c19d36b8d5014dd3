//! The narrative's small, safe Markdown, read with pulldown-cmark (CommonMark): headings to three
//! levels, paragraphs, bullet and numbered lists (numbers as written), links, emphasis and strong.
//! Anything else (raw HTML, images, code, tables, quotes, footnotes, a list inside a list) is a
//! located finding and is never printed. The words go through the same conventions as a cell's
//! text (pasted characters, spaces, URLs and "see action 3.3"). It is read from the narrative's
//! pages and from translators' XLIFF units ([`read`]), and written for translators ([`write`]).

mod pieces;
mod read;
mod write;

pub use read::{Parsed, Read, paragraph, parse};
pub use write::run;
