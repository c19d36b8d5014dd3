//! The plan's narrative: the overview and other pages printed before the first category, and a
//! year's foreword, each a pair of Markdown files (English and Welsh). Each heading, paragraph and
//! list item is one bilingual text, so Welsh parity, translation and the change summary treat it
//! as they treat an action's texts; pairing the two languages is by position in the page.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::{Bilingual, Text};

/// One page of the narrative: `01-overview.en.md` with `01-overview.cy.md`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct Page {
    /// The files' name without language and extension (`01-overview`), under the year for a
    /// year's foreword (`2026/01-foreword`).
    pub name: String,
    /// Headings, paragraphs and list items, in reading order.
    pub pieces: Vec<Piece>,
}

/// One heading, paragraph or list item, in both languages. Each language's text is a single
/// paragraph block.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct Piece {
    pub kind: Kind,
    pub text: Bilingual,
}

/// What a piece is. Items of one list share its `list` number, which counts the page's lists.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    /// Level 1 (`#`) is a section of the edition, as a category is; 2 and 3 are below it.
    Heading {
        level: u8,
    },
    Paragraph,
    Bullet {
        list: u32,
    },
    /// A numbered item, with its number as written (`1.` in the file is 1).
    Numbered {
        list: u32,
        number: u64,
    },
}

impl Kind {
    /// The list an item belongs to.
    pub fn list(self) -> Option<u32> {
        match self {
            Kind::Bullet { list } | Kind::Numbered { list, .. } => Some(list),
            _ => None,
        }
    }

    /// The piece's kind as words, for messages: "heading", "paragraph", "list item 2".
    pub fn what(self) -> String {
        match self {
            Kind::Heading { .. } => "heading".into(),
            Kind::Paragraph => "paragraph".into(),
            Kind::Bullet { .. } => "list item".into(),
            Kind::Numbered { number, .. } => format!("list item {number}"),
        }
    }
}

/// The address of one piece: `narrative/01-overview/3` (the third piece, counting from 1), in
/// translation files and reports.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PieceAt {
    pub page: String,
    /// From 0.
    pub index: usize,
}

impl PieceAt {
    const PREFIX: &'static str = "narrative/";

    /// Parses `narrative/01-overview/3` or `narrative/2026/01-foreword/1`.
    pub fn parse(s: &str) -> Option<PieceAt> {
        let rest = s.trim().strip_prefix(Self::PREFIX)?;
        let (page, n) = rest.rsplit_once('/')?;
        let n: usize = n.parse().ok()?;
        (n >= 1 && !page.is_empty()).then(|| PieceAt {
            page: page.to_string(),
            index: n - 1,
        })
    }
}

impl fmt::Display for PieceAt {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}{}/{}", Self::PREFIX, self.page, self.index + 1)
    }
}

impl Page {
    /// Each piece with its address.
    pub fn texts(&self) -> impl Iterator<Item = (PieceAt, &Piece)> {
        self.pieces.iter().enumerate().map(|(index, piece)| {
            (
                PieceAt {
                    page: self.name.clone(),
                    index,
                },
                piece,
            )
        })
    }

    /// The page's English (or Welsh) as one text: each piece a paragraph, each list a list. For
    /// the change summary's redline.
    pub fn as_text(&self, lang: super::Lang) -> Text {
        use super::{Block, Inline};
        let mut blocks: Vec<Block> = Vec::new();
        let mut last_list = None;
        for piece in &self.pieces {
            let runs: Vec<Inline> = piece
                .text
                .get(lang)
                .as_ref()
                .map(|t| t.inlines().cloned().collect())
                .unwrap_or_default();
            match (piece.kind.list(), blocks.last_mut()) {
                (Some(list), Some(Block::List(items))) if last_list == Some(list) => {
                    items.push(runs)
                }
                (Some(_), _) => blocks.push(Block::List(vec![runs])),
                (None, _) => blocks.push(Block::Paragraph(runs)),
            }
            last_list = piece.kind.list();
        }
        Text { blocks }
    }
}

#[cfg(test)]
mod tests {
    use super::PieceAt;

    #[test]
    fn addresses_read_back() {
        for s in ["narrative/01-overview/3", "narrative/2026/01-foreword/1"] {
            assert_eq!(PieceAt::parse(s).unwrap().to_string(), s);
        }
        for s in [
            "narrative/x/0",
            "narrative//1",
            "2.3/commitment",
            "narrative/x/y",
        ] {
            assert_eq!(PieceAt::parse(s), None, "{s}");
        }
    }
}
