//! The report templates, labels, house style and fonts: embedded defaults that a user folder
//! overrides file by file (as mdBook's `theme/` folder does), and that `templates` writes out.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

macro_rules! embedded {
    ($($name:literal),* $(,)?) => {
        &[$(($name, include_bytes!(concat!("../report-templates/", $name)) as &[u8])),*]
    };
}

/// Every default file, by its path inside the templates folder.
const DEFAULTS: &[(&str, &[u8])] = embedded![
    "edition.typ.hbs",
    "changes.typ.hbs",
    "partials/action.typ.hbs",
    "partials/blocks.typ.hbs",
    "partials/cell.typ.hbs",
    "partials/heading.typ.hbs",
    "partials/narrative.typ.hbs",
    "partials/runs.typ.hbs",
    "html/index.html.hbs",
    "html/category.html.hbs",
    "html/changes.html.hbs",
    "html/partials/head.html.hbs",
    "html/partials/lede.html.hbs",
    "html/partials/contents.html.hbs",
    "html/partials/top.html.hbs",
    "html/partials/about.html.hbs",
    "html/partials/redline.html.hbs",
    "html/partials/foot.html.hbs",
    "html/partials/action.html.hbs",
    "html/partials/unit.html.hbs",
    "html/partials/blocks.html.hbs",
    "html/partials/runs.html.hbs",
    "html/style.css",
    "html/print.js",
    "style.typ",
    "labels/cy.toml",
    "labels/en.toml",
    "fonts/NotoSans-Regular.ttf",
    "fonts/NotoSans-Bold.ttf",
    "fonts/NotoSans-Italic.ttf",
    "fonts/NotoSans-BoldItalic.ttf",
    "fonts/OFL.txt",
];

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Origin {
    Embedded,
    User(PathBuf),
}

#[derive(Clone, Debug)]
pub struct ThemeFile {
    pub bytes: Cow<'static, [u8]>,
    pub origin: Origin,
}

/// The effective set of template files.
#[derive(Clone, Debug)]
pub struct ReportTemplates {
    files: BTreeMap<String, ThemeFile>,
}

impl ReportTemplates {
    pub fn embedded() -> ReportTemplates {
        let files = DEFAULTS
            .iter()
            .map(|(name, bytes)| {
                (
                    name.to_string(),
                    ThemeFile {
                        bytes: Cow::Borrowed(*bytes),
                        origin: Origin::Embedded,
                    },
                )
            })
            .collect();
        ReportTemplates { files }
    }

    /// The defaults, with every file found in `dir` (if given) taking the place of the default of
    /// the same name; files the defaults do not have (extra partials, fonts) are added.
    pub fn load(dir: Option<&Path>) -> Result<ReportTemplates> {
        let mut templates = ReportTemplates::embedded();
        let Some(dir) = dir else { return Ok(templates) };
        for sub in ["", "partials", "labels", "fonts", "html", "html/partials"] {
            let folder = dir.join(sub);
            let Ok(entries) = std::fs::read_dir(&folder) else {
                continue;
            };
            for entry in entries {
                let path = entry
                    .map_err(|e| Error::unreadable("list", &folder, e))?
                    .path();
                let Some(file) = path.file_name().and_then(|n| n.to_str()) else {
                    continue;
                };
                if !path.is_file() || file.starts_with('.') {
                    continue;
                }
                let name = if sub.is_empty() {
                    file.to_string()
                } else {
                    format!("{sub}/{file}")
                };
                let bytes = crate::input_file::read(&path)
                    .map_err(|e| Error::unreadable("read", &path, e))?;
                templates.files.insert(
                    name,
                    ThemeFile {
                        bytes: Cow::Owned(bytes),
                        origin: Origin::User(path),
                    },
                );
            }
        }
        Ok(templates)
    }

    pub fn get(&self, name: &str) -> Option<&ThemeFile> {
        self.files.get(name)
    }

    /// A text file's contents, or an error naming it.
    pub fn text(&self, name: &str) -> Result<&str> {
        let file = self
            .get(name)
            .ok_or_else(|| Error::Render(format!("the template file {name} is missing")))?;
        std::str::from_utf8(&file.bytes)
            .map_err(|_| Error::Render(format!("{} is not UTF-8 text", self.describe(name))))
    }

    /// Where a file comes from, for messages: its user path, or `report-templates/NAME (built in)`.
    pub fn describe(&self, name: &str) -> String {
        match self.get(name).map(|f| &f.origin) {
            Some(Origin::User(path)) => path.display().to_string(),
            _ => format!("report-templates/{name} (built in)"),
        }
    }

    /// Files whose names start with `prefix` and end with `suffix`, in name order.
    pub fn files<'a>(
        &'a self,
        prefix: &'a str,
        suffix: &'a str,
    ) -> impl Iterator<Item = (&'a str, &'a ThemeFile)> + 'a {
        self.files
            .iter()
            .filter(move |(n, _)| n.starts_with(prefix) && n.ends_with(suffix))
            .map(|(n, f)| (n.as_str(), f))
    }

    /// Font files (`fonts/*.ttf`, `.otf`, `.ttc`).
    pub fn fonts(&self) -> impl Iterator<Item = (&str, &ThemeFile)> {
        self.files("fonts/", "").filter(|(n, _)| {
            [".ttf", ".otf", ".ttc"]
                .iter()
                .any(|e| n.to_ascii_lowercase().ends_with(e))
        })
    }

    /// Writes the built-in files into `dir` for editing; existing files are kept unless `force`.
    /// Returns the files written.
    pub fn write_defaults(dir: &Path, force: bool) -> Result<Vec<PathBuf>> {
        let mut written = Vec::new();
        for (name, bytes) in DEFAULTS {
            let path = dir.join(name);
            if path.exists() && !force {
                continue;
            }
            crate::output::write_atomic(&path, bytes)?;
            written.push(path);
        }
        Ok(written)
    }
}
