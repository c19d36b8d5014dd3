//! A partner's own check tells the truth (issue 28, point 1): `check FILE` on the partner's own
//! computer, with no plan around, runs every check that needs only the file, and each finding
//! reads as it does when the coordinator checks the same file in the plan (the same code,
//! severity, place, message and fix); what needs the plan is named as not checked.

use std::path::Path;

use super::world::{Plan, Seen, Sent, fixture, story::*};

/// The file checked by its team alone (`check NAME` in the team's own folder) and by the
/// coordinator in the plan (`check inputs/submissions/2026/NAME`), with the findings each saw.
fn checked_alone_and_in_plan(plan: &Plan, team: &str, file: &Path, name: &str) -> (Seen, Seen) {
    let own = plan.partner_folder(team);
    std::fs::copy(file, own.join(name)).unwrap();
    let alone = plan.run_in(&own, &["check", name]);
    plan.receive(2026, file, name);
    let in_plan = plan.run(&["check", &format!("inputs/submissions/2026/{name}")]);
    (alone, in_plan)
}

/// Both saw the file's findings, the same ones, and were stopped by them (exit 1).
#[track_caller]
fn same_findings(alone: &Seen, in_plan: &Seen, name: &str) -> Vec<String> {
    alone.exit(1);
    in_plan.exit(1);
    let seen = alone.findings_of(name);
    assert_eq!(
        seen,
        in_plan.findings_of(&format!("inputs/submissions/2026/{name}")),
        "the partner's check and the plan's differ:\n{alone}\n{in_plan}"
    );
    seen
}

/// The fix for missing Welsh in a partner's file: what the partner can do.
const FIX: &str =
    "  fix: add the Welsh text to the file, or ask the coordinator to send it to the translators";

/// What the partner's own check says it could not check without the plan.
const NOT_CHECKED: &str = "not checked without the plan (no inputs/plan.toml here; --inputs names the folder that holds it): whether the actions, categories and teams the file names are the plan's, who leads each action, references to other actions, and whether a text repeats or changes published text";

#[test]
fn an_xml_export_with_no_welsh_is_stopped_on_the_partners_computer() {
    let plan = Plan::started(2026);
    let own = plan.partner_folder("digital-inclusion");
    let file = own.join("export.xml");
    Sent::default()
        .new_action("1.1", "digital-inclusion", (COMMITMENT_1_1.0, ""))
        .update("1.1", "In progress", UPDATE_1_1.0, "")
        .xml(&file, "digital-inclusion", 2026);
    let (alone, in_plan) =
        checked_alone_and_in_plan(&plan, "digital-inclusion", &file, "digital-inclusion.xml");
    let seen = same_findings(&alone, &in_plan, "digital-inclusion.xml");
    assert_eq!(
        seen,
        [
            "error[missing-language]: FILE:3:3: action 1.1: the commitment has no Welsh text",
            FIX,
            "error[missing-language]: FILE:6:3: action 1.1: the 2026 update has no Welsh text",
            FIX,
        ]
    );
    alone
        .says("2 blocking problems")
        .says_line(NOT_CHECKED)
        .says("checked as a submission for 2026 (the year the file gives)");
    in_plan.never_says("not checked without the plan");
}

#[test]
fn a_libreoffice_workbook_with_an_empty_welsh_cell_is_stopped_on_the_partners_computer() {
    let plan = Plan::started(2026);
    let (alone, in_plan) = checked_alone_and_in_plan(
        &plan,
        "online-safety",
        &fixture("online-safety-no-welsh.ods"),
        "online-safety.ods",
    );
    let seen = same_findings(&alone, &in_plan, "online-safety.ods");
    assert_eq!(
        seen,
        [
            "error[missing-language]: FILE › Updates › D2: action 2.1: the 2026 update has no Welsh text",
            FIX,
        ]
    );
    alone.says_line(NOT_CHECKED);
}

#[test]
fn an_openpyxl_workbook_with_an_empty_welsh_cell_is_stopped_on_the_partners_computer() {
    let plan = Plan::started(2026);
    let (alone, in_plan) = checked_alone_and_in_plan(
        &plan,
        "schools-data",
        &fixture("schools-data-no-welsh.xlsx"),
        "schools-data.xlsx",
    );
    let seen = same_findings(&alone, &in_plan, "schools-data.xlsx");
    assert_eq!(
        seen,
        [
            "error[missing-language]: FILE › Updates › D2: action 1.2: the 2026 update has no Welsh text",
            FIX,
        ]
    );
}

/// A file that is clean on its own is clean: the partner is told so, and what was not checked.
#[test]
fn a_clean_file_passes_and_says_what_it_could_not_check() {
    let plan = Plan::started(2026);
    let own = plan.partner_folder("digital-inclusion");
    Sent::default()
        .new_action("1.1", "digital-inclusion", COMMITMENT_1_1)
        .update("1.1", "In progress", UPDATE_1_1.0, UPDATE_1_1.1)
        .xml(
            &own.join("digital-inclusion.xml"),
            "digital-inclusion",
            2026,
        );
    plan.run_in(&own, &["check", "digital-inclusion.xml"])
        .exit(0)
        .says("0 blocking problems")
        .says_line(NOT_CHECKED);
}

/// The coordinator checking one file of a plan from another folder (`check
/// my-plan/submissions/2026/NAME`, the plan not in `./inputs`): the plan the file is in is the
/// one used, said so, and every check is run, as with `--inputs my-plan`.
#[test]
fn a_file_in_a_plans_submissions_is_checked_with_that_plan() {
    let plan = Plan::started(2026);
    let file = plan.send_xml(
        2026,
        "digital-inclusion",
        &Sent::default()
            .new_action("1.1", "digital-inclusion", COMMITMENT_1_1)
            .update("1.1", "In progress", UPDATE_1_1.0, UPDATE_1_1.1)
            .update("9.9", "In progress", UPDATE_1_1.0, UPDATE_1_1.1),
    );
    let elsewhere = plan.partner_folder("coordinator-desk");
    let seen = plan.run_in(&elsewhere, &["check", file.to_str().unwrap()]);
    seen.exit(1)
        .says(&format!(
            "checked with the plan in {} (the inputs folder the file is in)",
            plan.inputs().join("plan.toml").display()
        ))
        .says("action 9.9")
        .never_says("not checked without the plan");
    let with_inputs = plan.run_in(
        &elsewhere,
        &[
            "check",
            file.to_str().unwrap(),
            "--inputs",
            plan.inputs().to_str().unwrap(),
        ],
    );
    assert_eq!(
        seen.findings_of(file.to_str().unwrap()),
        with_inputs.findings_of(file.to_str().unwrap())
    );
}

/// A workbook `template` wrote for 2031, filled in and saved by LibreOffice Calc, checked by its
/// team in December 2030 (or any year but 2031): the year is the workbook's, so the update with
/// no Welsh is the 2031 update, not this calendar year's.
#[test]
fn a_workbook_from_template_is_checked_for_the_year_it_was_made_for() {
    let plan = Plan::started(2031);
    let own = plan.partner_folder("online-safety");
    std::fs::copy(
        fixture("online-safety-2031.ods"),
        own.join("online-safety-2031.ods"),
    )
    .unwrap();
    let alone = plan.run_in(&own, &["check", "online-safety-2031.ods"]);
    alone
        .exit(1)
        .says("action 2.1: the 2031 update has no Welsh text")
        .says_line("checked as a submission for 2031 (the year its workbook was made for)");
    // For machines, the same: which year, why, and what was not checked.
    let json = plan.run_in(
        &own,
        &["check", "online-safety-2031.ods", "--format", "json"],
    );
    let value: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!(
        value["checked-alone"],
        serde_json::json!({
            "year": 2031,
            "year-from": "the year its workbook was made for",
            "not-checked": NOT_CHECKED.split_once("): ").unwrap().1,
        })
    );
    // The workbook `template` writes (rust_xlsxwriter) carries the year too.
    plan.run(&["template"]).exit(0);
    let written = plan.dir().join("output/templates/online-safety-2031.xlsx");
    let seen = plan.run_in(&own, &["check", written.to_str().unwrap()]);
    seen.exit(0)
        .says_line("checked as a submission for 2031 (the year its workbook was made for)");
}
