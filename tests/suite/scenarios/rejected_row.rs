//! A rejected row does not make the status untrue (issue 28, point 10): when a team's update is
//! not used (a status that is not one, an ID that is not an action's, no text…), the team still
//! owes a valid update and is told which row was not used and why; `status` counts it as owed;
//! and the draft says of the action that the update sent was not used.

use super::world::{Plan, Sent, fixture, story::*};

/// The draft's note for an action whose update was sent but not used.
const NOT_USED_EN: &str =
    "No update this year yet: the update sent was not used (see the findings).";
const NOT_USED_CY: &str =
    "Dim diweddariad eleni eto: ni ddefnyddiwyd y diweddariad a anfonwyd (gweler y canfyddiadau).";

/// The plan's first year: online-safety's LibreOffice workbook sets up 2.1, but its first update
/// says "On going".
#[test]
fn a_new_actions_first_update_with_a_bad_status_is_still_owed() {
    let plan = Plan::started(2026);
    plan.send_xml(2026, "digital-inclusion", &sent_2026("digital-inclusion"));
    plan.receive(
        2026,
        &fixture("online-safety-on-going.ods"),
        "online-safety.ods",
    );
    let at = "submissions/2026/online-safety.ods › Updates › B2";

    plan.run(&["status"])
        .exit(0)
        .says_line(&format!(
            "online-safety owes an update for 2.1: the one in {at} was not used (bad-status)"
        ))
        .never_says("digital-inclusion owes");
    let table = plan.run(&["status", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&table.stdout).unwrap();
    let online_safety = &json[1];
    assert_eq!(online_safety["team"], "online-safety", "{json}");
    assert_eq!(online_safety["actions"][0]["action"], "2.1", "{json}");
    assert_eq!(online_safety["actions"][0]["owes"], true, "{json}");

    plan.run(&["check"]).exit(1);
    let feedback = plan.read("output/2026-check/feedback/online-safety.md");
    assert!(
        feedback.contains(&format!(
            "## Updates still owed / Diweddariadau sy'n ddyledus\n\n- Action 2.1 / Cam gweithredu 2.1: the update in `{at}` was not used (bad-status): fix it as said above and send the file again. / Ni ddefnyddiwyd y diweddariad yn `{at}` (bad-status): cywirwch ef fel y nodir uchod ac anfonwch y ffeil eto.\n"
        )),
        "{feedback}"
    );
    assert!(!feedback.contains("None"), "{feedback}");

    // The draft says what is true of 2.1: an update was sent, and is not in it.
    plan.run(&["build"]).exit(0);
    let en = plan.pdf_text("output/2026/annual-update-2026.pdf");
    let action = action_text(&en, "Action 2.1", "Commitment");
    assert!(action.contains(NOT_USED_EN), "{action}");
    let cy = plan.pdf_text("output/2026/diweddariad-blynyddol-2026.pdf");
    let action = action_text(&cy, "Cam gweithredu 2.1", "Ymrwymiad");
    assert!(action.contains(NOT_USED_CY), "{action}");
    // 1.1's update was used: no note.
    let action = action_text(&en, "Action 1.1", "Commitment");
    assert!(!action.contains("No update this year"), "{action}");
}

/// An action's text in a PDF's text: from its heading (`Action 2.1`, followed in the body by the
/// `Commitment` title, unlike in the contents) to the next action's heading.
fn action_text<'t>(text: &'t str, heading: &str, commitment: &str) -> &'t str {
    let from = text
        .find(&format!("{heading} {commitment}"))
        .unwrap_or_else(|| panic!("no {heading} in {text}"));
    let rest = &text[from + heading.len()..];
    let next = ["Action ", "Cam gweithredu "]
        .iter()
        .filter_map(|h| rest.find(h))
        .min()
        .unwrap_or(rest.len());
    &text[from..from + heading.len() + next]
}

/// The second year: every other way a team's update can be rejected, one team each.
#[test]
fn every_rejected_update_is_still_owed_and_says_why() {
    let plan = Plan::first_year_published();
    // A status that is not one.
    plan.send_xml(
        2027,
        "digital-inclusion",
        &Sent::default().update(
            "1.1",
            "On going",
            "Ten schools tested it.",
            "Profodd deg ysgol ef.",
        ),
    );
    // An ID that is no action's: 2.10 for 2.1.
    plan.send_xlsx(
        2027,
        "online-safety",
        &Sent::default().update("2.10", "Ongoing", "Twenty schools.", "Ugain ysgol."),
    );
    // A status but no text; and a row whose ID is not an ID at all.
    plan.send_xlsx(
        2027,
        "schools-data",
        &Sent::default().update("1.2", "Ongoing", "", "").update(
            "1.x",
            "Ongoing",
            "Sixty schools.",
            "Trigain ysgol.",
        ),
    );
    let status = plan.run(&["status"]);
    status
        .exit(0)
        .says_line("digital-inclusion owes an update for 1.1: the one in submissions/2027/digital-inclusion.xml:3:3 was not used (bad-status)")
        .says_line("online-safety owes an update for 2.1")
        .says_line("online-safety owes an update: the one in submissions/2027/online-safety.xlsx › Updates › A2 (action 2.10) was not used (unknown-action)")
        .says_line("schools-data owes an update for 1.2: the one in submissions/2027/schools-data.xlsx › Updates › A2 was not used (missing-text)")
        .says_line("schools-data owes an update: the one in submissions/2027/schools-data.xlsx › Updates › A3 was not used (bad-action-id)");

    // The no-update warning says what happened, not "ask the team".
    plan.run(&["check"])
        .exit(1)
        .says("warning[no-update]: action 1.1: no update this year: the one in submissions/2027/digital-inclusion.xml:3:3 was not used (bad-status)")
        .says("warning[no-update]: action 2.1: no update this year (led by online-safety)");
    let feedback = plan.read("output/2027-check/feedback/schools-data.md");
    assert!(
        feedback.contains("- Action 1.2 / Cam gweithredu 1.2: the update in `submissions/2027/schools-data.xlsx › Updates › A2` was not used (missing-text)"),
        "{feedback}"
    );
    assert!(
        feedback.contains("- The update in `submissions/2027/schools-data.xlsx › Updates › A3` was not used (bad-action-id): fix it as said above and send the file again. / Ni ddefnyddiwyd y diweddariad yn `submissions/2027/schools-data.xlsx › Updates › A3` (bad-action-id): cywirwch ef fel y nodir uchod ac anfonwch y ffeil eto."),
        "{feedback}"
    );
    let feedback = plan.read("output/2027-check/feedback/online-safety.md");
    assert!(
        feedback.contains("- Action 2.1 / Cam gweithredu 2.1\n- The update in `submissions/2027/online-safety.xlsx › Updates › A2` (action 2.10) was not used (unknown-action)"),
        "{feedback}"
    );

    // The draft: 1.1 and 1.2 had updates sent that were not used; nothing usable came for 2.1.
    plan.run(&["build"]).exit(0);
    let en = plan.pdf_text("output/2027/annual-update-2027.pdf");
    for id in ["1.1", "1.2"] {
        let action = action_text(&en, &format!("Action {id}"), "Commitment");
        assert!(action.contains(NOT_USED_EN), "{id}: {action}");
    }
    let action = action_text(&en, "Action 2.1", "Commitment");
    assert!(action.contains("No update this year."), "2.1: {action}");
    assert!(!action.contains(NOT_USED_EN), "2.1: {action}");
}
