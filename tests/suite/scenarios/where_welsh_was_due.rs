//! A new action's missing text is shown where it was due: the commitment's or background's own
//! cell in the language that is missing, not the row's Action cell, in the partner's own check
//! and in the plan alike.

use super::world::{Plan, Sent};

#[test]
fn a_new_actions_missing_language_is_at_its_own_cell() {
    let plan = Plan::started(2026);
    let file = plan.send_xlsx(
        2026,
        "digital-inclusion",
        &Sent::default()
            .new_action(
                "1.1",
                "digital-inclusion",
                ("We will train teachers in digital safety.", ""),
            )
            .background(("", "Gofynnodd ysgolion am hyfforddiant."))
            .update(
                "1.1",
                "Ongoing",
                "Forty teachers were trained.",
                "Hyfforddwyd deugain o athrawon.",
            ),
    );
    // Columns of New actions: Action, Category, Commitment (English), Commitment (Welsh), Lead
    // team, Background (English), Background (Welsh).
    for seen in [
        plan.run_in(file.parent().unwrap(), &["check", "digital-inclusion.xlsx"]),
        plan.run(&["check"]),
    ] {
        seen.exit(1)
            .says("digital-inclusion.xlsx › New actions › D2: action 1.1: the commitment has no Welsh text")
            .says("digital-inclusion.xlsx › New actions › F2: action 1.1: the background has no English text");
    }
}
