//! The smaller things a newcomer saw (issue 28, point 12): a reference to no action found where
//! the reference is written; each language's instructions in a partner workbook naming the team in
//! that language; a first-year workbook with no last-year columns; every count printed in the
//! right number.

use super::world::{Plan, Sent, story::*};

#[test]
fn a_reference_to_no_action_is_found_in_the_text_that_makes_it() {
    let plan = Plan::started(2026);
    plan.send_xlsx(
        2026,
        "online-safety",
        &Sent::default()
            .new_action("2.1", "online-safety", COMMITMENT_2_1)
            .update(
                "2.1",
                "Ongoing",
                "Twelve schools shared their practice (see action 2.9).",
                "Rhannodd deuddeg ysgol eu harfer (gweler cam gweithredu 2.9).",
            ),
    );
    plan.send_xml(
        2026,
        "digital-inclusion",
        &Sent::default()
            .new_action("1.1", "digital-inclusion", COMMITMENT_1_1)
            .update(
                "1.1",
                "In progress",
                UPDATE_1_1.0,
                "Drafftiwyd y cyngor gyda grwpiau rhieni (gweler cam gweithredu 1.7).",
            ),
    );
    plan.run(&["check"])
        .exit(0)
        .says("warning[unknown-reference]: submissions/2026/online-safety.xlsx › Updates › C2: action 2.1: the text refers to action 2.9, which does not exist")
        // Only in the Welsh: found at the Welsh <text>, line 9.
        .says("warning[unknown-reference]: submissions/2026/digital-inclusion.xml:9:5: action 1.1: the text refers to action 1.7, which does not exist");
}

/// The cell `A{row}` of the workbook's instructions.
fn instruction(plan: &Plan, file: &str, row: u32) -> String {
    let path = plan.dir().join("output/templates").join(file);
    let book = umya_spreadsheet::reader::xlsx::read(&path).unwrap();
    let sheet = book
        .get_sheet_by_name("Instructions - Cyfarwyddiadau")
        .expect("the workbook has its instructions");
    sheet.get_value((1, row))
}

/// The row of the Welsh instructions' title: after the English instructions and a blank row.
const WELSH_TITLE_ROW: u32 = 8;

#[test]
fn each_languages_instructions_name_the_team_in_that_language() {
    let plan = Plan::first_year_published();
    for lang in ["en", "cy"] {
        plan.run(&["template", "--team", "online-safety", "--lang", lang])
            .exit(0)
            .says("(1 open action)");
        let file = "online-safety-2027.xlsx";
        assert_eq!(
            instruction(&plan, file, 1),
            "Annual update 2027: Online Safety Team",
            "--lang {lang}"
        );
        assert_eq!(
            instruction(&plan, file, WELSH_TITLE_ROW),
            "Diweddariad blynyddol 2027: Tîm Diogelwch Ar-lein",
            "--lang {lang}"
        );
    }
}

#[test]
fn a_first_year_workbook_has_no_columns_for_a_last_year() {
    let plan = Plan::started(2026);
    plan.run(&["template", "--year", "2026", "--team", "online-safety"])
        .exit(0)
        .says("(no open actions yet: the plan's first year)");
    let path = plan.dir().join("output/templates/online-safety-2026.xlsx");
    let book = umya_spreadsheet::reader::xlsx::read(&path).unwrap();
    let updates = book.get_sheet_by_name("Updates").unwrap();
    let headers: Vec<String> = (1..=12).map(|c| updates.get_value((c, 1))).collect();
    assert_eq!(
        headers,
        [
            "Action",
            "Status",
            "Update (English)",
            "Update (Welsh)",
            "Team",
            "Contact",
            "Notes for reviewers",
            "",
            "",
            "",
            "",
            ""
        ]
    );
    assert!(
        !instruction(&plan, "online-safety-2026.xlsx", 4).contains("last year"),
        "{}",
        instruction(&plan, "online-safety-2026.xlsx", 4)
    );
}

#[test]
fn every_count_is_in_the_right_number() {
    let plan = Plan::started(2026);
    plan.send_xml(
        2026,
        "digital-inclusion",
        &Sent::default()
            .new_action("1.1", "digital-inclusion", COMMITMENT_1_1)
            .update("1.1", "In progress", UPDATE_1_1.0, ""),
    );
    let checked = plan.run(&["check"]);
    checked
        .says_line("reading submissions: 1 file …")
        .says_line("  submissions/2026/digital-inclusion.xml: 2 rows read: 1 update, 1 new action, 0 translations")
        .says_line("1 blocking problem, 0 warnings, 0 notes")
        .says("Welsh: 1 of 2 texts translated, 1 missing, 0 stale");
    let exported = plan.run(&["xliff", "export"]);
    exported.exit(0).says("(1 unit: 1 missing, 0 stale)");
    let built = plan.run(&["build"]);
    built
        .exit(0)
        .says_line("2026: 1 action, 1 update this year from 1 file")
        .says_line("compiling documents …");
    for seen in [&checked, &exported, &built] {
        for wrong in [
            "1 files",
            "1 updates",
            "1 rows",
            "1 actions",
            "1 units",
            "1 texts",
            "(documents)",
        ] {
            seen.never_says(wrong);
        }
    }
}
