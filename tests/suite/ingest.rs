//! Partner submissions in: every broken file gives exactly one located message and exit code 1;
//! every messy but valid file is read completely; a generated template round-trips.

use std::path::Path;

use crate::common::*;
use annual_update::ingest::{self, Submission};
use annual_update::model::{Lang, Status};

/// (file, finding code, where: the end of the located message's source).
const BROKEN: &[(&str, &str, &str)] = &[
    (
        "numeric-id.xlsx",
        "numeric-action-id",
        "numeric-id.xlsx › Updates › A3",
    ),
    (
        "formula-no-value.xlsx",
        "formula-without-value",
        "formula-no-value.xlsx › Updates › C3",
    ),
    (
        "error-cell.xlsx",
        "bad-cell",
        "error-cell.xlsx › Updates › D3",
    ),
    (
        "bad-status.ods",
        "bad-status",
        "bad-status.ods › Diweddariadau › B3",
    ),
    (
        "missing-column.xlsx",
        "missing-column",
        "missing-column.xlsx › Updates › A1",
    ),
    (
        "no-updates-sheet.xlsx",
        "missing-sheet",
        "no-updates-sheet.xlsx",
    ),
    ("corrupt.xlsx", "unreadable-file", "corrupt.xlsx"),
    ("truncated.ods", "unreadable-file", "truncated.ods"),
    ("bad-id.xls", "bad-action-id", "bad-id.xls › Updates › A3"),
    (
        "row-without-id.ods",
        "bad-action-id",
        "row-without-id.ods › Updates › A3",
    ),
    ("doctype.xml", "bad-xml", "doctype.xml:2:1"),
    ("malformed.xml", "bad-xml", "malformed.xml:8:136"),
    ("unknown-entity.xml", "bad-xml", "unknown-entity.xml:8:36"),
    ("no-lang.xml", "bad-xml", "no-lang.xml:9:5"),
    ("bad-year.xml", "bad-year", "bad-year.xml:2:1"),
    ("no-text.xml", "missing-text", "no-text.xml:7:3"),
    ("bad-status.xml", "bad-status", "bad-status.xml:7:3"),
    ("invalid-utf8.xml", "bad-xml", "invalid-utf8.xml:9:56"),
    ("empty.xlsx", "unreadable-file", "empty.xlsx"),
    ("wrong-type.ods", "unreadable-file", "wrong-type.ods"),
];

#[test]
fn each_broken_file_gives_one_located_message() {
    let dir = repo().join("tests/fixtures/broken-submissions");
    let listed: Vec<String> = ingest::submission_files(&dir)
        .unwrap()
        .iter()
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    assert_eq!(
        listed.len(),
        BROKEN.len(),
        "every fixture file is covered: {listed:?}"
    );
    for (file, code, at) in BROKEN {
        let sub = ingest::read_file(&dir.join(file), file);
        assert_eq!(sub.findings.len(), 1, "{file}: {:#?}", sub.findings);
        let f = &sub.findings[0];
        assert_eq!(f.code.as_str(), *code, "{file}: {f}");
        assert_eq!(located(f), *at, "{file}: {f}");
        assert!(
            !f.fix.is_empty(),
            "{file}: every message says how to fix it"
        );
    }
}

#[test]
fn check_reports_all_broken_files_in_one_run_with_exit_code_1() {
    let dir = repo().join("tests/fixtures/broken-submissions");
    let out = run(annual_update(&dir).args([
        "check",
        "--format",
        "json",
        "--inputs",
        "no-such-folder",
        ".",
    ]));
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(!stderr(&out).contains("panicked"));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let found: Vec<(String, String)> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let source = &f["source"];
            let place = match (&source["sheet"], &source["line"]) {
                (serde_json::Value::String(sheet), _) => {
                    format!(" › {sheet} › {}", source["cell"].as_str().unwrap())
                }
                (_, serde_json::Value::Number(line)) => format!(":{line}:{}", source["column"]),
                _ => String::new(),
            };
            let at = format!("{}{place}", source["file"].as_str().unwrap_or_default());
            (f["code"].as_str().unwrap().to_string(), at)
        })
        .collect();
    let broken: Vec<(String, String)> = BROKEN
        .iter()
        .map(|(_, code, at)| (code.to_string(), format!("./{at}")))
        .collect();
    for finding in &broken {
        assert!(found.contains(finding), "{finding:?} is missing: {found:?}");
    }
    // With no plan, the files named are also reconciled with one another, as a partner's own
    // check does: the Welsh that a broken cell or element left out, and the overlapping updates
    // of these variants of one team's file, are found as well; nothing else.
    for (code, at) in found.iter().filter(|f| !broken.contains(f)) {
        assert!(
            [
                "missing-language",
                "conflicting-updates",
                "duplicate-update"
            ]
            .contains(&code.as_str()),
            "{code} at {at}"
        );
    }
}

fn read(dir: &Path, file: &str) -> Submission {
    let sub = ingest::read_file(&dir.join(file), file);
    assert!(sub.findings.is_empty(), "{file}: {:#?}", sub.findings);
    assert_eq!(
        sub.rows,
        sub.updates.len() + sub.new_actions.len(),
        "{file}: a row was lost"
    );
    sub
}

/// (action, status, first words of the English text) for every update row of a file.
fn rows(sub: &Submission) -> Vec<(String, Status, String)> {
    sub.updates
        .iter()
        .map(|u| {
            (
                u.action.to_string(),
                u.status,
                u.text.en.as_ref().unwrap().first_words(5),
            )
        })
        .collect()
}

#[test]
fn messy_files_are_read_completely() {
    use Status::*;
    let dir = repo().join("tests/fixtures/messy-submissions");
    let expect = |file: &str, want: &[(&str, Status, &str)]| {
        let got = rows(&read(&dir, file));
        let want: Vec<(String, Status, String)> = want
            .iter()
            .map(|(a, s, t)| (a.to_string(), *s, t.to_string()))
            .collect();
        assert_eq!(got, want, "{file}");
    };
    expect(
        "title-rows.xlsx",
        &[
            ("1.3", Ongoing, "We published two new templates"),
            ("2.8", Ongoing, "Since September 2025 we have:"),
            ("3.1", Ongoing, "We promoted the 360 safe"),
            ("5.1", InProgress, "The draft final report is"),
        ],
    );
    expect(
        "welsh-headers.xlsm",
        &[
            ("2.2", Ongoing, "We responded to Ofcom's consultation"),
            ("2.9", Ongoing, "The Keeping Safe Online Youth"),
            ("3.3", Ongoing, "More than 900 entries were"),
        ],
    );
    expect(
        "old-format.xls",
        &[
            ("2.4", Ongoing, "The national filtering and monitoring"),
            ("2.7", Ongoing, "1,690 girls from 121 schools"),
        ],
    );
    expect(
        "utf16.xml",
        &[
            ("2.5", Ongoing, "We shared five NCSC alerts"),
            ("3.2", Ongoing, "Our spring 2026 campaign for"),
        ],
    );
    expect(
        "bom-cdata.xml",
        &[
            ("1.1", Ongoing, "Our Safer Internet Day posts"),
            ("2.1", Ongoing, "With the UK Safer Internet"),
            ("2.3", Ongoing, "Officials attended all three UKCIS"),
        ],
    );
    expect(
        "prefixed.xml",
        &[
            ("2.10", Ongoing, "The pilot with 12 schools"),
            ("5.1", InProgress, "The draft final report is"),
        ],
    );
    expect(
        "new-actions.ods",
        &[("2.4", Ongoing, "The national filtering and monitoring")],
    );

    // Details that must survive: CRLF paragraphs, character references, CDATA, provenance.
    let title = read(&dir, "title-rows.xlsx");
    let u31 = &title.updates[2];
    assert_eq!(
        u31.text.en.as_ref().unwrap().blocks.len(),
        2,
        "CRLF blank line separates paragraphs"
    );
    assert_eq!(
        u31.source.to_string(),
        "title-rows.xlsx › updates › A10".replace("updates", "  updates ")
    );
    let bom = read(&dir, "bom-cdata.xml");
    assert!(
        bom.updates[0]
            .text
            .en
            .as_ref()
            .unwrap()
            .plain()
            .contains("#readbeforeyoushare")
    );
    let cy = bom.updates[2].text.get(Lang::Cy).as_ref().unwrap().plain();
    assert!(cy.contains("2025–26") && cy.contains("Grŵp"), "{cy}");
    assert!(
        bom.updates[1]
            .text
            .en
            .as_ref()
            .unwrap()
            .plain()
            .contains('&')
    );
    let new = read(&dir, "new-actions.ods");
    assert_eq!(new.new_actions[0].id.as_str(), "2.11");
    assert_eq!(new.new_actions[0].category, 2);
    assert_eq!(new.new_actions[0].lead_team, "cyber-resilience");
}

#[test]
fn a_generated_template_filled_in_is_read_back_with_nothing_lost() {
    let ws = sample_workspace();
    let out = run(annual_update(ws.path()).args([
        "template",
        "--team",
        "online-safety",
        "--output",
        "t",
    ]));
    assert!(out.status.success(), "{}", stderr(&out));
    let path = ws.path().join("t/online-safety-2026.xlsx");

    // Untouched, every pre-filled row is reported, none silently dropped.
    let blank = ingest::read_file(&path, "online-safety-2026.xlsx");
    assert_eq!(blank.rows, 6);
    assert!(
        blank
            .findings
            .iter()
            .all(|f| f.code.as_str() == "empty-row"),
        "{:#?}",
        blank.findings
    );
    assert_eq!(blank.findings.len(), 6);

    // Filled in as a team would: a status and both texts on each row.
    let mut book = umya_spreadsheet::reader::xlsx::read(&path).unwrap();
    let sheet = book.get_sheet_by_name_mut("Updates").unwrap();
    for row in 2..=7u32 {
        let id = sheet.get_value((1, row));
        sheet
            .get_cell_mut((2, row))
            .set_value(if row == 3 { "in progress." } else { "Parhaus" });
        sheet.get_cell_mut((3, row)).set_value(format!(
            "English update for {id}.\n\n• first point\n• second point"
        ));
        sheet
            .get_cell_mut((4, row))
            .set_value(format!("Diweddariad Cymraeg ar gyfer {id}."));
    }
    let filled = ws.path().join("t/filled.xlsx");
    umya_spreadsheet::writer::xlsx::write(&book, &filled).unwrap();

    let sub = ingest::read_file(&filled, "filled.xlsx");
    assert!(sub.findings.is_empty(), "{:#?}", sub.findings);
    assert_eq!(sub.updates.len(), 6);
    let ids: Vec<&str> = sub.updates.iter().map(|u| u.action.as_str()).collect();
    assert_eq!(ids, ["1.1", "2.1", "2.2", "2.3", "2.9", "3.3"]);
    assert_eq!(sub.updates[1].status, Status::InProgress);
    assert_eq!(sub.updates[0].team.as_deref(), Some("online-safety"));
    assert_eq!(sub.updates[0].text.en.as_ref().unwrap().blocks.len(), 2);
    let out = run(annual_update(ws.path()).args(["check", "t/filled.xlsx"]));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

/// (action, code, place) of an update not used.
type Unused = (&'static str, &'static str, &'static str);

/// Every update row or element read and not used is recorded with the action it names (when its
/// ID can be read) and the finding that says why, so its team is told it still owes it; a row
/// only warned about (an untouched template row) sent nothing and is not.
#[test]
fn every_update_not_used_is_recorded_with_why() {
    let broken = repo().join("tests/fixtures/broken-submissions");
    let hostile = repo().join("tests/fixtures/hostile-submissions");
    let cases: &[(&Path, &str, &[Unused])] = &[
        (
            &broken,
            "bad-status.ods",
            &[("3.3", "bad-status", "bad-status.ods › Diweddariadau › B3")],
        ),
        (
            &broken,
            "bad-status.xml",
            &[("3.3", "bad-status", "bad-status.xml:7:3")],
        ),
        (
            &broken,
            "no-text.xml",
            &[("5.1", "missing-text", "no-text.xml:7:3")],
        ),
        (
            &broken,
            "bad-id.xls",
            &[("", "bad-action-id", "bad-id.xls › Updates › A3")],
        ),
        (
            &broken,
            "row-without-id.ods",
            &[("", "bad-action-id", "row-without-id.ods › Updates › A3")],
        ),
        // A number is not taken for an ID: 2.1 may have been 2.10.
        (
            &broken,
            "numeric-id.xlsx",
            &[("", "numeric-action-id", "numeric-id.xlsx › Updates › A3")],
        ),
        (
            &broken,
            "formula-no-value.xlsx",
            &[(
                "2.8",
                "formula-without-value",
                "formula-no-value.xlsx › Updates › C3",
            )],
        ),
        (
            &hostile,
            "enormous-text.xml",
            &[("2.4", "text-too-long", "enormous-text.xml:4:5")],
        ),
        (
            &hostile,
            "enormous-cell.xlsx",
            &[("2.4", "text-too-long", "enormous-cell.xlsx › Updates › C2")],
        ),
        // A Welsh cell holding #REF!: the row is used, its Welsh found missing later.
        (&broken, "error-cell.xlsx", &[]),
    ];
    for (dir, file, want) in cases {
        let sub = ingest::read_file(&dir.join(file), file);
        let got: Vec<(String, String, String)> = sub
            .unused_updates
            .iter()
            .map(|u| {
                (
                    u.action.as_ref().map(|a| a.to_string()).unwrap_or_default(),
                    u.code.as_str().to_string(),
                    u.source.to_string(),
                )
            })
            .collect();
        let want: Vec<(String, String, String)> = want
            .iter()
            .map(|(a, c, s)| (a.to_string(), c.to_string(), s.to_string()))
            .collect();
        assert_eq!(got, want, "{file}");
    }
}
