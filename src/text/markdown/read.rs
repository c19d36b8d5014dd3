//! Reading the narrative's Markdown: a page's pieces with a located finding for everything that
//! is not printed ([`parse`]), and a translator's returned unit as one paragraph ([`paragraph`]).

use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use super::pieces::{Reader, Style, tidy};
use crate::findings::{Code, Finding};
use crate::model::{Inline, LineStarts, PieceKind, Source};
use crate::text;

/// One heading, paragraph or list item as read, with where it starts.
#[derive(Clone, Debug, PartialEq)]
pub struct Read {
    pub kind: PieceKind,
    pub runs: Vec<Inline>,
    pub at: Source,
}

/// A file read: its pieces in order, and a finding for everything it holds that is not printed.
#[derive(Debug, Default)]
pub struct Parsed {
    pub pieces: Vec<Read>,
    pub findings: Vec<Finding>,
}

/// The schemes a link may use: web pages and email.
const SCHEMES: [&str; 3] = ["https://", "http://", "mailto:"];

/// Reads one Markdown file's text; `file` is how findings name it.
pub fn parse(raw: &str, file: &str) -> Parsed {
    let settled = text::normalise(raw);
    let source = settled.as_ref();
    let lines = LineStarts::of(source);
    let at = |offset: usize| lines.source(source, file, offset);
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS;
    let mut out = Parsed::default();
    let mut reader = Reader::default();
    for (event, range) in Parser::new_ext(source, options).into_offset_iter() {
        if reader.skipping > 0 {
            match event {
                Event::Start(_) => reader.skipping += 1,
                Event::End(_) => reader.skipping -= 1,
                _ => {}
            }
            continue;
        }
        let mut unsupported = |what: &str, fix: &str| {
            out.findings.push(
                Finding::blocking(
                    Code::UnsupportedMarkdown,
                    format!("{what} is not part of the narrative's Markdown and is not printed"),
                )
                .at(&at(range.start))
                .fix(fix),
            )
        };
        match event {
            Event::Start(Tag::Heading { .. }) if reader.item_depth() > 0 => {
                // Read as a piece of its own, it would end the item and lose its words.
                unsupported(
                    "a heading inside a list item",
                    "end the list before the heading",
                );
                reader.skipping = 1;
                continue;
            }
            Event::Start(Tag::Heading { level, .. }) => {
                let level = match level {
                    HeadingLevel::H1 => 1,
                    HeadingLevel::H2 => 2,
                    HeadingLevel::H3 => 3,
                    _ => {
                        unsupported(
                            "a heading below the third level",
                            "use #, ## or ###; it is printed as a ### heading meanwhile",
                        );
                        3
                    }
                };
                reader.begin(PieceKind::Heading { level }, range.start);
            }
            Event::Start(Tag::Paragraph) if reader.item_depth() > 0 => {
                // A loose list's item: its paragraphs are the item's words.
                reader.space();
            }
            Event::Start(Tag::Paragraph) => reader.begin(PieceKind::Paragraph, range.start),
            Event::Start(Tag::List(start)) => {
                if reader.lists.len() == 1 {
                    unsupported(
                        "a list inside a list",
                        "make it one list, or a paragraph and a list",
                    );
                    reader.skipping = 1;
                    continue;
                }
                reader.list_count += 1;
                reader.lists.push(start.is_some());
            }
            Event::Start(Tag::Item) => {
                let list = reader.list_count;
                let kind = if reader.lists.last() == Some(&true) {
                    // The number as written, not as CommonMark would count it.
                    let digits: String = source[range.start..]
                        .trim_start()
                        .chars()
                        .take_while(char::is_ascii_digit)
                        .collect();
                    PieceKind::Numbered {
                        list,
                        number: digits.parse().unwrap_or(0),
                    }
                } else {
                    PieceKind::Bullet { list }
                };
                reader.begin(kind, range.start);
            }
            Event::Start(Tag::Emphasis) => reader.styles.push(Style::Emphasis),
            Event::Start(Tag::Strong) => reader.styles.push(Style::Strong),
            Event::Start(Tag::Link { dest_url, .. }) => {
                // Settled again: an entity such as `&#x200B;` is decoded only now.
                let url = text::normalise(&dest_url);
                if !SCHEMES.iter().any(|s| url.starts_with(s)) {
                    unsupported(
                        &format!("a link to {:?}", crate::findings::clip(&url, 80)),
                        "link to a web page (https://…) or an email address (mailto:…); its words are printed without the link meanwhile",
                    );
                    reader.link = Some((None, String::new()));
                } else if url.contains(char::is_whitespace) {
                    unsupported(
                        &format!(
                            "a space in a link address ({:?})",
                            crate::findings::clip(&url, 80)
                        ),
                        "remove the space, or write it as %20; its words are printed without the link meanwhile",
                    );
                    reader.link = Some((None, String::new()));
                } else {
                    reader.link = Some((Some(url.into_owned()), String::new()));
                }
            }
            Event::End(TagEnd::Link) => reader.end_link(),
            Event::End(TagEnd::Emphasis | TagEnd::Strong) => {
                reader.styles.pop();
            }
            Event::End(TagEnd::Heading(_)) => reader.finish(&mut out, &at),
            Event::End(TagEnd::Paragraph) if reader.item_depth() == 0 => {
                reader.finish(&mut out, &at)
            }
            Event::End(TagEnd::Item) => reader.finish(&mut out, &at),
            Event::End(TagEnd::List(_)) => {
                reader.lists.pop();
            }
            // Settled again: an entity such as `&#x200B;` or `&#1;` is decoded only now.
            Event::Text(t) => reader.push(&text::normalise(&t)),
            Event::SoftBreak | Event::HardBreak => reader.push(" "),
            Event::Start(tag) => {
                let (what, fix) = match tag {
                    Tag::Image { .. } => (
                        "an image",
                        "describe it in words; images are not printed in the documents",
                    ),
                    Tag::CodeBlock(_) => ("a code block", "write it as a paragraph"),
                    Tag::HtmlBlock => ("raw HTML", "write it in Markdown, or as plain words"),
                    Tag::BlockQuote(_) => (
                        "a quotation block (>)",
                        "write the quotation as a paragraph, in quotation marks",
                    ),
                    Tag::Table(_) => ("a table", "write it as a list or paragraphs"),
                    Tag::FootnoteDefinition(_) => ("a footnote", "put it in the text"),
                    Tag::Strikethrough => ("struck-through text", "remove it, or keep the words"),
                    _ => (
                        "this",
                        "use headings, paragraphs, lists, links, *emphasis* and **strong** only",
                    ),
                };
                unsupported(what, fix);
                reader.skipping = 1;
            }
            Event::Code(_) => unsupported("code (`…`)", "write the words without backticks"),
            Event::Html(_) | Event::InlineHtml(_) => {
                unsupported("raw HTML", "write it in Markdown, or as plain words")
            }
            Event::FootnoteReference(_) => unsupported("a footnote", "put it in the text"),
            Event::Rule => unsupported("a horizontal rule", "use a heading to start a new part"),
            Event::TaskListMarker(_) => {
                unsupported("a task list box", "write the item without [ ]")
            }
            _ => {}
        }
    }
    out
}

/// One piece's words as a translator returns them in an XLIFF unit, read as the narrative's
/// Markdown: its runs as one paragraph (`None` if blank), or what is wrong with it.
pub fn paragraph(raw: &str) -> Result<Option<crate::model::Text>, String> {
    let parsed = parse(raw, "");
    if let Some(f) = parsed.findings.first() {
        return Err(f.message.clone());
    }
    let mut runs: Vec<Inline> = Vec::new();
    for piece in parsed.pieces {
        if !runs.is_empty() {
            runs.push(Inline::Text(" ".into()));
        }
        runs.extend(piece.runs);
    }
    Ok((!runs.is_empty()).then(|| crate::model::Text {
        blocks: vec![crate::model::Block::Paragraph(tidy(runs))],
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::PieceKind as K;

    fn kinds(text: &str) -> Vec<(K, String)> {
        parse(text, "x.md")
            .pieces
            .into_iter()
            .map(|p| {
                let words = p.runs.iter().map(Inline::as_str).collect::<String>();
                (p.kind, words)
            })
            .collect()
    }

    #[test]
    fn headings_paragraphs_and_lists_keep_their_shape() {
        let md = "# What is digital resilience?\n\nWith so many aspects\nof our lives.\n\nSecond paragraph.\n\n- manage safely\n- identify risks\n\n1. bullying\n2. concern about strangers\n\n## Online safety\n";
        assert_eq!(
            kinds(md),
            [
                (
                    K::Heading { level: 1 },
                    "What is digital resilience?".into()
                ),
                (K::Paragraph, "With so many aspects of our lives.".into()),
                (K::Paragraph, "Second paragraph.".into()),
                (K::Bullet { list: 1 }, "manage safely".into()),
                (K::Bullet { list: 1 }, "identify risks".into()),
                (K::Numbered { list: 2, number: 1 }, "bullying".into()),
                (
                    K::Numbered { list: 2, number: 2 },
                    "concern about strangers".into()
                ),
                (K::Heading { level: 2 }, "Online safety".into()),
            ]
        );
    }

    #[test]
    fn numbers_are_kept_as_written() {
        let got: Vec<K> = kinds("3. third\n7. seventh\n")
            .into_iter()
            .map(|k| k.0)
            .collect();
        assert_eq!(
            got,
            [
                K::Numbered { list: 1, number: 3 },
                K::Numbered { list: 1, number: 7 }
            ]
        );
    }

    #[test]
    fn links_emphasis_and_references_are_runs() {
        let p = parse(
            "Visit [Hwb](https://hwb.gov.wales) or https://gov.wales, **now**, *please*; see action 3.3.\n",
            "x.md",
        );
        assert_eq!(
            p.pieces[0].runs,
            [
                Inline::Text("Visit ".into()),
                Inline::NamedLink {
                    text: "Hwb".into(),
                    url: "https://hwb.gov.wales".into()
                },
                Inline::Text(" or ".into()),
                Inline::Link("https://gov.wales".into()),
                Inline::Text(", ".into()),
                Inline::Strong("now".into()),
                Inline::Text(", ".into()),
                Inline::Emphasis("please".into()),
                Inline::Text("; see action ".into()),
                Inline::Action(crate::model::ActionId::parse("3.3").unwrap()),
                Inline::Text(".".into()),
            ]
        );
        assert!(p.findings.is_empty());
    }

    #[test]
    fn anything_else_is_a_located_finding_and_not_printed() {
        let md = "Fine.\n\n<script>alert(1)</script>\n\n![logo](x.png)\n\n```\ncode\n```\n\n> quoted\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\nText with `code` and <b>bold</b>.\n\n- a\n  - nested\n\n[x](javascript:alert(1))\n";
        let p = parse(md, "narrative/01-overview.en.md");
        let places: Vec<String> = p
            .findings
            .iter()
            .map(|f| f.source.as_ref().unwrap().to_string())
            .collect();
        assert_eq!(
            places,
            [
                "narrative/01-overview.en.md:3:1",
                "narrative/01-overview.en.md:5:1",
                "narrative/01-overview.en.md:7:1",
                "narrative/01-overview.en.md:11:1",
                "narrative/01-overview.en.md:13:1",
                "narrative/01-overview.en.md:17:11",
                "narrative/01-overview.en.md:17:22",
                "narrative/01-overview.en.md:17:29",
                "narrative/01-overview.en.md:20:3",
                "narrative/01-overview.en.md:22:1",
            ]
        );
        assert!(
            p.findings
                .iter()
                .all(|f| f.code == Code::UnsupportedMarkdown)
        );
        let words: Vec<String> = p
            .pieces
            .iter()
            .map(|p| p.runs.iter().map(Inline::as_str).collect())
            .collect();
        assert_eq!(words, ["Fine.", "Text with and bold.", "a", "x"]);
    }

    /// A heading inside a list item would end the item: it is a finding, and the item keeps
    /// its words.
    #[test]
    fn a_heading_inside_a_list_item_is_a_finding() {
        let p = parse(
            "- first
  # inside
- second
",
            "x.md",
        );
        let places: Vec<String> = p
            .findings
            .iter()
            .map(|f| f.source.as_ref().unwrap().to_string())
            .collect();
        assert_eq!(places, ["x.md:2:3"]);
        let words: Vec<String> = p
            .pieces
            .iter()
            .map(|p| p.runs.iter().map(Inline::as_str).collect())
            .collect();
        assert_eq!(words, ["first", "second"]);
    }

    /// Found by the property test: a link that is not printed kept the space before its `]`,
    /// and the words after it brought another.
    #[test]
    fn words_of_a_link_not_printed_fold_with_the_words_around_them() {
        let p = parse("[[\n](|) ]", "x.md");
        assert_eq!(p.pieces[0].runs, [Inline::Text("[ ]".into())]);
        let p = parse("a [b ](x) c", "x.md");
        assert_eq!(p.pieces[0].runs, [Inline::Text("a b c".into())]);
        // A space written as an entity inside strong or emphasis meets the one beside it.
        let p = parse("a **b&#32;** *&#32;c* &#32;**&#32;d**", "x.md");
        let words: String = p.pieces[0].runs.iter().map(Inline::as_str).collect();
        assert_eq!(words, "a b c d");
    }

    /// Found by the property test: an entity is decoded after the file's characters are
    /// settled, so what it stands for is settled again.
    #[test]
    fn characters_written_as_entities_are_settled_too() {
        for (md, words) in [
            ("&#1;a&#x200B;b&#xAD;", "ab"),
            ("a&#9;&#x3000; b", "a b"),
            ("[x](https://a&#x200B;b)", "x"),
        ] {
            let p = parse(md, "x.md");
            let got: String = p.pieces[0].runs.iter().map(Inline::as_str).collect();
            assert_eq!(got, words, "{md}");
        }
        assert_eq!(
            parse("[x](https://a&#x200B;b)", "x.md").pieces[0].runs,
            [Inline::NamedLink {
                text: "x".into(),
                url: "https://ab".into()
            }]
        );
        let p = parse("[x](<https://a b>) and [y](https://a&#9;b)", "x.md");
        assert_eq!(p.pieces[0].runs, [Inline::Text("x and y".into())]);
        assert_eq!(p.findings.len(), 2);
        assert!(
            p.findings[0]
                .message
                .starts_with("a space in a link address")
        );
    }

    #[test]
    fn pasted_characters_are_settled_as_in_a_cell() {
        let p = parse("£\u{a0}45\u{200b} and\r\nmore\u{ad}.\r\n", "x.md");
        assert_eq!(
            p.pieces[0].runs,
            [Inline::Text("£\u{a0}45 and more.".into())]
        );
    }
}
