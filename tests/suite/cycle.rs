//! The yearly cycle as commands: `init` starts a plan, `status` and the feedback files say who
//! owes what, `publish` records a clean final build and opens the next year, which builds at once.

use crate::common::*;

#[test]
fn init_writes_a_plan_that_check_reads_and_never_overwrites() {
    let ws = tempfile::tempdir().unwrap();
    let out = run(annual_update(ws.path()).args(["init", "--year", "2026"]));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    for path in [
        "inputs/plan.toml",
        "inputs/README.md",
        "inputs/submissions/2026",
        "inputs/narrative",
    ] {
        assert!(ws.path().join(path).exists(), "{path}");
    }
    // `check` reads it, and says what is left to fill in (blocking, until it is).
    let out = run(annual_update(ws.path()).arg("check"));
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("error[placeholder-text]: plan.toml:4:12: `title.en`"),
        "{}",
        stderr(&out)
    );
    let before = folder_bytes(&ws.path().join("inputs"));
    let out = run(annual_update(ws.path()).args(["init", "--year", "2026"]));
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("never overwrites"));
    assert_eq!(folder_bytes(&ws.path().join("inputs")), before);

    // Elsewhere, a command that finds no plan says how to start one.
    let empty = tempfile::tempdir().unwrap();
    let out = run(annual_update(empty.path()).arg("check"));
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("`annual-update init"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn status_and_feedback_name_each_team_and_what_it_owes() {
    let ws = sample_workspace();
    let out = run(annual_update(ws.path()).arg("status"));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let table = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        table.contains("online-safety owes an update for 2.3"),
        "{table}"
    );
    let out = run(annual_update(ws.path()).args(["status", "--format", "json"]));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let teams = json.as_array().unwrap();
    assert_eq!(teams.len(), 3, "every team in plan.toml");
    let online = teams.iter().find(|t| t["team"] == "online-safety").unwrap();
    let owed: Vec<&str> = online["actions"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| a["owes"] == true)
        .map(|a| a["action"].as_str().unwrap())
        .collect();
    assert_eq!(owed, ["2.3"]);
    let received = online["actions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["action"] == "1.1")
        .unwrap();
    assert_eq!(
        received["updated_from"],
        "submissions/2026/online-safety.ods"
    );

    // `check` writes each team's feedback beside the build folder; `build` into it, in its manifest.
    let out = run(annual_update(ws.path()).arg("check"));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let check = ws.path().join("output/2026-check/feedback");
    let out = run(annual_update(ws.path()).arg("build"));
    assert!(out.status.success(), "{}", stderr(&out));
    let built = ws.path().join("output/2026/feedback");
    for team in ["cyber-resilience", "digital-learning", "online-safety"] {
        for dir in [&check, &built] {
            assert!(
                dir.join(format!("{team}.md")).is_file(),
                "{team} in {}",
                dir.display()
            );
        }
    }
    let md = std::fs::read_to_string(built.join("online-safety.md")).unwrap();
    // The owed update is in its section, and said once: not again as a warning to look at.
    assert_eq!(
        section(&md, "Updates still owed / Diweddariadau sy'n ddyledus"),
        ["- Action 2.3 / Cam gweithredu 2.3"],
        "{md}"
    );
    assert!(!md.contains("no update this year"), "{md}");
    assert!(
        !section(&md, "Worth a look / Gwerth edrych arno")
            .iter()
            .any(|l| l.contains("2.3")),
        "{md}"
    );
    assert_folder_is_its_manifest(&ws.path().join("output/2026"));

    // A team's problem is in its own file, located, with the fix.
    edit_file(
        &ws.path()
            .join("inputs/submissions/2026/cyber-resilience.xml"),
        "status=\"Ongoing\"",
        "status=\"nearly there\"",
    );
    run(annual_update(ws.path()).arg("check"));
    let md = std::fs::read_to_string(check.join("cyber-resilience.md")).unwrap();
    assert!(
        md.contains("`submissions/2026/cyber-resilience.xml:"),
        "{md}"
    );
    assert!(md.contains("Fix / Cywiro:"), "{md}");
    let other = std::fs::read_to_string(check.join("digital-learning.md")).unwrap();
    assert!(
        other.contains("Nothing to fix. / Dim byd i'w gywiro."),
        "{other}"
    );
}

/// The lines of a feedback file's section `heading` (`## heading`), blank lines left out.
fn section<'a>(md: &'a str, heading: &str) -> Vec<&'a str> {
    md.split("\n## ")
        .find_map(|s| s.strip_prefix(heading))
        .map(|body| body.lines().filter(|l| !l.trim().is_empty()).collect())
        .unwrap_or_default()
}

#[test]
fn publish_records_a_clean_final_build_and_opens_the_next_year() {
    let ws = sample_workspace();
    let inputs = ws.path().join("inputs");
    // A draft is refused.
    let out = run(annual_update(ws.path()).arg("build"));
    assert!(out.status.success(), "{}", stderr(&out));
    let out = run(annual_update(ws.path()).arg("publish"));
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("is a draft"), "{}", stderr(&out));

    let out = run(annual_update(ws.path()).args(["build", "--final"]));
    assert!(out.status.success(), "{}", stderr(&out));
    // Inputs changed since the final build: refused.
    let narrative = inputs.join("narrative/01-overview.en.md");
    let original = std::fs::read(&narrative).unwrap();
    std::fs::write(
        &narrative,
        [original.as_slice(), b"\nOne more paragraph.\n"].concat(),
    )
    .unwrap();
    let out = run(annual_update(ws.path()).arg("publish"));
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("narrative/01-overview.en.md changed"),
        "{}",
        stderr(&out)
    );
    std::fs::write(&narrative, &original).unwrap();
    // Looking at the PDFs in Finder leaves a .DS_Store beside them: still the build that was made.
    std::fs::write(ws.path().join("output/2026/.DS_Store"), b"\0").unwrap();

    let out = run(annual_update(ws.path()).arg("publish"));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        std::fs::read(inputs.join("published/2026/dataset.json")).unwrap(),
        std::fs::read(ws.path().join("output/2026/dataset.json")).unwrap()
    );
    assert!(inputs.join("submissions/2027").is_dir());
    let templates = ws.path().join("output/templates");
    for team in ["cyber-resilience", "digital-learning", "online-safety"] {
        assert!(
            templates.join(format!("{team}-2027.xlsx")).is_file(),
            "{team}"
        );
    }

    // Twice: nothing changes.
    let (inputs_before, templates_before) = (folder_bytes(&inputs), folder_bytes(&templates));
    let out = run(annual_update(ws.path()).args(["publish", "--year", "2026"]));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stderr(&out).contains("already published"));
    assert_same_files(&folder_bytes(&inputs), &inputs_before, "a second publish");
    assert_same_files(
        &folder_bytes(&templates),
        &templates_before,
        "a second publish",
    );

    // Next year builds straight away: a draft in which every open action owes its update.
    let out = run(annual_update(ws.path()).args(["build", "--year", "2027"]));
    assert!(out.status.success(), "{}", stderr(&out));
    let out = run(annual_update(ws.path()).args(["status", "--year", "2027", "--format", "json"]));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let owed: usize = json
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            t["actions"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|a| a["owes"] == true)
                .count()
        })
        .sum();
    let published: annual_update::model::Dataset = annual_update::model::Dataset::from_json(
        &std::fs::read_to_string(inputs.join("published/2026/dataset.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(
        owed,
        published.actions.iter().filter(|a| a.is_open()).count()
    );
}

#[test]
fn publish_never_replaces_a_different_published_dataset_without_a_reason() {
    let ws = sample_workspace();
    let inputs = ws.path().join("inputs");
    let out = run(annual_update(ws.path()).args(["build", "--final"]));
    assert!(out.status.success(), "{}", stderr(&out));
    let published = inputs.join("published/2026/dataset.json");
    std::fs::create_dir_all(published.parent().unwrap()).unwrap();
    std::fs::write(&published, "{\"an\": \"earlier publication\"}").unwrap();
    let out = run(annual_update(ws.path()).args(["publish", "--year", "2026"]));
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("--force --reason"),
        "{}",
        stderr(&out)
    );
    assert_eq!(
        std::fs::read_to_string(&published).unwrap(),
        "{\"an\": \"earlier publication\"}"
    );
    let out = run(annual_update(ws.path()).args(["publish", "--year", "2026", "--force"]));
    assert_eq!(out.status.code(), Some(2), "--force needs --reason");
    let out = run(annual_update(ws.path()).args([
        "publish",
        "--year",
        "2026",
        "--force",
        "--reason",
        "Corrected figures in 2.4",
    ]));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let log = std::fs::read_to_string(published.with_file_name("republished.md")).unwrap();
    assert!(log.contains("Reason: Corrected figures in 2.4"), "{log}");
}

#[test]
fn publish_after_an_unclean_final_build_refuses() {
    let ws = sample_workspace();
    // Two Welsh texts missing: the final build is refused, and so is publishing it.
    std::fs::remove_file(
        ws.path()
            .join("inputs/submissions/2026/translation-2026.xlf"),
    )
    .unwrap();
    let out = run(annual_update(ws.path()).args(["build", "--final"]));
    assert_eq!(out.status.code(), Some(1));
    let out = run(annual_update(ws.path()).args(["publish", "--year", "2026"]));
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("cannot publish 2026"),
        "{}",
        stderr(&out)
    );
    assert!(!ws.path().join("inputs/published/2026").exists());
    assert!(!ws.path().join("inputs/submissions/2027").exists());
}

/// The manifest lists each input as the build read it, never read again: a submission edited
/// while Typst runs (here by a Typst that edits it once, then compiles as the real one) is listed
/// as the version the dataset was made from, so `publish` refuses the build as no longer matching
/// its inputs.
#[cfg(unix)]
#[test]
fn an_input_edited_while_typst_runs_is_listed_as_read_and_publish_refuses() {
    use std::os::unix::fs::PermissionsExt;
    let real = annual_update::typst::find(
        &annual_update::typst::Lookup {
            flag: None,
            install: true,
        },
        &|m| eprintln!("{m}"),
    )
    .expect("the real Typst")
    .path;
    let ws = Workspace::sample();
    let submission = ws.inputs().join("submissions/2026/cyber-resilience.xml");
    let as_read = std::fs::read(&submission).unwrap();
    let (wrapper, marker) = (ws.path().join("typst-that-edits"), ws.path().join("edited"));
    std::fs::write(
        &wrapper,
        format!(
            "#!/bin/sh\n\
             # The first run (while the build waits for Typst) edits a submission.\n\
             if [ ! -e '{marker}' ]; then\n  : > '{marker}'\n  \
             printf '\\n<!-- edited while Typst ran -->\\n' >> '{submission}'\nfi\n\
             exec '{real}' \"$@\"\n",
            marker = marker.display(),
            submission = submission.display(),
            real = real.display()
        ),
    )
    .unwrap();
    std::fs::set_permissions(&wrapper, std::fs::Permissions::from_mode(0o755)).unwrap();
    ws.run(&["build", "--final", "--typst", wrapper.to_str().unwrap()])
        .exit(0);
    assert_ne!(
        std::fs::read(&submission).unwrap(),
        as_read,
        "the submission was edited while the build ran"
    );
    let manifest: serde_json::Value =
        serde_json::from_str(&ws.read("output/2026/manifest.json")).unwrap();
    let listed = manifest["inputs"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["path"] == "submissions/2026/cyber-resilience.xml")
        .expect("the submission is in the manifest");
    assert_eq!(
        listed["sha256"].as_str().unwrap(),
        annual_update::output::sha256_hex(&as_read),
        "the manifest lists the submission as the build read it"
    );
    ws.run(&["publish"]).exit(1).warns(
        "the inputs changed since the final build (submissions/2026/cyber-resilience.xml changed)",
    );
    assert!(!ws.inputs().join("published/2026").exists());
}
