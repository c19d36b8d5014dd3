//! Issue 28 point 12: a partner's `New actions` row that would change published text says which
//! texts it would change, field and language, not "the commitment or background".

use super::world::{Plan, Sent};

#[test]
fn a_row_changing_published_text_names_each_field_and_language() {
    let commitment = (
        "We will review the filtering guidance.",
        "Byddwn yn adolygu'r canllawiau hidlo.",
    );
    let background = (
        "Schools asked for clearer guidance.",
        "Gofynnodd ysgolion am ganllawiau cliriach.",
    );
    let plan = Plan::in_second_year(
        2026,
        &[(
            "online-safety",
            Sent::default()
                .new_action("2.1", "online-safety", commitment)
                .background(background)
                .update(
                    "2.1",
                    "Ongoing",
                    "The review started.",
                    "Dechreuodd yr adolygiad.",
                ),
        )],
    );
    // The team sends last year's row again, its English commitment and Welsh background retyped.
    plan.send_xlsx(
        2027,
        "online-safety",
        &Sent::default()
            .new_action(
                "2.1",
                "online-safety",
                ("We will review the web filtering guidance.", commitment.1),
            )
            .background((
                background.0,
                "Gofynnodd yr ysgolion am ganllawiau cliriach.",
            ))
            .update(
                "2.1",
                "Ongoing",
                "The review reported.",
                "Adroddodd yr adolygiad.",
            ),
    );
    plan.run(&["check"])
        .exit(1)
        .says(
            "error[published-text-edit]: submissions/2027/online-safety.xlsx › New actions › A2: action 2.1: \
             the row would change the commitment (English) and background (Welsh) of action 2.1, \
             published in 2026; published text never changes silently",
        )
        .never_says("commitment or background");
}
