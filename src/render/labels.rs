//! Fixed wording per language, read from `labels/<lang>.toml` so translators can correct it.

use serde_json::Value;

use crate::error::{Error, Result};
use crate::model::{Lang, PerLang, Status};

#[derive(Clone, Debug)]
pub struct Labels {
    pub lang: Lang,
    /// Every label, handed to templates as `labels`.
    pub all: Value,
}

/// Keys the Rust side reads itself; templates may use any others a label file adds.
const REQUIRED: [&str; 13] = [
    "file-name",
    "annual-update",
    "contents",
    "action",
    "update",
    "commitment",
    "background",
    "action-status",
    "no-update",
    "new-action",
    "draft",
    "published",
    "text-missing",
];

impl Labels {
    /// Parses a label file; `name` is used in messages.
    pub fn parse(lang: Lang, name: &str, toml_text: &str) -> Result<Labels> {
        let table: toml::Table = toml::from_str(toml_text)
            .map_err(|e| Error::Input(crate::toml_error::located(name, toml_text, &e)))?;
        let all = serde_json::to_value(table).map_err(|e| Error::Input(format!("{name}: {e}")))?;
        let labels = Labels { lang, all };
        let mut missing: Vec<String> = REQUIRED
            .iter()
            .filter(|k| labels.all.get(**k).and_then(Value::as_str).is_none())
            .map(|k| k.to_string())
            .collect();
        for s in Status::ALL {
            if labels
                .all
                .pointer(&format!("/status/{}", s.key()))
                .and_then(Value::as_str)
                .is_none()
            {
                missing.push(format!("status.{}", s.key()));
            }
        }
        if labels
            .all
            .get("months")
            .and_then(Value::as_array)
            .is_none_or(|m| m.len() != 12)
        {
            missing.push("months (a list of twelve names)".into());
        }
        if !missing.is_empty() {
            return Err(Error::Input(format!(
                "{name}: missing or invalid labels: {}",
                missing.join(", ")
            )));
        }
        // File names become paths in the output folder: only plain names.
        let names: FileNames = toml::from_str(toml_text)
            .map_err(|e| Error::Input(crate::toml_error::located(name, toml_text, &e)))?;
        let lines = crate::model::LineStarts::of(toml_text);
        let bad: Vec<String> = [names.file_name, names.changes.and_then(|c| c.file_name)]
            .into_iter()
            .flatten()
            .filter(|value| !crate::output::plain_name(value.get_ref()))
            .map(|value| {
                format!(
                    "{}: the file name {:?} is not a plain name; use lower-case letters, digits and hyphens only, such as \"annual-update\"",
                    lines.source(toml_text, name, value.span().start),
                    value.get_ref()
                )
            })
            .collect();
        if !bad.is_empty() {
            return Err(Error::Input(bad.join("\n")));
        }
        Ok(labels)
    }

    /// A label known to exist (checked in `parse`).
    pub fn get(&self, key: &str) -> &str {
        self.all
            .get(key)
            .and_then(Value::as_str)
            .unwrap_or_default()
    }

    pub fn status(&self, status: Status) -> &str {
        self.all
            .pointer(&format!("/status/{}", status.key()))
            .and_then(Value::as_str)
            .unwrap_or_default()
    }

    /// A label with `{year}` or `{id}` filled in: "Update {year}" → "Update 2026".
    pub fn fill(&self, key: &str, name: &str, value: &str) -> String {
        let pattern = self.get(key);
        let placeholder = format!("{{{name}}}");
        if pattern.contains(&placeholder) {
            pattern.replace(&placeholder, value)
        } else {
            format!("{pattern} {value}")
        }
    }

    /// The label at `path` (`/html/back-to-top`), or the built-in label file's when this one has
    /// none, so that a label file written before the label was added still works.
    pub fn word(&self, path: &str) -> String {
        static BUILTIN: std::sync::LazyLock<PerLang<Value>> = std::sync::LazyLock::new(|| {
            let parse = |text: &str| {
                toml::from_str::<toml::Table>(text)
                    .ok()
                    .and_then(|t| serde_json::to_value(t).ok())
                    .unwrap_or_default()
            };
            PerLang {
                en: parse(include_str!("../../report-templates/labels/en.toml")),
                cy: parse(include_str!("../../report-templates/labels/cy.toml")),
            }
        });
        [&self.all, BUILTIN.get(self.lang)]
            .iter()
            .find_map(|all| all.pointer(path).and_then(Value::as_str))
            .unwrap_or_default()
            .to_string()
    }

    /// "24 November 2026" / "24 Tachwedd 2026" from `YYYY-MM-DD`.
    pub fn long_date(&self, iso: &str) -> Option<String> {
        let (y, m, d) = crate::dates::parse(iso)?;
        let month = self.all.get("months")?.get(m as usize - 1)?.as_str()?;
        Some(format!("{d} {month} {y}"))
    }
}

/// The file names a label file gives, where they are in it.
#[derive(serde::Deserialize)]
struct FileNames {
    #[serde(rename = "file-name")]
    file_name: Option<toml::Spanned<String>>,
    changes: Option<ChangesFileName>,
}

#[derive(serde::Deserialize)]
struct ChangesFileName {
    #[serde(rename = "file-name")]
    file_name: Option<toml::Spanned<String>>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn welsh_dates() {
        let cy = Labels::parse(
            Lang::Cy,
            "cy.toml",
            include_str!("../../report-templates/labels/cy.toml"),
        )
        .unwrap();
        assert_eq!(
            cy.long_date("2026-11-24").as_deref(),
            Some("24 Tachwedd 2026")
        );
        assert_eq!(cy.fill("update", "year", "2026"), "Diweddariad 2026");
        assert_eq!(cy.status(Status::InProgress), "Ar y gweill");
    }

    #[test]
    fn a_file_name_that_is_not_a_plain_name_is_refused_at_its_place() {
        let en = include_str!("../../report-templates/labels/en.toml");
        for bad in ["../x", "", "Annual Update", "-x", ".hidden", "a/b"] {
            let text = en.replacen(
                "file-name = \"change-summary\"",
                &format!("file-name = {bad:?}"),
                1,
            );
            let line = text
                .lines()
                .position(|l| l.contains(&format!("{bad:?}")))
                .unwrap()
                + 1;
            let e = Labels::parse(Lang::En, "labels/en.toml", &text).unwrap_err();
            assert_eq!(e.exit_code(), crate::error::exit::INPUT);
            let message = e.to_string();
            assert!(
                message.starts_with(&format!("labels/en.toml:{line}:13: the file name")),
                "{message}"
            );
        }
    }
}
