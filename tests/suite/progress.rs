//! What a command says on stderr: `--quiet` only errors and blocking findings, `--verbose` every
//! file read and every document compiled or skipped, and why; `--jobs` bounds the threads.

use crate::common::*;

#[test]
fn quiet_is_short_and_verbose_names_every_file_and_document() {
    let ws = sample_workspace();
    let out = run(annual_update(ws.path()).args(["build", "--quiet"]));
    assert!(out.status.success(), "{}", stderr(&out));
    // The sample has warnings but nothing blocking: a quiet build says nothing at all.
    assert_eq!(stderr(&out), "", "a quiet build printed something");
    assert!(
        ws.path()
            .join("output/2026/annual-update-2026.pdf")
            .is_file()
    );

    // Nothing changed: every document is up to date, and --verbose says so, and why.
    let out = run(annual_update(ws.path()).args(["--verbose", "build", "--jobs", "1"]));
    assert!(out.status.success());
    let err = stderr(&out);
    for file in [
        "submissions/2026/cyber-resilience.xml",
        "submissions/2026/digital-learning.xlsx",
        "submissions/2026/online-safety.ods",
    ] {
        assert!(
            err.contains(&format!("read {file}: ")),
            "{file} not named:\n{err}"
        );
    }
    for pdf in [
        "annual-update-2026.pdf",
        "diweddariad-blynyddol-2026.pdf",
        "change-summary-2026.pdf",
    ] {
        assert!(
            err.contains(&format!("{pdf}: up to date, not compiled")),
            "{pdf}:\n{err}"
        );
    }
    assert!(err.contains("Typst not started"), "{err}");
    assert!(err.contains("sources not rendered again"), "{err}");
    assert!(err.contains("reconciling: "), "no step times:\n{err}");

    // One input changes: --verbose names the changed file Typst had read, and the compile time.
    edit_file(
        &ws.path().join("inputs/plan.toml"),
        "Welsh Government\"",
        "Welsh Government (synthetic edit)\"",
    );
    let out = run(annual_update(ws.path()).args(["build", "-v"]));
    assert!(out.status.success());
    let err = stderr(&out);
    assert!(!err.contains("not rendered again"), "{err}");
    assert!(
        err.contains("annual-update-2026.pdf: to compile (annual-update-2026.typ changed)"),
        "{err}"
    );
    assert!(err.contains("compiled ") && err.contains(" s\n"), "{err}");
}

#[test]
fn quiet_check_prints_only_blocking_findings() {
    let ws = Workspace::fixture("every-finding");
    let loud = ws.run(&["check"]);
    let quiet = ws.run(&["check", "-q", "--jobs", "1"]);
    // Blocking findings remain.
    quiet.exit(1);
    let (loud, quiet) = (loud.stderr, quiet.stderr);
    assert!(!quiet.is_empty());
    assert!(quiet.len() < loud.len(), "{quiet}");
    for line in quiet.lines().filter(|l| !l.starts_with("  ")) {
        assert!(line.starts_with("error["), "not a blocking finding: {line}");
    }
}

#[test]
fn quiet_and_verbose_together_are_refused() {
    Workspace::sample().run(&["check", "-q", "-v"]).exit(2);
}
