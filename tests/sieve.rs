//! The sieve (`src/inputs/sieve.rs`): `check` keeps only the verdicts on the history texts this year's
//! inputs do not change, and reaches the same findings, ledger and Welsh parity as a run that
//! keeps every word.

mod common;

use std::path::{Path, PathBuf};

use annual_update::pipeline::year::{LastYear, ReconciledYear, load};
use annual_update::render::ReportTemplates;
use annual_update::render::glyphs::Coverage;
use common::*;

/// The sample inputs and the every-finding fixture resolved (so with corrections of a
/// commitment and of an old update), each with last year's history made to hold an
/// unprintable character and a stale Welsh text; and the every-finding fixture as it is.
fn cases(root: &Path) -> Vec<(PathBuf, bool)> {
    let repo = repo();
    let sample = root.join("sample");
    copy_tree(&repo.join("inputs"), &sample);
    let every = root.join("every-finding");
    copy_tree(&repo.join("tests/fixtures/every-finding"), &every);
    copy_tree(
        &repo.join("tests/fixtures/every-finding"),
        &root.join("unresolved"),
    );
    std::fs::create_dir_all(every.join("resolutions")).unwrap();
    std::fs::copy(
        repo.join("tests/fixtures/every-finding-resolutions.toml"),
        every.join("resolutions/2026.toml"),
    )
    .unwrap();
    for inputs in [&sample, &every] {
        let dataset = inputs.join("published/2025/dataset.json");
        let mut json = std::fs::read_to_string(&dataset).unwrap();
        // The last text's Welsh goes stale: it now translates some other English.
        let key = "\"cy-translates\": \"";
        let at = json.rfind(key).unwrap() + key.len();
        json.replace_range(at..at + 16, "0123456789abcdef");
        // The history's first Welsh text gains a character no font has.
        let at = json.find("\"cy\": [").unwrap();
        let text = at + json[at..].find("\"text\": \"").unwrap() + "\"text\": \"".len();
        json.insert_str(text, "日 ");
        std::fs::write(&dataset, json).unwrap();
    }
    vec![
        (sample, true),
        (every, true),
        (root.join("unresolved"), false),
    ]
}

fn verdicts(year: &ReconciledYear) -> impl PartialEq + std::fmt::Debug + '_ {
    let r = &year.reconciled;
    (&r.findings, &r.ledger, &r.parity)
}

#[test]
fn sealing_the_history_changes_no_verdict() {
    let coverage = Coverage::of(&ReportTemplates::embedded());
    let root = tempfile::tempdir().unwrap();
    for (inputs, edited) in cases(root.path()) {
        let full = load(&inputs, None, &coverage, LastYear::MovedIn).unwrap();
        let sealed = load(&inputs, None, &coverage, LastYear::Sieved).unwrap();
        assert_eq!(verdicts(&sealed), verdicts(&full), "{}", inputs.display());
        let codes: Vec<&str> = full
            .reconciled
            .findings
            .iter()
            .map(|f| f.code.as_str())
            .collect();
        for code in ["unprintable-character", "stale-welsh"] {
            let found = codes.contains(&code);
            assert_eq!(found, edited, "{}: {code}", inputs.display());
        }
        // Nearly every text was sealed; the words kept are those this year changes.
        let texts = |y: &ReconciledYear| {
            y.reconciled
                .dataset
                .actions
                .iter()
                .flat_map(|a| a.texts())
                .filter(|(_, t)| t.sealed.is_none() && !t.is_empty())
                .count()
        };
        assert!(
            texts(&sealed) * 3 < texts(&full),
            "{}: {} of {} texts kept",
            inputs.display(),
            texts(&sealed),
            texts(&full)
        );
    }
}

#[test]
fn a_sealed_text_is_never_written() {
    let coverage = Coverage::of(&ReportTemplates::embedded());
    let inputs = repo().join("inputs");
    let sealed = load(&inputs, None, &coverage, LastYear::Sieved).unwrap();
    let text = sealed.reconciled.dataset.actions[0].commitment.clone();
    assert!(text.sealed.is_some());
    let error = serde_json::to_string(&text).unwrap_err().to_string();
    assert!(error.contains("sealed text has no words"), "{error}");
}
