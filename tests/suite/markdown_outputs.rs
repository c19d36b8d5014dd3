//! Partner and plan text is text in every Markdown output: a plan whose names, titles, file
//! names, submissions, corrections and reasons hold HTML, images, links, mentions, emphasis, code,
//! tables, math and forged redline markers is built through two years, and each Markdown file the
//! tool wrote (`changes.md`, `findings.md`, `parity.md`, `feedback/<team>.md`,
//! `republished.md`) is rendered with pulldown-cmark and GitHub's extensions: no element comes
//! from that text, and the text reads as it was written.

use std::path::Path;

use crate::common::*;
use annual_update::output::markdown::WORD_JOINER;
use pulldown_cmark::{Event, Options, Parser, Tag};

/// Text with every kind of Markdown and GitHub markup in it, on one line.
const HOSTILE: &str = "<img src=x onerror=alert(1)> ![](https://evil.example/pixel) @everyone #1 :tada: \
[click](javascript:alert(1)) **bold** _em_ `code` ~~gone~~ $x^2$ | cell | www.evil.example me@evil.example &amp; <https://evil.example>";
const TITLE: &str = "Plan <script>alert(1)</script> *stars* @everyone";
const TEAM: &str = "Team <b>bold</b> | @org/team";
const FILE: &str = "<img src=x onerror=alert(2)> @everyone [x](y).xml";
const STATUS: &str = "<b>On going</b> @here";
const REASON: &str = "Fixed ![](https://evil.example/reason.png) <i>now</i> @everyone";
const FORGED: &str = "[-not deleted-] {+not inserted+}";
const CY: &str = "Gwnaethom gyhoeddi'r diweddariad hwn yn Gymraeg ac yn Saesneg ar gyfer pob ysgol yng Nghymru eleni:";

/// `s` as a TOML string.
fn toml_str(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

fn xml(team: &str, year: u16, body: &str) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<submission team=\"{team}\" year=\"{year}\">\n{body}</submission>\n"
    )
}

fn xml_text(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

fn ok(ws: &Path, args: &[&str]) {
    let out = run(annual_update(ws).args(args));
    assert_eq!(out.status.code(), Some(0), "{args:?}: {}", stderr(&out));
}

/// The elements a Markdown file's own wording makes, and the text it reads as (soft breaks as
/// line breaks, the word joiners written after `@` and the like left out). Any HTML, link,
/// image, emphasis, strike-through, math, footnote or task in it is an error.
fn rendered(path: &Path) -> String {
    let md = std::fs::read_to_string(path).unwrap();
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_MATH
        | Options::ENABLE_GFM;
    let mut text = String::new();
    for event in Parser::new_ext(&md, options) {
        match event {
            Event::Text(t) | Event::Code(t) => text.push_str(&t),
            Event::SoftBreak | Event::HardBreak => text.push('\n'),
            Event::End(_) => text.push('\n'),
            Event::Start(
                Tag::Paragraph
                | Tag::Heading { .. }
                | Tag::BlockQuote(_)
                | Tag::CodeBlock(_)
                | Tag::List(_)
                | Tag::Item
                | Tag::Table(_)
                | Tag::TableHead
                | Tag::TableRow
                | Tag::TableCell
                | Tag::Strong,
            ) => {}
            other => panic!("{}: {other:?} in\n{md}", path.display()),
        }
    }
    text.replace(WORD_JOINER, "")
}

#[test]
fn hostile_text_stays_text_in_every_markdown_output() {
    let ws = fixture_workspace("injection");
    let inputs = ws.path().join("inputs");
    edit_file(
        &inputs.join("plan.toml"),
        "title.en = \"Test plan: #title and *stars*\"",
        &format!("title.en = {}", toml_str(TITLE)),
    );
    edit_file(
        &inputs.join("plan.toml"),
        "name.en = \"Red team\"",
        &format!("name.en = {}", toml_str(TEAM)),
    );
    edit_file(
        &inputs.join("plan.toml"),
        "2026 = \"2026-03-01\"",
        "2026 = \"2026-03-01\"\n2027 = \"2027-03-01\"",
    );
    ok(ws.path(), &["build", "--final"]);
    ok(ws.path(), &["publish"]);
    // Published again, with a reason full of markup: republished.md.
    edit_file(
        &inputs.join("submissions/2026/red-team.xml"),
        "then $x^2$",
        "then $y^2$",
    );
    ok(ws.path(), &["build", "--final", "--year", "2026"]);
    ok(
        ws.path(),
        &["publish", "--year", "2026", "--force", "--reason", HOSTILE],
    );

    // The second year: an update, a file whose name and status are markup, a correction.
    let year = inputs.join("submissions/2027");
    std::fs::write(
        year.join("red-team.xml"),
        xml(
            "red-team",
            2027,
            &format!(
                "  <update action=\"1.1\" status=\"Ongoing\">\n    <text xml:lang=\"en\">{0}</text>\n    <text xml:lang=\"cy\">{1}</text>\n  </update>\n",
                xml_text(&format!("{HOSTILE} {FORGED}")),
                // Welsh, with the same markup: the language check reads it as Welsh.
                xml_text(&format!("{CY} {HOSTILE} {FORGED}"))
            ),
        ),
    )
    .unwrap();
    std::fs::write(
        year.join(FILE),
        xml(
            "red-team",
            2027,
            &format!(
                "  <update action=\"1.1\" status=\"{}\">\n    <text xml:lang=\"en\">Again.</text>\n    <text xml:lang=\"cy\">Eto.</text>\n  </update>\n",
                xml_text(STATUS).replace('"', "&quot;")
            ),
        ),
    )
    .unwrap();
    // The published commitment (itself full of Typst and Markdown syntax), corrected by adding
    // to it.
    let published = annual_update::model::Dataset::from_json(
        &std::fs::read_to_string(inputs.join("published/2026/dataset.json")).unwrap(),
    )
    .unwrap();
    let commitment = published.actions[0].commitment.en.as_ref().unwrap().plain();
    std::fs::create_dir_all(inputs.join("resolutions")).unwrap();
    std::fs::write(
        inputs.join("resolutions/2027.toml"),
        format!(
            "[[correction]]\naction = \"1.1\"\nfield = \"commitment\"\nlang = \"en\"\ntext = {}\nreason = {}\n",
            toml_str(&format!("{commitment} {HOSTILE} {FORGED}")),
            toml_str(REASON)
        ),
    )
    .unwrap();
    ok(ws.path(), &["build"]);

    let out = ws.path().join("output/2027");
    let changes = rendered(&out.join("changes.md"));
    for text in [HOSTILE, REASON, &commitment] {
        assert!(changes.contains(text), "{text:?} in changes.md:\n{changes}");
    }
    // A text's own redline markers are escaped, in Markdown as in CSV.
    let forged = r"\[-not deleted\-] \{+not inserted\+}";
    assert!(changes.contains(forged), "{changes}");
    let csv = std::fs::read_to_string(out.join("changes.csv")).unwrap();
    assert!(csv.contains(forged), "{csv}");

    let findings = rendered(&out.join("findings.md"));
    for text in [
        format!("submissions/2027/{FILE}:3:3"),
        format!("status \"{STATUS}\""),
    ] {
        assert!(
            findings.contains(&text),
            "{text:?} in findings.md:\n{findings}"
        );
    }
    let feedback = rendered(&out.join("feedback/red-team.md"));
    for text in [TEAM, TITLE, FILE, STATUS] {
        assert!(
            feedback.contains(text),
            "{text:?} in the feedback:\n{feedback}"
        );
    }
    rendered(&out.join("parity.md"));
    let republished = rendered(&inputs.join("published/2026/republished.md"));
    assert!(republished.contains(HOSTILE), "{republished}");
}
