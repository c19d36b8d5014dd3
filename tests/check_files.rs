//! `check FILE…` runs the checks the whole-year check runs on those files: here, that a character
//! no bundled font has is found in a partner's own file, checked alone before it is sent (no
//! plan) and checked against the plan.

mod common;

use common::*;

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
