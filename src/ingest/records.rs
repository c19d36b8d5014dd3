//! What ingest produces: one submission per file, its records each with an exact source position.

use crate::findings::{Code, Finding, Severity};
use crate::model::{ActionId, PerLang, Source, Status, Text, TextAt};

/// A value together with where it was read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Located<T> {
    pub value: T,
    pub source: Source,
}

/// Everything read from one partner file.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Submission {
    /// Path relative to the inputs folder (or as given on the command line).
    pub file: String,
    /// The team the file says it comes from (XML `team`), if it says.
    pub team: Option<Located<String>>,
    /// The reporting year the file says it is for (XML `year`), if it says.
    pub year: Option<Located<u16>>,
    /// The year a workbook was made for by `template` (its [`crate::ingest::YEAR_NAME`] name):
    /// only a hint, for a file checked with no plan and in no year folder. Partners fill last
    /// year's workbook with this year's text too, so a build never rejects a workbook by it.
    pub workbook_year: Option<u16>,
    pub updates: Vec<UpdateRecord>,
    pub new_actions: Vec<NewActionRecord>,
    /// Translation units from a returned XLIFF file.
    pub translations: Vec<TranslationRecord>,
    /// Non-empty data rows or elements seen: each became a record or a finding.
    pub rows: usize,
    /// Problems found while reading, in file order.
    pub findings: Vec<Finding>,
    /// The update rows or elements read but not made records, each with the finding that says why:
    /// the team still owes those updates.
    pub unused_updates: Vec<Unused>,
}

/// An update a team sent that is not used: a row or element that was read but rejected. Its team
/// still owes the update, and is told which row was not used and why.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Unused {
    /// The action it names, if its ID could be read.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub action: Option<ActionId>,
    /// Where the problem is: the place of the finding that rejected it.
    pub source: Source,
    /// The code of that finding.
    pub code: Code,
}

#[derive(Clone, Debug, PartialEq)]
pub struct UpdateRecord {
    pub action: ActionId,
    pub status: Status,
    pub text: PerLang<Option<Text>>,
    /// Where each language's text is (or would be): a cell or an element.
    pub text_source: PerLang<Source>,
    pub team: Option<String>,
    pub contact: Option<String>,
    /// Never published.
    pub notes: Option<String>,
    pub source: Source,
}

#[derive(Clone, Debug, PartialEq)]
pub struct NewActionRecord {
    pub id: ActionId,
    pub category: u32,
    pub lead_team: String,
    pub commitment: PerLang<Option<Text>>,
    pub background: PerLang<Option<Text>>,
    /// Where each language's commitment is, or was due: its cell or element.
    pub commitment_at: PerLang<Source>,
    /// Where each language's background is, or was due.
    pub background_at: PerLang<Source>,
    pub source: Source,
}

/// One unit of a returned translation file: the Welsh for one text, if the translator gave it.
#[derive(Clone, Debug, PartialEq)]
pub struct TranslationRecord {
    pub slot: TextAt,
    /// The fingerprint of the English the unit was exported with.
    pub translates: String,
    /// The English the unit carries, as read (its `<source>`).
    pub english: Text,
    /// The unit's `state`, as written.
    pub state: Option<String>,
    /// The Welsh, when the unit is marked translated and has text.
    pub target: Option<Text>,
    /// The `<trans-unit>` element.
    pub source: Source,
}

impl Submission {
    /// Records read: each row or element that became one.
    pub fn records(&self) -> usize {
        self.updates.len() + self.new_actions.len() + self.translations.len()
    }

    /// Records that the update row or element just read (naming `action`, if it could be read)
    /// was not used, when it was not: the first blocking finding from `findings[from..]` says
    /// why (or the first of `code`, if given). A row only warned about (an untouched template
    /// row) sent nothing, and is not recorded.
    pub fn unused_update(
        &mut self,
        updates: usize,
        from: usize,
        code: Option<Code>,
        action: Option<ActionId>,
    ) {
        if self.updates.len() > updates {
            return;
        }
        let why = self.findings[from.min(self.findings.len())..]
            .iter()
            .find(|f| f.severity == Severity::Blocking && code.is_none_or(|c| f.code == c));
        if let Some(f) = why {
            self.unused_updates.push(Unused {
                action,
                source: f.source.clone().unwrap_or_else(|| Source::file(&self.file)),
                code: f.code,
            });
        }
    }

    pub fn new(file: impl Into<String>) -> Submission {
        Submission {
            file: file.into(),
            ..Submission::default()
        }
    }
}
