//! Published text as blocks: paragraphs and bullet lists of plain runs, links and action references.

use serde::{Deserialize, Serialize};

use super::ActionId;

/// A piece of text in one language: the blocks of one cell or element.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Text {
    pub blocks: Vec<Block>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Block {
    Paragraph(Vec<Inline>),
    List(Vec<Vec<Inline>>),
}

/// A run inside a paragraph or list item. Nothing here is markup: text is data.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Inline {
    Text(String),
    Link(String),
    /// The ID in "see action 3.3"; the words before it stay in the preceding text run.
    Action(ActionId),
    /// Words that link somewhere, `[Hwb](https://hwb.gov.wales)` in the narrative's Markdown.
    NamedLink {
        text: String,
        url: String,
    },
    /// Strong emphasis (`**words**` in the narrative).
    Strong(String),
    /// Emphasis (`*words*` in the narrative); the house style sets it in weight, never italics.
    Emphasis(String),
}

/// Whether `c` is a space that means "do not break here" (`£ 45`, `10 000`, `12 pm`): the
/// no-break space U+00A0, the narrow no-break space U+202F and the figure space U+2007. A text
/// keeps these as they were typed; every other kind of white space in it is an ordinary space.
pub fn is_no_break_space(c: char) -> bool {
    matches!(c, '\u{a0}' | '\u{202f}' | '\u{2007}')
}

impl Inline {
    pub fn as_str(&self) -> &str {
        match self {
            Inline::Text(s) | Inline::Link(s) | Inline::Strong(s) | Inline::Emphasis(s) => s,
            Inline::NamedLink { text, .. } => text,
            Inline::Action(id) => id.as_str(),
        }
    }
}

impl Text {
    /// The text as a person would type it back: paragraphs separated by a blank line, list
    /// items on lines starting with "• ". Parsing this again gives the same blocks.
    pub fn plain(&self) -> String {
        self.written(|inline| inline.as_str().to_string())
    }

    /// The plain form, with each run written by `run` (to escape it, or to mark it up).
    pub fn written(&self, mut run: impl FnMut(&Inline) -> String) -> String {
        let mut line = |inlines: &[Inline]| inlines.iter().map(&mut run).collect::<String>();
        self.blocks
            .iter()
            .map(|b| match b {
                Block::Paragraph(p) => line(p),
                Block::List(items) => items
                    .iter()
                    .map(|i| format!("• {}", line(i)))
                    .collect::<Vec<_>>()
                    .join("\n"),
            })
            .collect::<Vec<_>>()
            .join("\n\n")
    }

    /// Every run of every paragraph and list item, in reading order.
    pub fn inlines(&self) -> impl Iterator<Item = &Inline> {
        self.blocks
            .iter()
            .flat_map(|b| match b {
                Block::Paragraph(p) => std::slice::from_ref(p).iter(),
                Block::List(items) => items.iter(),
            })
            .flatten()
    }

    /// Every action this text refers to.
    pub fn references(&self) -> impl Iterator<Item = &ActionId> {
        self.inlines().filter_map(|i| match i {
            Inline::Action(id) => Some(id),
            _ => None,
        })
    }

    /// The first words, for messages and tests.
    pub fn first_words(&self, n: usize) -> String {
        self.plain()
            .split_whitespace()
            .take(n)
            .collect::<Vec<_>>()
            .join(" ")
    }
}
