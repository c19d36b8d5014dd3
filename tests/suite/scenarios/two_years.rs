//! The year done right, twice: the README's cycle from `init` to the second year's `publish`,
//! with every message read as the person it is for would read it.

use super::world::{Plan, Sent, plan_toml};

const EN_1_1: &str = "We will publish advice for parents on screen time.";
const CY_1_1: &str = "Byddwn yn cyhoeddi cyngor i rieni am amser sgrin.";
const EN_2_1: &str = "We will work with schools to share good practice.";
const CY_2_1: &str = "Byddwn yn gweithio gydag ysgolion i rannu arfer da.";

/// The first year sets the plan up from nothing; the second builds on what was published.
#[test]
fn a_plan_from_init_through_two_published_years() {
    let plan = Plan::started(2026);
    plan.send_xml(
        2026,
        "digital-inclusion",
        &Sent::default()
            .new_action("1.1", "digital-inclusion", (EN_1_1, CY_1_1))
            .update(
                "1.1",
                "In progress",
                "The advice was drafted with parents' groups.",
                "Drafftiwyd y cyngor gyda grwpiau rhieni.",
            ),
    );
    plan.send_xlsx(
        2026,
        "online-safety",
        &Sent::default()
            .new_action("2.1", "online-safety", (EN_2_1, CY_2_1))
            .update(
                "2.1",
                "Ongoing",
                "Twelve schools shared their practice in 2026–27.",
                "Rhannodd deuddeg ysgol eu harfer yn 2026–27.",
            ),
    );
    plan.run(&["check"])
        .exit(0)
        .says("0 blocking problems")
        .never_says("error[");
    plan.run(&["build", "--final"]).exit(0);
    assert!(plan.built(2026).join("annual-update-2026.pdf").is_file());
    plan.run(&["publish"]).exit(0);
    assert!(plan.inputs().join("published/2026/dataset.json").is_file());
    assert!(plan.submissions(2027).is_dir(), "publish opens next year");

    // The second year: a date for it, then each team's update.
    plan.write("plan.toml", &plan_toml(&[2026, 2027]));
    plan.send_xml(
        2027,
        "digital-inclusion",
        &Sent::default().update(
            "1.1",
            "Delivered",
            "The advice was published in March 2027.",
            "Cyhoeddwyd y cyngor ym mis Mawrth 2027.",
        ),
    );
    plan.send_ods(
        2027,
        "online-safety",
        &Sent::default().update(
            "2.1",
            "Ongoing",
            "Twenty schools shared their practice.",
            "Rhannodd ugain ysgol eu harfer.",
        ),
    );
    plan.run(&["status"]).exit(0);
    plan.run(&["build", "--final"]).exit(0);
    let changes = plan.read("output/2027/changes.md");
    assert!(changes.contains("1.1"), "{changes}");
    plan.run(&["publish"]).exit(0);
    assert!(plan.inputs().join("published/2027/dataset.json").is_file());
}
