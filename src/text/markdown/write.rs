//! Writing the narrative's Markdown for a translator: the reverse of [`super::paragraph`].

use crate::model::Inline;

/// One run as the narrative's Markdown writes it, for a translator (`first`: it starts the piece):
/// the reverse of [`super::paragraph`]. Plain words have every character Markdown would read escaped;
/// an action reference is its ID (an XLIFF file wraps it in a placeholder instead).
pub fn run(run: &Inline, first: bool) -> String {
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

#[cfg(test)]
mod tests {
    use super::super::{paragraph, parse};
    use super::*;

    #[test]
    fn runs_written_as_markdown_read_back_the_same() {
        let md = "Visit [Hwb \\*now\\*](https://hwb.gov.wales) or https://gov.wales, **now**, *please*; see action 3.3 & <b> \\# 1\\. x_y [z].\n";
        let runs = parse(md, "x.md").pieces.remove(0).runs;
        let written: String = runs
            .iter()
            .enumerate()
            .map(|(i, r)| run(r, i == 0))
            .collect();
        let back = paragraph(&written).unwrap().unwrap();
        assert_eq!(
            back.blocks,
            [crate::model::Block::Paragraph(runs)],
            "{written}"
        );
        for start in ["1. first", "- dash", "# hash", "2) two"] {
            let runs = vec![Inline::Text(start.into())];
            let back = paragraph(&run(&runs[0], true)).unwrap().unwrap();
            assert_eq!(back.blocks, [crate::model::Block::Paragraph(runs)]);
        }
    }
}
