//! The pieces of the narrative's Markdown as they are read: a heading, paragraph or list item's
//! runs of words in each style and its links, gathered event by event, then tidied.

use super::read::{Parsed, Read};
use crate::model::{Inline, PieceKind, Source};
use crate::text;

#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Style {
    Emphasis,
    Strong,
}

/// A run of the piece being read: words in a style (plain: `None`), or a finished link.
enum Run {
    Words(Option<Style>, String),
    Link(Inline),
}

/// What is being read: the piece, its runs of each style, and where in lists and links it is.
#[derive(Default)]
pub(super) struct Reader {
    current: Option<(PieceKind, usize, Vec<Run>)>,
    pub(super) styles: Vec<Style>,
    /// The link being read: its address (`None` if it is not printed as a link) and its words.
    pub(super) link: Option<(Option<String>, String)>,
    /// Open lists, each whether it is numbered.
    pub(super) lists: Vec<bool>,
    /// Lists met so far in the file.
    pub(super) list_count: u32,
    /// Inside something not printed: how many of its elements are open.
    pub(super) skipping: usize,
}

impl Reader {
    pub(super) fn item_depth(&self) -> usize {
        self.lists.len()
    }

    pub(super) fn begin(&mut self, kind: PieceKind, offset: usize) {
        self.current = Some((kind, offset, Vec::new()));
    }

    pub(super) fn push(&mut self, s: &str) {
        if let Some((_, words)) = &mut self.link {
            words.push_str(s);
            return;
        }
        let style = self.styles.last().copied();
        if let Some((_, _, runs)) = &mut self.current {
            match runs.last_mut() {
                Some(Run::Words(last, text)) if *last == style => text.push_str(s),
                _ => runs.push(Run::Words(style, s.to_string())),
            }
        }
    }

    pub(super) fn space(&mut self) {
        if let Some((_, _, runs)) = &self.current
            && !runs.is_empty()
        {
            self.push(" ");
        }
    }

    pub(super) fn end_link(&mut self) {
        let Some((url, words)) = self.link.take() else {
            return;
        };
        let Some(url) = url else {
            // Not printed as a link: its words are read as the words around them are.
            self.push(&words);
            return;
        };
        let words = text::folded(&words);
        let inline = if words.trim() == url || words.trim().is_empty() {
            Inline::Link(url)
        } else {
            Inline::NamedLink {
                text: words.trim().to_string(),
                url,
            }
        };
        if let Some((_, _, runs)) = &mut self.current {
            runs.push(Run::Link(inline));
        }
    }

    pub(super) fn finish(&mut self, out: &mut Parsed, at: &impl Fn(usize) -> Source) {
        let Some((kind, offset, runs)) = self.current.take() else {
            return;
        };
        let mut inlines: Vec<Inline> = Vec::new();
        for run in runs {
            match run {
                Run::Link(link) => inlines.push(link),
                Run::Words(None, words) => inlines.extend(text::runs(&words)),
                Run::Words(Some(Style::Strong), words) => {
                    inlines.push(Inline::Strong(text::folded(&words)))
                }
                Run::Words(Some(Style::Emphasis), words) => {
                    inlines.push(Inline::Emphasis(text::folded(&words)))
                }
            }
        }
        let inlines = tidy(inlines);
        if !inlines.is_empty() {
            out.pieces.push(Read {
                kind,
                runs: inlines,
                at: at(offset),
            });
        }
    }
}

/// Adjacent plain runs joined, one space where two runs meet with a space each, blank runs
/// dropped, and the piece's ends trimmed.
pub(super) fn tidy(inlines: Vec<Inline>) -> Vec<Inline> {
    let mut out: Vec<Inline> = Vec::new();
    for mut inline in inlines {
        // At the piece's start, or after a space, the run's own leading space goes.
        let spaced = out
            .last()
            .is_none_or(|prev| prev.as_str().ends_with(char::is_whitespace));
        if spaced && let Some(words) = words_mut(&mut inline) {
            *words = words.trim_start().to_string();
        }
        // A plain run of spaces stays (it parts two runs); strong or emphasised ones print nothing.
        let blank = match &inline {
            Inline::Text(t) => t.is_empty(),
            other => other.as_str().trim().is_empty(),
        };
        match (out.last_mut(), inline) {
            _ if blank => {}
            (Some(Inline::Text(prev)), Inline::Text(t)) => prev.push_str(&t),
            (_, inline) => out.push(inline),
        }
    }
    while let Some(last) = out.last_mut() {
        if let Some(words) = words_mut(last) {
            words.truncate(words.trim_end().len());
        }
        if !last.as_str().is_empty() {
            break;
        }
        out.pop();
    }
    out
}

/// The words of a run that [`tidy`] may trim: plain, strong or emphasised.
fn words_mut(inline: &mut Inline) -> Option<&mut String> {
    match inline {
        Inline::Text(t) | Inline::Strong(t) | Inline::Emphasis(t) => Some(t),
        _ => None,
    }
}
