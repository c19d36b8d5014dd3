//! Issue 28 point 5: a correction that only retypes a no-break space as a space reads, in the
//! change summary, as what it is: the characters named, and a note that only white space or
//! invisible characters changed, in `changes.md`, `changes.csv` and both PDFs.

use crate::world::{Plan, Sent};

#[test]
fn a_retyped_space_is_named_in_the_redline() {
    let plan = Plan::in_second_year(
        2026,
        &[(
            "digital-inclusion",
            Sent::default()
                .new_action(
                    "1.1",
                    "digital-inclusion",
                    (
                        "We will fund devices for learners.",
                        "Byddwn yn ariannu dyfeisiau i ddysgwyr.",
                    ),
                )
                .update(
                    "1.1",
                    "Ongoing",
                    "The programme cost £1.2\u{a0}million.",
                    "Costiodd y rhaglen £1.2\u{a0}miliwn.",
                ),
        )],
    );
    plan.send_xml(
        2027,
        "digital-inclusion",
        &Sent::default().update(
            "1.1",
            "Ongoing",
            "More devices were bought.",
            "Prynwyd rhagor o ddyfeisiau.",
        ),
    );
    // The minutes were typed again: the no-break spaces became spaces, in both languages.
    plan.write(
        "resolutions/2027.toml",
        r#"[[correction]]
action = "1.1"
field = "update"
year = 2026
lang = "en"
text = "The programme cost £1.2 million."
reason = "Typed again from the minutes."

[[correction]]
action = "1.1"
field = "update"
year = 2026
lang = "cy"
text = "Costiodd y rhaglen £1.2 miliwn."
reason = "Typed again from the minutes."
"#,
    );
    plan.run(&["build", "--final"]).exit(0);

    let md = plan.read("output/2027/changes.md");
    for redline in [
        "£1.2[-‹no-break space›-]{+‹space›+}million.",
        "£1.2[-‹no-break space›-]{+‹space›+}miliwn.",
    ] {
        assert!(md.contains(redline), "{redline} in {md}");
    }
    assert_eq!(
        md.matches("Only white space or invisible characters changed.")
            .count(),
        2,
        "{md}"
    );
    let csv = plan.read("output/2027/changes.csv");
    assert!(
        csv.contains("The programme cost £1.2[-‹no-break space›-]{+‹space›+}million."),
        "{csv}"
    );

    let en = crate::world::pdf_text(&plan.built(2027).join("change-summary-2027.pdf"));
    assert!(
        en.contains("£1.2 [- ‹no-break space› -] [+ ‹space› +] million")
            && en.contains("Only white space or invisible characters changed."),
        "{en}"
    );
    let cy = crate::world::pdf_text(&plan.built(2027).join("crynodeb-o-newidiadau-2027.pdf"));
    assert!(
        cy.contains("£1.2 [- ‹bwlch di-dor› -] [+ ‹bwlch› +] miliwn")
            && cy.contains("Dim ond bylchau neu nodau anweledig a newidiodd."),
        "{cy}"
    );
}
