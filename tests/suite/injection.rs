//! Partner text is data: Typst syntax in a submission comes out as literal characters in the PDF.

use crate::common::*;

#[test]
fn typst_syntax_in_submissions_is_printed_literally() {
    // The fixture's build, shared with the test of its generated source.
    let dir = crate::common::shared::injection().join("output/2026");
    let en = pdf_text(&dir.join("annual-update-2026.pdf"));
    let cy = pdf_text(&dir.join("diweddariad-blynyddol-2026.pdf"));
    for literal in [
        r#"#read("/etc/passwd") and #include "/etc/hostname" then $x^2$ *bold* _em_ `raw` <label> @ref \ backslash \#escaped // line comment /* block */ ~ -- --- ... 'single' "double" = heading + plus [brackets] {braces}"#,
        "= Not a heading",
        "+ not an enum 1. not numbered / term: not a term",
        "Test plan: #title and *stars*",
        r#"Test "Organisation" \ Ltd"#,
        "Advice = support // not a comment",
    ] {
        assert!(en.contains(literal), "English PDF lacks {literal:?}\n{en}");
    }
    for literal in [
        r#"#let x = sys.inputs ŵŷ ẁẃẅỳ Ŵ Ŷ #image("/etc/passwd") ]) #"string" #{1 + 1} Ελληνικά Кирилица"#,
        "#set page(fill: red) #show: none",
        "Cynllun prawf: $math$ a _thanlinellu_",
        "Sefydliad <prawf> @cyf",
        "Cyngor /* nid sylw */ a chymorth",
    ] {
        assert!(cy.contains(literal), "Welsh PDF lacks {literal:?}\n{cy}");
    }
    assert!(!en.contains("root:"), "a file was read into the PDF");
}

#[test]
fn generated_typst_source_is_stable() {
    let ws = crate::common::shared::injection();
    for stem in [
        "annual-update-2026",
        "diweddariad-blynyddol-2026",
        "diweddariad-blynyddol-annual-update-2026",
    ] {
        let source =
            std::fs::read_to_string(ws.join(format!("output/2026/typst/{stem}.typ"))).unwrap();
        insta::assert_snapshot!(stem, source);
    }
}

#[test]
fn characters_no_font_has_are_located_findings_not_typst_failures() {
    let ws = sample_workspace();
    edit_file(
        &ws.path()
            .join("inputs/submissions/2026/cyber-resilience.xml"),
        "<text xml:lang=\"en\">",
        "<text xml:lang=\"en\">Emoji 😀 and 日本 here. ",
    );
    let out = run(annual_update(ws.path()).arg("build"));
    assert!(
        out.status.success(),
        "a draft still builds: {}",
        stderr(&out)
    );
    let err = stderr(&out);
    assert!(
        err.contains(
            "error[unprintable-character]: submissions/2026/cyber-resilience.xml:3:3: action 2.4"
        ) && err.contains("😀 (U+1F600), 日 (U+65E5), 本 (U+672C)"),
        "{err}"
    );
    let en = pdf_text(&ws.path().join("output/2026/annual-update-2026.pdf"));
    assert!(en.contains("Emoji [?] and [?][?] here.") && en.contains("Draft"));
    let out = run(annual_update(ws.path()).args(["build", "--final"]));
    assert_eq!(out.status.code(), Some(1));
}
