//! A build killed half-way, or stopped by a signal (Ctrl-C, SIGTERM, SIGHUP, SIGQUIT), leaves the
//! last good output byte for byte and no Typst running: the real binary is stopped while Typst is
//! compiling the documents of changed inputs, or at the swap (through a test-only pause). Linux
//! only: it finds the Typst processes and sends signals through `/proc` and `kill`.

#![cfg(target_os = "linux")]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::common::*;

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

/// A workspace built (a copy of the sample's shared build), then given changed inputs, so a
/// second build compiles every document.
fn built_then_changed() -> (tempfile::TempDir, BTreeMap<PathBuf, Vec<u8>>) {
    let ws = crate::common::shared::copy_of(crate::common::shared::sample());
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
    build_until_typst_compiles(dir, "")
}

/// Starts a build and waits until a Typst under it compiles a source whose path holds `source`;
/// the Typst process ids.
fn build_until_typst_compiles(dir: &Path, source: &str) -> (Child, Vec<u32>) {
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
        let typst = crate::common::processes::children(build.id(), "typst");
        let compiles = |pid: &u32| {
            std::fs::read(format!("/proc/{pid}/cmdline"))
                .is_ok_and(|c| String::from_utf8_lossy(&c).contains(source))
        };
        if typst.iter().any(compiles) {
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

/// Waits (up to two minutes) until the web edition of the real-scale plan in `dir` is whole in
/// its work folder: an index, a page per category and the change summary's in each language, the
/// stylesheet and the script, and no file half-written.
fn web_edition_written(dir: &Path) {
    let plan = std::fs::read_to_string(dir.join("inputs/plan.toml")).unwrap();
    let categories = plan.matches("[[categories]]").count();
    let html = dir.join("output/.2026.building/html");
    let started = Instant::now();
    loop {
        // Listed, not read: a file may be renamed into place while it is listed.
        let files: Vec<PathBuf> = [html.clone(), html.join("en"), html.join("cy")]
            .iter()
            .flat_map(|d| std::fs::read_dir(d).into_iter().flatten().flatten())
            .map(|e| e.path())
            .filter(|p| !p.is_dir())
            .collect();
        // An index and a page per category in each language, the stylesheet and the print
        // button's script, and the change summary's page in each language when there is a
        // last year.
        let changes = if dir.join("inputs/published").is_dir() {
            2
        } else {
            0
        };
        let whole = files.len() == 2 * (1 + categories) + 2 + changes
            && files.iter().all(|f| !f.to_string_lossy().ends_with(".tmp"));
        if whole {
            return;
        }
        assert!(
            started.elapsed() < Duration::from_secs(120),
            "the web edition was never written: {files:?}"
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

/// Waits up to `seconds` for every process in `pids` to end; those still running.
fn still_running(pids: &[u32], seconds: u64) -> Vec<u32> {
    let started = Instant::now();
    loop {
        let running: Vec<u32> = pids.iter().copied().filter(|p| alive(*p)).collect();
        if running.is_empty() || started.elapsed() > Duration::from_secs(seconds) {
            return running;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
}

#[test]
fn a_build_killed_while_typst_compiles_leaves_the_last_output_untouched_and_no_typst() {
    let (ws, before) = built_then_changed();
    let (mut build, typst) = build_until_typst_runs(ws.path());
    build.kill().unwrap(); // SIGKILL: no handler runs, nothing is tidied
    build.wait().unwrap();
    // The system ends them with their parent (a second for the kill to be delivered).
    assert_eq!(
        still_running(&typst, 1),
        Vec::<u32>::new(),
        "Typst processes outlived the killed build"
    );

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

    // The next build, at once, clears the work folder away and completes, whole.
    let out = run(annual_update(ws.path()).arg("build"));
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(!work.exists());
    assert_folder_is_its_manifest(&output);
    let rebuilt = snapshot(&output);
    let en = PathBuf::from("annual-update-2026.pdf");
    assert_ne!(
        rebuilt.get(&en),
        before.get(&PathBuf::from("2026").join(&en))
    );
    assert!(pdf_text(&output.join(&en)).contains("Changed since the last build."));
}

/// A build of the real-scale plan killed outright while Typst compiles (its documents take
/// seconds): no Typst outlives it, nothing is published, and the work folder is left for the
/// next build (tests/suite/faults.rs runs that build, at random moments).
#[test]
fn no_typst_outlives_a_build_killed_outright() {
    let ws = tempfile::tempdir().unwrap();
    let out = run(annual_update(ws.path()).args([
        "bench",
        "--scale",
        "1",
        "--generate-only",
        "--dir",
        "plan",
    ]));
    assert!(out.status.success(), "{}", stderr(&out));
    let dir = ws.path().join("plan/1x");
    // The bilingual edition, the longest to compile (many seconds at this scale); once the web
    // edition, written beside it, is written too, only Typst is at work: kill the build then.
    let (mut build, typst) =
        build_until_typst_compiles(&dir, "diweddariad-blynyddol-annual-update-2026.typ");
    web_edition_written(&dir);
    assert!(
        build.try_wait().unwrap().is_none() && typst.iter().all(|p| alive(*p)),
        "the build had ended, or its Typst, before the web edition was written"
    );
    build.kill().unwrap();
    build.wait().unwrap();
    assert_eq!(
        still_running(&typst, 1),
        Vec::<u32>::new(),
        "Typst processes outlived the killed build"
    );
    assert!(!dir.join("output/2026").exists(), "nothing was published");
    no_temporary_files(&dir.join("output/.2026.building"));
}

/// Sends `signal` (a `kill` name) to a build while Typst compiles: it exits with `code`, says
/// `said`, kills its Typst processes and leaves the output as it was.
fn a_signal_stops_the_build(signal: &str, code: i32, said: &str) {
    let (ws, before) = built_then_changed();
    let (build, typst) = build_until_typst_runs(ws.path());
    let sent = Command::new("kill")
        .arg(format!("-{signal}"))
        .arg(build.id().to_string())
        .status()
        .unwrap();
    assert!(sent.success());
    let out = build.wait_with_output().unwrap();
    let err = stderr(&out);
    eprintln!("--- stderr of the interrupted build:\n{err}");
    assert_eq!(out.status.code(), Some(code), "{err}");
    assert!(
        err.contains(&format!(
            "error: interrupted by {said}: the build stopped and its work was removed; the output folder is as the last completed build left it"
        )),
        "{err}"
    );
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

#[test]
fn ctrl_c_stops_the_build_kills_typst_and_leaves_the_last_output() {
    a_signal_stops_the_build("INT", 130, "Ctrl-C");
}

#[test]
fn sigterm_stops_the_build_as_ctrl_c_does() {
    a_signal_stops_the_build("TERM", 143, "SIGTERM");
}

#[test]
fn a_closed_terminal_sighup_stops_the_build_as_ctrl_c_does() {
    a_signal_stops_the_build("HUP", 129, "SIGHUP (the terminal was closed)");
}

#[test]
fn sigquit_stops_the_build_as_ctrl_c_does() {
    a_signal_stops_the_build("QUIT", 131, "SIGQUIT");
}

/// A build of changed inputs that stops at `point` (see `interrupt::test_pause`) until the
/// returned file is removed; the file exists once it has stopped there.
fn build_paused_at(ws: &Path, point: &str) -> (Child, PathBuf) {
    let file = ws.join(format!("paused-{point}"));
    let build = annual_update(ws)
        .arg("build")
        .env(
            annual_update::process::interrupt::TEST_PAUSE_VARIABLE,
            format!("{point}={}", file.display()),
        )
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let started = Instant::now();
    while !file.exists() {
        assert!(
            started.elapsed() < Duration::from_secs(120),
            "the build never reached {point}"
        );
        std::thread::sleep(Duration::from_millis(5));
    }
    (build, file)
}

fn send(signal: &str, pid: u32) {
    let sent = Command::new("kill")
        .arg(format!("-{signal}"))
        .arg(pid.to_string())
        .status()
        .unwrap();
    assert!(sent.success());
}

/// A signal that comes just before the swap: the swap is refused, and the exit code and the
/// message say the output is the last build's, which it is.
#[test]
fn a_signal_just_before_the_swap_refuses_it() {
    let (ws, before) = built_then_changed();
    let (build, paused) = build_paused_at(ws.path(), "before-swap");
    send("TERM", build.id());
    std::thread::sleep(Duration::from_millis(200));
    std::fs::remove_file(&paused).unwrap();
    let out = build.wait_with_output().unwrap();
    let err = stderr(&out);
    eprintln!("--- stderr:\n{err}");
    assert_eq!(out.status.code(), Some(143), "{err}");
    assert!(err.contains("error: interrupted by SIGTERM"), "{err}");
    assert!(!err.contains("built "), "{err}");
    assert_eq!(
        snapshot(&ws.path().join("output")),
        before,
        "the output is as it was"
    );
}

/// A signal that comes once the new build is swapped in: the build completes, says so and
/// exits 0, and the output is the new build, whole.
#[test]
fn a_signal_after_the_swap_lets_the_build_complete_and_says_so() {
    let (ws, before) = built_then_changed();
    let (build, paused) = build_paused_at(ws.path(), "after-swap");
    send("TERM", build.id());
    std::thread::sleep(Duration::from_millis(200));
    std::fs::remove_file(&paused).unwrap();
    let out = build.wait_with_output().unwrap();
    let err = stderr(&out);
    eprintln!("--- stderr:\n{err}");
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(
        err.contains("annual-update: SIGTERM came after the new build was swapped in: the build completes, and the output folder holds the new build"),
        "{err}"
    );
    assert!(!err.contains("interrupted"), "{err}");
    assert!(err.contains("built draft"), "{err}");
    let output = ws.path().join("output/2026");
    assert_folder_is_its_manifest(&output);
    assert_ne!(snapshot(&ws.path().join("output")), before);
    assert!(
        pdf_text(&output.join("annual-update-2026.pdf")).contains("Changed since the last build.")
    );
}

/// A build stuck where no signal reaches it (here: deaf, by the test hook, just before the swap)
/// still ends after the first signal, within the deadline: exit 143, the output as it was, and
/// the next build completes.
#[test]
fn a_stuck_build_ends_soon_after_a_signal_with_the_output_untouched() {
    let (ws, before) = built_then_changed();
    let (build, paused) = build_paused_at(ws.path(), "before-swap");
    send("TERM", build.id());
    let out = build.wait_with_output().unwrap();
    let err = stderr(&out);
    eprintln!("--- stderr:\n{err}");
    assert!(paused.exists(), "the build was still stuck when it ended");
    std::fs::remove_file(&paused).unwrap();
    assert_eq!(out.status.code(), Some(143), "{err}");
    assert!(
        err.contains("annual-update: the build had not stopped 5 s after SIGTERM: exiting now; the output folder is as the last completed build left it, and the next build removes this one's work folder"),
        "{err}"
    );
    let after = snapshot(&ws.path().join("output"));
    for (path, bytes) in &before {
        assert_eq!(after.get(path), Some(bytes), "{} changed", path.display());
    }
    let out = run(annual_update(ws.path()).arg("build"));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(!ws.path().join("output/.2026.building").exists());
    assert_folder_is_its_manifest(&ws.path().join("output/2026"));
}

/// A Typst killed by a signal (the out-of-memory killer sends SIGKILL) is named as such, with
/// its likely cause, as a problem of the environment (exit 3); its unfinished PDF is not kept.
#[test]
fn a_typst_killed_by_a_signal_is_named_with_its_likely_cause() {
    let (ws, before) = built_then_changed();
    // A Typst that the system kills as it compiles, every time (killing a real one from outside
    // races its end on a busy machine): a wrapper that answers for the real Typst, and kills
    // itself with SIGKILL when asked to compile.
    let real = annual_update::typst::cached_binary();
    assert!(
        real.is_file(),
        "the tests install Typst into the cache first"
    );
    let wrapper = ws.path().join("killed-typst");
    std::fs::write(
        &wrapper,
        format!(
            "#!/bin/sh\nif [ \"$1\" = compile ]; then kill -KILL $$; fi\nexec '{}' \"$@\"\n",
            real.display()
        ),
    )
    .unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&wrapper, std::fs::Permissions::from_mode(0o755)).unwrap();
    let out = run(annual_update(ws.path())
        .args(["build", "--no-install", "--typst"])
        .arg(&wrapper));
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(3), "{err}");
    assert!(
        err.contains("typst was killed by SIGKILL (signal 9) while it compiled "),
        "{err}"
    );
    assert!(
        err.contains(", most likely by the system's out-of-memory killer as memory ran out (or someone ended it): build again with fewer documents compiled at once (`--jobs 1`), or with more memory free; its unfinished PDF was removed"),
        "{err}"
    );
    assert!(!err.contains("typst could not compile"), "{err}");
    let after = snapshot(&ws.path().join("output"));
    for (path, bytes) in &before {
        assert_eq!(after.get(path), Some(bytes), "{} changed", path.display());
    }
    // The failed build's work folder is kept for a look, without the unfinished PDF.
    no_temporary_files(&ws.path().join("output/.2026.building"));
}
