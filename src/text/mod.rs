//! Text as people write it, read into the model's blocks and runs: the conventions of a partner's
//! cell or element ([`parse`]: paragraphs, bullets, URLs and "see action 3.3", the pasted
//! characters settled) and the narrative's small Markdown ([`markdown`]), which the narrative's
//! pages, the translators' XLIFF units and the XLIFF export share. Below every stage that reads
//! or writes text.

mod conventions;
pub mod markdown;

pub use conventions::{folded, normalise, parse, runs};
