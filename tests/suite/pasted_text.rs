//! Text as partners paste it, through the real binary: no-break, narrow and thin spaces, tabs,
//! soft hyphens, zero-width and byte-order marks, every kind of line break, in a spreadsheet cell
//! (written here with rust_xlsxwriter) and in an XML element. `check` reads them without a panic
//! and with no finding, and `build` puts "see action 2.3" / "gweler cam gweithredu 2.3" in
//! `dataset.json` as references, whatever space is between their words.

use crate::common::*;
use annual_update::model::{ActionId, Block, Dataset, Inline, Lang};

/// The same English in the cell and the element. A single line break (Alt+Enter in Excel) is a
/// soft wrap; a line starting with a marker is an item.
const EN: &str = "First line\nand its soft wrap (Alt+Enter).\r\n\r\nWe will:\r\n• train\u{a0}staff\u{200b}\n- see\u{a0}action 2.3\u{2028}and more\n\nCosts £\u{a0}45 for 10\u{202f}000 pupils,\tan ex\u{ad}ample\u{3000}with\u{2009}thin   spaces, Auf\u{200c}lage.\u{2029}\u{feff}Last: see action\u{a0}2.3.";
const CY: &str = "Gweler\u{202f}cam gweithredu 2.3.\r\rAil\tbaragraff gyda\u{2007}gofod.";

fn t(s: &str) -> Inline {
    Inline::Text(s.to_string())
}

fn reference() -> Inline {
    Inline::Action(ActionId::parse("2.3").unwrap())
}

fn expected(lang: Lang) -> Vec<Block> {
    match lang {
        Lang::En => vec![
            Block::Paragraph(vec![t("First line and its soft wrap (Alt+Enter).")]),
            Block::Paragraph(vec![t("We will:")]),
            Block::List(vec![
                vec![t("train\u{a0}staff")],
                vec![t("see\u{a0}action "), reference(), t(" and more")],
            ]),
            Block::Paragraph(vec![t(
                "Costs £\u{a0}45 for 10\u{202f}000 pupils, an example with thin spaces, Auf\u{200c}lage.",
            )]),
            Block::Paragraph(vec![t("Last: see action\u{a0}"), reference(), t(".")]),
        ],
        Lang::Cy => vec![
            Block::Paragraph(vec![
                t("Gweler\u{202f}cam gweithredu "),
                reference(),
                t("."),
            ]),
            Block::Paragraph(vec![t("Ail baragraff gyda\u{2007}gofod.")]),
        ],
    }
}

fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;")
}

/// A workspace with the sample plan and last year's dataset, whose only submissions are an
/// `.xlsx` updating 1.3 and an XML file updating 2.4, both with the texts above.
fn workspace() -> tempfile::TempDir {
    let ws = sample_workspace();
    let dir = ws.path().join("inputs/submissions/2026");
    std::fs::remove_dir_all(&dir).unwrap();
    std::fs::create_dir_all(&dir).unwrap();

    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet().set_name("Updates").unwrap();
    for (col, header) in ["Action", "Status", "Update (English)", "Update (Welsh)"]
        .iter()
        .enumerate()
    {
        sheet.write_string(0, col as u16, *header).unwrap();
    }
    for (col, value) in ["1.3", "Ongoing", EN, CY].iter().enumerate() {
        sheet.write_string(1, col as u16, *value).unwrap();
    }
    book.save(dir.join("digital-learning.xlsx")).unwrap();

    let xml = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<submission xmlns="urn:annual-update:submission:1" team="cyber-resilience" year="2026">
  <update action="2.4" status="Ongoing">
    <text xml:lang="en">{}</text>
    <text xml:lang="cy">{}</text>
  </update>
</submission>
"#,
        xml_escape(EN),
        xml_escape(CY)
    );
    std::fs::write(dir.join("cyber-resilience.xml"), xml).unwrap();
    ws
}

#[test]
fn pasted_unicode_is_read_without_a_panic_or_a_finding() {
    let ws = workspace();
    let out = run(annual_update(ws.path()).args(["check", "--format", "json"]));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let found = report["findings"].as_array().unwrap();
    for f in found {
        let file = f["source"]["file"].as_str().unwrap_or("");
        assert!(
            !file.starts_with("submissions/"),
            "a finding on the pasted text: {f:#}"
        );
    }
    for file in report["files"].as_array().unwrap() {
        assert_eq!(file["updates"], 1, "{file:#}");
    }
}

#[test]
fn build_keeps_references_as_references_in_both_formats() {
    let ws = workspace();
    let out = run(annual_update(ws.path()).arg("build"));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let dir = ws.path().join("output/2026");
    let dataset =
        Dataset::from_json(&std::fs::read_to_string(dir.join("dataset.json")).unwrap()).unwrap();
    for (id, file) in [
        ("1.3", "submissions/2026/digital-learning.xlsx"),
        ("2.4", "submissions/2026/cyber-resilience.xml"),
    ] {
        let action = dataset
            .actions
            .iter()
            .find(|a| a.id.as_str() == id)
            .unwrap();
        let update = action.updates.iter().find(|u| u.year == 2026).unwrap();
        assert_eq!(update.source.file, file);
        for lang in Lang::ALL {
            let text = update.text.get(lang).as_ref().unwrap();
            assert_eq!(text.blocks, expected(lang), "{id} {lang:?} from {file}");
        }
    }
    // What the no-break spaces hold together prints, and no dropped character splits a word.
    let en = pdf_text(&dir.join("annual-update-2026.pdf"));
    for words in [
        "£ 45 for 10 000 pupils",
        "an example with thin spaces",
        "train staff",
    ] {
        assert!(en.contains(words), "{words:?} is not in the English PDF");
    }
    let cy = pdf_text(&dir.join("diweddariad-blynyddol-2026.pdf"));
    assert!(cy.contains("Ail baragraff gyda gofod."), "{cy}");
}
