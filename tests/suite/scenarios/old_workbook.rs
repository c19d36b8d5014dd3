//! Last year's workbook sent again (issue 28, point 11): a team that sends an old file into this
//! year's folder is warned that its text is an earlier year's, whichever earlier year it is.

use super::world::{Plan, Sent, story::*};

#[test]
fn a_workbook_two_years_old_is_found_to_repeat_its_year() {
    let plan = Plan::first_year_published();
    let sent_2027 = |team: &str, action: &'static str, en: &'static str, cy: &'static str| {
        plan.send_xlsx(
            2027,
            team,
            &Sent::default().update(action, "Ongoing", en, cy),
        );
    };
    sent_2027(
        "online-safety",
        "2.1",
        "Twenty schools shared.",
        "Rhannodd ugain ysgol.",
    );
    sent_2027(
        "schools-data",
        "1.2",
        "Sixty schools sent figures.",
        "Anfonodd trigain ysgol ffigurau.",
    );
    plan.send_xml(
        2027,
        "digital-inclusion",
        &Sent::default().update(
            "1.1",
            "Ongoing",
            "Ten schools tested it.",
            "Profodd deg ysgol ef.",
        ),
    );
    plan.publish(2027);
    plan.write("plan.toml", &super::world::plan_toml(&[2026, 2027, 2028]));
    // online-safety sends its 2026 workbook again, into 2028.
    plan.send_xlsx(2028, "online-safety", &sent_2026("online-safety"));
    let at = "submissions/2028/online-safety.xlsx › Updates";
    let checked = plan.run(&["check"]);
    checked
        .says(&format!("warning[copied-text]: {at} › C2: action 2.1: the English text is the same as the 2026 update"))
        .says(&format!("warning[copied-text]: {at} › D2: action 2.1: the Welsh text is the same as the 2026 update"));
    // The partner is told too, with what to do.
    let feedback = plan.read("output/2028-check/feedback/online-safety.md");
    assert!(
        feedback.contains(&format!("- `{at} › C2`: action 2.1: the English text is the same as the 2026 update (copied-text)\n  - Fix / Cywiro: write what happened this year")),
        "{feedback}"
    );
    // And a partner checking the file in the plan sees the same.
    plan.run(&["check", "inputs/submissions/2028/online-safety.xlsx"])
        .says("warning[copied-text]: inputs/submissions/2028/online-safety.xlsx › Updates › C2: action 2.1: the English text is the same as the 2026 update");
}
