//! `plan.toml` and the year are checked before they are trusted: a publication date that is not a
//! date, a repeated category number or team id, and a year outside 2000–2999 are each refused
//! with a message naming the place, never a silent fallback or an overflow.

use crate::common::*;

#[test]
fn a_bad_date_and_repeated_ids_in_the_plan_are_named_with_their_places() {
    let ws = sample_workspace();
    let plan = ws.path().join("inputs/plan.toml");
    let text = std::fs::read_to_string(&plan).unwrap();
    let date = text
        .lines()
        .find(|l| l.starts_with("2026 = "))
        .expect("a 2026 date");
    edit_file(&plan, date, "2026 = \"2026-13-45\"");
    let team = text
        .lines()
        .find(|l| l.starts_with("id = "))
        .expect("a team id")
        .to_string();
    std::fs::write(
        &plan,
        format!(
            "{}\n[[teams]]\n{team}\nname.en = \"Again\"\nname.cy = \"Eto\"\n",
            std::fs::read_to_string(&plan).unwrap()
        ),
    )
    .unwrap();
    for command in ["check", "build"] {
        let out = run(annual_update(ws.path()).arg(command));
        assert_eq!(out.status.code(), Some(1), "{command}: {}", stderr(&out));
        let err = stderr(&out);
        assert!(
            err.contains("plan.toml:")
                && err.contains("the publication date for 2026, \"2026-13-45\", is not a date"),
            "{command}: {err}"
        );
        assert!(
            err.contains("is defined twice (first at "),
            "{command}: {err}"
        );
        assert!(!err.contains("panicked"), "{err}");
    }
    assert!(!ws.path().join("output/2026").exists(), "nothing was built");
}

#[test]
fn years_outside_2000_to_2999_are_refused() {
    let ws = Workspace::sample();
    ws.run(&["check", "--year", "0"]).exit(2).warns("2000");

    std::fs::create_dir_all(ws.inputs().join("submissions/0")).unwrap();
    ws.run(&["check"])
        .exit(1)
        .warns("the folder 0 is not a reporting year from 2000 to 2999")
        .never_says("panicked")
        .never_says("overflow");
}
