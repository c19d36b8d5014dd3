//! Each exit code of the README's table, from the real binary: 0 a build, 1 an input that cannot
//! be read or used, 2 a wrong command line, 3 an output that cannot be written, 4 a template that
//! fails. (70 is in `internal_error.rs`, 130 and 143 in `interrupt.rs`.) Each message says what
//! was tried on which file and the system's reason.

use crate::common::*;

#[test]
fn a_build_that_works_exits_0() {
    Workspace::sample().run(&["check", "-q"]).exit(0);
}

#[test]
fn an_input_that_cannot_be_read_exits_1_with_its_cause() {
    let ws = Workspace::sample();
    let baseline = ws.inputs().join("published/2025/dataset.json");
    // A folder where the file should be: open succeeds, reading fails.
    std::fs::remove_file(&baseline).unwrap();
    std::fs::create_dir(&baseline).unwrap();
    for command in ["check", "build"] {
        // The file, what was tried and why.
        ws.run(&[command]).exit(1).warns(
            "error: cannot read inputs/published/2025/dataset.json: it is a folder, not a file",
        );
    }
}

#[test]
fn a_bad_input_exits_1_at_its_place() {
    let ws = Workspace::sample();
    let plan = ws.inputs().join("plan.toml");
    let text = std::fs::read_to_string(&plan).unwrap();
    std::fs::write(&plan, text.replace("\ntitle.", "\ntitel.")).unwrap();
    ws.run(&["check"])
        .exit(1)
        .warns("plan.toml:4:1: unknown field `titel`")
        .warns("did you mean `title`?");
}

#[test]
fn a_wrong_command_line_exits_2() {
    let ws = Workspace::sample();
    for args in [&["build", "--year", "0"][..], &["build", "--no-such-flag"]] {
        ws.run(args).exit(2);
    }
}

#[test]
fn jobs_above_the_ceiling_or_zero_is_a_command_line_error() {
    let ws = sample_workspace();
    for (command, jobs) in [("check", "65"), ("build", "0"), ("build", "100000")] {
        let out = run(annual_update(ws.path()).args([command, "--jobs", jobs]));
        assert_eq!(out.status.code(), Some(2), "{command} --jobs {jobs}");
        assert!(
            stderr(&out).starts_with(&format!(
                "error: invalid value '{jobs}' for '--jobs <JOBS>': {jobs} is not in 1..=64\n"
            )),
            "{}",
            stderr(&out)
        );
        assert!(!ws.path().join("output").exists());
    }
    for command in ["check", "build"] {
        let out = run(annual_update(ws.path()).args([command, "--help"]));
        let help = String::from_utf8_lossy(&out.stdout)
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        assert!(
            help.contains("from 1 to 64 [default: the number of cores, at most 64]"),
            "{help}"
        );
    }
}

/// Typst cannot record a build folder whose path is not UTF-8: refused before anything is done.
/// The inputs' path may be anything.
#[cfg(unix)]
#[test]
fn an_output_path_that_is_not_unicode_exits_2_at_once() {
    use std::os::unix::ffi::OsStrExt;
    let ws = sample_workspace();
    let output = std::ffi::OsStr::from_bytes(b"out\xff");
    let out = run(annual_update(ws.path())
        .arg("build")
        .arg("--output")
        .arg(output));
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let full = std::fs::canonicalize(ws.path()).unwrap();
    assert_eq!(
        stderr(&out),
        format!(
            "error: --output out\u{FFFD}: its full path \"{}/out\\xFF\" is not Unicode (UTF-8) text, and Typst, which makes the documents in it, cannot take such a path, so nothing was written; give --output a folder whose full path is Unicode text, such as --output out_\n",
            full.display()
        )
    );
    assert!(!ws.path().join(output).exists(), "nothing was written");

    let inputs = std::ffi::OsStr::from_bytes(b"in\xff");
    std::fs::rename(ws.path().join("inputs"), ws.path().join(inputs)).unwrap();
    let out = run(annual_update(ws.path())
        .arg("build")
        .arg("--inputs")
        .arg(inputs));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_folder_is_its_manifest(&ws.path().join("output/2026"));
}

#[test]
fn publish_waits_for_no_build_a_build_holding_the_lock_exits_3() {
    let ws = sample_workspace();
    let out = run(annual_update(ws.path()).args(["build", "--final"]));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    // A build of 2026 holds the lock.
    let lock = std::fs::File::create(ws.path().join("output/.2026.lock")).unwrap();
    lock.try_lock().unwrap();
    let before = folder_bytes(&ws.path().join("inputs"));
    let out = run(annual_update(ws.path()).arg("publish"));
    assert_eq!(out.status.code(), Some(3));
    assert_eq!(
        stderr(&out),
        "error: a build of 2026 is writing output/2026 now; wait for it to finish, then publish\n"
    );
    assert_same_files(&folder_bytes(&ws.path().join("inputs")), &before, "inputs");
    drop(lock);
    let out = run(annual_update(ws.path()).arg("publish"));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        ws.path()
            .join("inputs/published/2026/dataset.json")
            .is_file()
    );
}

#[test]
fn an_output_that_cannot_be_written_exits_3_with_its_cause() {
    let ws = sample_workspace();
    // The output folder's place is taken by a file.
    std::fs::write(ws.path().join("taken"), "a file").unwrap();
    let out = run(annual_update(ws.path()).args(["build", "--output", "taken"]));
    assert_eq!(out.status.code(), Some(3));
    let err = stderr(&out);
    assert!(
        err.contains("error: cannot create the folder") && err.contains("taken"),
        "{err}"
    );
    assert!(err.contains("(os error"), "the system's reason: {err}");
}

#[test]
fn a_template_that_fails_exits_4() {
    let ws = sample_workspace();
    let templates = ws.path().join("broken");
    std::fs::create_dir_all(&templates).unwrap();
    std::fs::write(templates.join("style.typ"), "#let = \n").unwrap();
    let out = run(annual_update(ws.path()).args(["build", "--templates", "broken"]));
    assert_eq!(out.status.code(), Some(4), "{}", stderr(&out));
}

#[test]
fn a_baseline_that_gives_one_action_twice_exits_1_at_the_second() {
    let ws = sample_workspace();
    let baseline = ws.path().join("inputs/published/2025/dataset.json");
    let mut json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&baseline).unwrap()).unwrap();
    let first = json["actions"][0].clone();
    json["actions"].as_array_mut().unwrap().push(first);
    let text = serde_json::to_string_pretty(&json).unwrap();
    let second = text
        .lines()
        .enumerate()
        .filter(|(_, l)| l.trim() == "\"id\": \"1.1\",")
        .nth(1)
        .map(|(i, _)| i + 1)
        .unwrap();
    std::fs::write(&baseline, text).unwrap();
    let out = run(annual_update(ws.path()).arg("check"));
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains(&format!(
            "inputs/published/2025/dataset.json:{second}:7: action 1.1 is in this dataset twice"
        )),
        "{err}"
    );
}
