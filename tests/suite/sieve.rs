//! The sieve (`src/inputs/sieve.rs`): `check` keeps only the verdicts on the history texts this year's
//! inputs do not change, and reaches the same findings, ledger and Welsh parity as a run that
//! keeps every word.

use std::path::{Path, PathBuf};

use crate::common::*;
use annual_update::fonts::Coverage;
use annual_update::inputs::Inputs;
use annual_update::pipeline::year::{LastYear, ReconciledYear, load};
use annual_update::report_templates::ReportTemplates;

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
        let full = load(
            &Inputs::new(&inputs),
            None,
            &coverage,
            LastYear::MovedIn,
            Vec::new(),
        )
        .unwrap();
        let sealed = load(
            &Inputs::new(&inputs),
            None,
            &coverage,
            LastYear::Sieved,
            Vec::new(),
        )
        .unwrap();
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
    let sealed = load(
        &Inputs::new(&inputs),
        None,
        &coverage,
        LastYear::Sieved,
        Vec::new(),
    )
    .unwrap();
    let text = sealed.reconciled.dataset.actions[0].commitment.clone();
    assert!(text.sealed.is_some());
    let error = serde_json::to_string(&text).unwrap_err().to_string();
    assert!(error.contains("sealed text has no words"), "{error}");
}

/// This year's text is compared with every published update of its action, not only last
/// year's: kept as fingerprints by the sieve, they give the same `copied-text` as the words.
#[test]
fn a_text_that_repeats_an_older_year_is_found_with_or_without_the_words() {
    use annual_update::model::Dataset;
    let coverage = Coverage::of(&ReportTemplates::embedded());
    let root = tempfile::tempdir().unwrap();
    let inputs = root.path().join("inputs");
    copy_tree(&repo().join("inputs"), &inputs);
    // 2.4's update of 2024 said what this year's (2026) says.
    let published = inputs.join("published/2025/dataset.json");
    let mut dataset: Dataset =
        serde_json::from_str(&std::fs::read_to_string(&published).unwrap()).unwrap();
    let this_year = "Following agreement with all 22 local authorities, a national filtering and monitoring service for schools will be introduced from September 2026, with £1.4 million of funding in 2026–27.\n\nAhead of the launch we held three online sessions for designated safeguarding persons in February and March 2026 on how to respond to monitoring alerts.";
    let action = dataset
        .actions
        .iter_mut()
        .find(|a| a.id.as_str() == "2.4")
        .unwrap();
    let update = action.updates.iter_mut().find(|u| u.year == 2024).unwrap();
    update.text.en = annual_update::text::parse(this_year);
    std::fs::write(&published, dataset.to_json()).unwrap();
    let full = load(
        &Inputs::new(&inputs),
        None,
        &coverage,
        LastYear::MovedIn,
        Vec::new(),
    )
    .unwrap();
    let sealed = load(
        &Inputs::new(&inputs),
        None,
        &coverage,
        LastYear::Sieved,
        Vec::new(),
    )
    .unwrap();
    assert_eq!(verdicts(&sealed), verdicts(&full));
    let copied: Vec<String> = full
        .reconciled
        .findings
        .iter()
        .filter(|f| f.code.as_str() == "copied-text")
        .map(|f| format!("{}: {}", located(f), f.message))
        .collect();
    assert_eq!(
        copied,
        [
            "submissions/2026/cyber-resilience.xml:4:5: the English text is the same as the 2024 update"
        ]
    );
}
