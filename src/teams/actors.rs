//! Who can act on each finding, by its code: the one table that decides what each team's
//! feedback (and its row of `status`) holds. A partner team gets the findings in its own files and
//! what it owes; the coordinator, who reads the terminal and `findings.md` (which list every
//! finding), alone gets the rest: decisions for the resolutions file, translations, the narrative,
//! the house style, the plan. The README's table of finding codes says the same (tested below).

use crate::findings::Code;

/// Who can act on a finding.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Actor {
    /// The team whose file the finding is in: it fixes its own row or file and sends it again.
    Sender,
    /// The team whose file it is in, and the team that leads the action, which should agree.
    SenderAndLead,
    /// The team that leads the action: it owes something for it.
    Lead,
    /// The coordinator alone: the decision, the tool or the file is theirs.
    Coordinator,
}

impl Actor {
    /// As the README's table names it.
    pub fn words(self) -> &'static str {
        match self {
            Actor::Sender => "the team that sent the file",
            Actor::SenderAndLead => "the team that sent the file, and the lead team",
            Actor::Lead => "the lead team",
            Actor::Coordinator => "the coordinator",
        }
    }
}

/// Who can act on a finding with this code.
pub fn actor(code: Code) -> Actor {
    use Actor::*;
    match code {
        // The partner's own file: only its team can send it again, read, whole and in shape.
        Code::UnreadableFile
        | Code::UnsupportedFile
        | Code::FileTooLarge
        | Code::ArchiveTooLarge
        | Code::TooManyCells
        | Code::TextTooLong
        | Code::XmlTooDeep
        | Code::MissingSheet
        | Code::MissingColumn
        | Code::BadXml
        | Code::BadYear
        | Code::YearMismatch => Sender,
        // The partner's own rows and texts.
        Code::BadActionId
        | Code::NumericActionId
        | Code::BadStatus
        | Code::BadCell
        | Code::EmptyRow
        | Code::FormulaWithoutValue
        | Code::MissingText
        | Code::MissingLanguage
        | Code::WrongLanguage
        | Code::Untranslated
        | Code::UnknownTeam
        | Code::UnknownAction
        | Code::UnknownCategory
        | Code::ActionIdTaken
        | Code::CopiedText
        | Code::UnknownReference
        | Code::UnprintableCharacter => Sender,
        // An update sent for another team's action: both should know it is agreed.
        Code::NotLeadTeam => SenderAndLead,
        // An open action with no update: its lead team owes one (said as what it owes).
        Code::NoUpdate => Lead,
        // Decisions recorded in the resolutions file: the coordinator's, with the teams.
        Code::DuplicateUpdate
        | Code::ConflictingUpdates
        | Code::UpdateToFinishedAction
        | Code::StatusBackwards
        | Code::PublishedTextEdit
        | Code::AlreadyPublished
        | Code::Resolved
        | Code::UnusedResolution => Coordinator,
        // The translators' round trip, run by the coordinator.
        Code::BadTranslation
        | Code::NotTranslated
        | Code::OutdatedTranslation
        | Code::UnusedTranslation
        | Code::ConflictingTranslations
        | Code::StaleWelsh => Coordinator,
        // The submissions folder, which the coordinator keeps: what is in it that is not a file.
        Code::NotAFile | Code::BrokenLink | Code::LinkOutsideInputs | Code::LaterYearFolder => {
            Coordinator
        }
        // The plan's own inputs and the tool.
        Code::PlaceholderText
        | Code::NoPublicationDate
        | Code::NoActions
        | Code::BaselineYear
        | Code::UnsupportedMarkdown
        | Code::NarrativeMismatch
        | Code::LowContrast
        | Code::UncheckedColour
        | Code::InternalError => Coordinator,
        // A PDF the build made that fails PDF/UA-1 or PDF/A-2a: a bug to report, or a decision
        // in plan.toml.
        Code::PdfConformance => Coordinator,
    }
}

#[cfg(test)]
mod tests {
    use strum::IntoEnumIterator;

    use super::actor;
    use crate::findings::Code;

    /// The README's "Finding codes" table: (code, who acts) per row.
    fn readme_table() -> Vec<(String, String)> {
        let readme = include_str!("../../README.md");
        let section = &readme[readme.find("## Finding codes").expect("the section")..];
        let section = &section[..section[3..].find("\n## ").map_or(section.len(), |i| i + 3)];
        section
            .lines()
            .filter(|l| l.starts_with("| `"))
            .map(|l| {
                let cells: Vec<&str> = l.split(" | ").collect();
                (
                    cells[0]
                        .trim_start_matches("| ")
                        .trim_matches('`')
                        .to_string(),
                    cells[2].to_string(),
                )
            })
            .collect()
    }

    #[test]
    fn the_readme_says_who_acts_on_every_code_as_the_code_does() {
        let table = readme_table();
        let codes: Vec<Code> = Code::iter().collect();
        assert_eq!(table.len(), codes.len(), "one row per code: {table:?}");
        for code in codes {
            let row = table
                .iter()
                .find(|(c, _)| c == code.as_str())
                .unwrap_or_else(|| panic!("the README has no row for {}", code.as_str()));
            assert_eq!(row.1, actor(code).words(), "{}", code.as_str());
        }
    }
}
