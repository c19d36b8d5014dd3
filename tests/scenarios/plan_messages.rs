//! Issue 28, point 12: the coordinator's first mistakes with the plan itself, told where they
//! are and how to fix them, in words that fit.

use crate::world::Plan;

/// A team's Welsh name left out: the whole key is named, with the line to add.
#[test]
fn a_missing_welsh_name_is_named_whole() {
    let plan = Plan::started(2026);
    let text = plan.read("inputs/plan.toml");
    plan.write(
        "plan.toml",
        &text.replace("name.cy = \"Tîm Diogelwch Ar-lein\"\n", ""),
    );
    plan.run(&["check"])
        .exit(1)
        .says("plan.toml:26:1: `name.cy` is missing from the 2nd [[teams]] table; add the line name.cy = \"…\" to that table, with the text in Welsh between the quotes")
        .never_says("missing field `cy`");
}

/// `build` run inside the inputs folder itself.
#[test]
fn a_command_run_inside_the_plans_folder_says_to_pass_inputs_dot() {
    let plan = Plan::started(2026);
    plan.run_in(&plan.inputs(), &["build"])
        .exit(1)
        .says("the plan.toml in this folder is read with `--inputs .`");
    let deeper = plan.submissions(2026);
    plan.run_in(&deeper, &["check"])
        .exit(1)
        .says("the plan.toml in ../.. is read with `--inputs ../..`");
}
