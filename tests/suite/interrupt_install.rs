//! Ctrl-C during the first run's Typst install: exit 130, nothing half-installed in the cache,
//! cargo and what it started stopped, and the next run installs cleanly; kill -9: cargo and what
//! it started end with the tool. cargo is a stand-in
//! script (the `CARGO` variable names the cargo the tool runs), so nothing compiles for real:
//! one that writes half a binary and waits on a child standing for rustc, then one that
//! "installs" the real Typst by copying it. Linux only: a shell script, `kill` and `/proc`.

#![cfg(target_os = "linux")]

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::common::*;

const FAKE_CARGO: &str = r#"#!/bin/sh
# A stand-in for `cargo install typst-cli … --root ROOT … --target-dir TARGET`.
while [ $# -gt 0 ]; do
  case "$1" in
    --root) root="$2"; shift ;;
    --target-dir) target="$2"; shift ;;
  esac
  shift
done
mkdir -p "$root/bin" "$target"
case "$FAKE_CARGO" in
  slow)
    printf 'half a binary' > "$root/bin/typst"
    chmod +x "$root/bin/typst"
    echo $$ > "$FAKE_CARGO_DIR/cargo.pid"
    sleep 600 </dev/null >/dev/null 2>&1 &
    echo $! > "$FAKE_CARGO_DIR/rustc.pid.tmp"
    mv "$FAKE_CARGO_DIR/rustc.pid.tmp" "$FAKE_CARGO_DIR/rustc.pid"
    wait ;;
  works)
    cp "$REAL_TYPST" "$root/bin/typst" ;;
esac
"#;

/// The names in a folder, sorted.
fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

/// A build in `ws` that finds no Typst but in `cache`, and installs with the stand-in cargo.
fn build(ws: &Path, cache: &Path, fake: &Path, mode: &str) -> Command {
    let mut cmd = annual_update(ws);
    cmd.arg("build")
        .env("CARGO", fake.join("cargo"))
        .env("FAKE_CARGO", mode)
        .env("FAKE_CARGO_DIR", fake)
        .env("ANNUAL_UPDATE_CACHE", cache)
        // No Typst on PATH: only what the stand-in script needs.
        .env("PATH", "/usr/bin:/bin")
        .env_remove("TYPST");
    cmd
}

/// A folder holding the stand-in `cargo`.
fn stand_in_cargo() -> tempfile::TempDir {
    let fake = tempfile::tempdir().unwrap();
    let script = fake.path().join("cargo");
    std::fs::write(&script, FAKE_CARGO).unwrap();
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
    fake
}

/// Starts a build whose Typst install hangs in the stand-in cargo's stand-in rustc; the build,
/// and the ids of the stand-in cargo and rustc once both run.
fn slow_install(ws: &Path, cache: &Path, fake: &Path) -> (std::process::Child, u32, u32) {
    let child = build(ws, cache, fake, "slow")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let rustc_pid = fake.join("rustc.pid");
    let started = Instant::now();
    while !rustc_pid.exists() {
        assert!(
            started.elapsed() < Duration::from_secs(120),
            "the install never started"
        );
        std::thread::sleep(Duration::from_millis(10));
    }
    let pid = |file: &str| -> u32 {
        std::fs::read_to_string(fake.join(file))
            .unwrap()
            .trim()
            .parse()
            .unwrap()
    };
    (child, pid("cargo.pid"), pid("rustc.pid"))
}

/// Waits a few seconds for `pid` to end; whether it still runs.
fn still_runs(pid: u32) -> bool {
    let started = Instant::now();
    while alive(pid) && started.elapsed() < Duration::from_secs(5) {
        std::thread::sleep(Duration::from_millis(20));
    }
    alive(pid)
}

/// The tool killed outright during the install (no code of it runs): cargo and what cargo
/// started end with it.
#[test]
fn kill_9_during_the_typst_install_leaves_neither_cargo_nor_its_compilers() {
    let ws = sample_workspace();
    let cache = tempfile::tempdir().unwrap();
    let fake = stand_in_cargo();
    let (mut child, cargo, rustc) = slow_install(ws.path(), cache.path(), fake.path());
    child.kill().unwrap();
    child.wait().unwrap();
    assert!(!still_runs(cargo), "the install's cargo {cargo} still runs");
    assert!(
        !still_runs(rustc),
        "the install's compiler {rustc} still runs"
    );
}

#[test]
fn ctrl_c_during_the_typst_install_leaves_no_half_install_and_the_next_run_installs() {
    // The real Typst, which the working stand-in copies (installed for real if needed, once).
    let real_typst = annual_update::typst::find(
        &annual_update::typst::Lookup {
            flag: None,
            install: true,
        },
        &|m| eprintln!("{m}"),
    )
    .expect("the real Typst")
    .path;
    let ws = sample_workspace();
    let cache = tempfile::tempdir().unwrap();
    let fake = stand_in_cargo();
    let (child, _, rustc) = slow_install(ws.path(), cache.path(), fake.path());
    let sent = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(sent.success());
    let out = child.wait_with_output().unwrap();
    let err = stderr(&out);
    eprintln!("--- stderr of the interrupted build:\n{err}");
    assert_eq!(out.status.code(), Some(130), "{err}");
    assert!(err.contains("interrupted by Ctrl-C"), "{err}");
    assert!(err.contains("the Typst install was stopped"), "{err}");
    assert!(!err.contains("panicked"), "{err}");

    // cargo's own children are stopped with it (their group is killed before the tool exits;
    // an orphan is reaped by the system a moment later).
    assert!(!still_runs(rustc), "the install's child {rustc} still runs");
    let typst_dir = cache.path().join("typst");
    assert!(
        !typst_dir.join("0.15.1/bin/typst").exists(),
        "no half-installed Typst where it is looked for"
    );
    assert_eq!(
        names(&typst_dir),
        ["0.15.1.lock"],
        "nothing of the stopped install is left"
    );
    let output = names(&ws.path().join("output"));
    assert!(
        output.iter().all(|n| n.ends_with(".lock")),
        "no output, no work folder: {output:?}"
    );

    // A run killed outright leaves its install folder; the next install removes it.
    let killed = typst_dir.join(".0.15.1.install-4000000/root/bin");
    std::fs::create_dir_all(&killed).unwrap();
    std::fs::write(killed.join("typst"), "half").unwrap();

    let out =
        run(build(ws.path(), cache.path(), fake.path(), "works").env("REAL_TYPST", &real_typst));
    let err = stderr(&out);
    assert!(out.status.success(), "{err}");
    assert!(err.contains("installed Typst 0.15.1"), "{err}");
    let installed: PathBuf = typst_dir.join("0.15.1/bin/typst");
    assert_eq!(
        std::fs::read(&installed).unwrap(),
        std::fs::read(&real_typst).unwrap()
    );
    assert_eq!(names(&typst_dir), ["0.15.1", "0.15.1.lock"]);
    assert!(
        ws.path()
            .join("output/2026/annual-update-2026.pdf")
            .is_file()
    );
}
