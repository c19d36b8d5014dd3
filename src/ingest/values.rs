//! The contract's typed values (action IDs, statuses) read from text, with the finding that
//! explains a bad one: shared by every reader so a mistake reads the same in any format.

use crate::findings::{Code, Finding, clip};
use crate::model::{ActionId, Source, Status};

const STATUSES: &str = "Ongoing, In progress, Delivered, Closed";

/// Text far longer than an ID or a status, quoted by its start: usually a value in the wrong column.
fn long(text: &str) -> Option<String> {
    let text = text.trim();
    let chars = text.chars().count();
    (chars > 40).then(|| format!("\"{}\" ({chars} characters)", clip(text, 40)))
}

/// An action ID as written; a bad one becomes a finding at `source`.
pub fn action_id(text: &str, source: &Source, findings: &mut Vec<Finding>) -> Option<ActionId> {
    ActionId::parse(text)
        .map_err(|e| {
            let message = long(text).map_or_else(
                || e.to_string(),
                |q| format!("{q} is not an action ID: is this text in the right column?"),
            );
            findings.push(
                Finding::blocking(Code::BadActionId, message)
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
            let message = long(text).map_or_else(
                || e.to_string(),
                |q| format!("{q} is not a status: is this text in the right column?"),
            );
            findings.push(
                Finding::blocking(Code::BadStatus, message)
                    .at(source)
                    .action(action)
                    .fix(fix),
            )
        })
        .ok()
}
