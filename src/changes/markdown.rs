//! The change summary as Markdown, to paste into an email or a pull request. Deleted and inserted
//! words are marked `[-like this-]` and `{+like this+}`, so the redline survives plain text, grey
//! printing and screen readers.

use super::{ChangeSummary, Edit, EditOf, SegmentKind};
use crate::model::{Field, Lang, Status};

fn status_name(s: Option<Status>) -> &'static str {
    s.map_or("new (no update yet)", |s| s.name(Lang::En))
}

fn list(ids: &[String]) -> String {
    if ids.is_empty() {
        "none".to_string()
    } else {
        ids.join(", ")
    }
}

/// `[-old-]{+new+}` redline of one edit.
pub fn redline(edit: &Edit) -> String {
    edit.diff
        .iter()
        .map(|s| match s.kind {
            SegmentKind::Same => s.text.clone(),
            SegmentKind::Deleted => format!("[-{}-]", s.text),
            SegmentKind::Inserted => format!("{{+{}+}}", s.text),
        })
        .collect()
}

pub fn markdown(c: &ChangeSummary) -> String {
    let (from, to) = (c.from_year, c.to_year);
    let mut md = format!(
        "# Changes from {from} to {to}\n\n## Actions by status\n\n| status | {from} | {to} |\n|---|---|---|\n"
    );
    for s in &c.status_counts {
        md.push_str(&format!(
            "| {} | {} | {} |\n",
            status_name(s.status),
            s.from,
            s.to
        ));
    }
    md.push_str(&format!("\n## Status changes\n\nRows: the status in {from}; columns: the status in {to}.\n\n| | Ongoing | In progress | Delivered | Closed |\n|---|---|---|---|---|\n"));
    for row in ChangeSummary::MATRIX_ROWS {
        let cells = c.matrix_row(row);
        md.push_str(&format!(
            "| {} | {} |\n",
            status_name(row),
            cells.join(" | ")
        ));
    }
    let ids = |v: &[crate::model::ActionId]| v.iter().map(|i| i.to_string()).collect::<Vec<_>>();
    md.push_str(&format!(
        "\n## New actions\n\n{}\n",
        list(&ids(&c.new_actions))
    ));
    let finished: Vec<String> = c
        .finished
        .iter()
        .map(|f| format!("{} ({})", f.action, status_name(Some(f.status))))
        .collect();
    md.push_str(&format!(
        "\n## Delivered or closed in {to}\n\n{}\n",
        list(&finished)
    ));
    md.push_str(&format!(
        "\n## Open actions with no update in {to}\n\n{}\n",
        list(&ids(&c.no_update))
    ));
    md.push_str("\n## Edits to published text\n\n");
    if c.edits.is_empty() {
        md.push_str("None: every text published before reads as it did.\n");
    }
    for e in &c.edits {
        let lang = e.lang.english_name();
        match &e.of {
            EditOf::Action {
                action,
                field,
                update_year,
            } => {
                let what = match (field, update_year) {
                    (Field::Update, Some(y)) => format!("update {y}"),
                    (Field::Commitment, _) => "commitment".to_string(),
                    (Field::Background, _) => "background".to_string(),
                    (Field::Update, None) => "update".to_string(),
                };
                md.push_str(&format!("### Action {action}, {what} ({lang})\n\n"));
                match &e.reason {
                    Some(r) => md.push_str(&format!("Reason: {r}\n\n")),
                    None => md.push_str("**No correction was recorded for this edit.**\n\n"),
                }
            }
            EditOf::Narrative { page } => {
                md.push_str(&format!("### Narrative, {page} ({lang})\n\n"));
            }
        }
        md.push_str(&format!("> {}\n\n", redline(e).replace('\n', "\n> ")));
    }
    md.push_str("\n## Teams\n\n| team | actions | updated | no update | new | delivered or closed |\n|---|---|---|---|---|---|\n");
    for t in &c.teams {
        md.push_str(&format!(
            "| {} | {} | {} | {} | {} | {} |\n",
            t.team, t.actions, t.updated, t.no_update, t.new_actions, t.finished
        ));
    }
    md
}
