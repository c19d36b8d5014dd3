//! The synthetic inputs the benchmark runs on are real inputs: `check` reads every row of every
//! format and finds nothing blocking.

use crate::common::*;

#[test]
fn synthetic_inputs_at_real_scale_pass_check() {
    let ws = tempfile::tempdir().unwrap();
    let inputs = ws.path().join("inputs");
    let made = annual_update::synth::generate(&inputs, 1).unwrap();
    assert_eq!(made.actions, 7 * 30);
    assert!(made.published_updates > 7 * 30 * 5, "{made:?}");
    let described = annual_update::synth::describe_files(&made.files);
    for ext in [".xlsx", ".ods", ".xml", ".xlf"] {
        assert!(described.contains(ext), "{described}");
    }

    let out = run(annual_update(ws.path()).args(["check", "--format", "json"]));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["summary"]["blocking"], 0, "{}", report["findings"]);
    assert!(out.status.success());
    let rows = &report["rows"];
    assert_eq!(rows["rows"], made.rows as u64);
    assert_eq!(rows["unreadable"], 0);
    assert_eq!(rows["used"], made.rows as u64, "{rows}");
    // Every file was read in full, whatever its format or the language of its headers.
    for file in report["files"].as_array().unwrap() {
        let records = file["updates"].as_u64().unwrap() + file["translations"].as_u64().unwrap();
        assert!(records > 0, "{file}");
    }
    // The Welsh left out of the XML came back translated (nothing blocking above: no Welsh is
    // missing), and each unit is a row used.
    // The same scale gives the same bytes.
    let again = ws.path().join("again");
    annual_update::synth::generate(&again, 1).unwrap();
    let partner_files = made.files.iter().map(|f| f.strip_prefix(&inputs).unwrap());
    for f in partner_files.chain([
        std::path::Path::new("plan.toml"),
        std::path::Path::new("published/2025/dataset.json"),
    ]) {
        assert!(
            std::fs::read(inputs.join(f)).unwrap() == std::fs::read(again.join(f)).unwrap(),
            "{} differs",
            f.display()
        );
    }
}
