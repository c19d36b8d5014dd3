//! A build killed half-way, or stopped with Ctrl-C, leaves the last good output byte for byte:
//! the real binary is stopped while Typst is compiling the documents of changed inputs.
//! Linux only: it finds the Typst processes and sends signals through `/proc` and `kill`.

#![cfg(target_os = "linux")]

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::*;

/// Every file under `dir`, relative path → bytes.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut files = BTreeMap::new();
    let mut todo = vec![dir.to_path_buf()];
    while let Some(d) = todo.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                todo.push(path);
            } else {
                let rel = path.strip_prefix(dir).unwrap().to_path_buf();
                files.insert(rel, std::fs::read(&path).unwrap());
            }
        }
    }
    files
}

/// The ids of the processes whose parent is `parent` and whose name is `name` (from /proc).
fn children(parent: u32, name: &str) -> Vec<u32> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir("/proc").unwrap().flatten() {
        let Ok(pid) = entry.file_name().to_string_lossy().parse::<u32>() else {
            continue;
        };
        let Ok(stat) = std::fs::read_to_string(format!("/proc/{pid}/stat")) else {
            continue;
        };
        // pid (comm) state ppid …; comm may hold spaces, so split after its closing bracket.
        let (Some(open), Some(close)) = (stat.find('('), stat.rfind(')')) else {
            continue;
        };
        let comm = &stat[open + 1..close];
        let ppid = stat[close + 1..].split_whitespace().nth(1);
        if comm == name && ppid == Some(&parent.to_string()) {
            found.push(pid);
        }
    }
    found
}

/// A workspace built once, then given changed inputs, so a second build compiles every document.
fn built_then_changed() -> (tempfile::TempDir, BTreeMap<PathBuf, Vec<u8>>) {
    let ws = sample_workspace();
    let out = run(annual_update(ws.path()).arg("build"));
    assert!(out.status.success(), "{}", stderr(&out));
    let before = snapshot(&ws.path().join("output"));
    assert!(before.keys().any(|p| p.ends_with("annual-update-2026.pdf")));
    edit_file(
        &ws.path()
            .join("inputs/submissions/2026/cyber-resilience.xml"),
        "<text xml:lang=\"en\">",
        "<text xml:lang=\"en\">Changed since the last build. ",
    );
    (ws, before)
}

/// Starts a build and waits until Typst is compiling under it; the Typst process ids.
fn build_until_typst_runs(dir: &Path) -> (Child, Vec<u32>) {
    let mut build = Command::new(env!("CARGO_BIN_EXE_annual-update"))
        .arg("build")
        .current_dir(dir)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let started = Instant::now();
    loop {
        let typst = children(build.id(), "typst");
        if !typst.is_empty() {
            return (build, typst);
        }
        if let Some(status) = build.try_wait().unwrap() {
            panic!("the build ended ({status}) before Typst was seen running");
        }
        assert!(
            started.elapsed() < Duration::from_secs(120),
            "Typst never started"
        );
        std::thread::sleep(Duration::from_millis(5));
    }
}

fn no_temporary_files(output: &Path) {
    for file in snapshot(output).keys() {
        let name = file.file_name().unwrap().to_string_lossy();
        assert!(
            !(name.starts_with('.') && name.ends_with(".tmp")),
            "a temporary file is left in the output: {}",
            file.display()
        );
    }
}

#[test]
fn a_build_killed_while_typst_compiles_leaves_the_last_output_untouched() {
    let (ws, before) = built_then_changed();
    let (mut build, typst) = build_until_typst_runs(ws.path());
    build.kill().unwrap(); // SIGKILL: no handler runs, nothing is tidied
    build.wait().unwrap();
    for pid in typst {
        // Orphaned by the kill; they write only into the work folder. Stop them for a tidy test.
        let _ = Command::new("kill")
            .args(["-KILL", &pid.to_string()])
            .status();
    }

    let output = ws.path().join("output/2026");
    let after = snapshot(&ws.path().join("output"));
    let untouched: Vec<&PathBuf> = before
        .keys()
        .filter(|p| after.get(*p) == before.get(*p))
        .collect();
    assert_eq!(
        untouched.len(),
        before.len(),
        "every earlier output file is byte-identical"
    );
    no_temporary_files(&output);
    let work = ws.path().join("output/.2026.building");
    assert!(
        work.is_dir(),
        "the killed build's work folder is left beside the output"
    );

    // The next build clears the work folder away and completes.
    let out = run(annual_update(ws.path()).arg("build"));
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(!work.exists());
    let rebuilt = snapshot(&output);
    let en = PathBuf::from("annual-update-2026.pdf");
    assert_ne!(
        rebuilt.get(&en),
        before.get(&PathBuf::from("2026").join(&en))
    );
    assert!(pdf_text(&output.join(&en)).contains("Changed since the last build."));
}

#[test]
fn ctrl_c_stops_the_build_kills_typst_and_leaves_the_last_output() {
    let (ws, before) = built_then_changed();
    let (build, typst) = build_until_typst_runs(ws.path());
    let sent = Command::new("kill")
        .args(["-INT", &build.id().to_string()])
        .status()
        .unwrap();
    assert!(sent.success());
    let out = build.wait_with_output().unwrap();
    let err = stderr(&out);
    eprintln!("--- stderr of the interrupted build:\n{err}");
    assert_eq!(out.status.code(), Some(130), "{err}");
    assert!(err.contains("interrupted by Ctrl-C"), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    for pid in typst {
        assert!(!alive(pid), "Typst process {pid} still runs");
    }
    assert_eq!(
        snapshot(&ws.path().join("output")),
        before,
        "the output is as it was"
    );
    assert!(
        !ws.path().join("output/.2026.building").exists(),
        "the work folder is removed"
    );
    no_temporary_files(&ws.path().join("output/2026"));
}
