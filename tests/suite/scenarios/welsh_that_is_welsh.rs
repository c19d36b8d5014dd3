//! Welsh that is Welsh (issue 30): one partner pastes its English into the Welsh column, one swaps
//! the columns, one sends a text that is only a name. The first two are stopped on the partner's
//! own computer (`check FILE`, no plan), located at the cell with a fix; the coordinator's
//! `status` and parity count that Welsh as missing, and `build --final` is refused. The name is
//! no finding.

use super::world::{Plan, Sent, story::*};

#[test]
fn english_as_welsh_and_swapped_columns_are_stopped_and_a_name_is_not() {
    let plan = Plan::started(2026);
    // digital-inclusion pastes the English of its update into the Welsh column too.
    let pasted = Sent::default()
        .new_action("1.1", "digital-inclusion", COMMITMENT_1_1)
        .update("1.1", "In progress", UPDATE_1_1.0, UPDATE_1_1.0);
    // online-safety's commitment has its columns swapped.
    let swapped = Sent::default()
        .new_action("2.1", "online-safety", (COMMITMENT_2_1.1, COMMITMENT_2_1.0))
        .update("2.1", "Ongoing", UPDATE_2_1.0, UPDATE_2_1.1);
    // schools-data's background is a name, the same in both languages.
    let named = Sent::default()
        .new_action("1.2", "schools-data", COMMITMENT_1_2)
        .background(("Hwb", "Hwb"))
        .update("1.2", "Ongoing", UPDATE_1_2.0, UPDATE_1_2.1);

    // Each partner checks its own file on its own computer, with no plan around.
    let checked = |team: &str, sent: &Sent| {
        let own = plan.partner_folder(team);
        let name = format!("{team}.xlsx");
        let file = plan.send_xlsx(2026, team, sent);
        std::fs::copy(&file, own.join(&name)).unwrap();
        plan.run_in(&own, &["check", &name])
    };
    checked("digital-inclusion", &pasted)
        .exit(1)
        .says("error[untranslated]: digital-inclusion.xlsx › Updates › D2: action 1.1: the Welsh 2026 update is the same as its English, word for word: it has not been translated (“The advice was drafted with parents' groups.”)")
        .says("  fix: write the Welsh translation here, or leave the Welsh empty and ask the coordinator to have it translated; only a text that is just a name (“Hwb”) may be the same in both languages");
    checked("online-safety", &swapped)
        .exit(1)
        .says("error[wrong-language]: online-safety.xlsx › New actions › C2: action 2.1: the English commitment reads as Welsh and its Welsh as English: the columns look swapped")
        .says("  fix: swap the two texts: move this one to online-safety.xlsx › New actions › D2 and the text there here")
        .says("error[wrong-language]: online-safety.xlsx › New actions › D2: action 2.1: the Welsh commitment reads as English and its English as Welsh: the columns look swapped")
        .says("  fix: swap the two texts: move this one to online-safety.xlsx › New actions › C2 and the text there here");
    checked("schools-data", &named)
        .never_says("untranslated")
        .never_says("wrong-language");

    // The coordinator: the whole year's check, status and parity count that Welsh as missing.
    let check = plan.run(&["check"]);
    check
        .exit(1)
        .says("error[untranslated]: submissions/2026/digital-inclusion.xlsx › Updates › D2: action 1.1:")
        .says("error[wrong-language]: submissions/2026/online-safety.xlsx › New actions › C2: action 2.1:")
        .says("error[wrong-language]: submissions/2026/online-safety.xlsx › New actions › D2: action 2.1:")
        .says("Welsh: 5 of 7 texts translated, 2 missing, 0 stale")
        .never_says("has no Welsh text")
        .never_says("schools-data.xlsx ›");
    plan.run(&["status"])
        .exit(0)
        .says("online-safety: submissions/2026/online-safety.xlsx › New actions › D2: the Welsh commitment reads as English and its English as Welsh: the columns look swapped")
        .says("digital-inclusion: submissions/2026/digital-inclusion.xlsx › Updates › D2: the Welsh 2026 update is the same as its English, word for word")
        .says("2026: Welsh: 5 of 7 texts translated, 2 missing, 0 stale")
        .never_says("schools-data: ");
    plan.run(&["build", "--final"])
        .exit(1)
        .says("2026: Welsh: 5 of 7 texts translated, 2 missing, 0 stale (parity.md)")
        .says("final build refused: 3 blocking problems remain");
    let parity = plan.read("output/2026-failed-build/parity.md");
    assert!(
        parity.contains("| 1.1 | 2026 update | missing |"),
        "{parity}"
    );
    assert!(
        parity.contains("| 2.1 | commitment | missing |"),
        "{parity}"
    );
    // The translators are handed both texts, with nothing of the English given as Welsh.
    plan.run(&["xliff", "export"]).exit(0);
    let xliff = plan.read("output/2026-translation/translation-2026.xlf");
    assert_eq!(xliff.matches("<trans-unit ").count(), 2, "{xliff}");
    assert!(xliff.contains(r#"<trans-unit id="1.1/update/2026""#));
    assert!(xliff.contains(r#"<trans-unit id="2.1/commitment""#));
    assert_eq!(
        xliff
            .matches(r#"<target state="needs-translation"></target>"#)
            .count(),
        2
    );
    // Each team's feedback says what to fix, in English and Welsh.
    let feedback = plan.read("output/2026-check/feedback/online-safety.md");
    assert!(feedback.contains("the columns look swapped"), "{feedback}");
    assert!(
        feedback.contains("English in the Welsh column"),
        "{feedback}"
    );
    assert!(
        feedback.contains("byddai Saesneg yn y golofn Gymraeg"),
        "{feedback}"
    );
    let feedback = plan.read("output/2026-check/feedback/schools-data.md");
    assert!(!feedback.contains("golofn Gymraeg"), "{feedback}");
}

/// A coordinator's `[[correction]]` is text given this year too: its Welsh pasted in English
/// (the English text under `lang = "cy"`) is stopped at the correction's line, with a fix for
/// the coordinator, not one for a partner's cell.
#[test]
fn a_welsh_correction_in_english_is_stopped_at_its_line() {
    let plan = super::world::Plan::with_one_action(
        (
            "We will fund devices for learners.",
            "Byddwn yn ariannu dyfeisiau i ddysgwyr.",
        ),
        (
            "The programme cost £1.2 million and reached every school in the county.",
            "Costiodd y rhaglen £1.2 miliwn a chyrhaeddodd bob ysgol yn y sir.",
        ),
    );
    let reason = "The cost was wrong.";
    plan.write(
        "resolutions/2027.toml",
        &(super::world::correction_of_2026_update(
            "en",
            "The programme cost £1.4 million and reached every school in the county.",
            reason,
        ) + &super::world::correction_of_2026_update(
            "cy",
            "The whole programme cost £1.4 million, and it reached every school in the county.",
            reason,
        )),
    );
    let seen = plan.run(&["check"]);
    seen.exit(1);
    assert_eq!(
        seen.findings_of("resolutions/2027.toml"),
        [
            "error[wrong-language]: FILE:9:1: action 1.1: the Welsh 2026 update reads as English (“The whole programme cost £1.4 million, and it reached every…”)",
            "  fix: write the Welsh in this [[correction]]'s text, or remove the correction and have the English translated",
            "note[resolved]: FILE:1:1: action 1.1: published English update text corrected: The cost was wrong.",
            "note[resolved]: FILE:9:1: action 1.1: published Welsh update text corrected: The cost was wrong.",
        ],
        "{seen}"
    );
    plan.run(&["build", "--final"]).exit(1);
}
