//! Issue 28 point 4: the translators' new Welsh for a corrected English text is shown in the
//! change summary as the translation of that correction, from its translation file, never as
//! an edit nobody recorded; an edit nobody recorded or translated still says so.

use super::world::{Plan, correction_of_2026_update};

#[test]
fn the_welsh_of_a_corrected_text_is_its_retranslation() {
    let plan = Plan::with_one_action(
        (
            "We will publish advice for parents on screen time.",
            "Byddwn yn cyhoeddi cyngor i rieni am amser sgrin.",
        ),
        (
            "The advice reached 1,200 parents.",
            "Cyrhaeddodd y cyngor 1,200 o rieni.",
        ),
    );
    plan.write(
        "resolutions/2027.toml",
        &correction_of_2026_update(
            "en",
            "The advice reached 1,400 parents.",
            "The 2026 figure was wrong.",
        ),
    );
    plan.run(&["check"]).exit(1).says("error[stale-welsh]");
    plan.translate(2027, "Cyfieithiad:");
    plan.run(&["build", "--final"]).exit(0);

    let md = plan.read("output/2027/changes.md");
    let welsh = md
        .split("### Action 1.1, update 2026 (Welsh)")
        .nth(1)
        .and_then(|s| s.split("###").next())
        .unwrap_or_else(|| panic!("no Welsh edit in {md}"));
    assert!(
        welsh.contains(
            "The translation of the corrected English, from submissions/2027/translation-2027.xlf:"
        ) && !welsh.contains("No correction was recorded"),
        "{welsh}"
    );
    assert!(md.contains("Reason: The 2026 figure was wrong."), "{md}");

    let json: serde_json::Value =
        serde_json::from_str(&plan.read("output/2027/changes.json")).unwrap();
    let edits = json["edits"].as_array().unwrap();
    let cy = edits.iter().find(|e| e["lang"] == "cy").unwrap();
    assert_eq!(cy["reason"], serde_json::Value::Null, "{cy}");
    assert_eq!(cy["retranslation"]["of-correction"], true, "{cy}");
    assert_eq!(
        cy["retranslation"]["source"]["file"], "submissions/2027/translation-2027.xlf",
        "{cy}"
    );

    let csv = plan.read("output/2027/changes.csv");
    let row = csv
        .lines()
        .find(|l| l.starts_with("edit,1.1,update,2026,cy,"))
        .unwrap_or_else(|| panic!("{csv}"));
    assert!(
        row.contains(
            "The translation of the corrected English, from submissions/2027/translation-2027.xlf:"
        ),
        "{row}"
    );

    let en = super::world::pdf_text(&plan.built(2027).join("change-summary-2027.pdf"));
    assert!(
        en.contains(
            "The translation of the corrected English, from submissions/2027/translation-2027.xlf:"
        ) && !en.contains("No correction was recorded"),
        "{en}"
    );
    let cy = super::world::pdf_text(&plan.built(2027).join("crynodeb-o-newidiadau-2027.pdf"));
    assert!(
        cy.contains("Cyfieithiad o'r Saesneg a gywirwyd, o submissions/2027/translation-2027.xlf:")
            && !cy.contains("Ni chofnodwyd cywiriad"),
        "{cy}"
    );

    // A change nobody recorded or translated is still called one: the published 2026 Welsh
    // changed by hand, compared with this year's.
    let published = plan.read("inputs/published/2026/dataset.json");
    let edited = published.replacen(
        "Byddwn yn cyhoeddi cyngor",
        "Byddwn ni'n cyhoeddi cyngor",
        1,
    );
    assert_ne!(edited, published);
    std::fs::write(plan.dir().join("edited.json"), edited).unwrap();
    plan.run(&[
        "diff",
        "--from",
        "edited.json",
        "--to",
        "output/2027/dataset.json",
        "--output",
        "by-hand",
    ])
    .exit(0);
    let md = plan.read("by-hand/changes.md");
    assert!(
        md.contains(
            "### Action 1.1, commitment (Welsh)\n\n**No correction was recorded for this edit.**"
        ),
        "{md}"
    );
}
