//! The contract's typed values (action IDs, statuses) read from text, with the finding that
//! explains a bad one: shared by every reader so a mistake reads the same in any format.

use crate::findings::{Code, Finding};
use crate::model::{ActionId, Source, Status};

const STATUSES: &str = "Ongoing, In progress, Delivered, Closed";

/// An action ID as written, or a finding at `source`.
pub fn action_id(text: &str, source: &Source) -> Result<ActionId, Finding> {
    ActionId::parse(text).map_err(|e| {
        Finding::blocking(Code::BadActionId, e.to_string())
            .at(source)
            .fix("use the ID exactly as published, such as 2.10")
    })
}

/// A status as written (`None`: not given), or a finding at `source` suggesting the nearest.
pub fn status(text: Option<&str>, source: &Source, action: &ActionId) -> Result<Status, Finding> {
    let Some(text) = text else {
        return Err(Finding::blocking(Code::BadStatus, "no status is given")
            .at(source)
            .action(action)
            .fix(format!("write one of {STATUSES}")));
    };
    Status::parse(text).map_err(|e| {
        let fix = e.suggestion.map_or_else(
            || format!("write one of {STATUSES}"),
            |s| format!("write \"{s}\""),
        );
        Finding::blocking(Code::BadStatus, e.to_string())
            .at(source)
            .action(action)
            .fix(fix)
    })
}
