//! Builds that several tests only look at, made once per run of the suite and shared: the sample
//! built as it is ([`sample`]) and the real-scale plan of `bench` built ([`real_scale`]). A test
//! given one looks and never writes; a test that changes a plan copies it first ([`copy_of`]).
//! They are kept in cargo's folder for test files (`CARGO_TARGET_TMPDIR`), in a folder of this
//! run's own, which the next run removes (a run cannot: nothing it keeps for the whole run is
//! dropped).

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use super::{annual_update, copy_tree, repo, run, stderr};

/// This run's folder of shared builds, made on first use, once earlier runs' are removed.
fn root() -> &'static Path {
    static ROOT: OnceLock<PathBuf> = OnceLock::new();
    ROOT.get_or_init(|| {
        let base = Path::new(env!("CARGO_TARGET_TMPDIR")).join("shared");
        for entry in std::fs::read_dir(&base).into_iter().flatten().flatten() {
            let pid = entry.file_name().to_string_lossy().parse::<u32>();
            if pid.is_ok_and(|pid| !running(pid)) {
                let _ = std::fs::remove_dir_all(entry.path());
            }
        }
        let dir = base.join(std::process::id().to_string());
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    })
}

/// Whether the run `pid` may still be running (where that cannot be known, it may).
fn running(pid: u32) -> bool {
    if cfg!(target_os = "linux") {
        Path::new("/proc").join(pid.to_string()).exists()
    } else {
        true
    }
}

/// A workspace holding the sample (`inputs/`) and its build (`output/2026/`), made by
/// `annual-update build` once per run: look, never write.
pub fn sample() -> &'static Path {
    static SAMPLE: OnceLock<PathBuf> = OnceLock::new();
    built(&SAMPLE, "sample", &repo().join("inputs"))
}

/// [`sample`] for the fixture `tests/fixtures/injection/` (Typst syntax in partner text).
pub fn injection() -> &'static Path {
    static INJECTION: OnceLock<PathBuf> = OnceLock::new();
    built(
        &INJECTION,
        "injection",
        &repo().join("tests/fixtures/injection"),
    )
}

/// The workspace `name` in `cell`: `inputs` copied and built, on first use.
fn built(cell: &'static OnceLock<PathBuf>, name: &str, inputs: &Path) -> &'static Path {
    cell.get_or_init(|| {
        let ws = root().join(name);
        copy_tree(inputs, &ws.join("inputs"));
        let out = run(annual_update(&ws).arg("build"));
        assert!(
            out.status.success(),
            "the shared build of {name}: {}",
            stderr(&out)
        );
        ws
    })
}

/// The real-scale plan of `bench` (`bench --scale 1 --generate-only`: 210 actions, editions of
/// 500 to 1,000 pages) with its inputs in `inputs/` and its build, a draft (the plan carries
/// planted problems), in `output/<year>/`, made once per run: look, never write.
pub fn real_scale() -> &'static Path {
    static REAL_SCALE: OnceLock<PathBuf> = OnceLock::new();
    REAL_SCALE.get_or_init(|| {
        let out = run(annual_update(root()).args([
            "bench",
            "--scale",
            "1",
            "--generate-only",
            "--dir",
            "real-scale",
        ]));
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        let ws = root().join("real-scale/1x");
        let out = run(annual_update(&ws).args(["build", "--quiet"]));
        assert!(
            matches!(out.status.code(), Some(0 | 1)),
            "the shared build of the real-scale plan: {}",
            stderr(&out)
        );
        ws
    })
}

/// The newest year built in a shared workspace's `output/`.
pub fn year_built(ws: &Path) -> u16 {
    std::fs::read_dir(ws.join("output"))
        .unwrap()
        .filter_map(|e| e.unwrap().file_name().to_str()?.parse::<u16>().ok())
        .max()
        .expect("a year's output")
}

/// A copy of a shared workspace (its inputs and its build) in a temporary folder of its own, to
/// change.
pub fn copy_of(shared: &Path) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(shared, dir.path());
    dir
}
