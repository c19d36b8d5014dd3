//! The narrative's small, safe Markdown, read with pulldown-cmark (CommonMark): headings to three
//! levels, paragraphs, bullet and numbered lists (numbers as written), links, emphasis and strong.
//! Anything else (raw HTML, images, code, tables, quotes, footnotes, a list inside a list) is a
//! located finding and is never printed. The words go through the same conventions as a cell's
//! text (pasted characters, spaces, URLs and "see action 3.3").

use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use crate::findings::{Code, Finding};
use crate::ingest::text;
use crate::model::{Inline, LineStarts, PieceKind, Source};

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

/// One run as the narrative's Markdown writes it, for a translator (`first`: it starts the piece):
/// the reverse of [`paragraph`]. Plain words have every character Markdown would read escaped;
/// an action reference is its ID (an XLIFF file wraps it in a placeholder instead).
pub fn run_markdown(run: &Inline, first: bool) -> String {
    let words = |s: &str, first: bool| {
        let mut out = String::with_capacity(s.len());
        for (i, c) in s.chars().enumerate() {
            let list_marker = first && i == 0 && matches!(c, '-' | '+');
            if matches!(
                c,
                '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '!' | '&' | '|' | '~'
            ) || list_marker
            {
                out.push('\\');
            }
            out.push(c);
        }
        // "1. " at the start would be a numbered list.
        if first
            && let Some(dot) = out.find(['.', ')'])
            && dot > 0
            && out[..dot].chars().all(|c| c.is_ascii_digit())
        {
            out.insert(dot, '\\');
        }
        out
    };
    match run {
        Inline::Text(t) => words(t, first),
        Inline::Link(url) => format!("<{url}>"),
        Inline::NamedLink { text, url } => format!("[{}](<{url}>)", words(text, false)),
        Inline::Strong(t) => format!("**{}**", words(t, false)),
        Inline::Emphasis(t) => format!("*{}*", words(t, false)),
        Inline::Action(id) => id.to_string(),
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Style {
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
struct Reader {
    current: Option<(PieceKind, usize, Vec<Run>)>,
    styles: Vec<Style>,
    /// The link being read: its address (`None` if it is not printed as a link) and its words.
    link: Option<(Option<String>, String)>,
    /// Open lists, each whether it is numbered.
    lists: Vec<bool>,
    /// Lists met so far in the file.
    list_count: u32,
    /// Inside something not printed: how many of its elements are open.
    skipping: usize,
}

impl Reader {
    fn item_depth(&self) -> usize {
        self.lists.len()
    }

    fn begin(&mut self, kind: PieceKind, offset: usize) {
        self.current = Some((kind, offset, Vec::new()));
    }

    fn push(&mut self, s: &str) {
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

    fn space(&mut self) {
        if let Some((_, _, runs)) = &self.current
            && !runs.is_empty()
        {
            self.push(" ");
        }
    }

    fn end_link(&mut self) {
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

    fn finish(&mut self, out: &mut Parsed, at: &impl Fn(usize) -> Source) {
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
fn tidy(inlines: Vec<Inline>) -> Vec<Inline> {
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

    #[test]
    fn runs_written_as_markdown_read_back_the_same() {
        let md = "Visit [Hwb \\*now\\*](https://hwb.gov.wales) or https://gov.wales, **now**, *please*; see action 3.3 & <b> \\# 1\\. x_y [z].\n";
        let runs = parse(md, "x.md").pieces.remove(0).runs;
        let written: String = runs
            .iter()
            .enumerate()
            .map(|(i, r)| run_markdown(r, i == 0))
            .collect();
        let back = paragraph(&written).unwrap().unwrap();
        assert_eq!(
            back.blocks,
            [crate::model::Block::Paragraph(runs)],
            "{written}"
        );
        for start in ["1. first", "- dash", "# hash", "2) two"] {
            let runs = vec![Inline::Text(start.into())];
            let back = paragraph(&run_markdown(&runs[0], true)).unwrap().unwrap();
            assert_eq!(back.blocks, [crate::model::Block::Paragraph(runs)]);
        }
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
