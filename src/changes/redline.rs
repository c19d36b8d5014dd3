//! The redline as text, for `changes.md` and `changes.csv`: `[-deleted-]` and `{+inserted+}`
//! around the runs an edit changed. Two rules make it true to read:
//!
//! - **Nothing in a text can pass for an edit.** A backslash goes before a text's own `[` of
//!   `[-`, `{` of `{+`, `-` of `-]` and `+` of `+}` (`\[-`, `\{+`, `\-]`, `\+}`), before its
//!   own `‹`, and before its own backslash where one of these or the end of a run follows. So a
//!   backslash before `\`, `[`, `{`, `-`, `+` or `‹` stands for that character, an unescaped
//!   `[-` … `-]` or `{+` … `+}` is always an edit, and `‹…›` always a name.
//! - **An edit nobody could see can be read.** In a deleted or inserted run, white space other
//!   than an ordinary space between words, and characters that show nothing (a zero-width joiner,
//!   a soft hyphen), are written by name: `£1.2[-‹no-break space›-]{+‹space›+}million`. A run of
//!   nothing but white space names its ordinary spaces too. Line breaks stay line breaks.
//!
//! The PDFs name the same characters (in each language's labels: `changes.characters`) and set
//! the markers with strike-through and weight, so there a text's own brackets are plain text.

use super::{Edit, Segment, SegmentKind};

/// A changed run, as it is to be read: its text, with the characters to name taken out.
#[derive(Debug, PartialEq, Eq)]
pub enum Piece<'a> {
    Text(&'a str),
    /// A white space or invisible character, to be written by its name.
    Named(char),
}

/// The characters a redline names, with the key of their name in the label files and their
/// English name. Others it names are written as their code point (`U+2062`).
const NAMES: [(char, &str, &str); 10] = [
    (' ', "space", "space"),
    ('\t', "tab", "tab"),
    ('\u{a0}', "no-break-space", "no-break space"),
    ('\u{202f}', "narrow-no-break-space", "narrow no-break space"),
    ('\u{2007}', "figure-space", "figure space"),
    ('\u{200b}', "zero-width-space", "zero-width space"),
    ('\u{200c}', "zero-width-non-joiner", "zero-width non-joiner"),
    ('\u{200d}', "zero-width-joiner", "zero-width joiner"),
    ('\u{2060}', "word-joiner", "word joiner"),
    ('\u{ad}', "soft-hyphen", "soft hyphen"),
];

/// The key of `c`'s name in the label files (`no-break-space`), if it has one.
pub fn name_key(c: char) -> Option<&'static str> {
    NAMES.iter().find(|n| n.0 == c).map(|n| n.1)
}

/// `c`'s English name, or its code point: `no-break space`, `U+2062`.
pub fn english_name(c: char) -> String {
    NAMES
        .iter()
        .find(|n| n.0 == c)
        .map_or_else(|| code_point(c), |n| n.2.to_string())
}

/// `U+00A0`.
pub fn code_point(c: char) -> String {
    format!("U+{:04X}", c as u32)
}

/// Whether `c` shows nothing in print: a format character (joiners, marks, bidirectional
/// controls, variation selectors, tags) or a control character other than a line break.
fn shows_nothing(c: char) -> bool {
    (c.is_control() && c != '\n')
        || matches!(c,
            '\u{ad}' | '\u{34f}' | '\u{61c}' | '\u{115f}' | '\u{1160}' | '\u{17b4}' | '\u{17b5}'
            | '\u{180b}'..='\u{180f}' | '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}'
            | '\u{2060}'..='\u{206f}' | '\u{3164}' | '\u{fe00}'..='\u{fe0f}' | '\u{feff}'
            | '\u{ffa0}' | '\u{fff0}'..='\u{fffb}' | '\u{1d173}'..='\u{1d17a}'
            | '\u{e0000}'..='\u{e0fff}')
}

/// Whether a changed run of this text is to be named character by character.
fn named_in(run: &str, c: char) -> bool {
    let blank = |c: char| c.is_whitespace() || shows_nothing(c);
    c != '\n' && (shows_nothing(c) || (c.is_whitespace() && (c != ' ' || run.chars().all(blank))))
}

/// A deleted or inserted run as it is to be read: see the module's rules.
pub fn pieces(run: &str) -> Vec<Piece<'_>> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, c) in run.char_indices() {
        if named_in(run, c) {
            if start < i {
                out.push(Piece::Text(&run[start..i]));
            }
            out.push(Piece::Named(c));
            start = i + c.len_utf8();
        }
    }
    if start < run.len() {
        out.push(Piece::Text(&run[start..]));
    }
    out
}

/// Whether `old` and `new` differ only in white space and characters that show nothing.
pub fn invisible_only(old: &str, new: &str) -> bool {
    let seen = |s: &str| {
        s.chars()
            .filter(|&c| !shows_nothing(c))
            .collect::<String>()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    };
    old != new && seen(old) == seen(new)
}

/// A text's own characters, escaped so that none reads as a marker or a name.
fn escaped(text: &str, out: &mut String) {
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        let next = chars.peek().copied();
        match c {
            '\\' if next.is_none_or(|n| matches!(n, '\\' | '[' | '{' | '-' | '+' | '‹')) => {
                out.push_str("\\\\")
            }
            '‹' => out.push_str("\\‹"),
            '[' | '{' | '-' | '+'
                if next
                    == Some(match c {
                        '[' => '-',
                        '{' => '+',
                        '-' => ']',
                        _ => '}',
                    }) =>
            {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
}

/// One run of the diff as text: kept text escaped, a changed run escaped, named and marked.
fn segment(s: &Segment, out: &mut String) {
    let (open, close) = match s.kind {
        SegmentKind::Same => return escaped(&s.text, out),
        SegmentKind::Deleted => ("[-", "-]"),
        SegmentKind::Inserted => ("{+", "+}"),
    };
    out.push_str(open);
    for piece in pieces(&s.text) {
        match piece {
            Piece::Text(t) => escaped(t, out),
            Piece::Named(c) => {
                out.push('‹');
                out.push_str(&english_name(c));
                out.push('›');
            }
        }
    }
    out.push_str(close);
}

/// The redline of one edit, as text: `The Welsh Government will {+continue to +}engage`.
pub fn redline(edit: &Edit) -> String {
    let mut out = String::new();
    for s in &edit.diff {
        segment(s, &mut out);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::changes::word_diff;

    fn of(old: &str, new: &str) -> String {
        let mut out = String::new();
        for s in &word_diff(old, new) {
            segment(s, &mut out);
        }
        out
    }

    #[test]
    fn edits_are_marked() {
        assert_eq!(
            of("reached 1,200 practitioners", "reached 1,400 practitioners"),
            "reached [-1,200-]{+1,400+} practitioners"
        );
    }

    #[test]
    fn a_texts_own_markers_are_escaped() {
        assert_eq!(
            of("[-a-] {+b+} ‹space› x\\", "[-a-] {+b+} ‹space› x\\"),
            "\\[-a\\-] \\{+b\\+} \\‹space› x\\\\"
        );
        assert_eq!(of("[-]", "[-]"), "\\[\\-]");
        assert_eq!(of("C:\\Users", "C:\\Users"), "C:\\Users");
        // A run ending in a backslash does not escape the marker after it.
        assert_eq!(of("a\\ b", "c b"), "[-a\\\\-]{+c+} b");
    }

    #[test]
    fn invisible_edits_are_named() {
        assert_eq!(
            of("£1.2\u{a0}million", "£1.2 million"),
            "£1.2[-‹no-break space›-]{+‹space›+}million"
        );
        assert_eq!(
            of("Auf\u{200c}lage", "Auflage"),
            "[-Auf‹zero-width non-joiner›lage-]{+Auflage+}"
        );
        assert_eq!(of("one two", "one three four"), "one [-two-]{+three four+}");
        assert_eq!(of("a\u{2062}b", "ab"), "[-a‹U+2062›b-]{+ab+}");
        assert!(invisible_only("£1.2\u{a0}million", "£1.2 million"));
        assert!(invisible_only("One.\n\nTwo.", "One. Two."));
        assert!(!invisible_only("£1.2 million", "£1.3 million"));
    }
}
