//! Hostile and broken input: every file of the bad-input corpus gives a located message, `check`
//! exits with code 1, and nothing panics; limits are findings at the place that breaks them, and
//! the other files are still read.

use crate::common::*;
use annual_update::ingest;

/// (file, finding code, where) for `tests/fixtures/hostile-submissions/` (see its EXPECTED.md).
const HOSTILE: &[(&str, &str, &str)] = &[
    ("billion-laughs.xml", "bad-xml", "billion-laughs.xml:2:1"),
    ("corrupt-zip.xlsx", "unreadable-file", "corrupt-zip.xlsx"),
    ("csv-renamed.xlsx", "unreadable-file", "csv-renamed.xlsx"),
    ("deep.xml", "xml-too-deep", "deep.xml:3:444"),
    ("deep.xlf", "xml-too-deep", "deep.xlf:7:213"),
    (
        "enormous-target.xlf",
        "text-too-long",
        "enormous-target.xlf:5:7",
    ),
    (
        "dimensions.xls",
        "too-many-cells",
        "dimensions.xls › Updates › E1048576",
    ),
    ("empty.ods", "unreadable-file", "empty.ods"),
    ("empty.xml", "unreadable-file", "empty.xml"),
    (
        "enormous-cell.xlsx",
        "text-too-long",
        "enormous-cell.xlsx › Updates › C2",
    ),
    (
        "enormous-text.xml",
        "text-too-long",
        "enormous-text.xml:4:5",
    ),
    ("fuzz-cfb-loop.xls", "unreadable-file", "fuzz-cfb-loop.xls"),
    (
        "fuzz-cfb-slice.xls",
        "unreadable-file",
        "fuzz-cfb-slice.xls",
    ),
    (
        "fuzz-long-end-tag.xml",
        "bad-xml",
        "fuzz-long-end-tag.xml:12:3",
    ),
    (
        "fuzz-unclosed-table.ods",
        "unreadable-file",
        "fuzz-unclosed-table.ods",
    ),
    (
        "old-xls-renamed.xlsx",
        "unreadable-file",
        "old-xls-renamed.xlsx",
    ),
    ("pdf-renamed.xlsx", "unreadable-file", "pdf-renamed.xlsx"),
    ("picture.xml", "unreadable-file", "picture.xml"),
    (
        "repeated-rows.ods",
        "too-many-cells",
        "repeated-rows.ods › Updates › A1000001",
    ),
    (
        "space-bomb.ods",
        "text-too-long",
        "space-bomb.ods › Updates › A2",
    ),
    (
        "stray-cell.xlsx",
        "too-many-cells",
        "stray-cell.xlsx › Updates › XFD1048576",
    ),
    ("truncated.xlsx", "unreadable-file", "truncated.xlsx"),
    ("zip-bomb.xlsx", "archive-too-large", "zip-bomb.xlsx"),
];

/// calamine's cell-reference arithmetic overflows on this fuzzer find: a panic (caught) in debug
/// builds; in release it wraps, and the wrapped column stretches the sheet to 2.8 billion cells.
const CELL_REFERENCE: (&str, &str, &str) = if cfg!(debug_assertions) {
    (
        "fuzz-cell-reference.xlsx",
        "unreadable-file",
        "fuzz-cell-reference.xlsx",
    )
} else {
    (
        "fuzz-cell-reference.xlsx",
        "too-many-cells",
        "fuzz-cell-reference.xlsx › Updates › IBEYVQT1",
    )
};

/// A file over the size limit, made at run time as a sparse file (nothing is written to disk).
const TOO_LARGE: (&str, &str, &str) = ("too-large.xlsx", "file-too-large", "too-large.xlsx");

fn corpus() -> std::path::PathBuf {
    repo().join("tests/fixtures/hostile-submissions")
}

/// A copy of the corpus with the too-large file added.
fn workspace() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&corpus(), dir.path());
    let big = std::fs::File::create(dir.path().join(TOO_LARGE.0)).unwrap();
    big.set_len(25_000_000).unwrap();
    dir
}

#[test]
fn every_hostile_file_gives_its_located_finding() {
    let ws = workspace();
    let listed: Vec<String> = ingest::submission_files(ws.path())
        .unwrap()
        .iter()
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    assert_eq!(
        listed.len(),
        HOSTILE.len() + 2,
        "every fixture is listed: {listed:?}"
    );
    for (file, code, at) in HOSTILE.iter().chain([&TOO_LARGE, &CELL_REFERENCE]) {
        let sub = ingest::read_file(&ws.path().join(file), file);
        let f = sub
            .findings
            .iter()
            .find(|f| f.code.as_str() == *code)
            .unwrap_or_else(|| panic!("{file}: no {code}: {:#?}", sub.findings));
        assert_eq!(located(f), *at, "{file}: {f}");
        for f in &sub.findings {
            assert!(located(f).starts_with(file), "{file}: unlocated {f}");
            assert!(!f.fix.is_empty(), "{file}: no fix in {f}");
            assert!(f.message.chars().count() <= 1_000, "{file}: {f}");
        }
        assert!(sub.updates.is_empty() || *file == "fuzz-long-end-tag.xml");
    }
}

#[test]
fn check_reports_every_hostile_file_with_exit_code_1_and_no_panic() {
    let ws = workspace();
    let out = run(annual_update(ws.path()).args(["check", "--inputs", "no-such-folder", "."]));
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(!err.contains("panicked"), "{err}");
    for (_, code, at) in HOSTILE.iter().chain([&TOO_LARGE, &CELL_REFERENCE]) {
        assert!(
            err.contains(&format!("error[{code}]: ./{at}: ")),
            "no located {code} at {at}:\n{err}"
        );
    }
}

#[test]
fn the_other_files_are_read_beside_hostile_ones() {
    let ws = sample_workspace();
    let submissions = ws.path().join("inputs/submissions/2026");
    for file in [
        "zip-bomb.xlsx",
        "stray-cell.xlsx",
        "deep.xml",
        "fuzz-cfb-loop.xls",
    ] {
        std::fs::copy(corpus().join(file), submissions.join(file)).unwrap();
    }
    let out = run(annual_update(ws.path()).args(["check", "--format", "json"]));
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(!stderr(&out).contains("panicked"));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let codes: Vec<&str> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|f| f["code"].as_str())
        .collect();
    for code in [
        "archive-too-large",
        "too-many-cells",
        "xml-too-deep",
        "unreadable-file",
    ] {
        assert!(codes.contains(&code), "{code} missing from {codes:?}");
    }
    // The three real submissions are read as they are without the hostile files beside them.
    let clean = sample_workspace();
    let clean = run(annual_update(clean.path()).args(["check", "--format", "json"]));
    let clean: serde_json::Value = serde_json::from_slice(&clean.stdout).unwrap();
    let updates = |report: &serde_json::Value, name: &str| {
        report["files"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["file"].as_str().is_some_and(|n| n.ends_with(name)))
            .map(|f| f["updates"].clone())
    };
    for name in [
        "cyber-resilience.xml",
        "digital-learning.xlsx",
        "online-safety.ods",
    ] {
        assert!(updates(&report, name).is_some(), "{name} is in the report");
        assert_eq!(updates(&report, name), updates(&clean, name), "{name}");
    }
}

#[test]
fn the_size_limit_is_checked_before_reading() {
    let ws = workspace();
    let sub = ingest::read_file(&ws.path().join(TOO_LARGE.0), TOO_LARGE.0);
    assert_eq!(sub.findings.len(), 1);
    // The size in the message is the file's, not what a capped read would have found.
    assert!(
        sub.findings[0].message.contains("the file is 25.0 MB"),
        "{}",
        sub.findings[0]
    );
}
