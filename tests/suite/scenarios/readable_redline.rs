//! Issue 28 point 5: a correction that only retypes a no-break space as a space reads, in the
//! change summary, as what it is: the characters named, and a note that only white space or
//! invisible characters changed, in `changes.md`, `changes.csv` and both PDFs.

use super::world::{Plan, correction_of_2026_update};

#[test]
fn a_retyped_space_is_named_in_the_redline() {
    let plan = Plan::with_one_action(
        (
            "We will fund devices for learners.",
            "Byddwn yn ariannu dyfeisiau i ddysgwyr.",
        ),
        (
            "The programme cost £1.2\u{a0}million.",
            "Costiodd y rhaglen £1.2\u{a0}miliwn.",
        ),
    );
    // The minutes were typed again: the no-break spaces became spaces, in both languages.
    let reason = "Typed again from the minutes.";
    plan.write(
        "resolutions/2027.toml",
        &(correction_of_2026_update("en", "The programme cost £1.2 million.", reason)
            + &correction_of_2026_update("cy", "Costiodd y rhaglen £1.2 miliwn.", reason)),
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

    let en = super::world::pdf_text(&plan.built(2027).join("change-summary-2027.pdf"));
    assert!(
        en.contains("£1.2 [- ‹no-break space› -] [+ ‹space› +] million")
            && en.contains("Only white space or invisible characters changed."),
        "{en}"
    );
    let cy = super::world::pdf_text(&plan.built(2027).join("crynodeb-o-newidiadau-2027.pdf"));
    assert!(
        cy.contains("£1.2 [- ‹bwlch di-dor› -] [+ ‹bwlch› +] miliwn")
            && cy.contains("Dim ond bylchau neu nodau anweledig a newidiodd."),
        "{cy}"
    );

    // Each edit's redline is tagged in its text's language, whichever summary it is in.
    for (pdf, own, other, other_words) in [
        ("change-summary-2027.pdf", "en-GB", "cy-GB", "miliwn"),
        (
            "crynodeb-o-newidiadau-2027.pdf",
            "cy-GB",
            "en-GB",
            "million",
        ),
    ] {
        let (tree, lang) = crate::common::tagged::read(&plan.built(2027).join(pdf));
        assert_eq!(lang.as_deref(), Some(own), "{pdf}");
        assert!(
            tagged_in(&tree, other, other_words),
            "{pdf}: the {other} redline (\"{other_words}\") is not tagged {other}: {tree:#?}"
        );
    }
}

/// Whether an element tagged `lang`, or one inside it, holds `words`.
fn tagged_in(e: &crate::common::tagged::Element, lang: &str, words: &str) -> bool {
    (e.lang.as_deref() == Some(lang) && e.text.contains(words))
        || e.children.iter().any(|c| tagged_in(c, lang, words))
}
