//! Text written into the Markdown outputs (`changes.md`, `findings.md`, `parity.md`,
//! `feedback/<team>.md`, `republished.md`) as literal text: partner and plan text, file names and
//! messages render on GitHub and in Markdown-reading mail clients as the very characters they
//! are, never as an HTML element, image, link, autolink, emphasis, heading, list, quotation, table
//! cell break, code span, math or mention.
//!
//! A character CommonMark or GitHub Flavored Markdown reads as markup where it stands is written
//! with a backslash, and only then, so that the text stays readable where the Markdown is read as
//! it is: `` ` ``, `*`, `<`, `|`, `~` and `$` always; `\` before punctuation or at the end; `[`
//! at a line's start or before `^`, `]` before `(` (no reference definition can be written, so a
//! `[…]` alone is no link); `>`, `#` and a list's or heading's `-`, `+`, `=` and `1.` where they
//! start a line, and a heading's closing `#`s; `_` unless it is inside a word; `&` where it would
//! start a character reference; `:` before `//` and `.` after `www` (GitHub's bare links). Spaces and tabs at either end of a line are written as character references (`&#32;`),
//! so that they neither vanish, nor indent code, nor break the line. A line break inside one
//! piece of text ([`inline`]) becomes a space; [`lines`] keeps them.
//!
//! GitHub links some words where a backslash does not count: `@name` notifies a person or team
//! and `me@example.org` becomes a mail link (GitHub's parser, cmark-gfm, joins escaped characters
//! to their words before it looks for addresses), `#12` and `GH-12` link an issue, `:name:` is an
//! emoji. After the `@`, the `#`, the `GH-` and the first `:` of these a word joiner (U+2060, which
//! is invisible and has no width) is written: the text reads the same, nobody is notified and
//! nothing is linked.
//!
//! A well-kept crate was looked for: `pulldown-cmark-to-cmark` escapes text as part of turning
//! pulldown-cmark events back into Markdown, for CommonMark round trips; it knows nothing of
//! GitHub's bare links, mentions or math, and writes line breaks as `&#10;`. So this is written
//! here, and `tests/suite/markdown_escape.rs` checks it against pulldown-cmark with GitHub's extensions.

/// The invisible character written after a GitHub mention's `@` (and the like): U+2060 WORD JOINER.
pub const WORD_JOINER: char = '\u{2060}';

/// One piece of text for a line of Markdown: a table cell, a heading, a list item or a sentence.
/// Line breaks in it become spaces.
pub fn inline(text: &str) -> String {
    let one_line: String = line_breaks(text).collect::<Vec<_>>().join(" ");
    line(&one_line)
}

/// A text of several lines, each escaped as [`inline`] would; lines holding nothing but spaces
/// and tabs are empty (a paragraph break, as they are in Markdown). The caller writes each after
/// its own prefix (`> ` in a quotation).
pub fn lines(text: &str) -> Vec<String> {
    line_breaks(text)
        .map(|l| {
            if l.chars().all(|c| c == ' ' || c == '\t') {
                String::new()
            } else {
                line(l)
            }
        })
        .collect()
}

/// Text as a block quote, each of its lines a line of the quote: a line followed by another of
/// the same paragraph ends in a hard break, so that bullets ("• one" under "We did:") and
/// lines a partner broke stay on their own lines rather than run into one paragraph.
pub fn quote(text: &str) -> String {
    let lines = lines(text);
    let mut out = String::new();
    for (i, line) in lines.iter().enumerate() {
        if line.is_empty() {
            out.push_str(">\n");
            continue;
        }
        let more = lines.get(i + 1).is_some_and(|next| !next.is_empty());
        out.push_str(&format!("> {line}{}\n", if more { "\\" } else { "" }));
    }
    out
}

/// One piece of text as an inline code span (`` `submissions/2026/x.xml:3:5` ``), which shows
/// every character as it is: its fence is longer than any run of backticks in it, and it is
/// padded with a space where CommonMark would take one off or a backtick would join the fence.
/// Line breaks become spaces. Not for a table cell, where a `|` would still end the cell.
pub fn code(text: &str) -> String {
    let text: String = line_breaks(text)
        .collect::<Vec<_>>()
        .join(" ")
        .replace('\0', "\u{fffd}");
    if text.is_empty() {
        return String::new();
    }
    let longest = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest + 1);
    let all_spaces = text.chars().all(|c| c == ' ');
    let pad = !all_spaces && (text.starts_with(['`', ' ']) || text.ends_with(['`', ' ']));
    let pad = if pad { " " } else { "" };
    format!("{fence}{pad}{text}{pad}{fence}")
}

/// `text` as a fenced code block of `language` (`toml`), each line after `indent` (the indent of
/// the list item it belongs to): its lines as they are, for a person to copy. The fence is longer
/// than any run of backticks in the text, so nothing in it can end the block.
pub fn code_block(language: &str, text: &str, indent: &str) -> String {
    let longest = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest.max(2) + 1);
    let mut out = format!("{indent}{fence}{language}\n");
    for line in line_breaks(text.strip_suffix('\n').unwrap_or(text)) {
        out.push_str(&format!("{indent}{line}\n"));
    }
    out.push_str(&format!("{indent}{fence}\n"));
    out
}

/// The lines of `text`, split where CommonMark ends a line: LF, CR or CR LF.
fn line_breaks(text: &str) -> impl Iterator<Item = &str> {
    let mut rest = Some(text);
    std::iter::from_fn(move || {
        let s = rest?;
        match s.find(['\n', '\r']) {
            Some(i) => {
                let next = if s[i..].starts_with("\r\n") {
                    i + 2
                } else {
                    i + 1
                };
                rest = Some(&s[next..]);
                Some(&s[..i])
            }
            None => {
                rest = None;
                Some(s)
            }
        }
    })
}

/// One line with no line break in it.
fn line(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let blank = |c: char| c == ' ' || c == '\t';
    let start = chars.iter().position(|&c| !blank(c)).unwrap_or(chars.len());
    let end = chars
        .iter()
        .rposition(|&c| !blank(c))
        .map_or(start, |i| i + 1);
    let ends_marker = |i: usize| chars.get(i).is_none_or(|&c| blank(c));
    // The delimiter of an ordered list's number at the line's start: `1.` or `1)`.
    let digits = chars[start..end]
        .iter()
        .take_while(|c| c.is_ascii_digit())
        .count();
    let list_number_end = (digits > 0 && ends_marker(start + digits + 1)).then_some(start + digits);
    // A line of one character (spaces aside): a setext underline or a thematic break.
    let only = |c: char| chars[start..end].iter().all(|&d| d == c || blank(d));
    let word = |i: usize| {
        chars
            .get(i)
            .is_some_and(|c| c.is_ascii_alphanumeric() || *c == '_')
    };
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    for (i, &c) in chars.iter().enumerate() {
        if i < start || i >= end {
            out.push_str(if c == ' ' { "&#32;" } else { "&#9;" });
            continue;
        }
        let next = chars.get(i + 1).copied();
        let prev = i.checked_sub(1).map(|p| chars[p]);
        let escape = match c {
            '`' | '*' | '<' | '|' | '~' | '$' => true,
            // Before punctuation, or before the end (where the text after it is not its own).
            '\\' => i + 1 == end || next.is_some_and(|n| n.is_ascii_punctuation()),
            '[' => i == start || next == Some('^'),
            ']' => next == Some('('),
            '>' => i == start,
            '-' | '+' | '=' => i == start && (ends_marker(i + 1) || only(c)),
            '#' => i == start || heading_closer(&chars[..end], i),
            '.' | ')' => list_number_end == Some(i) || (c == '.' && after_www(&chars, i)),
            '_' => {
                !(prev.is_some_and(char::is_alphanumeric)
                    && next.is_some_and(char::is_alphanumeric))
            }
            '&' => entity(&chars[i + 1..]),
            ':' => chars[i + 1..].starts_with(&['/', '/']),
            _ => false,
        };
        if escape {
            out.push('\\');
        }
        out.push(if c == '\0' { '\u{fffd}' } else { c });
        let joiner = match c {
            '@' => next.is_some_and(|n| !n.is_whitespace()),
            '#' => next.is_some_and(|n| n.is_ascii_digit()),
            '-' => {
                next.is_some_and(|n| n.is_ascii_digit())
                    && i >= 2
                    && chars[i - 2..i]
                        .iter()
                        .map(char::to_ascii_lowercase)
                        .eq(['g', 'h'])
                    && !(i > 2 && word(i - 3))
            }
            ':' => emoji_shortcode(&chars[i + 1..]),
            _ => false,
        };
        if joiner {
            out.push(WORD_JOINER);
        }
    }
    out
}

/// Whether the `#` at `i` starts the run of `#` that would close a heading this line ends: after
/// a space, with nothing but `#` after it.
fn heading_closer(chars: &[char], i: usize) -> bool {
    i > 0 && (chars[i - 1] == ' ' || chars[i - 1] == '\t') && chars[i..].iter().all(|&c| c == '#')
}

/// Whether `rest`, after a `&`, would make it a character reference: `amp;`, `#60;`, `#x3C;`.
fn entity(rest: &[char]) -> bool {
    let (digits, rest): (fn(&char) -> bool, &[char]) = match rest {
        ['#', 'x' | 'X', rest @ ..] => (char::is_ascii_hexdigit, rest),
        ['#', rest @ ..] => (char::is_ascii_digit, rest),
        [c, ..] if c.is_ascii_alphabetic() => (char::is_ascii_alphanumeric, rest),
        _ => return false,
    };
    let n = rest.iter().take_while(|c| digits(c)).count();
    n > 0 && rest.get(n) == Some(&';')
}

/// Whether the `.` at `i` ends a `www` that GitHub would make a link of (`www.example.org`).
fn after_www(chars: &[char], i: usize) -> bool {
    i >= 3 && chars[i - 3..i].iter().all(|c| c.eq_ignore_ascii_case(&'w'))
}

/// Whether `rest`, after a `:`, is the name of a GitHub emoji and its closing `:` (`smile:`),
/// by GitHub's own list (gemoji): so `file.xml:12:3` and `urn:annual-update:submission:1` stay
/// as they are written, with nothing invisible in them to copy.
fn emoji_shortcode(rest: &[char]) -> bool {
    let n = rest
        .iter()
        .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '+' | '-'))
        .count();
    let name: String = rest[..n].iter().collect();
    rest.get(n) == Some(&':') && emojis::get_by_shortcode(&name).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A value the reader is told to write is copied from the rendered page as it is: nothing
    /// invisible in it unless GitHub would make an emoji of it.
    #[test]
    fn only_real_emoji_shortcodes_are_broken() {
        let fix = "write xmlns=\"urn:annual-update:submission:1\"";
        assert!(!inline(fix).contains(WORD_JOINER), "{}", inline(fix));
        assert!(!inline("file.xml:12:3").contains(WORD_JOINER));
        assert_eq!(inline("a :smile: b"), format!("a :{WORD_JOINER}smile: b"));
    }

    #[test]
    fn markup_is_escaped() {
        assert_eq!(
            inline("<img src=x onerror=alert(1)> ![](https://x/p) *em* `c` | a"),
            "\\<img src=x onerror=alert(1)> ![\\](https\\://x/p) \\*em\\* \\`c\\` \\| a"
        );
        assert_eq!(inline("# Heading"), "\\# Heading");
        assert_eq!(inline("- item"), "\\- item");
        assert_eq!(inline("2026. The year"), "2026\\. The year");
        assert_eq!(
            inline("1.1 and -5 and [x] and a [-b-] c"),
            "1.1 and -5 and [x] and a [-b-] c"
        );
        assert_eq!(inline("---"), "\\---");
        assert_eq!(inline("[x]: y"), "\\[x]: y");
        assert_eq!(inline("a #"), "a \\#");
        assert_eq!(inline("C:\\Users\\"), "C:\\Users\\\\");
        assert_eq!(
            inline("Spent £1.2 million in 2026–27."),
            "Spent £1.2 million in 2026–27."
        );
        assert_eq!(inline("snake_case and _em_"), "snake_case and \\_em\\_");
        assert_eq!(
            inline("R&D &amp; &#60; Tom & Jerry"),
            format!("R&D \\&amp; \\&#{}60; Tom & Jerry", WORD_JOINER)
        );
        assert_eq!(inline("a\nb\r\nc"), "a b c");
        assert_eq!(inline("  x "), "&#32;&#32;x&#32;");
    }

    #[test]
    fn github_links_and_mentions_are_broken() {
        let j = WORD_JOINER;
        assert_eq!(inline("@everyone"), format!("@{j}everyone"));
        assert_eq!(inline("me@example.org"), format!("me@{j}example.org"));
        assert_eq!(inline("see #12, GH-3"), format!("see #{j}12, GH-{j}3"));
        assert_eq!(
            inline(":tada: at 10:30:00"),
            format!(":{j}tada: at 10:30:00")
        );
        assert_eq!(inline("www.gov.wales"), "www\\.gov.wales");
    }

    #[test]
    fn a_quotes_lines_stay_lines() {
        use pulldown_cmark::{Event, Parser};
        let md = quote("We did:\n• one\n• two \\\n\nDone.");
        let events: Vec<Event> = Parser::new(&md).collect();
        let breaks = events
            .iter()
            .filter(|e| matches!(e, Event::HardBreak))
            .count();
        assert_eq!(breaks, 2, "{md}");
        assert!(
            !events.iter().any(|e| matches!(e, Event::SoftBreak)),
            "{md}"
        );
        let text: String = events
            .iter()
            .filter_map(|e| match e {
                Event::Text(t) => Some(t.to_string()),
                Event::HardBreak => Some("\n".into()),
                _ => None,
            })
            .collect();
        assert_eq!(text, "We did:\n• one\n• two \\Done.");
    }

    #[test]
    fn lines_keep_their_breaks() {
        assert_eq!(
            lines("One.\n\n• two\n  \n> three"),
            ["One.", "", "• two", "", "\\> three"]
        );
    }
}
