//! Issue 28, points 2 and 3: a plan left as `init` wrote it, or a year with no publication
//! date, is never published. The coordinator sees each gap in the draft's findings, at its
//! line in `plan.toml`, and `build --final` and `publish` refuse until it is filled.

use super::world::{Plan, Sent};

/// Right after `init`, with a partner's file but `plan.toml` untouched.
#[test]
fn the_placeholders_init_wrote_are_never_published() {
    let plan = Plan::init(2026);
    plan.send_xml(
        2026,
        "first-team",
        &Sent::default()
            .new_action(
                "1.1",
                "first-team",
                (
                    "We will write the advice.",
                    "Byddwn yn ysgrifennu'r cyngor.",
                ),
            )
            .update(
                "1.1",
                "Ongoing",
                "The advice is being written.",
                "Mae'r cyngor yn cael ei ysgrifennu.",
            ),
    );
    // The draft builds, marked, and says what is left to fill in, where.
    plan.run(&["build"])
        .exit(0)
        .says("error[placeholder-text]: plan.toml:4:12: `title.en`, the plan's title in English, is still the placeholder that `annual-update init` wrote")
        .says("fix: write the plan's title in English between the quotes, in place of the placeholder")
        .says("plan.toml:27:11: `name.cy`, the name of team \"first-team\" in Welsh");
    plan.run(&["build", "--final"])
        .exit(1)
        .says("final build refused: 8 blocking problems remain");
    plan.run(&["publish"]).exit(1);
    assert!(!plan.inputs().join("published/2026").exists());
}

/// After the first year is published, the next year is opened with no date for it.
#[test]
fn a_year_with_no_publication_date_is_not_published() {
    let plan = Plan::started(2026);
    let sent = |status, en, cy| Sent::default().update("1.1", status, en, cy);
    plan.send_xml(
        2026,
        "digital-inclusion",
        &sent(
            "Ongoing",
            "Work began in schools.",
            "Dechreuodd y gwaith mewn ysgolion.",
        )
        .new_action(
            "1.1",
            "digital-inclusion",
            ("We will support schools.", "Byddwn yn cefnogi ysgolion."),
        ),
    );
    plan.run(&["build", "--final"]).exit(0);
    plan.run(&["publish"]).exit(0);
    plan.send_xml(
        2027,
        "digital-inclusion",
        &sent(
            "Ongoing",
            "Work went on in more schools.",
            "Aeth y gwaith ymlaen mewn mwy o ysgolion.",
        ),
    );
    let draft = plan.run(&["build"]);
    draft
        .exit(0)
        .says("error[no-publication-date]: plan.toml:6:1: there is no publication date for 2027: the cover would have no date, and the PDFs would be dated 1 January 2027")
        .says("fix: add the line 2027 = \"2027-11-24\" under [publication-dates] in plan.toml, with the day the 2027 edition is published");
    plan.run(&["build", "--final"]).exit(1);
    // The line the fix gives, added where it says, is all it takes.
    let text = plan.read("inputs/plan.toml");
    plan.write(
        "plan.toml",
        &text.replace(
            "[publication-dates]\n",
            "[publication-dates]\n2027 = \"2027-11-24\"\n",
        ),
    );
    plan.run(&["build", "--final"])
        .exit(0)
        .never_says("no-publication-date");
}

/// A plan with its frame filled in but no actions yet: nothing to publish.
#[test]
fn a_plan_with_no_actions_is_not_published() {
    let plan = Plan::started(2026);
    plan.run(&["check"])
        .exit(1)
        .says("error[no-actions]: the plan has no actions, so the 2026 edition would have nothing in it")
        .says("the New actions sheet of its workbook (`annual-update template` writes one per team)");
    plan.run(&["build", "--final"]).exit(1);
}
