//! The shape of the published text: every edition's tag tree, action by action and block by
//! block, against the dataset it was built from (see `common::shape`). A test that only looks for
//! words cannot see two paragraphs merged into one; this one reads the PDF's `H1`–`H3`, `P` and
//! `L`›`LI` elements and their languages.

mod common;

use annual_update::model::{ActionId, Dataset, Lang};
use common::shape::check_editions;
use common::*;

#[test]
fn the_sample_keeps_its_shape_in_every_edition() {
    let ws = sample_workspace();
    let out = run(annual_update(ws.path()).args(["build", "--quiet"]));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let out = ws.path().join("output/2026");
    check_editions(&out, false);
    let dataset =
        Dataset::from_json(&std::fs::read_to_string(out.join("dataset.json")).unwrap()).unwrap();
    // The defect that started this: action 2.4's 2026 update is two paragraphs.
    let update = &dataset
        .action(&ActionId::parse("2.4").unwrap())
        .unwrap()
        .updates[0];
    assert_eq!(update.text.get(Lang::En).as_ref().unwrap().blocks.len(), 2);
}

#[test]
fn the_real_scale_plan_keeps_its_shape_in_every_edition() {
    let dir = tempfile::tempdir().unwrap();
    let out = run(annual_update(dir.path()).args([
        "bench",
        "--scale",
        "1",
        "--generate-only",
        "--dir",
        "synthetic",
    ]));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let ws = dir.path().join("synthetic/1x");
    let out = run(annual_update(&ws).args(["build", "--quiet"]));
    // The synthetic plan carries planted problems, so it builds as a draft.
    assert!(matches!(out.status.code(), Some(0 | 1)), "{}", stderr(&out));
    let year = std::fs::read_dir(ws.join("output"))
        .unwrap()
        .filter_map(|e| e.unwrap().file_name().to_str()?.parse::<u16>().ok())
        .max()
        .expect("a year's output");
    check_editions(&ws.join(format!("output/{year}")), true);
}

/// Checks a build made elsewhere: `STRUCTURE_OUTPUT=path/to/output/2026 cargo test --test
/// structure -- --ignored` (for example one made with other templates, or by an older version).
#[test]
#[ignore]
fn an_existing_build_keeps_its_shape() {
    let out = std::env::var_os("STRUCTURE_OUTPUT")
        .expect("STRUCTURE_OUTPUT names an output/<year> folder");
    check_editions(std::path::Path::new(&out), true);
}
