//! The change summary's view: what `changes.typ.hbs` sees, in one language, and its documents.

use serde::Serialize;
use serde_json::Value;

use super::handlebars::CHANGES;
use super::labels::Labels;
use super::{Document, Edition, Prepared};
use crate::changes::redline::{self, Piece};
use crate::changes::{ChangeSummary, Edit, EditOf, Segment, SegmentKind};
use crate::error::Result;
use crate::model::{Dataset, Field, Lang, Status};

#[derive(Serialize)]
struct ChangesView {
    lang: &'static str,
    title: String,
    plan_title: String,
    organisation: String,
    /// The PDF's XMP description and keywords: what the publication says of itself.
    description: String,
    keywords: Vec<String>,
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
    /// The language of the edited text (`en`, `cy`): the web page marks its redline with it.
    lang: &'static str,
    reason: Option<String>,
    /// For Welsh that is a returned translation: what it translates, and from which file.
    retranslation: Option<String>,
    /// The note on an edit that changed only white space or characters that show nothing.
    invisible_only: Option<String>,
    /// A narrative page's edit, which needs no recorded correction.
    narrative: bool,
    /// The redline as the paragraphs and list items of the new text, each a run of segments.
    lines: Vec<Vec<SegmentView>>,
}

#[derive(Serialize)]
struct SegmentView {
    kind: &'static str,
    /// The run as text, each character to name written `‹name›`.
    text: String,
    /// The run in pieces: text, or (in a deleted or inserted run) a character's name.
    pieces: Vec<PieceView>,
}

#[derive(Serialize)]
struct PieceView {
    text: String,
    /// The name of a white space or invisible character that the run changed.
    name: Option<String>,
}

/// The labels of one language: those in use, and the built-in ones for what a label file
/// written before a label was added does not have.
struct Wording<'l> {
    labels: &'l Labels,
    builtin: &'l Labels,
}

impl Wording<'_> {
    fn get(&self, path: &str) -> String {
        [self.labels, self.builtin]
            .iter()
            .find_map(|l| l.all.pointer(path).and_then(Value::as_str))
            .unwrap_or_default()
            .to_string()
    }

    /// The name a redline gives `c`: `no-break space`, `bwlch di-dor`, `U+2062`.
    fn character(&self, c: char) -> String {
        redline::name_key(c)
            .map(|key| self.get(&format!("/changes/characters/{key}")))
            .filter(|name| !name.is_empty())
            .unwrap_or_else(|| redline::english_name(c))
    }
}

fn label(labels: &Labels, path: &str) -> String {
    labels
        .all
        .pointer(path)
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string()
}

/// What an edit's note says about a returned translation, in the document's language.
fn retranslation(edit: &Edit, w: &Wording) -> Option<String> {
    let r = edit.retranslation.as_ref()?;
    let key = if r.of_correction {
        "/changes/retranslated-correction"
    } else {
        "/changes/retranslated"
    };
    Some(w.get(key).replace("{file}", &r.source.to_string()))
}

fn view(summary: &ChangeSummary, dataset: &Dataset, w: &Wording, draft: bool) -> ChangesView {
    let labels = w.labels;
    let lang = labels.lang;
    let c = |key: &str| w.get(&format!("/changes/{key}"));
    let (from, to) = (summary.from_year.to_string(), summary.to_year.to_string());
    let status = |s: Option<Status>| s.map_or_else(|| c("new"), |s| labels.status(s).to_string());
    let lang_name = |l: Lang| c(&format!("lang-{}", l.code()));
    let about = super::publication_view::publication(&dataset.plan, dataset.year, labels);
    ChangesView {
        description: about.description,
        keywords: about.keywords,
        lang: lang.code(),
        title: c("title").replace("{year}", &to),
        plan_title: dataset.plan.title.get(lang).clone(),
        organisation: dataset.plan.organisation.get(lang).clone(),
        date: Some(crate::dates::document_date(&dataset.plan, dataset.year)),
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
                    EditOf::Narrative { page } => (c("narrative").replace("{page}", page), true),
                };
                EditView {
                    heading: format!("{heading} ({})", lang_name(e.lang)),
                    lang: e.lang.code(),
                    reason: e.reason.clone(),
                    retranslation: retranslation(e, w),
                    invisible_only: e.invisible_only.then(|| c("invisible-only")),
                    narrative,
                    lines: redline_lines(&e.diff, &|ch| w.character(ch)),
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
/// deleted without breaking, so a merged or split paragraph is visible in the redline. In a
/// deleted or inserted run, white space and characters that show nothing are given by `name`
/// (see [`redline::pieces`]).
fn redline_lines(diff: &[Segment], name: &dyn Fn(char) -> String) -> Vec<Vec<SegmentView>> {
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
                pieces: Vec::new(),
            }),
        }
    }
    // The ordinary spaces around a run of deleted or inserted words are printed as unchanged
    // text, so that the brackets the style sets around the run hold on to its first and last
    // word. Other white space is part of what changed.
    fn push_words(lines: &mut [Vec<SegmentView>], kind: &'static str, text: &str) {
        let words = text.trim_matches(' ');
        if kind == "same" || words.is_empty() {
            return push(lines, kind, text);
        }
        let start = text.len() - text.trim_start_matches(' ').len();
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
    for segment in lines.iter_mut().flatten() {
        if segment.kind == "same" {
            segment.pieces = vec![PieceView {
                text: segment.text.clone(),
                name: None,
            }];
            continue;
        }
        // The `¶` of a paragraph break is the style's, not a character to name.
        let pieces: Vec<PieceView> = segment
            .text
            .split_inclusive(" ¶ ")
            .flat_map(|part| {
                let (run, mark) = part
                    .strip_suffix(" ¶ ")
                    .map_or((part, ""), |run| (run, " ¶ "));
                redline::pieces(run)
                    .into_iter()
                    .map(|p| match p {
                        Piece::Text(t) => PieceView {
                            text: t.to_string(),
                            name: None,
                        },
                        Piece::Named(c) => PieceView {
                            text: format!("‹{}›", name(c)),
                            name: Some(name(c)),
                        },
                    })
                    .chain((!mark.is_empty()).then(|| PieceView {
                        text: mark.to_string(),
                        name: None,
                    }))
                    .collect::<Vec<_>>()
            })
            .collect();
        segment.text = pieces.iter().map(|p| p.text.as_str()).collect();
        segment.pieces = pieces;
    }
    lines
}

/// The change summary's view in `lang`, as the web edition's page of it reads it (the same view
/// `changes.typ.hbs` reads).
pub fn change_view(
    summary: &ChangeSummary,
    dataset: &Dataset,
    prepared: &Prepared,
    lang: Lang,
    draft: bool,
) -> Value {
    let wording = Wording {
        labels: prepared.labels.get(lang),
        builtin: prepared.builtin.get(lang),
    };
    serde_json::to_value(view(summary, dataset, &wording, draft)).unwrap_or_default()
}

/// The change summary in Welsh and in English.
pub fn change_documents(
    summary: &ChangeSummary,
    dataset: &Dataset,
    prepared: &Prepared,
    draft: bool,
) -> Result<Vec<Document>> {
    let (labels, builtin) = (&prepared.labels, &prepared.builtin);
    [(Edition::Welsh, Lang::Cy), (Edition::English, Lang::En)]
        .into_iter()
        .map(|(edition, lang)| {
            let l = labels.get(lang);
            let stem = format!("{}-{}", label(l, "/changes/file-name"), summary.to_year);
            let wording = Wording {
                labels: l,
                builtin: builtin.get(lang),
            };
            let typst = prepared
                .typst
                .render(CHANGES, &view(summary, dataset, &wording, draft))?;
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
        redline_lines(&word_diff(old, new), &redline::english_name)
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
    fn white_space_that_changed_is_named() {
        assert_eq!(
            printed("£1.2\u{a0}million", "£1.2 million"),
            ["£1.2[-‹no-break space›-][+‹space›+]million"]
        );
        assert_eq!(
            printed("a\u{a0}b c", "a b d"),
            ["a[-‹no-break space›-][+‹space›+]b [-c-][+d+]"]
        );
    }

    #[test]
    fn a_merged_or_split_paragraph_is_marked() {
        assert_eq!(
            printed("One.\n\nTwo.", "One. Two."),
            ["One.[- ¶ -][+‹space›+]Two."]
        );
        assert_eq!(
            printed("One. Two.", "One.\n\nTwo."),
            ["One.[-‹space›-][+¶+]", "Two."]
        );
    }
}
