//! The Typst escaper, checked without compiling: escaped markup holds no character Typst could
//! read as syntax (every ASCII punctuation character is backslash-escaped, no line breaks or
//! control characters) and reading the escapes back gives the input with white space runs folded
//! to one space (no-break spaces kept) and invisible characters dropped; a string literal reads back as the input exactly.
#![no_main]

use annual_update::model::is_no_break_space;
use annual_update::render::escape;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let markup = escape::markup(text);
    assert_eq!(
        unescape_markup(&markup),
        expected_markup(text),
        "{text:?} → {markup:?}"
    );
    let literal = escape::string(text);
    assert_eq!(read_string(&literal), text, "{text:?} → {literal:?}");
});

/// Reads escaped markup back to the text it prints; panics at anything Typst would not print as is.
fn unescape_markup(markup: &str) -> String {
    let mut out = String::new();
    let mut chars = markup.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            let next = chars.next().expect("a backslash escapes something");
            assert!(
                next.is_ascii_punctuation(),
                "\\{next} is not a literal escape"
            );
            out.push(next);
        } else {
            assert!(!c.is_ascii_punctuation(), "unescaped {c:?} in {markup:?}");
            assert!(!c.is_control(), "control character {c:?} in {markup:?}");
            assert!(
                c == ' ' || !c.is_whitespace() || is_no_break_space(c),
                "{c:?} in {markup:?}"
            );
            out.push(c);
        }
    }
    assert!(!out.contains("  "), "a run of spaces in {markup:?}");
    out
}

/// What the markup should print: white space runs (but not no-break spaces) are one space, and
/// control and direction-override characters are gone.
fn expected_markup(text: &str) -> String {
    let kept: String = text
        .chars()
        .filter(|c| {
            (c.is_whitespace() && !is_no_break_space(*c))
                || !(c.is_control()
                    || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{feff}'))
        })
        .collect();
    let mut out = String::new();
    for c in kept.chars() {
        if c.is_whitespace() && !is_no_break_space(c) {
            if !out.ends_with(' ') {
                out.push(' ');
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// Reads a Typst string literal as Typst does.
fn read_string(literal: &str) -> String {
    let inner = literal
        .strip_prefix('"')
        .and_then(|s| s.strip_suffix('"'))
        .expect("quoted");
    let mut out = String::new();
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next().expect("a complete escape") {
                '\\' => out.push('\\'),
                '"' => out.push('"'),
                'n' => out.push('\n'),
                'r' => out.push('\r'),
                't' => out.push('\t'),
                'u' => {
                    assert_eq!(chars.next(), Some('{'));
                    let hex: String = chars.by_ref().take_while(|&c| c != '}').collect();
                    let code = u32::from_str_radix(&hex, 16).expect("hex");
                    out.push(char::from_u32(code).expect("a character"));
                }
                other => panic!("unknown escape \\{other} in {literal:?}"),
            },
            '"' => panic!("an unescaped quote ends the string early: {literal:?}"),
            c => {
                assert!(
                    !c.is_control(),
                    "raw control character {c:?} in {literal:?}"
                );
                out.push(c);
            }
        }
    }
    out
}
