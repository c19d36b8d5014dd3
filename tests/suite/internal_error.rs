//! No panic stops a run: a bug met while one file is read is a located `internal-error` finding
//! on that file, every other file is still read and reported, and a bug anywhere else ends the
//! real binary with a clear message and exit code 70, never Rust's 101.
//!
//! The bugs are made on purpose with the test-only hook of debug builds
//! (`annual_update::process::internal::test_panic`), so these tests exist only in debug builds too.
#![cfg(debug_assertions)]

use crate::common::*;
use annual_update::process::internal::TEST_PANIC_VARIABLE;

/// (file, code, where) of the broken files beside the one that meets the bug.
const OTHERS: &[(&str, &str, &str)] = &[
    (
        "bad-status.ods",
        "bad-status",
        "bad-status.ods › Diweddariadau › B3",
    ),
    ("bad-year.xml", "bad-year", "bad-year.xml:2:1"),
    (
        "error-cell.xlsx",
        "bad-cell",
        "error-cell.xlsx › Updates › D3",
    ),
    ("corrupt.xlsx", "unreadable-file", "corrupt.xlsx"),
];

fn findings(stdout: &[u8]) -> Vec<serde_json::Value> {
    let report: serde_json::Value = serde_json::from_slice(stdout).expect("a JSON report");
    report["findings"].as_array().unwrap().clone()
}

fn place(f: &serde_json::Value) -> String {
    let file = f["source"]["file"].as_str().unwrap_or("");
    match (&f["source"]["sheet"], &f["source"]["line"]) {
        (serde_json::Value::String(sheet), _) => {
            format!(
                "{file} › {sheet} › {}",
                f["source"]["cell"].as_str().unwrap()
            )
        }
        (_, serde_json::Value::Number(line)) => format!("{file}:{line}:{}", f["source"]["column"]),
        _ => file.to_string(),
    }
}

#[test]
fn a_bug_on_one_file_is_its_finding_and_every_other_file_is_still_reported() {
    let dir = tempfile::tempdir().unwrap();
    let broken = repo().join("tests/fixtures/broken-submissions");
    for (file, _, _) in OTHERS.iter().chain([&("no-text.xml", "", "")]) {
        std::fs::copy(broken.join(file), dir.path().join(file)).unwrap();
    }
    for format in ["json", "human"] {
        let out = run(annual_update(dir.path())
            .args([
                "check",
                "--inputs",
                "no-such-folder",
                "--format",
                format,
                ".",
            ])
            .env(TEST_PANIC_VARIABLE, "no-text.xml"));
        assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
        let err = stderr(&out);
        assert!(!err.contains("panicked"), "{err}");
        if format == "human" {
            assert!(
                err.contains("error[internal-error]: ./no-text.xml: annual-update failed on something in this file"),
                "{err}"
            );
            for (_, code, at) in OTHERS {
                assert!(err.contains(&format!("error[{code}]: ./{at}: ")), "{err}");
            }
            continue;
        }
        let found = findings(&out.stdout);
        let bug: Vec<_> = found
            .iter()
            .filter(|f| f["code"] == "internal-error")
            .collect();
        assert_eq!(bug.len(), 1, "{found:#?}");
        assert_eq!(place(bug[0]), "./no-text.xml");
        assert_eq!(bug[0]["severity"], "blocking");
        let message = bug[0]["message"].as_str().unwrap();
        for words in [
            "test-only panic at \"no-text.xml\"",
            "at src/process/internal.rs:",
            "this is a bug in annual-update",
            "please report it",
            "with the file",
        ] {
            assert!(message.contains(words), "{words:?} not in {message}");
        }
        assert!(bug[0]["fix"].as_str().unwrap().contains("meanwhile"));
        // The file's own finding (an update with no text) is not reached; the others all are.
        assert!(!found.iter().any(|f| f["code"] == "missing-text"));
        for (_, code, at) in OTHERS {
            assert!(
                found
                    .iter()
                    .any(|f| f["code"] == *code && place(f) == format!("./{at}")),
                "no {code} at {at}: {found:#?}"
            );
        }
    }
}

#[test]
fn the_year_is_checked_and_built_without_the_file_that_met_a_bug() {
    let ws = sample_workspace();
    let out = run(annual_update(ws.path())
        .args(["check", "--format", "json"])
        .env(TEST_PANIC_VARIABLE, "online-safety.ods"));
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let found = findings(&out.stdout);
    assert!(
        found
            .iter()
            .any(|f| f["code"] == "internal-error"
                && place(f) == "submissions/2026/online-safety.ods")
    );
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    for (file, updates) in [
        ("submissions/2026/online-safety.ods", 0),
        ("submissions/2026/cyber-resilience.xml", 4),
    ] {
        let read = report["files"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["file"] == file)
            .unwrap_or_else(|| panic!("{file} is not in the report"));
        assert_eq!(read["updates"], updates, "{file}");
    }
    // A draft is still built from the other files, with the finding in its report.
    let out = run(annual_update(ws.path())
        .arg("build")
        .env(TEST_PANIC_VARIABLE, "online-safety.ods"));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let report = std::fs::read_to_string(ws.path().join("output/2026/findings.json")).unwrap();
    assert!(report.contains("\"internal-error\""), "{report}");
    assert!(
        ws.path()
            .join("output/2026/annual-update-2026.pdf")
            .is_file()
    );
}

#[test]
fn a_bug_outside_any_file_exits_70_with_a_message_not_101() {
    let ws = sample_workspace();
    for command in [
        vec!["check"],
        vec!["check", "--format", "json"],
        vec!["doctor"],
    ] {
        let out = run(annual_update(ws.path())
            .args(&command)
            .env(TEST_PANIC_VARIABLE, "command")
            .env_remove("RUST_BACKTRACE"));
        assert_eq!(out.status.code(), Some(70), "{command:?}");
        let err = stderr(&out);
        assert!(
            err.starts_with("internal error: test-only panic at \"command\""),
            "{err}"
        );
        assert!(err.contains("this is a bug in annual-update"), "{err}");
        assert!(err.contains("please report it"), "{err}");
        assert!(!err.contains("panicked"), "{err}");
        assert!(out.stdout.is_empty());
    }
}
