//! What both XML readers (partner submissions and returned translations) need: positions as
//! line:column, and character and predefined entity references resolved, never any others.

use quick_xml::events::BytesRef;

use crate::model::Source;

/// The start of each line of a text, to turn byte offsets into 1-based line and column.
pub struct Lines<'a> {
    text: &'a str,
    starts: Vec<usize>,
}

impl<'a> Lines<'a> {
    pub fn new(text: &'a str) -> Lines<'a> {
        let starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        Lines { text, starts }
    }

    /// The place of a byte offset in `file`, the column counted in characters.
    pub fn source(&self, file: &str, offset: usize) -> Source {
        let offset = offset.min(self.text.len());
        let line = self.starts.partition_point(|&start| start <= offset).max(1);
        let start = self.starts[line - 1];
        let column = self
            .text
            .get(start..offset)
            .map_or(1, |s| s.chars().count() + 1);
        Source::line(file, line as u32, column as u32)
    }
}

/// `&#233;`, `&#xE9;` and the five predefined entities as text; `None` for any other entity.
pub fn resolve(r: &BytesRef) -> Option<String> {
    match r.resolve_char_ref() {
        Ok(Some(c)) => Some(c.to_string()),
        _ => quick_xml::escape::resolve_predefined_entity(r).map(str::to_string),
    }
}
