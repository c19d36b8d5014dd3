//! The translation round trip: Welsh that is missing goes out as XLIFF 1.2, comes back translated
//! and reaches the Welsh PDF; an English change afterwards makes it stale again, and `--final`
//! refuses while any Welsh is missing or stale. Returned units are checked one by one.

use crate::common::*;
use annual_update::model::{Dataset, Slot, WelshState, fingerprint};
use std::process::Output;

fn check_json(ws: &std::path::Path) -> (Option<i32>, serde_json::Value) {
    let out = run(annual_update(ws).args(["check", "--format", "json"]));
    (
        out.status.code(),
        serde_json::from_slice(&out.stdout).unwrap(),
    )
}

/// (code, file:line:column, action) of each finding with one of `codes`.
fn located(json: &serde_json::Value, codes: &[&str]) -> Vec<(String, String, String)> {
    json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| codes.contains(&f["code"].as_str().unwrap()))
        .map(|f| {
            let s = &f["source"];
            let at = match s["line"].as_u64() {
                Some(line) => format!("{}:{line}:{}", s["file"].as_str().unwrap(), s["column"]),
                None => s["file"].as_str().unwrap_or("").to_string(),
            };
            (
                f["code"].as_str().unwrap().into(),
                at,
                f["action"].as_str().unwrap_or("").into(),
            )
        })
        .collect()
}

/// The translators fill every unit of `xliff`, their Welsh starting with `prefix`, and return it
/// as `name`; the returned file is imported.
fn import_translated(ws: &std::path::Path, xliff: &str, name: &str, prefix: &str) -> Output {
    let returned = ws.join(name);
    std::fs::write(&returned, translate_xliff(xliff, prefix)).unwrap();
    run(annual_update(ws).args(["xliff", "import"]).arg(&returned))
}

/// What translate-toolkit and the OASIS XLIFF 1.2 strict schema make of an exported file (see
/// tests/fixtures/xliff/check_xliff.py): `None` when lxml or translate-toolkit is missing and
/// ANNUAL_UPDATE_REQUIRE_TRANSLATE_TOOLKIT is not set (CI sets it, and installs them).
fn translate_toolkit_reads(ws: &std::path::Path, xliff: &str) -> Option<serde_json::Value> {
    let file = ws.join("strict-check.xlf");
    std::fs::write(&file, xliff).unwrap();
    let out = run(std::process::Command::new("python3")
        .arg(repo().join("tests/fixtures/xliff/check_xliff.py"))
        .arg(&file));
    if out.status.code() == Some(3) {
        let why = stderr(&out);
        assert!(
            std::env::var_os("ANNUAL_UPDATE_REQUIRE_TRANSLATE_TOOLKIT").is_none(),
            "pip install translate-toolkit lxml: {why}"
        );
        eprintln!("SKIPPED the XLIFF strict schema and translate-toolkit checks: {why}");
        return None;
    }
    assert!(out.status.success(), "{}", stderr(&out));
    let seen: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        seen["errors"],
        serde_json::json!([]),
        "the export is not valid XLIFF 1.2 strict:\n{xliff}"
    );
    Some(seen)
}

fn owned(v: &[(&str, &str, &str)]) -> Vec<(String, String, String)> {
    v.iter()
        .map(|(a, b, c)| (a.to_string(), b.to_string(), c.to_string()))
        .collect()
}

#[test]
fn export_translate_import_build_then_an_english_edit_makes_it_stale() {
    let ws = sample_workspace();
    let inputs = ws.path().join("inputs");
    let year_dir = inputs.join("submissions/2026");
    // The sample's cyber-resilience team sent 2.7 and 3.2 in English only; without the returned
    // translation the Welsh of both is missing, and a final build is refused.
    std::fs::remove_file(year_dir.join("translation-2026.xlf")).unwrap();
    let (code, json) = check_json(ws.path());
    assert_eq!(code, Some(1));
    assert_eq!(
        located(&json, &["missing-language"]),
        owned(&[
            (
                "missing-language",
                "submissions/2026/cyber-resilience.xml:19:3",
                "2.7"
            ),
            (
                "missing-language",
                "submissions/2026/cyber-resilience.xml:24:3",
                "3.2"
            ),
        ])
    );
    let out = run(annual_update(ws.path()).args(["build", "--final"]));
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("Welsh: 113 of 115 texts translated, 2 missing, 0 stale"));

    // Export: one unit per missing text, with its action, context, fingerprint and state.
    let xliff = export_xliff(ws.path());
    assert!(
        xliff.contains(r#"<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2""#)
    );
    assert!(xliff.contains(r#"source-language="en-GB" target-language="cy-GB""#));
    assert_eq!(xliff.matches("<trans-unit ").count(), 2);
    assert_eq!(
        xliff
            .matches(r#"<target state="needs-translation">"#)
            .count(),
        2
    );
    assert!(xliff.contains(r#"<trans-unit id="3.2/update/2026""#));
    assert!(xliff.contains(r#"(see action <ph id="a2.9" ctype="x-action">2.9</ph>)"#));
    assert!(xliff.contains("Action 3.2, 2026 update (status: Ongoing / Parhaus)"));
    // The fingerprint travels in a <context> the strict schema allows, not an attribute of ours.
    assert!(xliff.contains(r#"<context context-type="x-source-hash">"#));
    if let Some(seen) = translate_toolkit_reads(ws.path(), &xliff) {
        assert_eq!(seen["units"].as_array().unwrap().len(), 2, "{seen}");
    }

    // The translators fill every target; the returned file is imported and the build is final.
    let out = import_translated(ws.path(), &xliff, "returned.xlf", "Cyfieithiad prawf");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("imported as submissions/2026/returned.xlf: 2 units, 2 translated")
    );
    assert!(stderr(&out).contains("Welsh: 115 of 115 texts translated, 0 missing, 0 stale"));
    let out = run(annual_update(ws.path()).args(["build", "--final"]));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let dir = ws.path().join("output/2026");
    let cy = pdf_text(&dir.join("diweddariad-blynyddol-2026.pdf"));
    assert!(
        cy.contains("Cyfieithiad prawf 2.7/update/2026: Mae"),
        "{cy}"
    );
    assert!(cy.contains("Cyfieithiad prawf 3.2/update/2026: Mae"));
    assert!(!cy.contains("Drafft"));
    let dataset =
        Dataset::from_json(&std::fs::read_to_string(dir.join("dataset.json")).unwrap()).unwrap();
    let id = annual_update::model::ActionId::parse("3.2").unwrap();
    let text = dataset.text(&Slot::update(&id, 2026)).unwrap();
    assert_eq!(text.welsh_state(), Some(WelshState::Translated));
    assert_eq!(text.cy_translates, text.en.as_ref().map(fingerprint));
    assert_eq!(
        text.cy.as_ref().unwrap().references().collect::<Vec<_>>(),
        vec![&annual_update::model::ActionId::parse("2.9").unwrap()],
        "the action tag came back as a reference"
    );

    // The team changes its English afterwards: that unit's Welsh is stale, located at the unit.
    edit_file(
        &year_dir.join("cyber-resilience.xml"),
        "Between January and March 2026 we ran",
        "Between January and April 2026 we ran",
    );
    let (code, json) = check_json(ws.path());
    assert_eq!(code, Some(1));
    let stale = located(&json, &["stale-welsh", "missing-language"]);
    assert_eq!(stale.len(), 1, "{stale:?}");
    assert_eq!(stale[0].0, "stale-welsh");
    assert!(
        stale[0].1.starts_with("submissions/2026/returned.xlf:"),
        "{stale:?}"
    );
    assert_eq!(stale[0].2, "3.2");
    let out = run(annual_update(ws.path()).args(["build", "--final"]));
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("Welsh: 114 of 115 texts translated, 0 missing, 1 stale"));
    // A draft prints the stale Welsh, marked, and the English as it is now.
    let out = run(annual_update(ws.path()).arg("build"));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let cy = pdf_text(&dir.join("diweddariad-blynyddol-2026.pdf"));
    assert_eq!(cy.matches("[Angen ei ailgyfieithu").count(), 1, "{cy}");
    assert!(cy.contains("Cyfieithiad prawf 3.2/update/2026: Mae"));

    // Exported again, the unit asks for review and carries the previous Welsh, and the English it
    // translates beside it as an <alt-trans>: a CAT tool shows the old English by the new.
    let xliff = export_xliff(ws.path());
    assert_eq!(xliff.matches("<trans-unit ").count(), 1);
    assert!(xliff.contains(r#"<trans-unit id="3.2/update/2026""#));
    assert!(xliff.contains(r#"<target state="needs-review-translation">Cyfieithiad prawf"#));
    assert!(xliff.contains("Previous Welsh: Cyfieithiad prawf 3.2/update/2026"));
    assert!(xliff.contains("Between January and April 2026"));
    if let Some(seen) = translate_toolkit_reads(ws.path(), &xliff) {
        let unit = &seen["units"][0];
        assert_eq!(unit["id"], "3.2/update/2026");
        assert!(
            unit["source"]
                .as_str()
                .unwrap()
                .contains("Between January and April 2026")
        );
        let alt = &unit["alt"][0];
        assert!(
            alt["source"]
                .as_str()
                .unwrap()
                .contains("Between January and March 2026"),
            "{seen}"
        );
        assert!(
            alt["target"]
                .as_str()
                .unwrap()
                .starts_with("Cyfieithiad prawf 3.2/update/2026")
        );
        let quality: u32 = alt["match-quality"].as_str().unwrap().parse().unwrap();
        assert!((80..100).contains(&quality), "{quality}");
        assert!(alt["origin"].as_str().unwrap().starts_with("annual-update"));
    }

    // A second round: the new unit supersedes the old one, and the build is final again.
    let out = import_translated(ws.path(), &xliff, "second-round.xlf", "Ail gyfieithiad");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let (code, json) = check_json(ws.path());
    assert_eq!(code, Some(0));
    let superseded = located(&json, &["outdated-translation"]);
    assert_eq!(superseded.len(), 1);
    assert!(
        superseded[0]
            .1
            .starts_with("submissions/2026/returned.xlf:")
    );
    let out = run(annual_update(ws.path()).args(["build", "--final"]));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let cy = pdf_text(&dir.join("diweddariad-blynyddol-2026.pdf"));
    assert!(cy.contains("Ail gyfieithiad 3.2/update/2026: Mae"));
    assert!(!cy.contains("[Angen ei ailgyfieithu"));
}

#[test]
fn returned_units_are_checked_one_by_one() {
    let ws = sample_workspace();
    let year_dir = ws.path().join("inputs/submissions/2026");
    std::fs::remove_file(year_dir.join("translation-2026.xlf")).unwrap();
    let bad = repo().join("tests/fixtures/translations/problems.xlf");

    // A file with a broken unit is refused by import, and nothing is copied.
    let out = run(annual_update(ws.path()).args(["xliff", "import"]).arg(&bad));
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("was not imported"));
    assert!(!year_dir.join("problems.xlf").exists());

    // Put in the folder by hand, every unit is accounted for with a located reason.
    std::fs::copy(&bad, year_dir.join("problems.xlf")).unwrap();
    let (code, json) = check_json(ws.path());
    assert_eq!(code, Some(1));
    let at = |line: u32, col: u32| format!("submissions/2026/problems.xlf:{line}:{col}");
    let want = vec![
        (
            "missing-language".into(),
            "submissions/2026/cyber-resilience.xml:24:3".into(),
            "3.2".into(),
        ),
        ("bad-translation".into(), at(8, 7), "3.2".into()),
        ("bad-translation".into(), at(11, 7), "".into()),
        ("bad-translation".into(), at(14, 96), "2.7".into()),
        ("stale-welsh".into(), at(16, 7), "2.7".into()),
        ("not-translated".into(), at(20, 7), "1.1".into()),
        ("unused-translation".into(), at(24, 7), "9.9".into()),
        ("unused-translation".into(), at(28, 7), "1.1".into()),
        ("bad-translation".into(), at(34, 3), "".into()),
    ];
    let codes = [
        "missing-language",
        "bad-translation",
        "stale-welsh",
        "not-translated",
        "unused-translation",
    ];
    assert_eq!(located(&json, &codes), want);
    // Nothing lost: 8 units read in the English-to-Welsh file (the French file's are not read).
    let rows = &json["rows"];
    assert_eq!(rows["rows"], 15 + 7);
    assert_eq!(rows["unreadable"], 3);
}
