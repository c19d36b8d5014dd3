//! `annual-update bench` runs end to end on the real plan's scale and reports every stage; its
//! timings are never asserted (machines are noisy), only that they were measured.

use std::path::Path;

use crate::common::*;

#[test]
fn bench_measures_every_stage_without_typst() {
    let ws = tempfile::tempdir().unwrap();
    let out = run(annual_update(ws.path()).args([
        "bench",
        "--scale",
        "1",
        "--no-typst",
        "--runs",
        "1",
        "--format",
        "json",
        "--dir",
        "work",
    ]));
    assert!(out.status.success(), "{}", stderr(&out));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let scale = &report["results"]["scales"][0];
    assert_eq!(scale["scale"], 1);
    assert_eq!(scale["actions"], 210);
    let pipeline = &scale["pipeline"];
    assert!(pipeline["render"]["time"].as_f64().unwrap() > 0.0);
    for stage in ["baseline", "ingest", "reconcile", "ingest_reconcile"] {
        let seconds = pipeline[stage].as_f64().unwrap();
        assert!(seconds > 0.0 && seconds < 60.0, "{stage}: {pipeline}");
    }
    if cfg!(target_os = "linux") {
        let peak = pipeline["check_peak_memory"].as_u64().unwrap();
        assert!((1_000_000..2_000_000_000).contains(&peak), "{peak}");
    }
    assert!(scale["typst"].is_null());
    assert!(
        scale["watch"].is_null(),
        "watch is measured only with Typst"
    );
    let targets = report["targets"].as_array().unwrap();
    assert_eq!(targets.len(), 10);
    // The inputs were kept in --dir.
    assert!(ws.path().join("work/1x/inputs/plan.toml").is_file());
}

/// The Typst-only floor compiles the build's own documents with the build's own flags (only the
/// thread count differs): its PDFs are the build's, byte for byte. Each pair is measured, and on
/// Linux so is the most memory the processes held at once.
#[test]
fn the_floor_compiles_what_the_build_compiles() {
    let ws = sample_workspace();
    let dir = ws.path().join("bench");
    let typst_args = annual_update::args::TypstArgs::default();
    let typst = annual_update::typst::find(&typst_args.lookup(), &|_| {}).unwrap();
    let floor = annual_update::bench::floor::measure(
        Path::new(env!("CARGO_BIN_EXE_annual-update")),
        &typst,
        &dir,
        &ws.path().join("inputs"),
        &typst_args,
        2,
    )
    .unwrap();
    assert_eq!(floor.pairs.len(), 2);
    assert!(floor.ratio() > 0.0);
    let built = dir.join("floor-build/2026");
    let pdfs: Vec<_> = std::fs::read_dir(&built)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "pdf"))
        .collect();
    assert_eq!(floor.documents, pdfs.len());
    assert!(pdfs.len() >= 5, "{pdfs:?}");
    for pdf in pdfs {
        let name = pdf.file_name().unwrap();
        // The build then mends the rare stream Typst ends ambiguously (src/conformance/streams.rs).
        let floor = std::fs::read(dir.join("floor").join(name)).unwrap();
        let floor = annual_update::conformance::streams::mend(&floor).map_or(floor, |m| m.0);
        assert!(
            std::fs::read(&pdf).unwrap() == floor,
            "{name:?}: the floor's PDF differs from the build's"
        );
    }
    if cfg!(target_os = "linux") {
        for pair in &floor.pairs {
            // Typst itself holds tens of megabytes at least: the children were counted.
            assert!(pair.build_memory.unwrap() > 50_000_000, "{pair:?}");
            assert!(pair.floor_memory.unwrap() > 50_000_000, "{pair:?}");
        }
    }
}

/// `bench` killed outright (kill -9) while a build it runs as a process is under way: neither that
/// build nor any Typst is left running. Linux only (it reads `/proc`).
#[cfg(target_os = "linux")]
#[test]
fn a_bench_killed_with_sigkill_leaves_no_process() {
    let dir = tempfile::tempdir().unwrap();
    let work = dir.path().join("bench-work");
    let mut bench = annual_update(dir.path())
        .args([
            "bench",
            "--scale",
            "1",
            "--typst-scale",
            "1",
            "--runs",
            "1",
            "--dir",
        ])
        .arg(&work)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    use crate::common::processes::{name_and_parent, under};
    let own = bench.id();
    // Every process of the bench's folder but the bench: its builds and their Typst.
    let started = || -> Vec<(u32, String)> {
        under(&work)
            .into_iter()
            .filter(|(pid, _)| *pid != own)
            .collect()
    };
    // Killed once it runs a build of its own as a process (after its builds in-process), whose
    // Typst runs under it: the build and its Typst must end with the bench.
    let a_build = || {
        started().into_iter().any(|(pid, _)| {
            name_and_parent(pid).is_some_and(|(name, parent)| {
                name == "typst"
                    && parent != own
                    && name_and_parent(parent).is_some_and(|(p, _)| p == "annual-update")
            })
        })
    };
    let waited = std::time::Instant::now();
    while !a_build() && waited.elapsed() < std::time::Duration::from_secs(300) {
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    assert!(
        a_build(),
        "the bench ran no build as a process within 300 s"
    );
    bench.kill().unwrap();
    let _ = bench.wait();
    let ended = std::time::Instant::now();
    while !started().is_empty() && ended.elapsed() < std::time::Duration::from_secs(10) {
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    let left = started();
    assert!(
        left.is_empty(),
        "left running after the bench was killed: {left:#?}"
    );
}
