//! Findings: every problem or notice the pipeline raises, each located, explained and fixable.

mod ledger;
pub mod report;

use std::fmt;

use serde::Serialize;

use crate::model::{ActionId, Source};

pub use ledger::Ledger;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Must be fixed (or resolved) before a final build.
    Blocking,
    /// Worth a look; does not stop a final build.
    Warning,
    /// For the record.
    Info,
}

/// Stable finding codes: documented in the README, safe to match on in scripts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[cfg_attr(test, derive(strum::EnumIter))]
#[serde(rename_all = "kebab-case")]
pub enum Code {
    UnreadableFile,
    UnsupportedFile,
    NotAFile,
    BrokenLink,
    LinkOutsideInputs,
    FileTooLarge,
    ArchiveTooLarge,
    TooManyCells,
    TextTooLong,
    XmlTooDeep,
    MissingSheet,
    MissingColumn,
    BadActionId,
    NumericActionId,
    BadStatus,
    BadCell,
    EmptyRow,
    FormulaWithoutValue,
    BadXml,
    MissingText,
    MissingLanguage,
    WrongLanguage,
    Untranslated,
    BadYear,
    UnknownTeam,
    YearMismatch,
    UnknownAction,
    UnknownCategory,
    ActionIdTaken,
    NotLeadTeam,
    DuplicateUpdate,
    ConflictingUpdates,
    UpdateToFinishedAction,
    StatusBackwards,
    NoUpdate,
    CopiedText,
    UnknownReference,
    BaselineYear,
    PlaceholderText,
    NoPublicationDate,
    NoActions,
    LaterYearFolder,
    UnprintableCharacter,
    PublishedTextEdit,
    AlreadyPublished,
    Resolved,
    UnusedResolution,
    BadTranslation,
    NotTranslated,
    OutdatedTranslation,
    UnusedTranslation,
    ConflictingTranslations,
    StaleWelsh,
    UnsupportedMarkdown,
    NarrativeMismatch,
    LowContrast,
    UncheckedColour,
    PdfConformance,
    InternalError,
}

impl Code {
    pub fn as_str(self) -> &'static str {
        match self {
            Code::UnreadableFile => "unreadable-file",
            Code::UnsupportedFile => "unsupported-file",
            Code::NotAFile => "not-a-file",
            Code::BrokenLink => "broken-link",
            Code::LinkOutsideInputs => "link-outside-inputs",
            Code::FileTooLarge => "file-too-large",
            Code::ArchiveTooLarge => "archive-too-large",
            Code::TooManyCells => "too-many-cells",
            Code::TextTooLong => "text-too-long",
            Code::XmlTooDeep => "xml-too-deep",
            Code::MissingSheet => "missing-sheet",
            Code::MissingColumn => "missing-column",
            Code::BadActionId => "bad-action-id",
            Code::NumericActionId => "numeric-action-id",
            Code::BadStatus => "bad-status",
            Code::BadCell => "bad-cell",
            Code::EmptyRow => "empty-row",
            Code::FormulaWithoutValue => "formula-without-value",
            Code::BadXml => "bad-xml",
            Code::MissingText => "missing-text",
            Code::MissingLanguage => "missing-language",
            Code::WrongLanguage => "wrong-language",
            Code::Untranslated => "untranslated",
            Code::BadYear => "bad-year",
            Code::UnknownTeam => "unknown-team",
            Code::YearMismatch => "year-mismatch",
            Code::UnknownAction => "unknown-action",
            Code::UnknownCategory => "unknown-category",
            Code::ActionIdTaken => "action-id-taken",
            Code::NotLeadTeam => "not-lead-team",
            Code::DuplicateUpdate => "duplicate-update",
            Code::ConflictingUpdates => "conflicting-updates",
            Code::UpdateToFinishedAction => "update-to-finished-action",
            Code::StatusBackwards => "status-backwards",
            Code::NoUpdate => "no-update",
            Code::CopiedText => "copied-text",
            Code::UnknownReference => "unknown-reference",
            Code::BaselineYear => "baseline-year",
            Code::PlaceholderText => "placeholder-text",
            Code::NoPublicationDate => "no-publication-date",
            Code::NoActions => "no-actions",
            Code::LaterYearFolder => "later-year-folder",
            Code::UnprintableCharacter => "unprintable-character",
            Code::PublishedTextEdit => "published-text-edit",
            Code::AlreadyPublished => "already-published",
            Code::Resolved => "resolved",
            Code::UnusedResolution => "unused-resolution",
            Code::BadTranslation => "bad-translation",
            Code::NotTranslated => "not-translated",
            Code::OutdatedTranslation => "outdated-translation",
            Code::UnusedTranslation => "unused-translation",
            Code::ConflictingTranslations => "conflicting-translations",
            Code::StaleWelsh => "stale-welsh",
            Code::UnsupportedMarkdown => "unsupported-markdown",
            Code::NarrativeMismatch => "narrative-mismatch",
            Code::LowContrast => "low-contrast",
            Code::UncheckedColour => "unchecked-colour",
            Code::PdfConformance => "pdf-conformance",
            Code::InternalError => "internal-error",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Finding {
    pub code: Code,
    pub severity: Severity,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<Source>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub action: Option<ActionId>,
    /// What is wrong, in one sentence.
    pub message: String,
    /// How to fix it.
    pub fix: String,
    /// Lines the fix asks to add to a file (a `[[reopen]]` to `resolutions/2027.toml`), printed
    /// under it as they are to be pasted.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub paste: Option<Paste>,
}

/// Lines of TOML to add to a file, exactly as they are to be pasted: they parse as written,
/// indented or not (see `reconcile::resolutions`, which makes them).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Paste {
    /// The file, relative to the inputs folder (`resolutions/2027.toml`).
    pub file: String,
    /// The lines, each ending in a line break.
    pub toml: String,
}

/// The longest message a finding carries: whatever a file holds, a message quotes only a little.
pub const MESSAGE_CHARS: usize = 1_000;

/// `s` on one line (line breaks and other control characters as spaces), cut to at most `max`
/// characters with `…` in place of the rest: for quoting a file's content in a message.
pub fn clip(s: &str, max: usize) -> std::borrow::Cow<'_, str> {
    let long = s.char_indices().nth(max).is_some();
    if !long && !s.contains(char::is_control) {
        return s.into();
    }
    let keep = if long { max.saturating_sub(1) } else { max };
    let mut out: String = s
        .chars()
        .take(keep)
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    if long {
        out.push('…');
    }
    out.into()
}

impl Finding {
    pub fn new(code: Code, severity: Severity, message: impl Into<String>) -> Finding {
        let message = message.into();
        Finding {
            code,
            severity,
            source: None,
            action: None,
            message: clip(&message, MESSAGE_CHARS).into_owned(),
            fix: String::new(),
            paste: None,
        }
    }

    pub fn blocking(code: Code, message: impl Into<String>) -> Finding {
        Finding::new(code, Severity::Blocking, message)
    }

    pub fn warning(code: Code, message: impl Into<String>) -> Finding {
        Finding::new(code, Severity::Warning, message)
    }

    pub fn info(code: Code, message: impl Into<String>) -> Finding {
        Finding::new(code, Severity::Info, message)
    }

    pub fn at(mut self, source: &Source) -> Finding {
        self.source = Some(source.clone());
        self
    }

    pub fn action(mut self, id: &ActionId) -> Finding {
        self.action = Some(id.clone());
        self
    }

    pub fn fix(mut self, fix: impl Into<String>) -> Finding {
        self.fix = fix.into();
        self
    }

    /// Lines for the person to paste, printed under the fix.
    pub fn paste(mut self, paste: Paste) -> Finding {
        self.paste = Some(paste);
        self
    }

    /// Sort key: by file and place, then action, so reports read like the inputs.
    fn key(&self) -> impl Ord + '_ {
        (&self.source, &self.action, self.severity, self.code)
    }
}

/// Findings in report order.
pub fn sort(findings: &mut [Finding]) {
    findings.sort_by(|a, b| a.key().cmp(&b.key()));
}

pub fn count(findings: &[Finding], severity: Severity) -> usize {
    findings.iter().filter(|f| f.severity == severity).count()
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Blocking => "error",
            Severity::Warning => "warning",
            Severity::Info => "note",
        })
    }
}

/// `error[bad-status]: cyber.xlsx › Updates › B7: action 2.3: status "On going" is not …
///   fix: write "Ongoing"`, then any lines the fix asks to paste, each indented by four spaces
/// (TOML reads them the same indented).
impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}[{}]: ", self.severity, self.code.as_str())?;
        if let Some(source) = &self.source {
            write!(f, "{source}: ")?;
        }
        if let Some(action) = &self.action {
            write!(f, "action {action}: ")?;
        }
        f.write_str(&self.message)?;
        if !self.fix.is_empty() {
            write!(f, "\n  fix: {}", self.fix)?;
        }
        if let Some(paste) = &self.paste {
            for line in paste.toml.lines() {
                write!(f, "\n    {line}")?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::clip;

    #[test]
    fn clips_long_text_only() {
        assert_eq!(clip("abc", 3), "abc");
        assert_eq!(clip("abcd", 3), "ab…");
        assert_eq!(clip("ŵŷŵŷ", 2), "ŵ…");
        assert_eq!(clip("", 2), "");
        assert_eq!(clip("a\nb\tc", 10), "a b c");
    }
}
