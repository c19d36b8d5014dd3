//! The change summary's view: what `changes.typ.hbs` sees, in one language, and its documents.

use serde::Serialize;
use serde_json::Value;

use super::labels::Labels;
use super::templates::{CHANGES, Renderer};
use super::{Document, Edition, ReportTemplates};
use crate::changes::{ChangeSummary, EditOf, Segment, SegmentKind};
use crate::error::Result;
use crate::model::{Dataset, Field, Lang, Status};

#[derive(Serialize)]
struct ChangesView {
    lang: &'static str,
    title: String,
    plan_title: String,
    organisation: String,
    date: Option<[u16; 3]>,
    draft: bool,
    labels: Value,
    from_year: String,
    to_year: String,
    status_rows: Vec<StatusRow>,
    transitions_note: String,
    matrix_header: Vec<String>,
    matrix_rows: Vec<MatrixRow>,
    new_actions: Vec<String>,
    finished: Vec<String>,
    no_update: Vec<String>,
    edits: Vec<EditView>,
    team_header: Vec<String>,
    teams: Vec<Vec<String>>,
}

#[derive(Serialize)]
struct StatusRow {
    label: String,
    from: usize,
    to: usize,
}

#[derive(Serialize)]
struct MatrixRow {
    label: String,
    cells: Vec<String>,
}

#[derive(Serialize)]
struct EditView {
    heading: String,
    reason: Option<String>,
    /// A narrative page's edit, which needs no recorded correction.
    narrative: bool,
    /// The redline as the paragraphs and list items of the new text, each a run of segments.
    lines: Vec<Vec<SegmentView>>,
}

#[derive(Serialize)]
struct SegmentView {
    kind: &'static str,
    text: String,
}

fn label(labels: &Labels, path: &str) -> String {
    labels
        .all
        .pointer(path)
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string()
}

fn view(summary: &ChangeSummary, dataset: &Dataset, labels: &Labels, draft: bool) -> ChangesView {
    let lang = labels.lang;
    let c = |key: &str| label(labels, &format!("/changes/{key}"));
    let (from, to) = (summary.from_year.to_string(), summary.to_year.to_string());
    let status = |s: Option<Status>| s.map_or_else(|| c("new"), |s| labels.status(s).to_string());
    let lang_name = |l: Lang| c(&format!("lang-{}", l.code()));
    ChangesView {
        lang: lang.code(),
        title: c("title").replace("{year}", &to),
        plan_title: dataset.plan.title.get(lang).clone(),
        organisation: dataset.plan.organisation.get(lang).clone(),
        date: Some(super::labels::document_date(&dataset.plan, dataset.year)),
        draft,
        labels: labels.all.clone(),
        status_rows: summary
            .status_counts
            .iter()
            .map(|s| StatusRow {
                label: status(s.status),
                from: s.from,
                to: s.to,
            })
            .collect(),
        transitions_note: c("transitions-note")
            .replace("{from}", &from)
            .replace("{to}", &to),
        matrix_header: std::iter::once(String::new())
            .chain(Status::ALL.iter().map(|&s| status(Some(s))))
            .collect(),
        matrix_rows: ChangeSummary::MATRIX_ROWS
            .iter()
            .map(|&r| MatrixRow {
                label: status(r),
                cells: summary.matrix_row(r),
            })
            .collect(),
        from_year: from,
        to_year: to,
        new_actions: summary.new_actions.iter().map(|a| a.to_string()).collect(),
        finished: summary
            .finished
            .iter()
            .map(|f| format!("{} ({})", f.action, labels.status(f.status)))
            .collect(),
        no_update: summary.no_update.iter().map(|a| a.to_string()).collect(),
        edits: summary
            .edits
            .iter()
            .map(|e| {
                let (heading, narrative) = match &e.of {
                    EditOf::Action {
                        action,
                        field,
                        update_year,
                    } => {
                        let what = match (field, update_year) {
                            (Field::Update, Some(y)) => {
                                labels.fill("update", "year", &y.to_string())
                            }
                            (Field::Background, _) => labels.get("background").to_string(),
                            _ => labels.get("commitment").to_string(),
                        };
                        (
                            format!("{}: {what}", labels.fill("action", "id", action.as_str())),
                            false,
                        )
                    }
                    EditOf::Narrative { page } => (
                        // Optional, so that label files written before it still load.
                        labels
                            .all
                            .pointer("/changes/narrative")
                            .and_then(Value::as_str)
                            .unwrap_or("Narrative page {page}")
                            .replace("{page}", page),
                        true,
                    ),
                };
                EditView {
                    heading: format!("{heading} ({})", lang_name(e.lang)),
                    reason: e.reason.clone(),
                    narrative,
                    lines: redline_lines(&e.diff),
                }
            })
            .collect(),
        team_header: vec![
            c("team"),
            c("actions"),
            c("updated"),
            labels.get("no-update").trim_end_matches('.').to_string(),
            c("new"),
            c("finished"),
        ],
        teams: summary
            .teams
            .iter()
            .map(|t| {
                let name = dataset
                    .plan
                    .team(&t.team)
                    .map_or_else(|| t.team.clone(), |team| team.name.get(lang).clone());
                vec![
                    name,
                    t.actions.to_string(),
                    t.updated.to_string(),
                    t.no_update.to_string(),
                    t.new_actions.to_string(),
                    t.finished.to_string(),
                ]
            })
            .collect(),
    }
}

/// Splits a word diff of two plain texts into the lines it prints as: one per paragraph or list
/// item (the plain form puts each on its own line). A break that is kept or inserted starts a new
/// line; an inserted break is also marked `¶` as inserted, and a deleted one is marked `¶` as
/// deleted without breaking, so a merged or split paragraph is visible in the redline.
fn redline_lines(diff: &[Segment]) -> Vec<Vec<SegmentView>> {
    fn push(lines: &mut [Vec<SegmentView>], kind: &'static str, text: &str) {
        if text.is_empty() {
            return;
        }
        let line = lines.last_mut().expect("never empty");
        match line.last_mut() {
            Some(last) if last.kind == kind => last.text.push_str(text),
            _ => line.push(SegmentView {
                kind,
                text: text.to_string(),
            }),
        }
    }
    // The spaces around a run of deleted or inserted words are printed as unchanged text, so that
    // the brackets the style sets around the run hold on to its first and last word.
    fn push_words(lines: &mut [Vec<SegmentView>], kind: &'static str, text: &str) {
        let words = text.trim();
        if kind == "same" || words.is_empty() {
            return push(lines, kind, text);
        }
        let start = text.len() - text.trim_start().len();
        push(lines, "same", &text[..start]);
        push(lines, kind, words);
        push(lines, "same", &text[start + words.len()..]);
    }
    let mut lines: Vec<Vec<SegmentView>> = vec![Vec::new()];
    for segment in diff {
        let kind = match segment.kind {
            SegmentKind::Same => "same",
            SegmentKind::Deleted => "deleted",
            SegmentKind::Inserted => "inserted",
        };
        // A run of line breaks ("\n\n" between paragraphs) is one break.
        let mut rest = segment.text.as_str();
        while let Some(at) = rest.find('\n') {
            if at > 0 {
                push_words(&mut lines, kind, &rest[..at]);
            }
            match segment.kind {
                SegmentKind::Deleted => push(&mut lines, kind, " ¶ "),
                SegmentKind::Inserted => {
                    push(&mut lines, kind, "¶");
                    lines.push(Vec::new());
                }
                SegmentKind::Same => lines.push(Vec::new()),
            }
            rest = rest[at..].trim_start_matches('\n');
        }
        if !rest.is_empty() {
            push_words(&mut lines, kind, rest);
        }
    }
    lines.retain(|line| !line.is_empty());
    lines
}

/// The change summary in Welsh and in English.
pub fn change_documents(
    summary: &ChangeSummary,
    dataset: &Dataset,
    templates: &ReportTemplates,
    draft: bool,
) -> Result<Vec<Document>> {
    let labels = super::labels(templates)?;
    let renderer = Renderer::new(templates)?;
    [(Edition::Welsh, Lang::Cy), (Edition::English, Lang::En)]
        .into_iter()
        .map(|(edition, lang)| {
            let l = labels.get(lang);
            let stem = format!("{}-{}", label(l, "/changes/file-name"), summary.to_year);
            let typst = renderer.render(CHANGES, &view(summary, dataset, l, draft))?;
            Ok(Document {
                edition,
                stem,
                typst,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::changes::word_diff;

    fn printed(old: &str, new: &str) -> Vec<String> {
        redline_lines(&word_diff(old, new))
            .iter()
            .map(|line| {
                line.iter()
                    .map(|s| match s.kind {
                        "deleted" => format!("[-{}-]", s.text),
                        "inserted" => format!("[+{}+]", s.text),
                        _ => s.text.clone(),
                    })
                    .collect()
            })
            .collect()
    }

    #[test]
    fn each_paragraph_and_item_is_its_own_line() {
        assert_eq!(
            printed(
                "One.\n\nTwo old.\n\n• a\n• b",
                "One.\n\nTwo new.\n\n• a\n• b"
            ),
            ["One.", "Two [-old.-][+new.+]", "• a", "• b"]
        );
    }

    #[test]
    fn the_brackets_hold_on_to_the_words_they_mark() {
        assert_eq!(
            printed(
                "The Welsh Government will engage with Ofcom.",
                "The Welsh Government will continue to engage with Ofcom."
            ),
            ["The Welsh Government will [+continue to+] engage with Ofcom."]
        );
        assert_eq!(
            printed(
                "navigating change online’.",
                "navigating change online’ (corrected)."
            ),
            ["navigating change [-online’.-][+online’ (corrected).+]"]
        );
    }

    #[test]
    fn a_merged_or_split_paragraph_is_marked() {
        assert_eq!(
            printed("One.\n\nTwo.", "One. Two."),
            ["One.[- ¶ -][+ +]Two."]
        );
        assert_eq!(
            printed("One. Two.", "One.\n\nTwo."),
            ["One.[- -][+¶+]", "Two."]
        );
    }
}
