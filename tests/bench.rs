//! `annual-update bench` runs end to end on the real plan's scale and reports every stage; its
//! timings are never asserted (machines are noisy), only that they were measured.

mod common;

use common::*;

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
    let targets = report["targets"].as_array().unwrap();
    assert_eq!(targets.len(), 6);
    // The inputs were kept in --dir.
    assert!(ws.path().join("work/1x/inputs/plan.toml").is_file());
}
