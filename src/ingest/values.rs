//! The contract's typed values (action IDs, statuses) read from text, with the finding that
//! explains a bad one: shared by every reader so a mistake reads the same in any format.

use crate::findings::{Code, Finding};
use crate::model::{ActionId, Source, Status};

const STATUSES: &str = "Ongoing, In progress, Delivered, Closed";

/// An action ID as written; a bad one becomes a finding at `source`.
pub fn action_id(text: &str, source: &Source, findings: &mut Vec<Finding>) -> Option<ActionId> {
    ActionId::parse(text)
        .map_err(|e| {
            findings.push(
                Finding::blocking(Code::BadActionId, e.to_string())
                    .at(source)
                    .fix("use the ID exactly as published, such as 2.10"),
            )
        })
        .ok()
}

/// A status as written (`None`: not given); a bad one becomes a finding at `source` that
/// suggests the nearest.
pub fn status(
    text: Option<&str>,
    source: &Source,
    action: &ActionId,
    findings: &mut Vec<Finding>,
) -> Option<Status> {
    let Some(text) = text else {
        findings.push(
            Finding::blocking(Code::BadStatus, "no status is given")
                .at(source)
                .action(action)
                .fix(format!("write one of {STATUSES}")),
        );
        return None;
    };
    Status::parse(text)
        .map_err(|e| {
            let fix = e.suggestion.map_or_else(
                || format!("write one of {STATUSES}"),
                |s| format!("write \"{s}\""),
            );
            findings.push(
                Finding::blocking(Code::BadStatus, e.to_string())
                    .at(source)
                    .action(action)
                    .fix(fix),
            )
        })
        .ok()
}
