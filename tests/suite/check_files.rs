//! `check FILE…` runs the checks the whole-year check runs on those files: every file of the year
//! named gives exactly the whole year's findings, and one file alone all of them but what only
//! another file can show; a character no bundled font has is found in a partner's own file,
//! checked alone before it is sent (no plan) and checked against the plan.

use crate::common::*;

#[test]
fn a_file_checked_alone_reports_characters_no_font_has() {
    let ws = sample_workspace();
    let file = ws
        .path()
        .join("inputs/submissions/2026/cyber-resilience.xml");
    edit_file(&file, "Ahead of the launch", "Ahead of the 日本 launch");
    let alone = tempfile::tempdir().unwrap();
    std::fs::copy(&file, alone.path().join("cyber-resilience.xml")).unwrap();
    for (dir, arg) in [
        (alone.path(), "cyber-resilience.xml"),
        (ws.path(), "inputs/submissions/2026/cyber-resilience.xml"),
    ] {
        let out = run(annual_update(dir).args(["check", arg]));
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(1), "{err}");
        let line = err
            .lines()
            .find(|l| l.starts_with("error[unprintable-character]"))
            .unwrap_or_else(|| panic!("no unprintable-character in:\n{err}"));
        assert!(
            line.contains(&format!("{arg}:"))
                && line.contains("action 2.4")
                && line.contains("日 (U+65E5)"),
            "{line}"
        );
    }
    // The whole year finds it too.
    let out = run(annual_update(ws.path()).arg("check"));
    assert!(
        stderr(&out).contains("error[unprintable-character]"),
        "{}",
        stderr(&out)
    );
}

/// The findings of `check` in JSON, as (code, severity, place, message) per file they name; the
/// place without the file's name (its sheet, cell, line and column), as runs name files differently.
fn findings_by_file(
    dir: &std::path::Path,
    args: &[&str],
) -> std::collections::BTreeMap<String, Vec<(String, String, String, String)>> {
    let out = run(annual_update(dir)
        .args(["check", "--format", "json"])
        .args(args));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let mut by_file: std::collections::BTreeMap<_, Vec<_>> = Default::default();
    for f in json["findings"].as_array().unwrap() {
        let source = &f["source"];
        let file = source["file"].as_str().unwrap_or_default().to_string();
        let mut place = source.clone();
        if let Some(place) = place.as_object_mut() {
            place.remove("file");
        }
        by_file.entry(file).or_default().push((
            f["code"].as_str().unwrap().to_string(),
            f["severity"].as_str().unwrap().to_string(),
            place.to_string(),
            f["message"].as_str().unwrap().to_string(),
        ));
    }
    by_file
}

type Found = (String, String, String, String);

/// Each finding, for comparing runs that name files differently (`check FILE…` names a file as
/// given, the whole-year check inside the inputs folder).
fn codes(found: &[Found]) -> Vec<Found> {
    found
        .iter()
        .map(|f| {
            let message = f.3.replace("inputs/submissions/", "submissions/");
            (f.0.clone(), f.1.clone(), f.2.clone(), message)
        })
        .collect()
}

#[test]
fn check_files_runs_every_check_the_whole_year_runs_on_them() {
    let ws = fixture_workspace("every-finding");
    let whole = findings_by_file(ws.path(), &[]);
    let dir = ws.path().join("inputs/submissions/2026");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    let args: Vec<String> = names
        .iter()
        .map(|n| format!("inputs/submissions/2026/{n}"))
        .collect();
    let every: Vec<&str> = args.iter().map(String::as_str).collect();
    let named = findings_by_file(ws.path(), &every);
    let mut compared = 0;
    for (name, arg) in names.iter().zip(&args) {
        let whole_of_file: Vec<Found> = whole
            .get(&format!("submissions/2026/{name}"))
            .cloned()
            .unwrap_or_default()
            .into_iter()
            // Only a whole year can say an action had no update.
            .filter(|f| f.0 != "no-update")
            .collect();
        // All the year's files named: exactly the whole year's findings.
        let of_named = named.get(arg).cloned().unwrap_or_default();
        assert_eq!(
            codes(&of_named),
            codes(&whole_of_file),
            "{name}: check FILE… and the whole-year check differ"
        );
        // One file alone: the same, less what only another file can show (two files giving
        // one ID), each of which names that other file.
        let alone = findings_by_file(ws.path(), &[arg]);
        let alone = codes(&alone.get(arg).cloned().unwrap_or_default());
        for finding in codes(&whole_of_file) {
            assert!(
                alone.contains(&finding) || finding.3.contains("submissions/2026/"),
                "{name} checked alone lacks {finding:?}"
            );
        }
        compared += whole_of_file.len();
    }
    assert!(
        compared > 10,
        "the fixture has findings to compare: {compared}"
    );
}

/// Without a plan, a returned translation file is checked for what it holds, never said to name
/// texts that do not exist: the year's texts are the plan's, which is not there.
#[test]
fn a_translation_file_checked_alone_is_not_said_to_name_no_text() {
    let alone = tempfile::tempdir().unwrap();
    std::fs::copy(
        repo().join("inputs/submissions/2026/translation-2026.xlf"),
        alone.path().join("translation-2026.xlf"),
    )
    .unwrap();
    let out = run(annual_update(alone.path()).args(["check", "translation-2026.xlf"]));
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(
        err.contains("0 blocking problems, 0 warnings, 0 notes"),
        "{err}"
    );
    assert!(
        err.contains(", or whether a translation unit names a text of the year that these files do not hold\n"),
        "{err}"
    );
}
