//! The policy team's decisions for one year, in `inputs/resolutions/<year>.toml`: which of two
//! conflicting updates to use, which finished actions to reopen, and corrections to published text.

use serde::Deserialize;
use toml::Spanned;
use toml_writer::{ToTomlKey, ToTomlValue, TomlKeyBuilder, TomlStringBuilder};

use crate::error::{Error, Result};
use crate::findings::Paste;
use crate::model::{ActionId, Field, Lang, LineStarts, Source, Text};

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Resolutions {
    /// Where the file is (for messages), relative to the inputs folder.
    #[serde(skip)]
    pub file: String,
    /// The file's text and where its lines start, to place entries.
    #[serde(skip)]
    text: String,
    #[serde(skip)]
    lines: LineStarts,
    #[serde(default)]
    pub choose: Vec<Spanned<Choose>>,
    #[serde(default)]
    pub reopen: Vec<Spanned<Reopen>>,
    #[serde(default)]
    pub correction: Vec<Spanned<CorrectionEntry>>,
}

/// Use the update for `action` from `file` where submissions conflict.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Choose {
    pub action: ActionId,
    /// The submission file whose update is used, as findings name it (`submissions/2026/x.xlsx`).
    pub file: String,
    pub reason: String,
}

/// Accept an update to an action delivered or closed in an earlier year, whatever its status.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Reopen {
    pub action: ActionId,
    pub reason: String,
}

/// Replace published text, with the reason; kept with the old text for the change summary.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CorrectionEntry {
    pub action: ActionId,
    pub field: Field,
    /// The year of the update corrected (for `field = "update"`).
    pub year: Option<u16>,
    pub lang: Lang,
    /// The corrected text, in the text conventions.
    pub text: String,
    pub reason: String,
}

impl Resolutions {
    /// The file's `text`; `name` is how messages name the file.
    pub fn parse(name: &str, text: String) -> Result<Resolutions> {
        let mut r: Resolutions = crate::toml_error::parse(name, &text).map_err(Error::Input)?;
        r.file = name.to_string();
        r.lines = LineStarts::of(&text);
        r.text = text;
        Ok(r)
    }

    /// The place of an entry in the file, as line and column.
    pub fn source<T>(&self, entry: &Spanned<T>) -> Source {
        self.lines
            .source(&self.text, &self.file, entry.span().start)
    }
}

/// What a person writes in place of the reason in lines to paste.
pub const REASON: &str = "…";

/// A value of an entry to paste.
enum Value<'a> {
    Str(&'a str),
    Year(u16),
}

/// One `[[table]]` entry as TOML lines, each value written by the `toml` crate's writer as a
/// one-line string (quotes, backslashes and line breaks escaped) or an integer, so that the lines
/// parse as written, whatever they hold and however they are indented when pasted.
fn entry(table: &str, values: &[(&str, Value)]) -> String {
    let key = |k: &str| TomlKeyBuilder::new(k).as_default().to_toml_key();
    let mut out = format!("[[{}]]\n", key(table));
    for (k, v) in values {
        let value = match v {
            Value::Str(s) => TomlStringBuilder::new(s).as_basic().to_toml_value(),
            Value::Year(y) => y.to_toml_value(),
        };
        out.push_str(&format!("{} = {value}\n", key(k)));
    }
    out
}

impl Resolutions {
    /// Where this year's resolutions are, for messages: the file read, else where it would be.
    pub fn file_for(&self, year: u16) -> String {
        if self.file.is_empty() {
            format!("resolutions/{year}.toml")
        } else {
            self.file.clone()
        }
    }

    /// Lines to paste into the year's file.
    fn paste(&self, year: u16, toml: String) -> Paste {
        Paste {
            file: self.file_for(year),
            toml,
        }
    }

    /// `[[choose]]` the update of `action` from `file`, as lines to paste into the year's file.
    pub fn paste_choose(&self, year: u16, action: &ActionId, file: &str) -> Paste {
        let values = [
            ("action", Value::Str(action.as_str())),
            ("file", Value::Str(file)),
            ("reason", Value::Str(REASON)),
        ];
        self.paste(year, entry("choose", &values))
    }

    /// `[[reopen]]` `action`, as lines to paste into the year's file.
    pub fn paste_reopen(&self, year: u16, action: &ActionId) -> Paste {
        let values = [
            ("action", Value::Str(action.as_str())),
            ("reason", Value::Str(REASON)),
        ];
        self.paste(year, entry("reopen", &values))
    }

    /// A `[[correction]]` for each published text of `action` to set to `text`, as lines to
    /// paste into the year's file: `(field, the year of the update, language, text)`.
    pub fn paste_corrections(
        &self,
        year: u16,
        action: &ActionId,
        corrections: &[(Field, Option<u16>, Lang, &Text)],
    ) -> Paste {
        let entries: Vec<String> = corrections
            .iter()
            .map(|(field, update_year, lang, text)| {
                let plain = text.plain();
                let mut values = vec![
                    ("action", Value::Str(action.as_str())),
                    ("field", Value::Str(field.key())),
                ];
                if let Some(y) = update_year {
                    values.push(("year", Value::Year(*y)));
                }
                values.extend([
                    ("lang", Value::Str(lang.code())),
                    ("text", Value::Str(&plain)),
                    ("reason", Value::Str(REASON)),
                ]);
                entry("correction", &values)
            })
            .collect();
        self.paste(year, entries.join("\n"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The lines read back, indented as a terminal prints them.
    fn read(paste: &Paste) -> Resolutions {
        let indented: String = paste.toml.lines().map(|l| format!("    {l}\n")).collect();
        toml::from_str(&indented).unwrap_or_else(|e| panic!("{e}\n{indented}"))
    }

    #[test]
    fn lines_to_paste_read_back_as_written() {
        let r = Resolutions::default();
        let id = ActionId::parse("2.10").unwrap();
        let file = "submissions/2027/a \"b\" \\ c\nd.xml";
        let choose = read(&r.paste_choose(2027, &id, file));
        let c = choose.choose[0].get_ref();
        assert_eq!(
            (c.action.as_str(), c.file.as_str(), c.reason.as_str()),
            ("2.10", file, REASON)
        );
        let reopen = read(&r.paste_reopen(2027, &id));
        assert_eq!(reopen.reopen[0].get_ref().action, id);
        let text = crate::text::parse("One \"two\" \\ three.\n\n• four\n• five").unwrap();
        let paste = r.paste_corrections(
            2027,
            &id,
            &[
                (Field::Commitment, None, Lang::En, &text),
                (Field::Update, Some(2025), Lang::Cy, &text),
            ],
        );
        assert_eq!(paste.file, "resolutions/2027.toml");
        let corrections = read(&paste).correction;
        let c = corrections[1].get_ref();
        assert_eq!(
            (c.field, c.year, c.lang),
            (Field::Update, Some(2025), Lang::Cy)
        );
        assert_eq!(crate::text::parse(&c.text).as_ref(), Some(&text));
        assert_eq!(corrections[0].get_ref().year, None);
    }
}
