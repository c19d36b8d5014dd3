//! Issue 28, point 12: the coordinator's first mistakes with the plan itself, told where they
//! are and how to fix them, in words that fit.

use super::world::Plan;

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

/// `build` run inside the inputs folder itself, or deeper: the fix it gives, pasted, works.
#[test]
fn a_command_run_inside_the_plans_folder_says_which_inputs_and_output() {
    let plan = Plan::started(2026);
    let inputs = plan.inputs().canonicalize().unwrap();
    let output = inputs.parent().unwrap().join("output");
    let said = format!(
        "give --output a folder outside them, such as --output {}; if {} is the plan you mean, also pass --inputs {}",
        output.display(),
        inputs.display(),
        inputs.display()
    );
    plan.run_in(&plan.inputs(), &["build"]).exit(2).says(&said);
    plan.run_in(&plan.submissions(2026), &["check"])
        .exit(2)
        .says("if ")
        .says(&format!(
            "is the plan you mean, also pass --inputs {}",
            inputs.display()
        ));
    let (inputs, output) = (inputs.display().to_string(), output.display().to_string());
    plan.run_in(
        &plan.submissions(2026),
        &["check", "--inputs", &inputs, "--output", &output],
    )
    .exit(1)
    .says("error[no-actions]");
}
