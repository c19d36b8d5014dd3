//! Typst is confined to the build folder and the network is out of its reach: even a template
//! (which the policy team may replace) cannot read a file outside the build folder or import a
//! package. Partner text cannot name a path at all (see `injection.rs`).

use crate::common::*;

/// A workspace whose templates (written out by `annual-update templates`) start with `line`.
fn with_template_line(line: &str) -> tempfile::TempDir {
    let ws = sample_workspace();
    let out = run(annual_update(ws.path()).args(["templates", "--output", "t"]));
    assert!(out.status.success(), "{}", stderr(&out));
    edit_file(
        &ws.path().join("t/edition.typ.hbs"),
        "#import \"style.typ\": *",
        &format!("#import \"style.typ\": *\n{line}"),
    );
    ws
}

#[test]
fn a_template_cannot_read_outside_the_build_folder() {
    let ws = with_template_line("#read(\"../../../inputs/plan.toml\")");
    let out = run(annual_update(ws.path()).args(["build", "--templates", "t"]));
    assert_eq!(out.status.code(), Some(4), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("would escape the project root"),
        "{}",
        stderr(&out)
    );
    assert!(
        !ws.path()
            .join("output/2026/annual-update-2026.pdf")
            .exists()
    );
}

#[test]
fn a_template_cannot_import_a_package() {
    let ws = with_template_line("#import \"@preview/cetz:0.3.0\"");
    let started = std::time::Instant::now();
    let out = run(annual_update(ws.path()).args(["build", "--templates", "t"]));
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(4), "{err}");
    assert!(err.contains("failed to download package"), "{err}");
    assert!(err.contains("Templates may not import packages"), "{err}");
    assert!(
        err.contains("Connection refused"),
        "the download went nowhere: {err}"
    );
    assert!(started.elapsed().as_secs() < 60, "no network wait");
}
