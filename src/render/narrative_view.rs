//! The narrative's view: each page cut into sections at its headings, each section's blocks in
//! each language of the edition (a bilingual edition sets them side by side, Welsh first). A
//! piece missing in a language is marked in its place, as a missing update is.

use serde::Serialize;

use super::view::{BlockView, NumberedItem, RunView, ViewBuilder};
use crate::model::{Lang, Page, Piece, PieceKind, WelshState};

#[derive(Serialize)]
pub struct SectionView {
    /// The heading that opens the section, if it opens with one.
    pub heading: Option<HeadingView>,
    /// The section's blocks in each language of the edition; none when it is only a heading.
    pub cells: Vec<CellView>,
}

#[derive(Serialize)]
pub struct HeadingView {
    /// 1 to 3: as a category's heading, an action's, a unit's.
    pub level: u8,
    /// Its level on a web page, below the page's one `h1`: 2 to 4.
    pub html_level: u8,
    pub langs: Vec<HeadingText>,
}

#[derive(Serialize)]
pub struct HeadingText {
    pub lang: &'static str,
    pub runs: Vec<RunView>,
}

/// As an action's cell: `blocks.typ.hbs` reads `missing`, `stale` and `blocks`.
#[derive(Serialize)]
pub struct CellView {
    pub lang: &'static str,
    pub missing: Option<String>,
    pub stale: Option<String>,
    pub blocks: Vec<BlockView>,
}

impl ViewBuilder<'_> {
    /// Every page of the dataset's narrative, section by section.
    pub(super) fn narrative(&self) -> Vec<SectionView> {
        self.dataset
            .narrative
            .iter()
            .flat_map(|page| self.sections(page))
            .collect()
    }

    fn sections(&self, page: &Page) -> Vec<SectionView> {
        let mut sections: Vec<SectionView> = Vec::new();
        let mut body: Vec<&Piece> = Vec::new();
        let mut heading: Option<HeadingView> = None;
        let mut close = |heading: &mut Option<HeadingView>, body: &mut Vec<&Piece>| {
            if heading.is_some() || !body.is_empty() {
                sections.push(SectionView {
                    heading: heading.take(),
                    cells: if body.is_empty() {
                        Vec::new()
                    } else {
                        self.each(|l, _| self.cell(l, body))
                    },
                });
                body.clear();
            }
        };
        for piece in &page.pieces {
            if let PieceKind::Heading { level } = piece.kind {
                close(&mut heading, &mut body);
                heading = Some(HeadingView {
                    level: level.clamp(1, 3),
                    html_level: level.clamp(1, 3) + 1,
                    langs: self.each(|l, labels| HeadingText {
                        lang: l.code(),
                        runs: match self.runs_of(piece, l) {
                            Some(runs) => runs,
                            None => vec![RunView {
                                text: Some(labels.get("text-missing").to_string()),
                                ..RunView::default()
                            }],
                        },
                    }),
                });
            } else {
                body.push(piece);
            }
        }
        close(&mut heading, &mut body);
        sections
    }

    /// The runs of a piece in one language, if it has that language.
    fn runs_of(&self, piece: &Piece, lang: Lang) -> Option<Vec<RunView>> {
        let text = piece.text.get(lang).as_ref()?;
        Some(text.inlines().map(|i| self.run(i)).collect())
    }

    /// A section's paragraphs and lists in one language: consecutive items of one list together.
    fn cell(&self, lang: Lang, pieces: &[&Piece]) -> CellView {
        let labels = self.labels.get(lang);
        let mut blocks: Vec<BlockView> = Vec::new();
        let mut last_list = None;
        for piece in pieces {
            let stale = (lang == Lang::Cy && piece.text.welsh_state() == Some(WelshState::Stale))
                .then(|| labels.get("text-stale").to_string())
                .filter(|s| !s.is_empty());
            let Some(runs) = self.runs_of(piece, lang) else {
                blocks.push(BlockView {
                    missing: Some(labels.get("text-missing").to_string()),
                    ..BlockView::default()
                });
                last_list = None;
                continue;
            };
            let list = piece.kind.list();
            let continues = list.is_some() && list == last_list && stale.is_none();
            last_list = list;
            match (piece.kind, blocks.last_mut()) {
                (PieceKind::Bullet { .. }, Some(b)) if continues && b.list.is_some() => {
                    b.list.get_or_insert_default().push(runs)
                }
                (PieceKind::Numbered { number, .. }, Some(b))
                    if continues && b.numbered.is_some() =>
                {
                    b.numbered
                        .get_or_insert_default()
                        .push(NumberedItem { number, runs })
                }
                (PieceKind::Bullet { .. }, _) => blocks.push(BlockView {
                    list: Some(vec![runs]),
                    stale,
                    ..BlockView::default()
                }),
                (PieceKind::Numbered { number, .. }, _) => blocks.push(BlockView {
                    numbered: Some(vec![NumberedItem { number, runs }]),
                    stale,
                    ..BlockView::default()
                }),
                _ => blocks.push(BlockView {
                    paragraph: Some(runs),
                    stale,
                    ..BlockView::default()
                }),
            }
        }
        CellView {
            lang: lang.code(),
            missing: None,
            stale: None,
            blocks,
        }
    }
}
