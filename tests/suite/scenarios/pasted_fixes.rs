//! Issue 28 point 8 (and issue 27 point 7): every fix that gives lines of TOML to paste works
//! when pasted as printed. The coordinator copies each from the terminal into
//! `resolutions/<year>.toml` and checks again: each finding is resolved, nothing else is said
//! about the lines. One of the files has a quote, a backslash and a line break in its name.

use super::world::{Plan, Sent};

const EN_1_1: &str = "We will publish advice for parents on screen time.";
const CY_1_1: &str = "Byddwn yn cyhoeddi cyngor i rieni am amser sgrin.";

#[test]
fn each_fix_to_paste_resolves_its_finding_as_printed() {
    let plan = Plan::in_second_year(
        2026,
        &[
            (
                "digital-inclusion",
                Sent::default()
                    .new_action("1.1", "digital-inclusion", (EN_1_1, CY_1_1))
                    .update(
                        "1.1",
                        "Delivered",
                        "The advice was published.",
                        "Cyhoeddwyd y cyngor.",
                    ),
            ),
            (
                "online-safety",
                Sent::default()
                    .new_action(
                        "2.1",
                        "online-safety",
                        (
                            "We will review the filtering guidance.",
                            "Byddwn yn adolygu'r canllawiau hidlo.",
                        ),
                    )
                    .update(
                        "2.1",
                        "Closed",
                        "The review was closed.",
                        "Caewyd yr adolygiad.",
                    ),
            ),
            (
                "schools-data",
                Sent::default()
                    .new_action(
                        "2.2",
                        "schools-data",
                        (
                            "We will publish data on school connectivity.",
                            "Byddwn yn cyhoeddi data ar gysylltedd ysgolion.",
                        ),
                    )
                    .update(
                        "2.2",
                        "Ongoing",
                        "The first data were collected.",
                        "Casglwyd y data cyntaf.",
                    ),
            ),
        ],
    );
    // The second year: a delivered action goes back to Ongoing, a closed one gets an update,
    // two files give 2.2 different updates, and a row restates 1.1 with a new commitment.
    plan.send_xml(
        2027,
        "digital-inclusion",
        &Sent::default()
            .new_action(
                "1.1",
                "digital-inclusion",
                (
                    "We will publish advice for parents and carers on screen time.",
                    CY_1_1,
                ),
            )
            .update(
                "1.1",
                "Ongoing",
                "The advice is being revised.",
                "Mae'r cyngor yn cael ei ddiwygio.",
            ),
    );
    plan.send_xml(
        2027,
        "online-safety",
        &Sent::default().update(
            "2.1",
            "Closed",
            "A closing note was written.",
            "Ysgrifennwyd nodyn cau.",
        ),
    );
    plan.send_xml(
        2027,
        "schools-data",
        &Sent::default().update(
            "2.2",
            "Ongoing",
            "Data were published for 2027.",
            "Cyhoeddwyd data ar gyfer 2027.",
        ),
    );
    let odd_name = "schools-data_\"v2\"\\ final\nedit.xml";
    plan.send_xml_as(
        2027,
        odd_name,
        "schools-data",
        &Sent::default().update(
            "2.2",
            "Ongoing",
            "Data for 2027 were published in May.",
            "Cyhoeddwyd data 2027 ym mis Mai.",
        ),
    );

    let checked = plan.run(&["check"]);
    checked.exit(1);
    let codes = [
        "status-backwards",
        "update-to-finished-action",
        "conflicting-updates",
        "published-text-edit",
    ];
    for code in codes {
        checked.says(&format!("error[{code}]"));
    }
    // The file's name is a TOML string in the lines to paste, its quote, backslash and line
    // break escaped.
    assert!(
        checked
            .snippet("conflicting-updates")
            .contains(r#"file = "submissions/2027/schools-data_\"v2\"\\ final\nedit.xml""#),
        "{checked}"
    );
    // The same lines in the draft's findings.md, as a code block under the table.
    plan.run(&["build"]).exit(0);
    let findings = plan.read("output/2027/findings.md");
    let reopen = checked.snippet("status-backwards").replace("    ", "");
    assert!(
        findings.contains("(the lines to paste: ")
            && findings.contains(&format!(
                ", into resolutions/2027.toml:\n\n```toml\n{reopen}```\n"
            )),
        "{findings}"
    );
    for code in codes {
        plan.append("resolutions/2027.toml", &checked.snippet(code));
    }

    let again = plan.run(&["check"]);
    for code in codes {
        again.never_says(&format!("error[{code}]"));
    }
    again
        .never_says("unused-resolution")
        .says("note[resolved]: resolutions/2027.toml")
        .says("reopened by resolutions/2027.toml")
        .says("chooses another submission")
        .says("published English commitment text corrected");
}
