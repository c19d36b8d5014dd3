//! `annual-update build` on the embedded sample: real binary, real Typst, text read back from the PDFs.

use crate::common::*;
use annual_update::model::{Dataset, Lang, Status};

#[test]
fn sample_builds_both_languages_with_every_action_and_update() {
    // The sample's build, shared with the other tests that only look at it.
    let ws = crate::common::shared::sample();

    let dir = ws.join("output/2026");
    let dataset =
        Dataset::from_json(&std::fs::read_to_string(dir.join("dataset.json")).unwrap()).unwrap();
    assert!(dataset.actions.len() >= 12);
    let en = pdf_text(&dir.join("annual-update-2026.pdf"));
    let cy = pdf_text(&dir.join("diweddariad-blynyddol-2026.pdf"));
    let bi = pdf_text(&dir.join("diweddariad-blynyddol-annual-update-2026.pdf"));

    for action in &dataset.actions {
        assert!(
            en.contains(&format!("Action {}", action.id)),
            "English lacks action {}",
            action.id
        );
        assert!(
            cy.contains(&format!("Cam gweithredu {}", action.id)),
            "Welsh lacks action {}",
            action.id
        );
        for update in &action.updates {
            for (lang, text) in [(Lang::En, &en), (Lang::Cy, &cy)] {
                let words = fold(&update.text.get(lang).as_ref().unwrap().first_words(6));
                assert!(
                    text.contains(&words),
                    "{lang:?} PDF lacks {} update {}: {words:?}",
                    action.id,
                    update.year
                );
                assert!(
                    bi.contains(&words),
                    "bilingual PDF lacks {} update {}: {words:?}",
                    action.id,
                    update.year
                );
            }
        }
    }
    for status in [
        "Statws y cam gweithredu: Parhaus.",
        "Statws y cam gweithredu: Cwblhawyd.",
        "Statws y cam gweithredu: Ar y gweill.",
        "Statws y cam gweithredu: Caewyd.",
    ] {
        assert!(cy.contains(status), "Welsh PDF lacks {status:?}");
    }
    assert!(
        !cy.contains("Action status"),
        "English labels leaked into the Welsh edition"
    );
    assert!(en.contains("Action status: Ongoing."));
    assert!(cy.contains("Cyhoeddwyd 24 Tachwedd 2026"));
    assert!(en.contains("Published 24 November 2026"));
    // The sample's real-world mess: 2.10 is its own action and "ongoing." was read as Ongoing.
    let a210 = dataset
        .actions
        .iter()
        .find(|a| a.id.as_str() == "2.10")
        .expect("2.10 is in the dataset");
    assert_eq!(a210.updates[0].status, Status::Ongoing);
}

#[test]
fn dataset_reads_back_to_the_same_value_and_bytes() {
    let ws = sample_workspace();
    let json =
        std::fs::read_to_string(ws.path().join("inputs/published/2025/dataset.json")).unwrap();
    let dataset = Dataset::from_json(&json).unwrap();
    assert_eq!(
        dataset.to_json(),
        json,
        "the published dataset is not in canonical form"
    );
    assert_eq!(Dataset::from_json(&dataset.to_json()).unwrap(), dataset);
}

#[test]
fn a_missing_typst_is_a_clear_error() {
    let ws = sample_workspace();
    let out = run(annual_update(ws.path()).args(["build", "--typst", "/nonexistent/typst"]));
    assert_eq!(out.status.code(), Some(3));
    let err = stderr(&out);
    assert!(
        err.contains("cannot run /nonexistent/typst") && err.contains("--typst"),
        "{err}"
    );

    let cache = tempfile::tempdir().unwrap();
    let out = run(annual_update(ws.path())
        .args(["build", "--no-install"])
        .env("ANNUAL_UPDATE_CACHE", cache.path())
        .env("PATH", "")
        .env_remove("TYPST"));
    assert_eq!(out.status.code(), Some(3));
    let err = stderr(&out);
    assert!(
        err.contains(&format!(
            "Typst {} was not found",
            annual_update::typst::PINNED
        )),
        "{err}"
    );
    assert!(
        !ws.path()
            .join("output/2026/annual-update-2026.pdf")
            .exists(),
        "no PDF without Typst"
    );
}
