//! Change summaries: a fixture year with known transitions, corrections and gaps gives exactly
//! those in changes.md, changes.json and changes.csv, from `build` and from `diff` alike.

use crate::common::*;

fn resolved_every_finding() -> tempfile::TempDir {
    let ws = fixture_workspace("every-finding");
    resolve_every_finding(&ws.path().join("inputs"));
    ws
}

#[test]
fn build_and_diff_report_the_years_changes() {
    let ws = resolved_every_finding();
    let out = run(annual_update(ws.path()).arg("build"));
    assert!(out.status.success(), "{}", stderr(&out));
    let dir = ws.path().join("output/2026");
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("changes.json")).unwrap()).unwrap();

    let moved: Vec<(String, String, u64)> = json["transitions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            (
                t["from"].as_str().unwrap_or("new").into(),
                t["to"].as_str().unwrap().into(),
                t["count"].as_u64().unwrap(),
            )
        })
        .collect();
    assert!(
        moved.contains(&("delivered".into(), "ongoing".into(), 1)),
        "1.2 reopened: {moved:?}"
    );
    assert!(
        moved.contains(&("closed".into(), "closed".into(), 1)),
        "2.6 stays closed: {moved:?}"
    );
    assert_eq!(json["no-update"], serde_json::json!(["2.3", "2.7"]));
    assert_eq!(json["new-actions"], serde_json::json!([]));

    let edits = json["edits"].as_array().unwrap();
    assert_eq!(edits.len(), 2, "{edits:#?}");
    assert_eq!(
        (
            edits[0]["action"].as_str(),
            edits[0]["field"].as_str(),
            edits[0]["lang"].as_str()
        ),
        (Some("2.2"), Some("commitment"), Some("en"))
    );
    assert_eq!(edits[1]["update-year"], 2024);

    let md = std::fs::read_to_string(dir.join("changes.md")).unwrap();
    assert!(
        md.contains("will {+continue to +}engage"),
        "word-level insertion marked in text: {md}"
    );
    assert!(md.contains("Reason: The commitment was extended in the 2026 plan review."));
    assert!(md.contains("[-online’.-]{+online’ (corrected).+}"), "{md}");
    assert!(
        md.contains("| Delivered | · | · | · | · |") || md.contains("| Delivered | 1 |"),
        "{md}"
    );
    let csv = std::fs::read_to_string(dir.join("changes.csv")).unwrap();
    assert!(
        csv.starts_with("kind,action,detail,year,lang,from,to,note\n"),
        "{csv}"
    );
    assert!(
        csv.lines()
            .any(|l| l.starts_with("edit,2.2,commitment,,en,")),
        "{csv}"
    );

    // The PDFs in both languages tell the same story.
    let en = pdf_text(&dir.join("change-summary-2026.pdf"));
    let cy = pdf_text(&dir.join("crynodeb-o-newidiadau-2026.pdf"));
    assert!(
        en.contains("Change summary 2026")
            && en.contains("Status changes")
            && en.contains("Open actions with no update this year 2.3, 2.7"),
        "{en}"
    );
    assert!(
        en.contains("will [+ continue to +] engage"),
        "insertions marked by brackets, not colour alone: {en}"
    );
    assert!(
        en.contains("[- online’. -] [+ online’ (corrected). +]"),
        "{en}"
    );
    assert!(en.contains("Reason: The commitment was extended in the 2026 plan review."));
    assert!(
        cy.contains("Crynodeb o'r newidiadau 2026")
            && cy.contains("Newidiadau statws")
            && cy.contains("Rheswm:"),
        "{cy}"
    );

    // The same summary from the diff command, between the two datasets.
    let out = run(annual_update(ws.path()).args([
        "diff",
        "--from",
        "inputs/published/2025/dataset.json",
        "--to",
        "output/2026/dataset.json",
        "--output",
        "again",
    ]));
    assert!(out.status.success(), "{}", stderr(&out));
    for f in ["changes.md", "changes.json", "changes.csv"] {
        assert_eq!(
            std::fs::read(dir.join(f)).unwrap(),
            std::fs::read(ws.path().join("again").join(f)).unwrap(),
            "{f}"
        );
    }
}

#[test]
fn the_sample_with_an_action_delivered_this_year() {
    let ws = sample_workspace();
    edit_file(
        &ws.path()
            .join("inputs/submissions/2026/cyber-resilience.xml"),
        r#"<update action="2.4" status="Ongoing">"#,
        r#"<update action="2.4" status="Delivered">"#,
    );
    let out = run(annual_update(ws.path()).args(["check"]));
    assert!(out.status.success(), "{}", stderr(&out));
    let out = run(annual_update(ws.path()).args([
        "diff",
        "--from",
        "inputs/published/2025/dataset.json",
        "--to",
        "nothing.json",
    ]));
    assert_eq!(
        out.status.code(),
        Some(1),
        "a dataset that cannot be read is an input error: {}",
        stderr(&out)
    );
    let out = run(annual_update(ws.path()).arg("build"));
    assert!(out.status.success(), "{}", stderr(&out));
    let json: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(ws.path().join("output/2026/changes.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(json["new-actions"], serde_json::json!(["1.4"]));
    assert_eq!(json["no-update"], serde_json::json!(["2.3"]));
    assert_eq!(
        json["finished"],
        serde_json::json!([{"action": "2.4", "status": "delivered"}])
    );
    assert!(
        json["transitions"]
            .as_array()
            .unwrap()
            .contains(&serde_json::json!({"from": "ongoing", "to": "delivered", "count": 1}))
    );
    assert!(
        json["status-counts"]
            .as_array()
            .unwrap()
            .contains(&serde_json::json!({"status": null, "from": 0, "to": 1})),
        "1.4 has no update yet"
    );
    assert_eq!(json["edits"], serde_json::json!([]));
    let md = std::fs::read_to_string(ws.path().join("output/2026/changes.md")).unwrap();
    assert!(
        md.contains("## Delivered or closed in 2026\n\n2.4 (Delivered)"),
        "{md}"
    );
    let cy = pdf_text(&ws.path().join("output/2026/crynodeb-o-newidiadau-2026.pdf"));
    assert!(
        cy.contains("Wedi'u cwblhau neu eu cau eleni 2.4 (Cwblhawyd)"),
        "{cy}"
    );
}
