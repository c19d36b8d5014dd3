//! The plan's narrative: Markdown pages in language pairs, printed before the first category in
//! every edition (the structure test compares their tag trees block by block), recorded in the
//! dataset, checked for what is not printed, paired by position, and kept in Welsh parity.

use std::path::Path;

use crate::common::*;
use annual_update::model::{Dataset, Lang, Page, PieceKind};

fn dataset(ws: &std::path::Path, year: u16) -> Dataset {
    let path = ws.join(format!("output/{year}/dataset.json"));
    Dataset::from_json(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// The numbers of a page's numbered items, as written.
fn numbers(page: &Page) -> Vec<u64> {
    page.pieces
        .iter()
        .filter_map(|p| match p.kind {
            PieceKind::Numbered { number, .. } => Some(number),
            _ => None,
        })
        .collect()
}

fn findings(ws: &Path, args: &[&str]) -> (Option<i32>, Vec<(String, String, String)>) {
    let out = run(annual_update(ws)
        .args(["check", "--format", "json"])
        .args(args));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let found = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let s = &f["source"];
            let at = match (s["line"].as_u64(), s["column"].as_u64()) {
                (Some(l), Some(c)) => format!("{}:{l}:{c}", s["file"].as_str().unwrap()),
                _ => s["file"].as_str().unwrap_or_default().to_string(),
            };
            (
                f["code"].as_str().unwrap().to_string(),
                at,
                f["message"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    (out.status.code(), found)
}

#[test]
fn the_sample_prints_its_narrative_first_and_records_it() {
    // The sample's build, shared with the other tests that only look at it.
    let ws = crate::common::shared::sample();
    let d = dataset(ws, 2026);
    let names: Vec<&str> = d.narrative.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(
        names,
        ["2026/01-foreword", "01-overview"],
        "the foreword first"
    );
    let overview = &d.narrative[1];
    assert_eq!(numbers(overview), [1, 2]);
    assert!(
        overview
            .pieces
            .iter()
            .all(|p| p.text.get(Lang::Cy).is_some())
    );

    let dir = ws.join("output/2026");
    let en = pdf_text(&dir.join("annual-update-2026.pdf"));
    let foreword = en.find("Foreword").unwrap();
    let overview = en.find("What is digital resilience?").unwrap();
    let first_category = en.find("Advice and support").unwrap();
    // The contents list them all first; the text itself comes after, in that order.
    let last = |s: &str| en.rfind(s).unwrap();
    assert!(last("Foreword") < last("What is digital resilience?"));
    assert!(last("What is digital resilience?") < last("1. Advice and support"));
    assert!(foreword < first_category && overview < first_category);
    // In the bookmarks, as headings.
    let bytes = std::fs::read(dir.join("annual-update-2026.pdf")).unwrap();
    let raw = String::from_utf8_lossy(&bytes);
    assert!(
        raw.contains("/Title(Overview)"),
        "no bookmark for the overview"
    );
    assert!(
        raw.contains("/Title(Foreword)"),
        "no bookmark for the foreword"
    );
    let cy = pdf_text(&dir.join("diweddariad-blynyddol-2026.pdf"));
    assert!(cy.contains("Beth yw cadernid digidol?") && cy.contains("Rhagair"));
    let parity = std::fs::read_to_string(dir.join("parity.json")).unwrap();
    assert!(parity.contains("\"narrative/01-overview/1\""), "{parity}");
}

#[test]
fn typst_and_html_in_the_narrative_print_literally() {
    let ws = sample_workspace();
    let page = ws.path().join("inputs/narrative/02-notes");
    let text = r#"Typst here: \#read("/etc/passwd") $x^2$ = heading + plus \[brackets\] {braces} // not a comment /\* block \*/ @ref \#set page(fill: red) and \<script\>alert(1)\</script\>"#;
    std::fs::write(page.with_extension("en.md"), format!("# Notes\n\n{text}\n")).unwrap();
    std::fs::write(
        page.with_extension("cy.md"),
        format!("# Nodiadau\n\n{text}\n"),
    )
    .unwrap();
    let out = run(annual_update(ws.path()).arg("build"));
    assert!(out.status.success(), "{}", stderr(&out));
    let en = pdf_text(&ws.path().join("output/2026/annual-update-2026.pdf"));
    let literal = r#"Typst here: #read("/etc/passwd") $x^2$ = heading + plus [brackets] {braces} // not a comment /* block */ @ref #set page(fill: red) and <script>alert(1)</script>"#;
    assert!(fold(&en).contains(&fold(literal)), "{en}");
    assert!(!en.contains("root:"));
}

#[test]
fn markdown_that_is_not_printed_is_a_located_blocking_finding() {
    let ws = sample_workspace();
    let en = ws.path().join("inputs/narrative/01-overview.en.md");
    let text = std::fs::read_to_string(&en).unwrap();
    std::fs::write(
        &en,
        text.replacen(
            "## Online safety",
            "<div>raw</div>\n\n![a logo](logo.png)\n\n## Online safety",
            1,
        ),
    )
    .unwrap();
    let (code, found) = findings(ws.path(), &[]);
    assert_eq!(code, Some(1));
    let unsupported: Vec<&(String, String, String)> = found
        .iter()
        .filter(|f| f.0 == "unsupported-markdown")
        .collect();
    assert_eq!(unsupported.len(), 2, "{found:?}");
    // Each at its own line, where the heading was and two lines below.
    let line = text.lines().position(|l| l == "## Online safety").unwrap() + 1;
    assert_eq!(
        unsupported[0].1,
        format!("narrative/01-overview.en.md:{line}:1")
    );
    assert_eq!(
        unsupported[1].1,
        format!("narrative/01-overview.en.md:{}:1", line + 2)
    );
    assert!(unsupported[0].2.contains("raw HTML"));
    assert!(unsupported[1].2.contains("an image"));
}

/// A page saved in another encoding than UTF-8 is found at its first byte that is not UTF-8.
#[test]
fn a_page_that_is_not_utf8_is_located_at_its_first_bad_byte() {
    let ws = sample_workspace();
    std::fs::write(
        ws.path().join("inputs/narrative/01-overview.en.md"),
        b"# Overview\n\nA caf\xe9 in Wales.\n",
    )
    .unwrap();
    let (code, found) = findings(ws.path(), &[]);
    assert_eq!(code, Some(1));
    let unreadable: Vec<_> = found
        .iter()
        .filter(|f| f.0 == "unreadable-file")
        .map(|f| f.1.as_str())
        .collect();
    assert_eq!(unreadable, ["narrative/01-overview.en.md:3:6"], "{found:?}");
}

#[test]
fn welsh_is_paired_by_position_and_missing_welsh_blocks() {
    let ws = sample_workspace();
    let cy = ws.path().join("inputs/narrative/01-overview.cy.md");
    // One Welsh paragraph fewer than the English.
    let text = std::fs::read_to_string(&cy).unwrap();
    let cut = text.replacen(
        "Mae'r rhyngrwyd yn rhan annatod o fywydau plant a phobl ifanc. Mae'n rhoi cyfleoedd i gymdeithasu, cyfathrebu, cael eu diddanu, dysgu a dod o hyd i gymorth. Gall hefyd gael ei gamddefnyddio gan y rhai sydd â bwriad maleisus, gan dargedu grwpiau ac unigolion agored i niwed yn ein cymdeithas.\n\n",
        "",
        1,
    );
    assert_ne!(cut, text);
    std::fs::write(&cy, cut).unwrap();
    let (code, found) = findings(ws.path(), &[]);
    assert_eq!(code, Some(1));
    let mismatch: Vec<_> = found
        .iter()
        .filter(|f| f.0 == "narrative-mismatch")
        .collect();
    assert_eq!(mismatch.len(), 1, "{found:?}");
    assert_eq!(
        mismatch[0].1, "narrative/01-overview.cy.md:5:1",
        "{mismatch:?}"
    );
    assert!(
        mismatch[0]
            .2
            .contains("the Welsh has a heading where the English has a paragraph")
    );
    // Its Welsh is then missing: one finding for the page, though parity counts each piece.
    let missing: Vec<_> = found
        .iter()
        .filter(|f| f.0 == "missing-language" && f.1.starts_with("narrative/"))
        .collect();
    assert_eq!(missing.len(), 1, "{found:?}");
    assert_eq!(missing[0].1, "narrative/01-overview.cy.md");
    assert!(
        missing[0]
            .2
            .contains("its 16 headings, paragraphs and list items")
    );

    // No Welsh file at all: every piece is missing its Welsh, and a final build is refused.
    std::fs::remove_file(&cy).unwrap();
    let out = run(annual_update(ws.path()).args(["build", "--final"]));
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("the narrative page has no Welsh"));
    assert!(stderr(&out).contains("Welsh: 99 of 115 texts translated, 16 missing"));
}

/// The 2026 build's dataset published, and 2027's submissions folder opened.
fn publish_2026_and_open_2027(ws: &Path) {
    let published = ws.join("inputs/published/2026");
    std::fs::create_dir_all(&published).unwrap();
    std::fs::copy(
        ws.join("output/2026/dataset.json"),
        published.join("dataset.json"),
    )
    .unwrap();
    std::fs::create_dir_all(ws.join("inputs/submissions/2027")).unwrap();
}

/// One paragraph of the overview's English reworded, and 2027's findings then.
fn edit_the_overview_english_in_2027(ws: &Path) -> Vec<(String, String, String)> {
    edit_file(
        &ws.join("inputs/narrative/01-overview.en.md"),
        "seek help when they need it",
        "seek help whenever they need it",
    );
    findings(ws, &["--year", "2027"]).1
}

#[test]
fn welsh_left_alone_while_its_english_changed_is_stale_next_year() {
    let ws = sample_workspace();
    let out = run(annual_update(ws.path()).arg("build"));
    assert!(out.status.success(), "{}", stderr(&out));
    publish_2026_and_open_2027(ws.path());
    let found = edit_the_overview_english_in_2027(ws.path());
    let stale: Vec<_> = found.iter().filter(|f| f.0 == "stale-welsh").collect();
    assert_eq!(stale.len(), 1, "{found:?}");
    assert_eq!(stale[0].1, "narrative/01-overview.cy.md:13:1");
    // The change summary shows the edit, word by word.
    let out = run(annual_update(ws.path()).args(["build", "--year", "2027"]));
    assert!(out.status.success(), "{}", stderr(&out));
    let changes = std::fs::read_to_string(ws.path().join("output/2027/changes.md")).unwrap();
    assert!(
        changes.contains("### Narrative, 01-overview (English)"),
        "{changes}"
    );
    assert!(changes.contains("whenever"), "{changes}");
    assert!(
        !changes.contains("Narrative, 01-overview (Welsh)"),
        "{changes}"
    );
    let summary = pdf_text(&ws.path().join("output/2027/change-summary-2027.pdf"));
    assert!(
        summary.contains("Narrative page 01-overview (English)"),
        "{summary}"
    );
    let cy = pdf_text(&ws.path().join("output/2027/diweddariad-blynyddol-2027.pdf"));
    assert!(
        cy.contains("[Angen ei ailgyfieithu"),
        "the stale Welsh is marked: {cy}"
    );
    // The Welsh written again: current.
    edit_file(
        &ws.path().join("inputs/narrative/01-overview.cy.md"),
        "gofyn am help pan fydd ei angen arnynt",
        "gofyn am help pryd bynnag y bydd ei angen arnynt",
    );
    let (_, found) = findings(ws.path(), &["--year", "2027"]);
    assert!(!found.iter().any(|f| f.0 == "stale-welsh"), "{found:?}");
}

#[test]
fn the_narrative_goes_to_the_translators_and_comes_back_welsh() {
    let ws = sample_workspace();
    std::fs::remove_file(ws.path().join("inputs/narrative/01-overview.cy.md")).unwrap();
    let xliff = export_xliff(ws.path());
    // One unit per heading, paragraph and list item, each with its page and place.
    assert_eq!(
        xliff
            .matches("<trans-unit id=\"narrative/01-overview/")
            .count(),
        16
    );
    assert!(xliff.contains(
        "The list item 2 numbered 15 in the narrative page 01-overview (inputs/narrative/01-overview.en.md)."
    ));
    assert!(xliff.contains(
        "[Keeping safe online](&lt;https://hwb.gov.wales/zones/keeping-safe-online&gt;)"
    ));
    assert!(xliff.contains(r#"(see action <ph id="a1.1" ctype="x-action">1.1</ph>)"#));

    let returned = ws.path().join("returned.xlf");
    std::fs::write(&returned, translate_xliff(&xliff, "Cyfieithiad")).unwrap();
    let out = run(annual_update(ws.path())
        .args(["xliff", "import"])
        .arg(&returned));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let out = run(annual_update(ws.path()).args(["build", "--final"]));
    assert!(out.status.success(), "{}", stderr(&out));
    let d = dataset(ws.path(), 2026);
    let overview = d
        .narrative
        .iter()
        .find(|p| p.name == "01-overview")
        .unwrap();
    let link = overview.pieces[10].text.cy.as_ref().unwrap();
    assert!(
        link.inlines().any(|i| matches!(i, annual_update::model::Inline::NamedLink { text, .. } if text == "Keeping safe online")),
        "the link came back a link: {link:?}"
    );
    assert!(
        link.inlines()
            .any(|i| matches!(i, annual_update::model::Inline::Strong(s) if s == "bilingual"))
    );
    let cy = pdf_text(&ws.path().join("output/2026/diweddariad-blynyddol-2026.pdf"));
    assert!(
        cy.contains("Cyfieithiad narrative/01-overview/1: Mae"),
        "{cy}"
    );
    shape::check_editions(&ws.path().join("output/2026"), false);

    // The next year, still with no Welsh file: the Welsh that came back stays, as an action's
    // does, until its English changes.
    publish_2026_and_open_2027(ws.path());
    let (_, found) = findings(ws.path(), &["--year", "2027"]);
    assert!(
        !found.iter().any(|f| f.1.starts_with("narrative/")),
        "{found:?}"
    );
    let found = edit_the_overview_english_in_2027(ws.path());
    let narrative: Vec<_> = found
        .iter()
        .filter(|f| f.1.starts_with("narrative/"))
        .map(|f| f.0.as_str())
        .collect();
    assert_eq!(narrative, ["stale-welsh"], "{found:?}");
}

#[test]
fn the_published_overview_keeps_its_shape_in_every_edition() {
    let ws = sample_workspace();
    let narrative = ws.path().join("inputs/narrative");
    std::fs::remove_dir_all(&narrative).unwrap();
    std::fs::create_dir_all(&narrative).unwrap();
    std::fs::copy(
        repo().join("tests/fixtures/narrative/plan-overview.en.md"),
        narrative.join("01-overview.en.md"),
    )
    .unwrap();
    let out = run(annual_update(ws.path()).arg("build"));
    assert!(out.status.success(), "{}", stderr(&out));
    let d = dataset(ws.path(), 2026);
    let page = &d.narrative[0];
    let count = |f: fn(&PieceKind) -> bool| page.pieces.iter().filter(|p| f(&p.kind)).count();
    // As the source: its headings, paragraphs, bullets and numbered items, none merged.
    assert_eq!(count(|k| matches!(k, PieceKind::Heading { .. })), 7);
    assert_eq!(count(|k| matches!(k, PieceKind::Paragraph)), 68);
    assert_eq!(count(|k| matches!(k, PieceKind::Bullet { .. })), 49);
    assert_eq!(
        numbers(page),
        [1, 2, 1, 2, 3, 4, 1, 2, 3, 4, 1, 2, 3, 1, 2, 4, 5],
        "the numbers as written (the category list skips 3, as published)"
    );
    // No Welsh: a draft that marks every piece, and the tag trees still match block by block.
    shape::check_editions(&ws.path().join("output/2026"), true);
}
