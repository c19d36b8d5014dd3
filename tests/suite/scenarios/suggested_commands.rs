//! Every command the tool suggests next works when pasted as written, with the folders this run
//! was given: a coordinator whose plan is not in `inputs/` (here `my plan`, with a space) pastes
//! `init`'s, `xliff export`'s and `publish`'s suggestions into a shell and they run.

use std::process::Command;

use super::world::{Plan, Sent, plan_toml};

/// The one line of `said` between backticks after `lead`.
fn suggested(said: &str, lead: &str) -> String {
    let start = said
        .find(lead)
        .unwrap_or_else(|| panic!("{lead:?} in {said}"))
        + lead.len();
    let rest = &said[start..];
    match rest.strip_prefix('`') {
        Some(quoted) => quoted[..quoted.find('`').unwrap()].to_string(),
        None => rest.lines().next().unwrap().to_string(),
    }
}

/// Runs a pasted command line in a POSIX shell in `dir`, with this build's binary first on PATH.
fn paste(dir: &std::path::Path, line: &str) -> std::process::Output {
    let bin = std::path::Path::new(env!("CARGO_BIN_EXE_annual-update"));
    let path = format!(
        "{}:{}",
        bin.parent().unwrap().display(),
        std::env::var("PATH").unwrap_or_default()
    );
    Command::new("sh")
        .args(["-c", line])
        .current_dir(dir)
        .env("PATH", path)
        .output()
        .unwrap()
}

#[test]
fn suggestions_carry_the_folders_and_run_when_pasted() {
    let plan = Plan::init(2026);
    let said = plan.run(&["init", "my plan", "--year", "2026"]);
    said.exit(0);
    let check = suggested(&said.text(), "then run ");
    assert_eq!(check, "annual-update check --inputs 'my plan'");
    // Filled in as the README says, with a first year's actions.
    let mine = plan.dir().join("my plan");
    std::fs::write(mine.join("plan.toml"), plan_toml(&[2026])).unwrap();
    let sent = Sent::default()
        .new_action(
            "1.1",
            "digital-inclusion",
            ("We will support schools.", "Byddwn yn cefnogi ysgolion."),
        )
        .update("1.1", "Ongoing", "Work began in schools.", "");
    std::fs::create_dir_all(mine.join("submissions/2026")).unwrap();
    sent.xml(
        &mine.join("submissions/2026/digital-inclusion.xml"),
        "digital-inclusion",
        2026,
    );
    let out = paste(plan.dir(), &check);
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    assert!(String::from_utf8_lossy(&out.stderr).contains("error[missing-language]"));

    let said = plan.run(&["xliff", "export", "--inputs", "my plan"]);
    said.exit(0);
    let import = suggested(&said.text(), "when it comes back: ");
    assert_eq!(
        import,
        "annual-update xliff import output/2026-translation/translation-2026.xlf --inputs 'my plan'"
    );
    let exported = plan
        .dir()
        .join("output/2026-translation/translation-2026.xlf");
    let text = std::fs::read_to_string(&exported).unwrap();
    std::fs::write(
        &exported,
        text.replace(
            "<target state=\"needs-translation\"></target>",
            "<target state=\"translated\">Dechreuodd y gwaith mewn ysgolion.</target>",
        ),
    )
    .unwrap();
    let out = paste(plan.dir(), &import);
    assert_eq!(out.status.code(), Some(0), "{out:?}");

    plan.run(&["build", "--final", "--inputs", "my plan"])
        .exit(0);
    let said = plan.run(&["publish", "--inputs", "my plan"]);
    said.exit(0).says(
        "plan.toml has no publication date for 2027 yet: add the line 2027 = \"2027-11-24\" under [publication-dates]",
    );
    let status = suggested(&said.text(), "next: send each team its 2027 workbook; ");
    assert_eq!(status, "annual-update status --inputs 'my plan'");
    let out = paste(plan.dir(), &status);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("digital-inclusion owes an update for 1.1")
    );
}
