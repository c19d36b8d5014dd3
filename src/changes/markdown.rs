//! The change summary as Markdown, to paste into an email or a pull request. Deleted and inserted
//! words are marked `[-like this-]` and `{+like this+}` (see [`super::redline`]), so the redline
//! survives plain text, grey printing and screen readers. Every text, name and reason is written
//! as literal text (see [`crate::output::markdown`]).

use super::redline::redline;
use super::{ChangeSummary, Edit, EditOf, Retranslated};
use crate::model::{ActionId, Field, Lang, Status};
use crate::output::markdown::{inline, quote};

fn status_name(s: Option<Status>) -> &'static str {
    s.map_or("new (no update yet)", |s| s.name(Lang::En))
}

fn list(items: &[String]) -> String {
    if items.is_empty() {
        "none".to_string()
    } else {
        items.join(", ")
    }
}

fn ids(v: &[ActionId]) -> Vec<String> {
    v.iter().map(|i| inline(i.as_str())).collect()
}

/// What is known of why a published action text changed, as a sentence.
pub fn why(edit: &Edit) -> String {
    match (&edit.reason, &edit.retranslation) {
        (Some(r), _) => format!("Reason: {r}"),
        (
            None,
            Some(Retranslated {
                source,
                of_correction: true,
            }),
        ) => format!("The translation of the corrected English, from {source}."),
        (None, Some(Retranslated { source, .. })) => {
            format!("Translated again to match the English as it reads now, from {source}.")
        }
        (None, None) => "No correction was recorded for this edit.".to_string(),
    }
}

/// The note on an edit that changed only what cannot be seen.
pub const INVISIBLE_ONLY: &str = "Only white space or invisible characters changed.";

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
    md.push_str(&format!(
        "\n## New actions\n\n{}\n",
        list(&ids(&c.new_actions))
    ));
    let finished: Vec<String> = c
        .finished
        .iter()
        .map(|f| {
            format!(
                "{} ({})",
                inline(f.action.as_str()),
                status_name(Some(f.status))
            )
        })
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
                    (field, _) => field.key().to_string(),
                };
                md.push_str(&format!(
                    "### Action {}, {what} ({lang})\n\n",
                    inline(action.as_str())
                ));
                let why = inline(&why(e));
                if e.reason.is_none() && e.retranslation.is_none() {
                    md.push_str(&format!("**{why}**\n\n"));
                } else {
                    md.push_str(&format!("{why}\n\n"));
                }
            }
            EditOf::Narrative { page } => {
                md.push_str(&format!("### Narrative, {} ({lang})\n\n", inline(page)));
            }
        }
        if e.invisible_only {
            md.push_str(&format!("{INVISIBLE_ONLY}\n\n"));
        }
        md.push_str(&quote(&redline(e)));
        md.push('\n');
    }
    md.push_str("\n## Teams\n\n| team | actions | updated | no update | new | delivered or closed |\n|---|---|---|---|---|---|\n");
    for t in &c.teams {
        md.push_str(&format!(
            "| {} | {} | {} | {} | {} | {} |\n",
            inline(&t.team),
            t.actions,
            t.updated,
            t.no_update,
            t.new_actions,
            t.finished
        ));
    }
    md
}
