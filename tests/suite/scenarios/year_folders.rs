//! Issue 28, points 6 and 9: the year a command works on is the one the coordinator means. The
//! plan's first year works from `init` on (`template` included), and a mistyped year folder is
//! caught where it is, never taken for the year, its rows never called unknown actions.

use super::world::{Plan, Sent, plan_toml};

fn first_year(plan: &Plan) {
    plan.send_xml(
        2026,
        "digital-inclusion",
        &Sent::default()
            .new_action(
                "1.3",
                "digital-inclusion",
                (
                    "We will map broadband in schools.",
                    "Byddwn yn mapio band eang mewn ysgolion.",
                ),
            )
            .update(
                "1.3",
                "Ongoing",
                "Half the schools are mapped.",
                "Mae hanner yr ysgolion wedi'u mapio.",
            ),
    );
    plan.run(&["build", "--final"]).exit(0);
    plan.run(&["publish"]).exit(0);
    plan.write("plan.toml", &plan_toml(&[2026, 2027]));
}

/// The README's cycle, step two: `template` right after `init` gives each team its workbook.
#[test]
fn template_works_in_the_plans_first_year() {
    let plan = Plan::init(2026);
    plan.run(&["template"])
        .exit(0)
        .says("output/templates/first-team-2026.xlsx");
    assert!(
        plan.dir()
            .join("output/templates/first-team-2026.xlsx")
            .is_file()
    );
}

/// A file saved into `submissions/2062` instead of `2027`, with `2027/` left empty.
#[test]
fn a_mistyped_year_folder_is_caught_not_built() {
    let plan = Plan::started(2026);
    first_year(&plan);
    std::fs::remove_dir(plan.submissions(2027)).unwrap();
    plan.send_xml(
        2062,
        "digital-inclusion",
        &Sent::default().update(
            "1.3",
            "Ongoing",
            "All schools are mapped.",
            "Mae pob ysgol wedi'i mapio.",
        ),
    );
    for command in ["check", "status", "build"] {
        plan.run(&[command])
            .exit(1)
            .says("the year to build is 2027, the year after the newest published (2026)")
            .says("if its files report on 2027, rename")
            .never_says("unknown-action");
    }
    // Asked for by name, 2062 cannot be built either: nothing is published for 2061.
    plan.run(&["build", "--year", "2062"])
        .exit(1)
        .says("cannot build 2062: a year is built on the dataset published for the year before it, and nothing is published for 2061")
        .says("--year 2027");
    // Beside a 2027 folder, it is a blocking finding on the 2027 build, not silence.
    std::fs::create_dir_all(plan.submissions(2027)).unwrap();
    plan.run(&["build"])
        .exit(0)
        .says("error[later-year-folder]: submissions/2062: submissions/2062/ is for a later year than 2027, the year being built, so its files are not read")
        .never_says("unknown-action");
}

/// A folder named for a financial year: its files would never be read, so it is refused as
/// 1999 is.
#[test]
fn a_folder_that_is_not_a_year_is_refused() {
    let plan = Plan::started(2026);
    let odd = plan.inputs().join("submissions/2026-27");
    std::fs::create_dir_all(&odd).unwrap();
    plan.run(&["check"])
        .exit(1)
        .says("the folder 2026-27 is not a reporting year from 2000 to 2999, so its files would never be read");
}
