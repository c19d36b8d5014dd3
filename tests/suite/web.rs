//! The web edition: accessible bilingual HTML pages, from the same dataset as the PDFs. Each
//! paragraph is a `<p>` and each list item an `<li>`, action by action against the dataset; partner
//! text is HTML-escaped; the pages are in the manifest and the same inputs give the same bytes;
//! and in a real browser (headless Chromium) axe-core finds no WCAG 2.1 AA violation and every
//! internal link resolves.

use std::path::Path;
use std::sync::LazyLock;

use crate::common::*;
use annual_update::model::{Block, Dataset, Inline, Lang, Text};

/// Between `from` and the next `</section>`, every paragraph and list as the dataset's shape
/// words them (see [`shape`]): `<p>` as `p: …`, each `<ul>` as `ul` with an `li: …` per item,
/// tags inside removed and entities decoded. Paragraphs with a class (notes, status lines, the
/// missing-Welsh marks) are the page's own words, not the dataset's, and are left out.
fn blocks_in(html: &str, from: usize) -> Vec<String> {
    static ELEMENT: LazyLock<regex::Regex> = LazyLock::new(|| {
        regex::Regex::new(r#"(?s)<ul>|<(p|li)( class="[a-z]+")?>(.*?)</(?:p|li)>"#).unwrap()
    });
    static TAG: LazyLock<regex::Regex> = LazyLock::new(|| regex::Regex::new(r"<[^>]+>").unwrap());
    let end = html[from..]
        .find("</section>")
        .map_or(html.len(), |i| from + i);
    ELEMENT
        .captures_iter(&html[from..end])
        .filter(|c| c.get(2).is_none())
        .map(|c| match c.get(1) {
            None => "ul".to_string(),
            Some(tag) => format!(
                "{}: {}",
                tag.as_str(),
                unescape(&TAG.replace_all(&c[3], ""))
            ),
        })
        .collect()
}

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#x27;", "'")
        .replace("&#x60;", "`")
        .replace("&#x3D;", "=")
        .replace("&amp;", "&")
}

/// A text's blocks as [`blocks_in`] words them: `p: …` for a paragraph, `ul` then `li: …` per
/// item for a bullet list.
fn shape(text: &Text) -> Vec<String> {
    let line = |runs: &[Inline]| runs.iter().map(Inline::as_str).collect::<String>();
    text.blocks
        .iter()
        .flat_map(|b| match b {
            Block::Paragraph(p) => vec![format!("p: {}", line(p))],
            Block::List(items) => std::iter::once("ul".to_string())
                .chain(items.iter().map(|i| format!("li: {}", line(i))))
                .collect(),
        })
        .collect()
}

fn check_pages(out: &Path) -> usize {
    let dataset =
        Dataset::from_json(&std::fs::read_to_string(out.join("dataset.json")).unwrap()).unwrap();
    let mut compared = 0;
    let mut pages = std::collections::HashMap::new();
    for lang in Lang::ALL {
        for action in &dataset.actions {
            let page = out.join(format!(
                "html/{}/category-{}.html",
                lang.code(),
                action.category
            ));
            let html = pages
                .entry(page.clone())
                .or_insert_with(|| std::fs::read_to_string(&page).unwrap());
            let at = html
                .find(&format!(
                    "<section class=\"action\" id=\"action-{}\"",
                    action.id.slug()
                ))
                .unwrap_or_else(|| panic!("no section for {} in {}", action.id, page.display()));
            let got = blocks_in(html, at);
            let mut want = Vec::new();
            for text in [&action.commitment]
                .into_iter()
                .chain(action.updates.iter().map(|u| &u.text))
                .chain([&action.background])
            {
                want.extend(text.get(lang).iter().flat_map(shape));
            }
            assert_eq!(
                got,
                want,
                "{} of {}: the page's paragraphs and list items differ from the dataset's",
                action.id,
                page.display()
            );
            compared += want.len();
        }
    }
    compared
}

#[test]
fn every_paragraph_and_list_item_is_its_own_element_on_the_pages() {
    // A copy of the sample's shared build: this test builds again in it.
    let ws = crate::common::shared::copy_of(crate::common::shared::sample());
    let dir = ws.path().join("output/2026");
    let compared = check_pages(&dir);
    eprintln!("{compared} paragraphs and list items match the dataset on the pages");
    assert!(compared > 150, "{compared}");
    let en = std::fs::read_to_string(dir.join("html/en/category-2.html")).unwrap();
    assert!(en.contains(r#"<html lang="en">"#));
    assert!(en.contains(r#"<a href="../cy/category-2.html" lang="cy" hreflang="cy">Cymraeg</a>"#));
    assert!(en.contains(r#"(see action <a href="category-3.html#action-3-3">3.3</a>)"#));
    assert_eq!(en.matches("<h1>").count(), 1);
    let cy = std::fs::read_to_string(dir.join("html/cy/index.html")).unwrap();
    assert!(
        cy.contains(r#"<html lang="cy">"#) && cy.contains(r#"<h2 id="section-1">Rhagair</h2>"#)
    );
    assert!(
        cy.contains(r#"<li value="2">pryder am ddieithriaid</li>"#),
        "numbers as written"
    );
    assert_folder_is_its_manifest(&dir);

    // The same inputs, the same pages.
    let before = folder_bytes(&dir.join("html"));
    let out = run(annual_update(ws.path()).arg("build"));
    assert!(out.status.success(), "{}", stderr(&out));
    assert_same_files(&folder_bytes(&dir.join("html")), &before, "a second build");

    // A changed input: the pages are made again.
    edit_file(
        &ws.path()
            .join("inputs/submissions/2026/cyber-resilience.xml"),
        "Ahead of the launch",
        "Well ahead of the launch",
    );
    let out = run(annual_update(ws.path()).arg("build"));
    assert!(out.status.success(), "{}", stderr(&out));
    let page = std::fs::read_to_string(dir.join("html/en/category-2.html")).unwrap();
    assert!(
        page.contains("Well ahead of the launch"),
        "the page was not made again"
    );
    check_pages(&dir);
    assert_folder_is_its_manifest(&dir);
}

#[test]
fn typst_html_and_script_in_a_submission_are_literal_text_on_the_pages() {
    let ws = fixture_workspace("injection");
    let file = ws.path().join("inputs/submissions/2026");
    let xml = std::fs::read_dir(&file)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "xml"))
        .expect("the fixture has an XML submission");
    let text = std::fs::read_to_string(&xml).unwrap();
    let hostile = r#"&lt;script&gt;alert(1)&lt;/script&gt; &lt;img src=x onerror=alert(2)&gt; &amp;amp; #set page(fill: red)"#;
    let edited = text.replacen("</commitment>", &format!(" {hostile}</commitment>"), 1);
    assert_ne!(edited, text, "the fixture has English text to add to");
    std::fs::write(&xml, edited).unwrap();
    let out = run(annual_update(ws.path()).arg("build"));
    assert!(out.status.success(), "{}", stderr(&out));
    let dir = ws.path().join("output/2026/html/en");
    let all: String = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap())
        .collect();
    // The one script element of each page is the print button's.
    assert_eq!(
        all.matches("<script").count(),
        all.matches(r#"<script src="../print.js" defer></script>"#)
            .count(),
        "a script element reached a page"
    );
    assert!(!all.contains("<img"), "an image element reached a page");
    assert!(
        all.contains("&lt;script&gt;alert(1)&lt;&#x2F;script&gt;")
            || all.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "{all}"
    );
    assert!(all.contains("#set page(fill: red)"));
    check_pages(&ws.path().join("output/2026"));
}

/// The browser test needs Chromium and the npm packages of `tests/browser/`; `.ci/run` installs
/// them and sets ANNUAL_UPDATE_REQUIRE_BROWSER=1, which turns a skip into a failure.
#[test]
fn every_page_passes_axe_in_headless_chromium_and_every_link_resolves() {
    let chromium = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
    let modules = repo().join("tests/browser/node_modules");
    let node = std::process::Command::new("node").arg("--version").output();
    let missing: Vec<&str> = [
        (!Path::new(&chromium).exists()).then_some("Chromium (apt-get install chromium)"),
        node.is_err().then_some("Node.js"),
        (!modules.join("axe-core").is_dir())
            .then_some("the npm packages (npm ci --prefix tests/browser)"),
    ]
    .into_iter()
    .flatten()
    .collect();
    if !missing.is_empty() {
        let message = format!("SKIPPED the browser test: {} missing", missing.join(", "));
        assert!(
            std::env::var_os("ANNUAL_UPDATE_REQUIRE_BROWSER").is_none(),
            "{message}, and ANNUAL_UPDATE_REQUIRE_BROWSER is set"
        );
        eprintln!("\n!!!!! {message} !!!!!\n");
        return;
    }
    let ws = crate::common::shared::sample();
    let shots = tempfile::tempdir().unwrap();
    let shots = shots.path().join("screenshots");
    let out = std::process::Command::new("node")
        .arg(repo().join("tests/browser/check.mjs"))
        .arg(ws.join("output/2026/html"))
        .arg("--screenshots")
        .arg(&shots)
        .env("CHROMIUM", &chromium)
        .output()
        .unwrap();
    let report = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{report}\n{}", stderr(&out));
    let json: serde_json::Value = serde_json::from_str(&report).unwrap();
    // Five pages in each language, and the change summary's (the sample has a last year).
    assert_eq!(json["pages"], 12, "{report}");
    assert_eq!(std::fs::read_dir(&shots).unwrap().count(), 8, "screenshots");
}

#[test]
fn a_web_template_naming_a_missing_field_fails_with_its_file_and_line() {
    let ws = sample_workspace();
    let partials = ws.path().join("mine/html/partials");
    std::fs::create_dir_all(&partials).unwrap();
    std::fs::write(
        partials.join("unit.html.hbs"),
        "<h3>{{title}}</h3>\n<p>{{titel}}</p>\n",
    )
    .unwrap();
    let out = run(annual_update(ws.path()).args(["build", "--templates", "mine"]));
    assert_eq!(out.status.code(), Some(4));
    let err = stderr(&out);
    assert!(
        err.contains("mine/html/partials/unit.html.hbs:2:") && err.contains("titel"),
        "{err}"
    );
    assert!(!ws.path().join("output/2026").exists(), "nothing published");
}
