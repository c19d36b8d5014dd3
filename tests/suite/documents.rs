//! The published PDFs as a web publisher receives them: accessible (tagged, PDF/UA-1 with PDF/A-2a,
//! title and language set) and reproducible (the same inputs give the same bytes).

use std::path::Path;

use crate::common::*;
use lopdf::{Document, Object};

/// The catalog's /Lang, whether it is /Marked as tagged and has a structure tree, and its XMP.
fn catalog_facts(path: &Path) -> (String, bool, bool, String) {
    let doc = Document::load(path).unwrap();
    let catalog = doc.catalog().unwrap();
    let lang = match catalog.get(b"Lang") {
        Ok(Object::String(bytes, _)) => String::from_utf8_lossy(bytes).into_owned(),
        other => panic!("no /Lang in {}: {other:?}", path.display()),
    };
    let marked = catalog
        .get(b"MarkInfo")
        .and_then(|m| doc.dereference(m).map(|(_, o)| o.clone()))
        .and_then(|m| m.as_dict().and_then(|d| d.get(b"Marked")).cloned())
        .is_ok_and(|m| matches!(m, Object::Boolean(true)));
    let tree = catalog.get(b"StructTreeRoot").is_ok();
    let xmp = catalog
        .get(b"Metadata")
        .and_then(|m| m.as_reference())
        .and_then(|r| doc.get_object(r))
        .and_then(|o| o.as_stream())
        .map(|s| String::from_utf8_lossy(&s.content).into_owned())
        .unwrap_or_default();
    (lang, marked, tree, xmp)
}

#[test]
fn pdfs_are_tagged_pdf_ua_and_pdf_a_with_title_and_language() {
    // The sample's build, shared with the other tests that only look at it.
    let ws = crate::common::shared::sample();
    let dir = ws.join("output/2026");
    for (pdf, lang, title) in [
        (
            "annual-update-2026.pdf",
            "en",
            "Enhancing digital resilience in education",
        ),
        (
            "diweddariad-blynyddol-2026.pdf",
            "cy",
            "Gwella cadernid digidol mewn addysg",
        ),
        (
            "diweddariad-blynyddol-annual-update-2026.pdf",
            "cy",
            "Gwella cadernid digidol mewn addysg",
        ),
        // A change summary's title names the plan too.
        (
            "change-summary-2026.pdf",
            "en",
            "Change summary 2026: Enhancing digital resilience in education",
        ),
        (
            "crynodeb-o-newidiadau-2026.pdf",
            "cy",
            "newidiadau 2026: Gwella cadernid digidol mewn addysg",
        ),
    ] {
        let (got_lang, marked, tree, xmp) = catalog_facts(&dir.join(pdf));
        assert!(
            got_lang == lang || got_lang.starts_with(&format!("{lang}-")),
            "{pdf}: /Lang {got_lang}"
        );
        assert!(marked && tree, "{pdf} is not tagged");
        assert!(
            xmp.contains("pdfuaid:part>1<") || xmp.contains("pdfuaid:part=\"1\""),
            "{pdf}: no PDF/UA-1 in XMP"
        );
        assert!(
            xmp.contains("pdfaid:part>2<") || xmp.contains("pdfaid:part=\"2\""),
            "{pdf}: no PDF/A-2 in XMP"
        );
        assert!(xmp.contains(title), "{pdf}: no title in XMP");
    }
    // The bilingual edition marks its English blocks as English.
    let bi = Document::load(dir.join("diweddariad-blynyddol-annual-update-2026.pdf")).unwrap();
    let english = bi
        .objects
        .values()
        .filter_map(|o| o.as_dict().ok())
        .any(|d| matches!(d.get(b"Lang"), Ok(Object::String(l, _)) if l.starts_with(b"en")));
    assert!(english, "no English-tagged blocks in the bilingual edition");
}

#[test]
fn the_same_inputs_give_the_same_bytes() {
    // The sample's shared build, and one made here in a folder of its own.
    let a = crate::common::shared::sample();
    let b = sample_workspace();
    let out = run(annual_update(b.path()).arg("build"));
    assert!(out.status.success(), "{}", stderr(&out));
    for file in [
        "annual-update-2026.pdf",
        "diweddariad-blynyddol-2026.pdf",
        "diweddariad-blynyddol-annual-update-2026.pdf",
        "change-summary-2026.pdf",
        "crynodeb-o-newidiadau-2026.pdf",
        "dataset.json",
        "changes.md",
        "changes.csv",
        "findings.json",
        "findings.md",
        "manifest.json",
    ] {
        let read = |ws: &Path| std::fs::read(ws.join("output/2026").join(file)).unwrap();
        assert!(
            read(a) == read(b.path()),
            "{file} differs between two builds of the same inputs"
        );
    }
}

#[test]
fn the_manifest_fingerprints_every_input_and_output() {
    // The sample's build, shared with the other tests that only look at it.
    let ws = crate::common::shared::sample();
    let dir = ws.join("output/2026");
    let manifest: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("manifest.json")).unwrap()).unwrap();
    assert_eq!(manifest["typst"], annual_update::typst::PINNED);
    let paths = |key: &str| -> Vec<String> {
        manifest[key]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["path"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(
        paths("inputs"),
        [
            "narrative/01-overview.cy.md",
            "narrative/01-overview.en.md",
            "narrative/2026/01-foreword.cy.md",
            "narrative/2026/01-foreword.en.md",
            "plan.toml",
            "published/2025/dataset.json",
            "submissions/2026/cyber-resilience.xml",
            "submissions/2026/digital-learning.xlsx",
            "submissions/2026/online-safety.ods",
            "submissions/2026/translation-2026.xlf"
        ]
    );
    let outputs = paths("outputs");
    for f in [
        "annual-update-2026.pdf",
        "diweddariad-blynyddol-2026.pdf",
        "dataset.json",
        "changes.csv",
        "findings.md",
        "parity.md",
        "parity.json",
    ] {
        assert!(outputs.contains(&f.to_string()), "{f} not in {outputs:?}");
    }
    use sha2::{Digest, Sha256};
    let pdf = manifest["outputs"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["path"] == "annual-update-2026.pdf")
        .unwrap();
    let bytes = std::fs::read(dir.join("annual-update-2026.pdf")).unwrap();
    assert_eq!(
        pdf["sha256"].as_str().unwrap(),
        format!("{:x}", Sha256::digest(&bytes))
    );
}

#[test]
fn an_unchanged_document_is_not_compiled_again() {
    let ws = sample_workspace();
    let out = run(annual_update(ws.path()).arg("build"));
    assert!(
        stderr(&out).contains("5 of 5 PDFs compiled"),
        "{}",
        stderr(&out)
    );
    let pdf = ws.path().join("output/2026/annual-update-2026.pdf");
    let made = std::fs::metadata(&pdf).unwrap().modified().unwrap();

    let out = run(annual_update(ws.path()).arg("build"));
    assert!(out.status.success());
    assert!(
        stderr(&out).contains("all 5 PDFs up to date, Typst not started"),
        "{}",
        stderr(&out)
    );
    assert_eq!(
        std::fs::metadata(&pdf).unwrap().modified().unwrap(),
        made,
        "the PDF was rewritten"
    );

    // The Welsh contents title changes: only the two editions with a Welsh contents page (Welsh,
    // bilingual) are compiled again; the change summaries have no contents page.
    let labels = ws.path().join("mine/labels");
    std::fs::create_dir_all(&labels).unwrap();
    let cy = std::fs::read_to_string(repo().join("report-templates/labels/cy.toml")).unwrap();
    std::fs::write(
        labels.join("cy.toml"),
        cy.replace("contents = \"Cynnwys\"", "contents = \"Tabl cynnwys\""),
    )
    .unwrap();
    let out = run(annual_update(ws.path()).args(["build", "--templates", "mine"]));
    assert!(
        stderr(&out).contains("2 of 5 PDFs compiled"),
        "{}",
        stderr(&out)
    );
    assert_eq!(
        std::fs::metadata(&pdf).unwrap().modified().unwrap(),
        made,
        "the English edition did not change"
    );
}
