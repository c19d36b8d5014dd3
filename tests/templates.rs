//! Templates people can change safely: the built-in files written out, overridden file by file,
//! and a template mistake reported with its file and line.

mod common;

use common::*;

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
