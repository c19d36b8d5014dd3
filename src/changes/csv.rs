//! The change summary as CSV, one row per fact, for spreadsheets. Cells that a spreadsheet would
//! read as a formula (starting `=`, `+`, `-`, `@`, tab or carriage return) get a leading `'`. An
//! edit's `to` is its redline as text (see [`super::redline`]) and its `note` says why it changed.

use super::markdown::{INVISIBLE_ONLY, why};
use super::redline::redline;
use super::{ChangeSummary, EditOf};

/// A cell made safe to open in a spreadsheet.
pub fn cell(s: &str) -> String {
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{s}")
    } else {
        s.to_string()
    }
}

pub fn csv(c: &ChangeSummary) -> String {
    let mut w = ::csv::Writer::from_writer(Vec::new());
    let mut row = |fields: [&str; 8]| {
        let cells: Vec<String> = fields.iter().map(|f| cell(f)).collect();
        w.write_record(&cells).expect("writing to memory");
    };
    // `detail` is the status, the field edited, the number of actions moving, or the team.
    row([
        "kind", "action", "detail", "year", "lang", "from", "to", "note",
    ]);
    for s in &c.status_counts {
        row([
            "status-count",
            "",
            s.status.map_or("none", |s| s.key()),
            "",
            "",
            &s.from.to_string(),
            &s.to.to_string(),
            "",
        ]);
    }
    for t in &c.transitions {
        let from = t.from.map_or("new", |s| s.key());
        row([
            "transition",
            "",
            &t.count.to_string(),
            "",
            "",
            from,
            t.to.key(),
            "",
        ]);
    }
    for id in &c.new_actions {
        row(["new-action", id.as_str(), "", "", "", "", "", ""]);
    }
    for f in &c.finished {
        row([
            "finished",
            f.action.as_str(),
            "",
            &c.to_year.to_string(),
            "",
            "",
            f.status.key(),
            "",
        ]);
    }
    for id in &c.no_update {
        row([
            "no-update",
            id.as_str(),
            "",
            &c.to_year.to_string(),
            "",
            "",
            "",
            "",
        ]);
    }
    for e in &c.edits {
        let (what, field, year) = match &e.of {
            EditOf::Action {
                action,
                field,
                update_year,
            } => (
                action.to_string(),
                field.key().to_string(),
                update_year.map(|y| y.to_string()).unwrap_or_default(),
            ),
            EditOf::Narrative { page } => (
                format!("narrative/{page}"),
                "narrative".into(),
                String::new(),
            ),
        };
        let mut note = match &e.of {
            EditOf::Action { .. } => why(e),
            EditOf::Narrative { .. } => String::new(),
        };
        if e.invisible_only {
            note = format!("{note} {INVISIBLE_ONLY}").trim_start().to_string();
        }
        row([
            "edit",
            &what,
            &field,
            &year,
            e.lang.code(),
            &e.old,
            &redline(e),
            &note,
        ]);
    }
    for t in &c.teams {
        let counts = format!(
            "{}, {} updated, {} no update, {} new, {} finished",
            crate::progress::count(t.actions, "action", "actions"),
            t.updated,
            t.no_update,
            t.new_actions,
            t.finished
        );
        row(["team", "", &t.team, "", "", "", &counts, ""]);
    }
    String::from_utf8(w.into_inner().expect("in memory")).expect("UTF-8 in, UTF-8 out")
}

#[cfg(test)]
mod tests {
    #[test]
    fn formulas_are_neutralised() {
        assert_eq!(super::cell("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(super::cell("-5"), "'-5");
        assert_eq!(super::cell("2.10"), "2.10");
    }
}
