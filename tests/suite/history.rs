//! The sample's history: building each year from the partner XML of 2022–2025, each on the
//! previous year's dataset, gives exactly the published 2025 dataset in `inputs/`.

use annual_update::inputs::Inputs;
use annual_update::model::Dataset;
use annual_update::{findings, ingest, reconcile};

#[test]
fn year_n_is_the_baseline_of_year_n_plus_one() {
    let root = crate::common::repo().join("tests/fixtures/history");
    let inputs = Inputs::new(&root);
    let plan = Inputs::new(crate::common::repo().join("inputs"))
        .plan()
        .unwrap();
    let mut baseline: Option<Dataset> = None;
    for year in 2022..=2025 {
        let files = ingest::submission_files(&inputs.submissions_dir(year)).unwrap();
        let subs = ingest::read_all(&files, |p| inputs.name(p));
        let rows: usize = subs.iter().map(|s| s.rows).sum();
        let out = reconcile::reconcile(&plan, baseline.as_ref(), year, &subs, &Default::default());
        assert!(out.ledger.balances(), "{year}: {:?}", out.ledger);
        assert_eq!(
            findings::count(&out.findings, findings::Severity::Blocking),
            0,
            "{year}: {:#?}",
            out.findings
        );
        let records: usize = subs
            .iter()
            .map(|s| s.updates.len() + s.new_actions.len())
            .sum();
        assert_eq!(rows, records, "{year}: every element became a record");
        // Through JSON, as next year's build reads it.
        baseline = Some(Dataset::from_json(&out.dataset.to_json()).unwrap());
    }
    let published =
        std::fs::read_to_string(crate::common::repo().join("inputs/published/2025/dataset.json"))
            .unwrap();
    assert_eq!(baseline.unwrap().to_json(), published);
}
