//! The policy team's decisions for one year, in `inputs/resolutions/<year>.toml`: which of two
//! conflicting updates to use, which finished actions to reopen, and corrections to published text.

use serde::Deserialize;
use toml::Spanned;

use crate::error::{Error, Result};
use crate::model::{ActionId, Field, Lang, LineStarts, Source};

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
    /// Reads the file if it exists; a year without one has no resolutions.
    pub fn load(path: &std::path::Path, name: &str) -> Result<Resolutions> {
        let text = match crate::input_file::read_to_string(path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Resolutions::default()),
            Err(e) => return Err(Error::unreadable("read", path, e)),
        };
        let mut r: Resolutions = toml::from_str(&text)
            .map_err(|e| Error::Input(crate::inputs::toml_error::located(name, &text, &e)))?;
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
