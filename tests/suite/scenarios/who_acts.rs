//! Each person gets only what they can act on (issue 28, point 7): a team's feedback lists its
//! own rows, each at its place with the fix, and what it still owes; a correction the coordinator
//! recorded, the Welsh it makes stale and the XLIFF round trip are the coordinator's, on the
//! terminal and in `findings.md`, never in a partner's feedback.

use super::world::{Plan, Sent};

/// The coordinator corrects digital-inclusion's published 2026 update (its Welsh is then stale
/// until the translators return it); digital-inclusion sends its 2027 update in English only;
/// online-safety and schools-data send nothing yet.
fn second_year_with_a_correction() -> Plan {
    let plan = Plan::first_year_published();
    plan.write(
        "resolutions/2027.toml",
        r#"[[correction]]
action = "1.1"
field = "update"
year = 2026
lang = "en"
text = "The advice was drafted with parents' groups and teachers."
reason = "The 2026 update left out the teachers."
"#,
    );
    plan.send_xml(
        2027,
        "digital-inclusion",
        &Sent::default().update(
            "1.1",
            "Ongoing",
            "The advice was tested in ten schools.",
            "",
        ),
    );
    plan
}

/// What digital-inclusion is sent, by `check` and by the build alike.
const DIGITAL_INCLUSION: &str = "# Feedback for Digital Inclusion Team, 2027 / Adborth: Tîm Cynhwysiant Digidol, 2027

From the annual update of “Digital inclusion in schools: an action plan”: what the files received so far show.  
O ddiweddariad blynyddol “Cynhwysiant digidol mewn ysgolion: cynllun gweithredu”: yr hyn y mae'r ffeiliau a ddaeth i law hyd yma yn ei ddangos.

## To fix before publication / I'w gywiro cyn cyhoeddi

- `submissions/2027/digital-inclusion.xml:3:3`: action 1.1: the 2027 update has no Welsh text (missing-language)
  - Fix / Cywiro: add the Welsh text to the file, or ask the coordinator to send it to the translators

## Updates still owed / Diweddariadau sy'n ddyledus

None. / Dim.

## Received / Wedi dod i law

- Action 1.1 / Cam gweithredu 1.1: `submissions/2027/digital-inclusion.xml`

";

#[test]
fn a_correction_and_its_stale_welsh_go_to_the_coordinator_not_the_team() {
    let plan = second_year_with_a_correction();
    // The coordinator sees everything, the correction's stale Welsh with how to get it translated.
    let checked = plan.run(&["check"]);
    checked
        .exit(1)
        .says("error[stale-welsh]: resolutions/2027.toml:1:1: action 1.1: the English 2026 update was corrected here, so its Welsh translates the text before the correction")
        .says("run `annual-update xliff export`")
        .says("error[missing-language]: submissions/2027/digital-inclusion.xml:3:3: action 1.1: the 2027 update has no Welsh text");
    // Run from elsewhere, on the plan's folder: the commands to paste name it.
    let inputs = plan.inputs();
    let elsewhere = plan.partner_folder("coordinator-desk");
    let away = plan.run_in(&elsewhere, &["check", "--inputs", inputs.to_str().unwrap()]);
    let named = annual_update::progress::shell_word(&inputs);
    away.exit(1).says(&format!(
        "fix: run `annual-update xliff export --inputs {named}`, send the file to the translators, and `annual-update xliff import FILE --inputs {named}` with the file they return"
    ));
    // The team sees its own row, and nothing of the correction.
    let feedback = plan.read("output/2027-check/feedback/digital-inclusion.md");
    assert_eq!(feedback, DIGITAL_INCLUSION);
    // The teams that sent nothing owe their updates, and see nothing of 1.1.
    for (team, action) in [("online-safety", "2.1"), ("schools-data", "1.2")] {
        let feedback = plan.read(&format!("output/2027-check/feedback/{team}.md"));
        assert!(
            feedback.contains(&format!(
                "## Updates still owed / Diweddariadau sy'n ddyledus\n\n- Action {action} / Cam gweithredu {action}\n"
            )),
            "{feedback}"
        );
        assert!(!feedback.contains("1.1"), "{feedback}");
    }
    // The build's feedback is the same; its findings.md keeps the coordinator's findings.
    plan.run(&["build"]).exit(0);
    assert_eq!(
        plan.read("output/2027/feedback/digital-inclusion.md"),
        DIGITAL_INCLUSION
    );
    let findings = plan.read("output/2027/findings.md");
    assert!(
        findings.contains("| `stale-welsh` | resolutions/2027.toml:1:1 | 1.1 |"),
        "{findings}"
    );
    // The status table counts for each team only what it can fix.
    plan.run(&["status"])
        .exit(0)
        .says("digital-inclusion: submissions/2027/digital-inclusion.xml:3:3: the 2027 update has no Welsh text")
        .never_says("digital-inclusion: resolutions/2027.toml");
}
