//! The text conventions partners write in a cell or element, parsed into blocks.
//!
//! Paragraphs are separated by a blank line; a line starting with `•`, `-` or `*` and a space is a
//! bullet item; URLs become links and "see action 3.3" / "gweler cam gweithredu 3.3" become
//! references. Nothing else is markup: every other character is kept as text, once the line
//! breaks, spaces and invisible characters that pasted text brings are settled (the table is in
//! the README, "Text inside a cell or element").

use std::borrow::Cow;
use std::sync::LazyLock;

use regex::Regex;

use crate::model::{ActionId, Block, Inline, Text, is_no_break_space};

/// URLs and cross-references. No capture groups: the fast DFA finds matches, and which kind a
/// match is shows in its first letter. Spaces are folded before this runs, so `\s+` is one space
/// (an ordinary or a no-break one).
static INLINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)https?://[^\s<>]+|\b(?:see|gweler)\s+(?:action|cam\s+gweithredu)\s+[0-9]+\.[0-9]+\b",
    )
    .expect("valid pattern")
});

/// What one character of pasted text becomes before the text is split into lines.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Kept,
    /// CR (and CRLF as one), LF, U+2028 line separator, vertical tab (Word's manual line break)
    /// and NEL.
    LineBreak,
    /// U+2029 paragraph separator and form feed (a page break).
    ParagraphBreak,
    /// Invisible characters that would only split words and references: zero-width space, word
    /// joiner, a byte order mark inside the text, soft hyphen (hyphenation is off in the
    /// documents), and every other control character.
    Dropped,
}

fn kind(c: char) -> Kind {
    match c {
        '\n' | '\r' | '\u{b}' | '\u{85}' | '\u{2028}' => Kind::LineBreak,
        '\u{c}' | '\u{2029}' => Kind::ParagraphBreak,
        '\u{200b}' | '\u{2060}' | '\u{feff}' | '\u{ad}' => Kind::Dropped,
        // A tab is white space, folded with the rest.
        '\t' => Kind::Kept,
        c if c.is_control() => Kind::Dropped,
        _ => Kind::Kept,
    }
}

/// Zero-width joiner and non-joiner: kept inside words and emoji sequences (👩‍💻), where they
/// join or part the letters either side; at a line's ends they join nothing, and are trimmed.
fn is_joiner(c: char) -> bool {
    matches!(c, '\u{200c}' | '\u{200d}')
}

/// The text with every line break as `\n` (a paragraph break as `\n\n`) and the dropped
/// characters gone. Dropping comes before lines are trimmed and spaces folded, so no invisible
/// character can hide white space at a line's end or between two spaces. Most text has none of
/// these, and is not copied. Another format's parser (the narrative's Markdown) reads text
/// settled this way, as a cell's is (the README's table).
pub fn normalise(raw: &str) -> Cow<'_, str> {
    if !raw.contains(|c: char| c != '\n' && kind(c) != Kind::Kept) {
        return Cow::Borrowed(raw);
    }
    let mut out = String::with_capacity(raw.len());
    let mut chars = raw.chars().peekable();
    while let Some(c) = chars.next() {
        match kind(c) {
            Kind::Kept => out.push(c),
            // CRLF is one line break.
            Kind::LineBreak if c == '\r' && chars.peek() == Some(&'\n') => {}
            Kind::LineBreak => out.push('\n'),
            Kind::ParagraphBreak => out.push_str("\n\n"),
            Kind::Dropped => {}
        }
    }
    Cow::Owned(out)
}

/// One run of text that another format's parser found (a Markdown paragraph's words): line
/// breaks are spaces, white space is folded, and URLs and "see action 3.3" are found, as in a cell.
pub fn runs(s: &str) -> Vec<Inline> {
    inlines(s)
}

/// One run kept whole (a link's words, emphasis): line breaks are spaces and white space is
/// folded, as in a cell.
pub fn folded(s: &str) -> String {
    fold_spaces(s).into_owned()
}

/// Parses one cell's or element's text. Blank text is `None`.
pub fn parse(raw: &str) -> Option<Text> {
    let raw = normalise(raw);
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

    // A single line break is a soft wrap: the lines of a paragraph are joined with a space. Only
    // a blank line ends a paragraph, and a line starting with a bullet marker starts an item.
    for line in raw.split('\n') {
        let line = line.trim_matches(|c: char| c.is_whitespace() || is_joiner(c));
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

/// Splits a run of text into plain text, links and action references, folding white space.
fn inlines(s: &str) -> Vec<Inline> {
    let s = fold_spaces(s);
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
        if found.starts_with(['h', 'H']) {
            let url = trim_url(found);
            push_text(&mut out, &s[at..m.start()]);
            out.push(Inline::Link(url.to_string()));
            at = m.start() + url.len();
        } else {
            // "see action 3.3": the ID is the last word, and the words before it stay text. The
            // space before it may be a no-break one, of two or three bytes.
            let id_start = found
                .char_indices()
                .rev()
                .find(|(_, c)| c.is_whitespace())
                .map_or(0, |(i, c)| i + c.len_utf8());
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

/// Every run of white space (spaces, tabs, thin, en, em and ideographic spaces, …) becomes one
/// character: the first no-break space in the run if it has one, as it was meant ("£ 45",
/// "10 000"), else an ordinary space. Text with nothing to fold is not copied.
fn fold_spaces(s: &str) -> Cow<'_, str> {
    let mut after_space = false;
    let folded = s.chars().all(|c| {
        let space = c.is_whitespace();
        let fine = !space || (!after_space && (c == ' ' || is_no_break_space(c)));
        after_space = space;
        fine
    });
    if folded {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    let mut run: Option<char> = None;
    for c in s.chars() {
        if c.is_whitespace() {
            run = match run {
                Some(kept) if is_no_break_space(kept) => Some(kept),
                _ if is_no_break_space(c) => Some(c),
                _ => Some(' '),
            };
        } else {
            out.extend(run.take());
            out.push(c);
        }
    }
    out.extend(run);
    Cow::Owned(out)
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

    fn id(s: &str) -> Inline {
        Inline::Action(ActionId::parse(s).unwrap())
    }

    fn paragraph(raw: &str) -> Vec<Inline> {
        let text = parse(raw).unwrap_or_else(|| panic!("{raw:?} is blank"));
        assert_eq!(
            parse(&text.plain()),
            Some(text.clone()),
            "round trip of {raw:?}"
        );
        match &text.blocks[..] {
            [Block::Paragraph(p)] => p.clone(),
            other => panic!("{raw:?} is not one paragraph: {other:?}"),
        }
    }

    #[test]
    fn a_reference_with_any_space_between_its_words_is_a_reference() {
        // Found in a real update: a no-break space before the ID made `check` panic, slicing
        // inside the two bytes of U+00A0.
        let kept = ["\u{a0}", "\u{202f}", "\u{2007}"];
        let folded = [
            "\u{2009}",
            "\u{3000}",
            "\t",
            "   ",
            "\u{2002}",
            "\u{2003}",
            " \t\u{3000} ",
        ];
        for (sep, printed) in kept
            .iter()
            .map(|k| (*k, *k))
            .chain(folded.iter().map(|f| (*f, " ")))
        {
            for words in [vec!["see", "action"], vec!["gweler", "cam", "gweithredu"]] {
                let raw = format!("Read {}{sep}2.3 now.", words.join(sep));
                let before = format!("Read {}{printed}", words.join(printed));
                assert_eq!(
                    paragraph(&raw),
                    vec![t(&before), id("2.3"), t(" now.")],
                    "{raw:?}"
                );
            }
        }
    }

    #[test]
    fn a_reference_survives_invisible_characters_and_wrapped_lines() {
        let want = |before: &str| vec![t(before), id("2.3")];
        assert_eq!(paragraph("see\u{200b} action 2.3"), want("see action "));
        assert_eq!(paragraph("see ac\u{ad}tion 2.3"), want("see action "));
        assert_eq!(
            paragraph("\u{feff}see action\u{2060} 2.3"),
            want("see action ")
        );
        assert_eq!(
            paragraph("gweler cam\ngweithredu 2.3"),
            want("gweler cam gweithredu ")
        );
        assert_eq!(paragraph("see\r\naction 2.3"), want("see action "));
        assert_eq!(paragraph("see action\u{2028}2.3"), want("see action "));
        assert_eq!(
            paragraph("see\u{a0}\u{200b} action\u{a0}2.3"),
            want("see\u{a0}action\u{a0}")
        );
        // A paragraph break parts the words: no reference.
        assert_eq!(
            parse("see\u{2029}action 2.3").unwrap().blocks,
            vec![
                Block::Paragraph(vec![t("see")]),
                Block::Paragraph(vec![t("action 2.3")])
            ]
        );
        // Digits of other scripts are not an ID.
        assert_eq!(paragraph("see action ٢.٣"), vec![t("see action ٢.٣")]);
    }

    #[test]
    fn no_break_spaces_are_kept_and_a_run_holding_one_is_that_one() {
        for raw in ["£\u{a0}45", "10\u{202f}000", "1\u{2007}234"] {
            assert_eq!(paragraph(raw), vec![t(raw)]);
        }
        assert_eq!(paragraph("£ \u{a0}\t45"), vec![t("£\u{a0}45")]);
        assert_eq!(paragraph("10\u{202f}\u{a0}000"), vec![t("10\u{202f}000")]);
        // At a line's ends they hold nothing apart.
        assert_eq!(paragraph("\u{a0}x\u{202f}\n\u{2007}y"), vec![t("x y")]);
    }

    #[test]
    fn other_spaces_become_one_ordinary_space() {
        for sep in [
            "\t",
            "  ",
            "\u{2009}",
            "\u{3000}",
            "\u{2002}",
            "\u{2003}",
            "\u{205f}",
            "\u{1680}",
            " \t \u{2009}",
        ] {
            assert_eq!(paragraph(&format!("a{sep}b")), vec![t("a b")], "{sep:?}");
        }
    }

    #[test]
    fn invisible_characters_are_dropped() {
        assert_eq!(paragraph("ex\u{ad}ample"), vec![t("example")]);
        assert_eq!(paragraph("long\u{200b}word"), vec![t("longword")]);
        assert_eq!(
            paragraph("\u{feff}Start, mid\u{feff}dle"),
            vec![t("Start, middle")]
        );
        assert_eq!(paragraph("a\u{2060}b"), vec![t("ab")]);
        // Between two spaces, dropping leaves one.
        assert_eq!(paragraph("a \u{200b}\u{ad} b"), vec![t("a b")]);
        assert_eq!(parse("\u{200b}\u{feff}\u{ad}\n\u{2060}"), None);
    }

    #[test]
    fn joiners_are_kept_inside_words_and_emoji() {
        for raw in ["👩\u{200d}💻 team", "Auf\u{200c}lage", "क्\u{200d}ष"] {
            assert_eq!(paragraph(raw), vec![t(raw)]);
        }
        // At a line's ends they join nothing.
        assert_eq!(paragraph("\u{200d}x\u{200c}\n\u{200d}"), vec![t("x")]);
    }

    #[test]
    fn line_breaks_of_every_kind() {
        // One break is a soft wrap: the lines are one paragraph, joined with a space.
        for br in ["\n", "\r", "\r\n", "\u{2028}", "\u{b}", "\u{85}"] {
            assert_eq!(
                paragraph(&format!("one{br}two")),
                vec![t("one two")],
                "{br:?}"
            );
            let two = parse(&format!("one{br}{br}two")).unwrap();
            assert_eq!(
                two.blocks,
                vec![
                    Block::Paragraph(vec![t("one")]),
                    Block::Paragraph(vec![t("two")])
                ],
                "{br:?}"
            );
        }
        // A paragraph separator (or form feed) is a paragraph break by itself.
        for br in ["\u{2029}", "\u{c}", "\r\n\u{2029}\r\n"] {
            let two = parse(&format!("one{br}two")).unwrap();
            assert_eq!(two.blocks.len(), 2, "{br:?}");
        }
        // A line starting with a marker starts an item; the line after it continues it.
        let text = parse("We will:\r\n• train\r\nstaff\u{2028}- publish").unwrap();
        assert_eq!(
            text.blocks,
            vec![
                Block::Paragraph(vec![t("We will:")]),
                Block::List(vec![vec![t("train staff")], vec![t("publish")]]),
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
