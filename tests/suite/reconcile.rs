//! Reconcile: a fixture year holding one case of every finding gives exactly those findings,
//! located; resolving them gives a clean final build; every row read is accounted for.

use crate::common::*;
use annual_update::model::{Dataset, Field, Lang};

/// (code, file:line:column under submissions/2026/, action) of every finding the fixture holds.
const EXPECTED: &[(&str, &str, &str)] = &[
    ("no-update", "", "2.3"),
    ("unknown-action", "bad-ids.xml:3:3", "2.99"),
    ("unknown-category", "bad-ids.xml:7:3", "8.1"),
    ("status-backwards", "cyber-resilience.xml:11:3", "1.2"),
    ("duplicate-update", "digital-learning.xml:3:3", "3.2"),
    (
        "update-to-finished-action",
        "digital-learning.xml:7:3",
        "2.6",
    ),
    ("copied-text", "digital-learning.xml:12:5", "3.1"),
    ("unknown-reference", "digital-learning.xml:18:5", "2.8"),
    ("missing-language", "english-only.xml:3:3", "2.7"),
    ("missing-language", "english-only.xml:6:3", "3.4"),
    ("action-id-taken", "english-only.xml:9:3", "2.11"),
    ("year-mismatch", "last-year.xml:2:1", ""),
    ("conflicting-updates", "online-safety.xml:3:3", "2.5"),
    ("not-lead-team", "online-safety.xml:7:3", "1.3"),
    ("already-published", "online-safety.xml:11:3", "2.1"),
    ("published-text-edit", "online-safety.xml:21:3", "2.2"),
    ("unknown-team", "stranger.xml:2:1", ""),
    ("duplicate-update", "stranger.xml:3:3", "5.1"),
];

fn findings(json: &serde_json::Value) -> Vec<(String, String, String)> {
    json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let at = match &f["source"] {
                serde_json::Value::Null => String::new(),
                s => format!(
                    "{}:{}:{}",
                    s["file"]
                        .as_str()
                        .unwrap()
                        .trim_start_matches("submissions/2026/"),
                    s["line"],
                    s["column"]
                ),
            };
            (
                f["code"].as_str().unwrap().to_string(),
                at,
                f["action"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect()
}

#[test]
fn every_finding_once_and_located() {
    let dir = repo().join("tests/fixtures");
    // The teams' feedback goes to a temporary folder, not into the repository.
    let feedback = tempfile::tempdir().unwrap();
    let out = run(annual_update(&dir)
        .args([
            "check",
            "--format",
            "json",
            "--inputs",
            "every-finding",
            "--output",
        ])
        .arg(feedback.path()));
    assert_eq!(out.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let want: Vec<(String, String, String)> = EXPECTED
        .iter()
        .map(|(c, a, id)| (c.to_string(), a.to_string(), id.to_string()))
        .collect();
    assert_eq!(findings(&json), want);
    for f in json["findings"].as_array().unwrap() {
        let severity = f["severity"].as_str().unwrap();
        assert!(
            severity == "info" || !f["fix"].as_str().unwrap().is_empty(),
            "no fix: {f}"
        );
    }
    // Nothing lost: 27 rows read, each in the dataset, merged, or not used with a finding.
    assert_eq!(
        json["rows"],
        serde_json::json!({"rows": 27, "unreadable": 0, "used": 18, "merged": 3, "rejected": 6})
    );
}

#[test]
fn final_build_refuses_then_passes_once_resolved() {
    let ws = fixture_workspace("every-finding");
    let dir = ws.path().join("output/2026");
    // A draft builds, marked on every page while blocking problems remain.
    let out = run(annual_update(ws.path()).args(["build"]));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(pdf_text(&dir.join("annual-update-2026.pdf")).contains("Draft"));
    assert!(pdf_text(&dir.join("diweddariad-blynyddol-2026.pdf")).contains("Drafft"));
    std::fs::remove_dir_all(&dir).unwrap();

    let out = run(annual_update(ws.path()).args(["build", "--final"]));
    assert_eq!(out.status.code(), Some(1));
    assert!(
        !dir.join("annual-update-2026.pdf").exists(),
        "no PDF from a refused final build"
    );
    assert!(
        !dir.exists(),
        "a refused build leaves the output as it was: none"
    );
    let md =
        std::fs::read_to_string(ws.path().join("output/2026-failed-build/findings.md")).unwrap();
    assert!(
        md.contains("| `published-text-edit` | submissions/2026/online-safety.xml:21:3 | 2.2 |"),
        "{md}"
    );
    assert!(stderr(&out).contains("final build refused: 10 blocking problems"));

    // The decisions go in the resolutions file; the input errors are fixed at source.
    resolve_every_finding(&ws.path().join("inputs"));
    // The two English corrections leave their Welsh stale: still no final build.
    let out = run(annual_update(ws.path()).args(["build", "--final"]));
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("error[stale-welsh]: resolutions/2026.toml:17:1: action 2.2"));
    assert!(err.contains("error[stale-welsh]: resolutions/2026.toml:24:1: action 3.3"));
    assert!(err.contains("final build refused: 2 blocking problems"));
    // Translated through XLIFF, the build is final.
    assert_eq!(translate_everything(ws.path(), "Cywiriad"), 2);
    let out = run(annual_update(ws.path()).args(["build", "--final"]));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    for pdf in [
        "annual-update-2026.pdf",
        "diweddariad-blynyddol-2026.pdf",
        "diweddariad-blynyddol-annual-update-2026.pdf",
    ] {
        assert!(dir.join(pdf).exists(), "{pdf}");
    }
    let dataset =
        Dataset::from_json(&std::fs::read_to_string(dir.join("dataset.json")).unwrap()).unwrap();
    let action = |id: &str| {
        dataset
            .actions
            .iter()
            .find(|a| a.id.as_str() == id)
            .unwrap()
    };
    assert!(
        action("2.5").updates[0]
            .text
            .en
            .as_ref()
            .unwrap()
            .plain()
            .starts_with("With the Online Safety Team")
    );
    assert_eq!(action("1.2").updates[0].year, 2026, "reopened");
    assert_eq!(action("2.6").updates[0].year, 2026, "reopened");
    assert_eq!(dataset.corrections.len(), 2);
    let c = &dataset.corrections[0];
    assert_eq!(
        (c.action.as_str(), c.field, c.lang),
        ("2.2", Field::Commitment, Lang::En)
    );
    assert!(
        c.new
            .plain()
            .starts_with("The Welsh Government will continue to")
    );
    assert_ne!(c.old.as_ref(), Some(&c.new));
    assert_eq!(action("2.2").commitment.en.as_ref(), Some(&c.new));
    assert_eq!(dataset.corrections[1].update_year, Some(2024));
    let en = pdf_text(&dir.join("annual-update-2026.pdf"));
    assert!(
        en.contains("(corrected)"),
        "the corrected 2024 update of 3.3 is published"
    );
    assert!(!en.contains("Draft"));
}

#[test]
fn the_sample_accounts_for_every_row() {
    let ws = sample_workspace();
    let out = run(annual_update(ws.path()).args(["check", "--format", "json"]));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let rows = &json["rows"];
    // 15 rows from the partners' files and 2 units from the returned translation.
    assert_eq!(rows["rows"], 17);
    assert_eq!(rows["used"], 17);
}

/// Every update sent and not used is remembered with why: ingest's rejections, an update to no
/// action, a file for another year; an action left with no update says which was not used.
#[test]
fn every_update_not_used_is_still_owed_with_why() {
    use annual_update::pipeline::year::{LastYear, load};
    use annual_update::{fonts::Coverage, report_templates::ReportTemplates};
    let ws = fixture_workspace("every-finding");
    let coverage = Coverage::of(&ReportTemplates::embedded());
    let year = load(
        &annual_update::inputs::Inputs::new(ws.path().join("inputs")),
        None,
        &coverage,
        LastYear::MovedIn,
        Vec::new(),
    )
    .unwrap();
    let r = &year.reconciled;
    let unused: Vec<String> = r
        .unused
        .iter()
        .map(|u| {
            let action = u.action.as_ref().map_or("-".into(), |a| a.to_string());
            format!("{action} {} {}", u.code.as_str(), u.source)
        })
        .collect();
    assert_eq!(
        unused,
        [
            "2.3 year-mismatch submissions/2026/last-year.xml:2:1",
            "2.99 unknown-action submissions/2026/bad-ids.xml:3:3",
        ]
    );
    let no_update = r
        .findings
        .iter()
        .find(|f| f.code.as_str() == "no-update")
        .unwrap();
    assert_eq!(
        no_update.to_string(),
        "warning[no-update]: action 2.3: no update this year: the one in submissions/2026/last-year.xml:2:1 was not used (year-mismatch)\n  fix: ask team \"online-safety\" to correct it (see the year-mismatch finding there) and send the file again"
    );
}
