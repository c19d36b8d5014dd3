//! Escaping partner text for Typst, by construction: the output can only ever be literal text.
//!
//! In markup every ASCII punctuation character is written as a backslash escape (`\#`, `\*`, …),
//! which Typst always reads as the character itself; line breaks and other white space become a
//! single space (the no-break spaces a text keeps stay as they are: Typst markup reads them as
//! text), and control characters are dropped. Nothing in the output can start code, math,
//! a label, a reference, a comment, a raw block or a shorthand. String literals escape the four
//! characters a Typst string gives meaning to.

/// Text for Typst markup.
pub fn markup(text: &str) -> String {
    use crate::model::is_no_break_space;
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    let mut space = false;
    for c in text.chars() {
        if c.is_whitespace() && !is_no_break_space(c) {
            if !space {
                out.push(' ');
            }
            space = true;
            continue;
        }
        if c.is_control() || is_invisible_format(c) {
            continue;
        }
        space = false;
        if c.is_ascii_punctuation() {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// A Typst string literal, quotes included: `"Ysgolion \"diogel\""`.
pub fn string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Bidirectional overrides and similar characters that would make extracted text lie about order.
fn is_invisible_format(c: char) -> bool {
    matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{feff}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_escapes_everything_with_meaning() {
        assert_eq!(
            markup("#read(\"/etc/passwd\")"),
            "\\#read\\(\\\"\\/etc\\/passwd\\\"\\)"
        );
        assert_eq!(markup("a  *b*\n_c_"), "a \\*b\\* \\_c\\_");
        assert_eq!(markup("£45 – ŵŷ"), "£45 – ŵŷ");
        assert_eq!(markup("x\u{202e}y\u{7}"), "xy");
        // Found by the fuzzer: a dropped character between spaces left two.
        assert_eq!(markup("a \u{7} \u{202e}\tb"), "a b");
    }

    #[test]
    fn markup_keeps_no_break_spaces_and_joiners() {
        let kept = "£\u{a0}45, 10\u{202f}000, 1\u{2007}234, 👩\u{200d}💻, Auf\u{200c}lage";
        assert_eq!(markup(kept), kept.replace(',', "\\,"));
        assert_eq!(markup("a\u{2009}\u{3000}b"), "a b");
    }

    #[test]
    fn strings_escape_quotes_and_backslashes() {
        assert_eq!(string("a\"b\\c\nd"), "\"a\\\"b\\\\c\\nd\"");
    }
}
