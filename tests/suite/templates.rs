//! Templates people can change safely: the built-in files written out, overridden file by file,
//! and a template mistake reported with its file and line.

use crate::common::*;

#[test]
fn a_user_folder_overrides_built_in_files_one_by_one() {
    let ws = sample_workspace();
    let out = run(annual_update(ws.path()).args(["templates", "--output", "mine"]));
    assert!(out.status.success(), "{}", stderr(&out));
    let mine = ws.path().join("mine");
    for file in [
        "edition.typ.hbs",
        "partials/action.typ.hbs",
        "style.typ",
        "labels/cy.toml",
        "fonts/NotoSans-Regular.ttf",
    ] {
        assert!(mine.join(file).is_file(), "{file} was not written");
    }
    // Keep only a corrected Welsh label file: everything else comes from the built-in set.
    let cy = std::fs::read_to_string(mine.join("labels/cy.toml")).unwrap();
    let only = ws.path().join("only");
    std::fs::create_dir_all(only.join("labels")).unwrap();
    std::fs::write(
        only.join("labels/cy.toml"),
        cy.replace("contents = \"Cynnwys\"", "contents = \"Tabl cynnwys\""),
    )
    .unwrap();
    let out = run(annual_update(ws.path()).args(["build", "--templates", "only"]));
    assert!(out.status.success(), "{}", stderr(&out));
    let text = pdf_text(&ws.path().join("output/2026/diweddariad-blynyddol-2026.pdf"));
    assert!(text.contains("Tabl cynnwys"), "the override was not used");
    assert!(
        text.contains("Statws y cam gweithredu: Parhaus."),
        "the other labels still come from the file"
    );
}

#[test]
fn a_template_naming_a_missing_field_fails_with_its_file_and_line() {
    let ws = sample_workspace();
    let partials = ws.path().join("broken/partials");
    std::fs::create_dir_all(&partials).unwrap();
    std::fs::write(
        partials.join("heading.typ.hbs"),
        "{{#each this}}\n#text(lang: {{str lang}})[{{titel}}]{{/each}}\n",
    )
    .unwrap();
    let out = run(annual_update(ws.path()).args(["build", "--templates", "broken"]));
    assert_eq!(out.status.code(), Some(4));
    let err = stderr(&out);
    assert!(
        err.contains("broken/partials/heading.typ.hbs:2:") && err.contains("titel"),
        "{err}"
    );
    assert!(
        !ws.path()
            .join("output/2026/annual-update-2026.pdf")
            .exists()
    );
}

/// The contrast of the style in use, checked at every build: the built-in style passes, and a
/// user's style with light grey text is a `low-contrast` warning at the line that sets the colour.
#[test]
fn a_user_style_with_light_grey_text_is_warned_of_where_it_sets_the_colour() {
    let ws = sample_workspace();
    let contrast = |dir: &std::path::Path| -> Vec<serde_json::Value> {
        let json = std::fs::read_to_string(dir.join("output/2026/findings.json")).unwrap();
        let report: serde_json::Value = serde_json::from_str(&json).unwrap();
        report["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| {
                matches!(
                    f["code"].as_str(),
                    Some("low-contrast" | "unchecked-colour")
                )
            })
            .cloned()
            .collect()
    };
    let out = run(annual_update(ws.path()).args(["build", "--quiet"]));
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(contrast(ws.path()), Vec::<serde_json::Value>::new());

    let out = run(annual_update(ws.path()).args(["templates", "--output", "mine"]));
    assert!(out.status.success(), "{}", stderr(&out));
    let style = ws.path().join("mine/style.typ");
    let text = std::fs::read_to_string(&style).unwrap();
    assert!(
        text.contains("  text: black,"),
        "the style names its text colour"
    );
    let grey = text.replace("  text: black,", "  text: luma(75%),");
    std::fs::write(&style, &grey).unwrap();
    let line = grey.lines().position(|l| l.contains("luma(75%)")).unwrap() + 1;

    let out = run(annual_update(ws.path()).args(["build", "--templates", "mine"]));
    // A warning: the documents are still made, as they are with any other warning.
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("warning[low-contrast]: 2×"),
        "{}",
        stderr(&out)
    );
    let found = contrast(ws.path());
    assert_eq!(found.len(), 2, "{found:#?}");
    for (f, background) in found.iter().zip(["page", "shade"]) {
        assert_eq!(f["severity"], "warning");
        assert_eq!(f["source"]["file"], "mine/style.typ");
        assert_eq!(f["source"]["line"], line);
        assert_eq!(f["source"]["column"], 9);
        let message = f["message"].as_str().unwrap();
        assert!(
            message.starts_with("text in `text` (#bfbfbf) on `")
                && message.contains(&format!("`{background}`"))
                && message.contains("under the 4.5:1 WCAG 2.1 AA asks of text"),
            "{message}"
        );
    }
    let md = std::fs::read_to_string(ws.path().join("output/2026/findings.md")).unwrap();
    assert!(md.contains(&format!("mine/style.typ:{line}:9")), "{md}");
}
