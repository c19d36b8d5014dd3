//! The output folder is always exactly one build: a build that is refused or fails leaves it byte
//! for byte as the last complete build left it and puts its own reports beside it, in
//! `<year>-failed-build/`; a complete build leaves exactly the files it made, each in its
//! manifest, so files a build no longer makes are gone.

use std::path::Path;

use crate::common::*;

fn build(ws: &Path, args: &[&str]) -> std::process::Output {
    run(annual_update(ws).arg("build").args(args))
}

/// A build that must complete.
fn built(ws: &Path, args: &[&str]) {
    let out = build(ws, args);
    assert!(out.status.success(), "{}", stderr(&out));
}

#[test]
fn a_build_leaves_exactly_the_files_of_its_manifest() {
    let ws = sample_workspace();
    built(ws.path(), &[]);
    let dir = ws.path().join("output/2026");
    assert_folder_is_its_manifest(&dir);
    let files = folder_bytes(&dir);
    for name in [
        "findings.md",
        "findings.json",
        "parity.md",
        "parity.json",
        "dataset.json",
        "changes.md",
        "change-summary-2026.pdf",
        "typst/annual-update-2026.typ",
        "typst/fonts/NotoSans-Regular.ttf",
    ] {
        assert!(files.contains_key(name), "{name} is made and listed");
    }
    assert!(!ws.path().join("output/2026-failed-build").exists());

    // Nothing changed: the same files, the same bytes.
    built(ws.path(), &[]);
    assert_same_files(
        &folder_bytes(&dir),
        &files,
        "a rebuild with nothing changed",
    );
}

#[test]
fn a_refused_final_build_leaves_the_folder_as_it_was() {
    let ws = sample_workspace();
    built(ws.path(), &[]);
    let dir = ws.path().join("output/2026");
    let before = folder_bytes(&dir);

    // Without the returned translation, two Welsh texts are missing: blocking.
    std::fs::remove_file(
        ws.path()
            .join("inputs/submissions/2026/translation-2026.xlf"),
    )
    .unwrap();
    let out = build(ws.path(), &["--final"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    let failed = ws.path().join("output/2026-failed-build");
    assert!(err.contains("final build refused"), "{err}");
    assert!(
        err.contains(&failed.join("findings.md").display().to_string()),
        "the terminal names where this run's findings are: {err}"
    );
    assert_same_files(
        &folder_bytes(&dir),
        &before,
        "the folder is the last build's",
    );
    assert_folder_is_its_manifest(&dir);

    // The refused run's own reports, in their own place.
    let reports = folder_bytes(&failed);
    assert_eq!(
        reports.keys().map(String::as_str).collect::<Vec<_>>(),
        [
            "feedback/cyber-resilience.md",
            "feedback/digital-learning.md",
            "feedback/online-safety.md",
            "findings.json",
            "findings.md",
            "parity.json",
            "parity.md"
        ]
    );
    let findings = String::from_utf8_lossy(&reports["findings.md"]).into_owned();
    assert!(findings.contains("missing-language"), "{findings}");
    assert_ne!(reports["findings.md"], before["findings.md"]);

    // The next complete build removes the failure's reports: nothing stale is left.
    built(ws.path(), &[]);
    assert!(!failed.exists());
    assert_folder_is_its_manifest(&dir);
}

#[test]
fn a_failed_typst_compile_leaves_the_folder_as_it_was() {
    let ws = sample_workspace();
    built(ws.path(), &[]);
    let dir = ws.path().join("output/2026");
    let before = folder_bytes(&dir);

    // A house style that Typst cannot compile.
    let templates = ws.path().join("my-templates");
    std::fs::create_dir_all(&templates).unwrap();
    std::fs::write(templates.join("style.typ"), "#let broken = (\n").unwrap();
    let out = build(ws.path(), &["--templates", "my-templates"]);
    assert_eq!(out.status.code(), Some(4), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("output/2026-failed-build"),
        "the terminal names where this run's reports are: {err}"
    );
    assert_same_files(
        &folder_bytes(&dir),
        &before,
        "the folder is the last build's",
    );
    assert!(
        ws.path()
            .join("output/2026-failed-build/findings.md")
            .is_file()
    );
}

#[test]
fn files_a_build_no_longer_makes_are_removed() {
    let ws = sample_workspace();
    built(ws.path(), &[]);
    let dir = ws.path().join("output/2026");
    let made = folder_bytes(&dir);
    let summary_files = [
        "changes.md",
        "changes.json",
        "changes.csv",
        "change-summary-2026.pdf",
        "crynodeb-o-newidiadau-2026.pdf",
        "typst/change-summary-2026.typ",
    ];
    for name in summary_files {
        assert!(made.contains_key(name), "{name}");
    }

    // Without last year's dataset there is nothing to compare with: no change summary.
    std::fs::remove_dir_all(ws.path().join("inputs/published/2025")).unwrap();
    built(ws.path(), &[]);
    let now = folder_bytes(&dir);
    for name in summary_files {
        assert!(
            !now.contains_key(name),
            "{name} is left from the last build"
        );
    }
    assert_folder_is_its_manifest(&dir);
}

#[test]
fn a_renamed_document_leaves_no_file_under_its_old_name() {
    let ws = sample_workspace();
    built(ws.path(), &[]);
    let dir = ws.path().join("output/2026");
    assert!(dir.join("annual-update-2026.pdf").is_file());

    // The English edition's file name, a label, changes.
    let templates = ws.path().join("report-templates");
    let out = run(annual_update(ws.path()).args(["templates", "--output", "report-templates"]));
    assert!(out.status.success(), "{}", stderr(&out));
    edit_file(
        &templates.join("labels/en.toml"),
        "file-name = \"annual-update\"",
        "file-name = \"action-plan-update\"",
    );
    built(ws.path(), &[]);
    let now = folder_bytes(&dir);
    assert!(now.contains_key("action-plan-update-2026.pdf"));
    assert!(now.contains_key("typst/action-plan-update-2026.typ"));
    for old in [
        "annual-update-2026.pdf",
        "typst/annual-update-2026.typ",
        "typst/.annual-update-2026.typ.deps.json",
    ] {
        assert!(!now.contains_key(old), "{old} is left from the last build");
    }
    assert_folder_is_its_manifest(&dir);
}
