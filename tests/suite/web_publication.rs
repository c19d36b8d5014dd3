//! The web edition as a government HTML publication (issue 32): every page opens with a contents
//! list that matches its headings, in both languages; what `plan.toml`'s `[publication]` says
//! (organisation, dates, reference, ISBN, licence, contact) is on every page and in every
//! edition's XMP metadata, as text however it is written; the change summary is a page in each
//! language whose `<ins>` and `<del>` are `changes.json`'s edits; the pages' tags nest; and in
//! headless Chromium, axe finds no WCAG 2.1 AA violation on them and a page prints without its
//! navigation, with its links' addresses and the publication block at the end.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use regex::Regex;

use crate::common::*;

/// `[publication]` for a test plan: every field, with a reference and a copyright holder that
/// are HTML and Typst.
const PUBLICATION: &str = r#"
[publication]
contact = "digital.resilience@gov.wales"
copyright.en = "Crown <b>copyright</b> #set page(fill: red)"
copyright.cy = "Hawlfraint y Goron"

[publication.editions.2026]
reference = "WG51234 <script>alert(1)</script>"
isbn = "978-1-83577-123-5"
last-updated = "2026-12-03"
"#;

/// The sample with [`PUBLICATION`] added to its plan, built.
fn sample_with_publication() -> tempfile::TempDir {
    let ws = sample_workspace();
    let plan = ws.path().join("inputs/plan.toml");
    let text = std::fs::read_to_string(&plan).unwrap() + PUBLICATION;
    std::fs::write(&plan, text).unwrap();
    let out = run(annual_update(ws.path()).arg("build"));
    assert!(out.status.success(), "{}", stderr(&out));
    ws
}

/// Every HTML page of a build's web edition, by its path inside `html/` (`en/index.html`).
fn pages(html: &Path) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for lang in ["en", "cy"] {
        for entry in std::fs::read_dir(html.join(lang)).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "html") {
                let name = format!("{lang}/{}", path.file_name().unwrap().to_string_lossy());
                out.insert(name, std::fs::read_to_string(&path).unwrap());
            }
        }
    }
    out
}

fn text_of(html: &str) -> String {
    static TAG: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"<[^>]+>").unwrap());
    TAG.replace_all(html, "")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#x27;", "'")
        .replace("&#x2F;", "/")
        .replace("&#x3D;", "=")
        .replace("&#x60;", "`")
        .replace("&amp;", "&")
}

/// An anchor on a page and the words of its link or heading.
type Anchored = (String, String);

/// A page's contents list, (anchor, words) per entry, and its sections' headings: each `h2`
/// after the list, (the anchor of the element it heads, words).
fn contents_and_headings(html: &str) -> (Vec<Anchored>, Vec<Anchored>) {
    static NAV: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r#"(?s)<nav class="contents" id="contents"[^>]*>(.*?)</nav>"#).unwrap()
    });
    static ITEM: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r##"<li><a href="#([^"]+)">(.*?)</a></li>"##).unwrap());
    static H2: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r#"(?s)<h2 id="([^"]+)">(.*?)</h2>"#).unwrap());
    let nav = NAV.captures(html).expect("the page has a contents list");
    let contents = ITEM
        .captures_iter(&nav[1])
        .map(|c| (c[1].to_string(), text_of(&c[2])))
        .collect();
    let after = &html[nav.get(0).unwrap().end()..];
    let headings = H2
        .captures_iter(after)
        .map(|c| {
            // An action's and the publication block's h2 heads a section with the id.
            let id = c[1].strip_suffix("-heading").unwrap_or(&c[1]).to_string();
            (id, text_of(&c[2]))
        })
        .collect();
    (contents, headings)
}

/// Checks that every element opened is closed, in order (void elements aside), and that no id
/// is used twice: what a browser needs to read the page as its templates mean it.
fn assert_well_formed(name: &str, html: &str) {
    static TAG: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)([^>]*)>").unwrap());
    static ID: LazyLock<Regex> = LazyLock::new(|| Regex::new(r#" id="([^"]+)""#).unwrap());
    const VOID: [&str; 6] = ["meta", "link", "br", "img", "input", "hr"];
    let body = html.strip_prefix("<!DOCTYPE html>\n").expect("a doctype");
    let mut open: Vec<String> = Vec::new();
    for c in TAG.captures_iter(body) {
        let tag = c[2].to_ascii_lowercase();
        if VOID.contains(&tag.as_str()) {
            continue;
        }
        if &c[1] == "/" {
            let last = open.pop();
            assert_eq!(
                last.as_deref(),
                Some(tag.as_str()),
                "{name}: </{tag}> closes {last:?}"
            );
        } else {
            open.push(tag);
        }
    }
    assert!(open.is_empty(), "{name}: left open: {open:?}");
    let mut ids = std::collections::HashSet::new();
    for c in ID.captures_iter(body) {
        assert!(ids.insert(c[1].to_string()), "{name}: id {} twice", &c[1]);
    }
}

#[test]
fn every_page_has_a_contents_list_matching_its_headings_and_the_publication_block() {
    let ws = sample_with_publication();
    let dir = ws.path().join("output/2026");
    let pages = pages(&dir.join("html"));
    assert_eq!(pages.len(), 12, "{:?}", pages.keys());
    for (name, html) in &pages {
        assert_well_formed(name, html);
        let (contents, headings) = contents_and_headings(html);
        assert_eq!(
            contents, headings,
            "{name}: the contents list and the page's sections differ"
        );
        assert!(contents.len() >= 2, "{name}: {contents:?}");
        let welsh = name.starts_with("cy/");
        let text = text_of(html);
        // The publication block, and the dates under the title.
        let (published, updated, about, copyright, reference) = match welsh {
            true => (
                "Cyhoeddwyd 24 Tachwedd 2026",
                "Diweddarwyd ddiwethaf 3 Rhagfyr 2026",
                "Ynglŷn â'r cyhoeddiad hwn",
                "© Hawlfraint y Goron 2026",
                "Cyfeirnod",
            ),
            false => (
                "Published 24 November 2026",
                "Last updated 3 December 2026",
                "About this publication",
                "© Crown <b>copyright</b> #set page(fill: red) 2026",
                "Reference",
            ),
        };
        for want in [
            published,
            updated,
            about,
            copyright,
            reference,
            "WG51234 <script>alert(1)</script>",
            "ISBN",
            "978-1-83577-123-5",
            "digital.resilience@gov.wales",
        ] {
            assert!(text.contains(want), "{name} lacks {want:?}");
        }
        assert_eq!(contents.last().unwrap().0, "about", "{name}");
        assert!(
            html.contains(r#"<a href="mailto:digital.resilience@gov.wales">"#),
            "{name}"
        );
        // Plan text is text: the only elements are the templates'.
        assert!(
            !html.contains("<b>") && !html.contains("<script>alert"),
            "{name}"
        );
        assert_eq!(html.matches("<script").count(), 1, "{name}: print.js only");
        assert!(
            html.contains(r#"<button type="button" data-print hidden>"#),
            "{name}"
        );
    }
    // A category page lists its actions, numbered as the headings and the PDF number them.
    let (contents, _) = contents_and_headings(&pages["cy/category-2.html"]);
    assert_eq!(
        contents[0],
        ("action-2-1".into(), "Cam gweithredu 2.1".into())
    );
    assert!(pages["cy/category-2.html"].contains("<h1>2. Cydweithio</h1>"));
    let (contents, _) = contents_and_headings(&pages["en/index.html"]);
    assert_eq!(contents[0].0, "section-1");
    assert!(
        contents
            .iter()
            .any(|(id, text)| id == "categories" && text == "Categories")
    );
    // "Back to top" after long sections, to the contents list, in each language.
    assert!(
        pages["en/category-2.html"]
            .contains(r##"<p class="back-to-top"><a href="#contents">Back to top</a></p>"##)
    );
    assert!(
        pages["cy/category-2.html"].contains(r##"<a href="#contents">Yn ôl i&#x27;r brig</a>"##)
    );
    // The index links to the change summary (the sample has a last year), and the change
    // summary's pages to each other.
    assert!(pages["en/index.html"].contains(r#"<a href="changes.html">What changed since 2025"#));
    assert!(
        pages["cy/index.html"]
            .contains(r#"<a href="newidiadau.html">Beth sydd wedi newid ers 2025"#)
    );
    assert!(pages["en/changes.html"].contains(r#"<a href="../cy/newidiadau.html" lang="cy""#));
    assert!(pages["cy/newidiadau.html"].contains(r#"<a href="../en/changes.html" lang="en""#));
    assert_folder_is_its_manifest(&dir);

    // The same in each edition's XMP metadata: the reference and ISBN as keywords, every fact
    // in the description (XML-escaped), the organisation as author.
    for pdf in [
        "annual-update-2026.pdf",
        "diweddariad-blynyddol-2026.pdf",
        "diweddariad-blynyddol-annual-update-2026.pdf",
    ] {
        let xmp = xmp(&dir.join(pdf));
        let keywords = between(&xmp, "<pdf:Keywords>", "</pdf:Keywords>");
        assert!(keywords.contains("978-1-83577-123-5"), "{pdf}: {keywords}");
        assert!(
            keywords.contains("WG51234 &lt;script&gt;alert(1)&lt;/script&gt;"),
            "{pdf}: {keywords}"
        );
        let description = between(&xmp, "<dc:description>", "</dc:description>");
        for want in ["3 ", "2026", "digital.resilience@gov.wales", "v3.0"] {
            assert!(description.contains(want), "{pdf}: {description}");
        }
        let cy = pdf.starts_with("diweddariad");
        let en = !pdf.ends_with("blynyddol-2026.pdf");
        assert_eq!(
            description.contains("Last updated: 3 December 2026"),
            en,
            "{pdf}"
        );
        assert_eq!(
            description.contains("Diweddarwyd ddiwethaf: 3 Rhagfyr 2026"),
            cy,
            "{pdf}"
        );
        assert!(xmp.contains("<dc:creator>"), "{pdf}");
        // And in the colophon, as text.
        let text = pdf_text(&dir.join(pdf));
        assert!(text.contains("978-1-83577-123-5"), "{pdf}");
        assert!(text.contains("WG51234 <script>alert(1)</script>"), "{pdf}");
    }
    // The change summaries' XMP says the same of them.
    for pdf in ["change-summary-2026.pdf", "crynodeb-o-newidiadau-2026.pdf"] {
        let xmp = xmp(&dir.join(pdf));
        let keywords = between(&xmp, "<pdf:Keywords>", "</pdf:Keywords>");
        assert!(
            keywords.contains("ISBN 978-1-83577-123-5"),
            "{pdf}: {keywords}"
        );
        let description = between(&xmp, "<dc:description>", "</dc:description>");
        assert!(
            description.contains("digital.resilience@gov.wales"),
            "{pdf}"
        );
    }
    let en = pdf_text(&dir.join("annual-update-2026.pdf"));
    assert!(
        en.contains("© Crown <b>copyright</b> #set page(fill: red) 2026"),
        "the copyright holder as written"
    );
}

/// The XMP packet of a PDF Typst wrote (uncompressed, as PDF/A asks).
fn xmp(pdf: &Path) -> String {
    let bytes = std::fs::read(pdf).unwrap();
    let text = String::from_utf8_lossy(&bytes);
    between(&text, "<x:xmpmeta", "</x:xmpmeta>").to_string()
}

fn between<'a>(text: &'a str, from: &str, to: &str) -> &'a str {
    let start = text.find(from).unwrap_or_else(|| panic!("no {from}")) + from.len();
    let end = start + text[start..].find(to).unwrap_or_else(|| panic!("no {to}"));
    &text[start..end]
}

#[test]
fn a_wrong_isbn_or_contact_in_plan_toml_is_refused_at_its_place() {
    let ws = sample_workspace();
    let plan = ws.path().join("inputs/plan.toml");
    let text = std::fs::read_to_string(&plan).unwrap();
    let lines = text.lines().count();
    let bad = PUBLICATION
        .replace("978-1-83577-123-5", "978-1-83577-123-4")
        .replace("digital.resilience@gov.wales", "digital.resilience");
    std::fs::write(&plan, text + &bad).unwrap();
    let out = run(annual_update(ws.path()).arg("build"));
    assert_eq!(out.status.code(), Some(1), "an input error");
    let err = stderr(&out);
    let line = |n: usize| format!("inputs/plan.toml:{}:", lines + n);
    assert!(
        err.contains(&format!(
            "{}11: the accessible-formats contact \"digital.resilience\" has no @",
            line(3)
        )),
        "{err}"
    );
    assert!(
        err.contains(&format!("{}8: the ISBN of the 2026 edition, \"978-1-83577-123-4\", has the check digit 4 where its other digits give 5", line(9))),
        "{err}"
    );
    assert!(!ws.path().join("output/2026").exists(), "nothing published");
}

/// `changes.json`'s deleted and inserted runs of one edit, as the page shows their words:
/// white space, paragraph marks and named characters aside.
fn runs_of_edit(edit: &serde_json::Value) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    for segment in edit["diff"].as_array().unwrap() {
        let kind = segment["kind"].as_str().unwrap();
        if kind == "same" {
            out.push(("same".into(), String::new()));
            continue;
        }
        push_run(&mut out, kind, &visible(segment["text"].as_str().unwrap()));
    }
    out.retain(|(kind, _)| kind != "same");
    out
}

fn push_run(out: &mut Vec<(String, String)>, kind: &str, words: &str) {
    if words.is_empty() {
        return;
    }
    match out.last_mut() {
        Some((k, text)) if k == kind => text.push_str(words),
        _ => out.push((kind.to_string(), words.to_string())),
    }
}

/// The characters of a run that print: no white space, no `¶`, no `‹name›` of a character.
fn visible(text: &str) -> String {
    static NAMED: LazyLock<Regex> = LazyLock::new(|| Regex::new("‹[^›]*›").unwrap());
    NAMED
        .replace_all(text, "")
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '¶' && !is_format(*c))
        .collect()
}

fn is_format(c: char) -> bool {
    matches!(c, '\u{ad}' | '\u{200b}'..='\u{200f}' | '\u{2060}'..='\u{2064}' | '\u{feff}')
}

/// The page's `<del>` and `<ins>` of the edit `n`, in order: their words, the hidden words that
/// name them and the brackets aside. Each also names itself for a screen reader.
fn marked_in_page(html: &str, n: usize, starts: (&str, &str)) -> Vec<(String, String)> {
    static MARK: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r#"(?s)<(del|ins)>(.*?)</(?:del|ins)>"#).unwrap());
    static HIDDEN: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r#"<span class="visually-hidden">[^<]*</span>"#).unwrap());
    let open = format!(r#"<section class="edit" id="edit-{n}""#);
    let from = html.find(&open).unwrap_or_else(|| panic!("no {open}"));
    let to = from + html[from..].find("</section>").unwrap();
    let mut out = Vec::new();
    for c in MARK.captures_iter(&html[from..to]) {
        let (kind, start) = match &c[1] {
            "del" => ("deleted", starts.0),
            _ => ("inserted", starts.1),
        };
        assert!(
            c[2].starts_with(r#"<span class="visually-hidden">"#)
                && text_of(&c[2]).starts_with(&format!("{start} ")),
            "a <{}> says what it is: {}",
            &c[1],
            &c[2]
        );
        let words = text_of(&HIDDEN.replace_all(&c[2], ""));
        let words = match kind {
            "deleted" => words.strip_prefix("[-").and_then(|w| w.strip_suffix("-]")),
            _ => words.strip_prefix("[+").and_then(|w| w.strip_suffix("+]")),
        }
        .unwrap_or_else(|| panic!("bracketed: {words}"))
        .to_string();
        push_run(&mut out, kind, &visible(&words));
    }
    out
}

#[test]
fn the_change_summary_pages_mark_every_edit_of_changes_json_with_ins_and_del() {
    let ws = fixture_workspace("every-finding");
    resolve_every_finding(&ws.path().join("inputs"));
    let out = run(annual_update(ws.path()).arg("build"));
    assert!(out.status.success(), "{}", stderr(&out));
    let dir = ws.path().join("output/2026");
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("changes.json")).unwrap()).unwrap();
    let edits = json["edits"].as_array().unwrap();
    assert!(edits.len() >= 2, "the fixture has edits: {edits:#?}");
    let mut marks = 0;
    for (page, starts, edit_words) in [
        (
            "en/changes.html",
            ("Deleted:", "Inserted:"),
            "Changes to published text",
        ),
        (
            "cy/newidiadau.html",
            ("Wedi'i ddileu:", "Wedi'i ychwanegu:"),
            "Newidiadau i destun a gyhoeddwyd",
        ),
    ] {
        let html = std::fs::read_to_string(dir.join("html").join(page)).unwrap();
        assert_well_formed(page, &html);
        assert!(html.contains(&format!(
            r#"<h2 id="edits">{}</h2>"#,
            edit_words.replace('\'', "&#x27;")
        )));
        assert_eq!(
            html.matches(r#"<section class="edit""#).count(),
            edits.len(),
            "{page}: a section per edit"
        );
        for (n, edit) in edits.iter().enumerate() {
            let want = runs_of_edit(edit);
            assert!(!want.is_empty() || edit["invisible-only"] == true);
            let got = marked_in_page(&html, n, starts);
            // The edited text is marked with its own language, whatever the page's.
            let lang = edit["lang"].as_str().unwrap();
            let section = &html[html.find(&format!(r#"id="edit-{n}""#)).unwrap()..];
            assert!(
                section.contains(&format!(r#"<div class="redline" lang="{lang}">"#)),
                "{page}: edit {n} is not marked as {lang}"
            );
            assert_eq!(got, want, "{page}: edit {n} differs from changes.json");
            marks += got.len();
        }
        let (contents, headings) = contents_and_headings(&html);
        assert_eq!(contents, headings, "{page}");
    }
    assert!(marks >= 4, "{marks}");
    let en = std::fs::read_to_string(dir.join("html/en/changes.html")).unwrap();
    assert!(
        en.contains("will <ins><span class=\"visually-hidden\">Inserted: </span>[+continue to+]<span class=\"visually-hidden\"> (end of inserted words)</span></ins> engage"),
        "{en}"
    );
}

#[test]
fn a_plan_with_no_last_year_has_no_change_summary_page() {
    let ws = sample_workspace();
    std::fs::remove_dir_all(ws.path().join("inputs/published")).unwrap();
    let out = run(annual_update(ws.path()).arg("build"));
    assert!(out.status.success(), "{}", stderr(&out));
    let html = ws.path().join("output/2026/html");
    let pages = pages(&html);
    assert!(!pages.contains_key("en/changes.html") && !pages.contains_key("cy/newidiadau.html"));
    assert!(!pages["en/index.html"].contains("changes.html"));
    for (name, html) in &pages {
        let (contents, headings) = contents_and_headings(html);
        assert_eq!(contents, headings, "{name}");
        // Without [publication], the default licence and Crown copyright.
        assert!(
            html.contains("Open Government Licence v3.0")
                || html.contains("Drwydded Llywodraeth Agored v3.0"),
            "{name}"
        );
    }
}

/// Chromium, Node and the npm packages of `tests/browser/`, or why the browser tests skip
/// (ANNUAL_UPDATE_REQUIRE_BROWSER=1 makes a skip a failure).
fn browser() -> Option<String> {
    let chromium = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
    let node = std::process::Command::new("node").arg("--version").output();
    let missing: Vec<&str> = [
        (!Path::new(&chromium).exists()).then_some("Chromium (apt-get install chromium)"),
        node.is_err().then_some("Node.js"),
        (!repo().join("tests/browser/node_modules/axe-core").is_dir())
            .then_some("the npm packages (npm ci --prefix tests/browser)"),
    ]
    .into_iter()
    .flatten()
    .collect();
    if missing.is_empty() {
        return Some(chromium);
    }
    let message = format!("SKIPPED the browser test: {} missing", missing.join(", "));
    assert!(
        std::env::var_os("ANNUAL_UPDATE_REQUIRE_BROWSER").is_none(),
        "{message}, and ANNUAL_UPDATE_REQUIRE_BROWSER is set"
    );
    eprintln!("\n!!!!! {message} !!!!!\n");
    None
}

/// Where a test leaves what a person should look at: the print PDF and its pages as PNG, the
/// screenshots (`target/tmp/web-publication/`, kept after the run).
fn look_dir(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("web-publication")
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn the_pages_with_publication_and_redline_pass_axe_and_a_page_prints_cleanly() {
    let Some(chromium) = browser() else { return };
    // The fixture with edits (the change summary's redline) and every [publication] field.
    let ws = fixture_workspace("every-finding");
    let inputs = ws.path().join("inputs");
    resolve_every_finding(&inputs);
    let plan = inputs.join("plan.toml");
    let text = std::fs::read_to_string(&plan).unwrap() + PUBLICATION;
    std::fs::write(&plan, text).unwrap();
    let out = run(annual_update(ws.path()).arg("build"));
    assert!(out.status.success(), "{}", stderr(&out));
    let html = ws.path().join("output/2026/html");
    let look = look_dir("axe");
    let out = std::process::Command::new("node")
        .arg(repo().join("tests/browser/check.mjs"))
        .arg(&html)
        .arg("--screenshots")
        .arg(look.join("screenshots"))
        .env("CHROMIUM", &chromium)
        .output()
        .unwrap();
    let report = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{report}\n{}", stderr(&out));
    let json: serde_json::Value = serde_json::from_str(&report).unwrap();
    assert_eq!(json["violations"], serde_json::json!([]), "{report}");
    assert_eq!(json["pages"].as_u64(), Some(pages(&html).len() as u64));

    // Printed by Chromium itself, as a reader's Print does: no navigation, skip link, button or
    // "Back to top"; a named link followed by its address; the publication block last.
    let page = html.join("en/category-2.html");
    let pdf = look.join("category-2-print.pdf");
    let out = std::process::Command::new(&chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-pdf-header-footer",
        ])
        .arg(format!("--print-to-pdf={}", pdf.display()))
        .arg(format!("file://{}", page.display()))
        .output()
        .unwrap();
    assert!(pdf.is_file(), "Chromium printed nothing: {}", stderr(&out));
    let printed = pdf_text(&pdf);
    for gone in [
        "Skip to main content",
        "Print this page",
        "Back to top",
        "Cymraeg",
    ] {
        assert!(!printed.contains(gone), "the print has {gone:?}");
    }
    assert!(
        !printed.contains("1. Advice and support"),
        "the print has the navigation"
    );
    for kept in [
        "Contents",
        "Action 2.1",
        "About this publication",
        "978-1-83577-123-5",
    ] {
        assert!(printed.contains(kept), "the print lacks {kept:?}");
    }
    let about = printed.rfind("About this publication").unwrap();
    assert!(
        printed.rfind("Action status:").unwrap() < about,
        "the publication block is at the end"
    );
    // Its pages as images, for a person to look at.
    let png = std::process::Command::new("pdftoppm")
        .args(["-r", "70", "-png"])
        .arg(&pdf)
        .arg(look.join("category-2-print"))
        .output();
    if let Ok(png) = png {
        assert!(png.status.success(), "{}", stderr(&png));
    }
    eprintln!("the print and screenshots to look at: {}", look.display());
}
