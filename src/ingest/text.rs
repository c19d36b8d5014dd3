//! The text conventions partners write in a cell or element, parsed into blocks.
//!
//! Paragraphs are separated by a blank line; a line starting with `•`, `-` or `*` and a space is a
//! bullet item; URLs become links and "see action 3.3" / "gweler cam gweithredu 3.3" become
//! references. Nothing else is markup: every other character is kept as text.

use std::sync::LazyLock;

use regex::Regex;

use crate::model::{ActionId, Block, Inline, Text};

/// URLs and cross-references. No capture groups: the fast DFA finds matches, and which kind a
/// match is shows in its first letters.
static INLINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)https?://[^\s<>]+|\b(?:see|gweler)\s+(?:action|cam\s+gweithredu)\s+\d+\.\d+\b")
        .expect("valid pattern")
});

/// Parses one cell's or element's text. Blank text is `None`.
pub fn parse(raw: &str) -> Option<Text> {
    // Line breaks become `\n`; other control characters never reach a document, and go before
    // lines are trimmed, so none can hide white space at a line's end. Most text has none of
    // these, and is not copied for them.
    let unusual = |c: char| {
        matches!(c, '\r' | '\u{2028}' | '\u{2029}') || (c.is_control() && !c.is_whitespace())
    };
    let raw: std::borrow::Cow<str> = if raw.contains(unusual) {
        raw.replace("\r\n", "\n")
            .chars()
            .filter_map(|c| match c {
                '\r' | '\u{2028}' | '\u{2029}' => Some('\n'),
                c if c.is_control() && !c.is_whitespace() => None,
                c => Some(c),
            })
            .collect::<String>()
            .into()
    } else {
        raw.into()
    };
    let mut blocks = Vec::new();
    let mut para: Vec<&str> = Vec::new();
    let mut items: Vec<Vec<&str>> = Vec::new();

    let flush = |para: &mut Vec<&str>, items: &mut Vec<Vec<&str>>, blocks: &mut Vec<Block>| {
        if !para.is_empty() {
            blocks.push(Block::Paragraph(inlines(&para.join(" "))));
            para.clear();
        }
        let list: Vec<Vec<Inline>> = items
            .drain(..)
            .map(|lines| {
                let words: Vec<&str> = lines.into_iter().filter(|l| !l.is_empty()).collect();
                inlines(&words.join(" "))
            })
            .filter(|i| !i.is_empty())
            .collect();
        if !list.is_empty() {
            blocks.push(Block::List(list));
        }
    };

    for line in raw.lines() {
        let line = line.trim_matches(char::is_whitespace);
        if line.is_empty() {
            flush(&mut para, &mut items, &mut blocks);
        } else if let Some(item) = bullet(line) {
            if !para.is_empty() {
                flush(&mut para, &mut items, &mut blocks);
            }
            items.push(vec![item]);
        } else if let Some(last) = items.last_mut() {
            // A line straight after a bullet, with no blank line, continues that item.
            last.push(line);
        } else {
            para.push(line);
        }
    }
    flush(&mut para, &mut items, &mut blocks);
    (!blocks.is_empty()).then_some(Text { blocks })
}

/// The rest of the line if it is a bullet item.
fn bullet(line: &str) -> Option<&str> {
    if let Some(rest) = line.strip_prefix('•') {
        return Some(rest.trim_start());
    }
    for marker in ['-', '*'] {
        // A marker alone on its line starts an item whose text is on the next line.
        if let Some(rest) = line.strip_prefix(marker)
            && (rest.is_empty() || rest.starts_with(char::is_whitespace))
        {
            return Some(rest.trim_start());
        }
    }
    None
}

/// Splits a run of text into plain text, links and action references, collapsing white space.
fn inlines(s: &str) -> Vec<Inline> {
    let s = collapse_spaces(s);
    let mut out = Vec::new();
    let mut at = 0;
    let push_text = |out: &mut Vec<Inline>, t: &str| {
        if !t.is_empty() {
            match out.last_mut() {
                Some(Inline::Text(prev)) => prev.push_str(t),
                _ => out.push(Inline::Text(t.to_string())),
            }
        }
    };
    for m in INLINE.find_iter(&s) {
        let found = m.as_str();
        if found.len() > 4 && found[..4].eq_ignore_ascii_case("http") {
            let url = trim_url(found);
            push_text(&mut out, &s[at..m.start()]);
            out.push(Inline::Link(url.to_string()));
            at = m.start() + url.len();
        } else {
            // "see action 3.3": the ID is the last word, and the words before it stay text.
            let id_start = found.rfind(char::is_whitespace).map_or(0, |i| i + 1);
            let Ok(id) = ActionId::parse(&found[id_start..]) else {
                continue;
            };
            push_text(&mut out, &s[at..m.start() + id_start]);
            out.push(Inline::Action(id));
            at = m.end();
        }
    }
    push_text(&mut out, &s[at..]);
    out
}

/// Runs of spaces and tabs become one space; a non-breaking space is kept, as it was meant.
fn collapse_spaces(s: &str) -> String {
    let plain = |c: char| !c.is_control() && (c == ' ' || c == '\u{a0}' || !c.is_whitespace());
    if !s.contains("  ") && s.chars().all(plain) {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for c in s.chars() {
        if c == ' ' || c == '\t' || (c.is_whitespace() && c != '\u{a0}') {
            if !space {
                out.push(' ');
            }
            space = true;
        } else if c.is_control() {
            // Control characters never reach a document.
        } else {
            out.push(c);
            space = false;
        }
    }
    out
}

/// Sentence punctuation after a URL is not part of it; a closing bracket is, if it opened inside.
fn trim_url(url: &str) -> &str {
    let mut url = url;
    loop {
        let Some(last) = url.chars().last() else {
            return url;
        };
        let unbalanced = last == ')' && url.matches('(').count() < url.matches(')').count();
        if ".,;:!?'\"’”".contains(last) || unbalanced {
            url = &url[..url.len() - last.len_utf8()];
        } else {
            return url;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> Inline {
        Inline::Text(s.into())
    }

    #[test]
    fn paragraphs_and_bullets() {
        let text = parse("First line\r\ncontinues.\r\n\r\nWe are in:\n• one (see action 2.29)\n - two\n\n\nLast.").unwrap();
        assert_eq!(
            text.blocks,
            vec![
                Block::Paragraph(vec![t("First line continues.")]),
                Block::Paragraph(vec![t("We are in:")]),
                Block::List(vec![
                    vec![
                        t("one (see action "),
                        Inline::Action(ActionId::parse("2.29").unwrap()),
                        t(")")
                    ],
                    vec![t("two")],
                ]),
                Block::Paragraph(vec![t("Last.")]),
            ]
        );
    }

    #[test]
    fn links_and_references() {
        let text = parse(
            "Visit https://hwb.gov.wales/zones/keeping-safe-online. Gweler cam gweithredu 3.3.",
        )
        .unwrap();
        assert_eq!(
            text.blocks,
            vec![Block::Paragraph(vec![
                t("Visit "),
                Inline::Link("https://hwb.gov.wales/zones/keeping-safe-online".into()),
                t(". Gweler cam gweithredu "),
                Inline::Action(ActionId::parse("3.3").unwrap()),
                t("."),
            ])]
        );
    }

    #[test]
    fn nothing_else_is_markup() {
        let raw = "#read(\"/etc/passwd\") *bold* _x_ $y$ <l> @r // c /* d */ \\";
        assert_eq!(parse(raw).unwrap().plain(), raw);
        assert_eq!(
            parse("-5 degrees").unwrap().blocks,
            vec![Block::Paragraph(vec![t("-5 degrees")])]
        );
    }

    #[test]
    fn control_characters_are_dropped_before_lines_are_trimmed() {
        // Found by the fuzzer: a space before trailing control characters survived the trim.
        let text = parse("• item \u{4}\0\0").unwrap();
        assert_eq!(text.blocks, vec![Block::List(vec![vec![t("item")]])]);
        assert_eq!(parse(&text.plain()), Some(text));
        assert_eq!(parse("\u{1}\u{7f}"), None, "no empty paragraph");
    }

    #[test]
    fn a_marker_alone_starts_an_item_on_the_next_line() {
        // Found by the fuzzer: "*" then a line read as a paragraph "* 2", which reads back as a list.
        let text = parse("*\n2 items\n\n•\nthree").unwrap();
        assert_eq!(
            text.blocks,
            vec![
                Block::List(vec![vec![t("2 items")]]),
                Block::List(vec![vec![t("three")]])
            ]
        );
        assert_eq!(parse(&text.plain()), Some(text));
    }

    #[test]
    fn blank_is_none_and_plain_round_trips() {
        assert_eq!(parse(" \n\u{a0}\n"), None);
        let text = parse("A  b\n\n• c\n• d\n\ne").unwrap();
        assert_eq!(parse(&text.plain()), Some(text));
    }
}
