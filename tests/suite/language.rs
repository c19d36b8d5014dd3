//! The language check measured on real text (issue 30): the published English of actions 2.1–2.7
//! (`tests/fixtures/reference-actions/expected.json`) and the sample's Welsh
//! (`inputs/published/2025/dataset.json`) give no finding in their own columns, and a finding on
//! each side of every text judged once the columns are swapped. `ANNUAL_UPDATE_REFERENCE_DIR`
//! names a folder of more published English (`*.txt`, a text per blank-line paragraph, such as
//! `../shared/reference`) to measure the same way; the counts are printed for the README.

use annual_update::language::{Verdict, Wrong, judge, judgeable, words};
use annual_update::model::{Dataset, Text};
use annual_update::text::parse;

use crate::common::repo;

/// False positives and false negatives of one kind of text.
#[derive(Debug, Default)]
struct Tally {
    texts: usize,
    /// Too short to judge (under the documented threshold), left alone.
    short: usize,
    false_positives: usize,
    false_negatives: usize,
}

/// The published English of the reference corpus, one text per commitment, background and update.
fn reference_english() -> Vec<Text> {
    let json: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(repo().join("tests/fixtures/reference-actions/expected.json"))
            .unwrap(),
    )
    .unwrap();
    let blocks = |v: &serde_json::Value| -> Option<Text> {
        let plain: Vec<String> = v
            .as_array()?
            .iter()
            .map(|b| match (b.get("paragraph"), b.get("list")) {
                (Some(p), _) => p.as_str().unwrap().to_string(),
                (_, Some(l)) => l
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|i| format!("• {}", i.as_str().unwrap()))
                    .collect::<Vec<_>>()
                    .join("\n"),
                _ => panic!("a block is a paragraph or a list: {b}"),
            })
            .collect();
        parse(&plain.join("\n\n"))
    };
    let mut out = Vec::new();
    for a in json["actions"].as_array().unwrap() {
        out.extend(blocks(&a["commitment"]));
        out.extend(blocks(&a["background"]));
        for u in a["updates"].as_array().into_iter().flatten() {
            out.extend(blocks(&u["text"]).or_else(|| blocks(&u["blocks"])));
        }
    }
    out
}

/// More published English, from `ANNUAL_UPDATE_REFERENCE_DIR`: each blank-line paragraph a text.
fn more_english() -> Vec<Text> {
    let Some(dir) = std::env::var_os("ANNUAL_UPDATE_REFERENCE_DIR") else {
        return Vec::new();
    };
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    files
        .iter()
        .flat_map(|f| {
            let text = std::fs::read_to_string(f).unwrap().replace("\r\n", "\n");
            text.split("\n\n").filter_map(parse).collect::<Vec<_>>()
        })
        .collect()
}

/// The sample's texts in both languages.
fn sample_pairs() -> Vec<(Text, Text)> {
    let dataset = Dataset::from_json(
        &std::fs::read_to_string(repo().join("inputs/published/2025/dataset.json")).unwrap(),
    )
    .unwrap();
    dataset
        .actions
        .iter()
        .flat_map(|a| a.texts())
        .filter_map(|(_, t)| Some((t.en.clone()?, t.cy.clone()?)))
        .collect()
}

/// English in its own column, then given as Welsh: no finding, then one.
fn measure_english(texts: &[Text]) -> (Tally, Tally) {
    let (mut own, mut as_welsh) = (Tally::default(), Tally::default());
    for t in texts {
        let short = !judgeable(&words(t));
        for tally in [&mut own, &mut as_welsh] {
            tally.texts += 1;
            tally.short += usize::from(short);
        }
        if judge(Some(t), None) != Verdict::default() {
            own.false_positives += 1;
            eprintln!("false positive, English as English: {}", t.first_words(12));
        }
        let wrong = judge(None, Some(t)).cy.is_some();
        if !wrong && !short {
            as_welsh.false_negatives += 1;
            eprintln!("false negative, English as Welsh: {}", t.first_words(12));
        }
    }
    (own, as_welsh)
}

#[test]
fn real_text_gives_no_false_finding_and_swapped_columns_one_per_text() {
    let reference = reference_english();
    assert!(reference.len() > 30, "{} reference texts", reference.len());
    let (ref_own, ref_as_welsh) = measure_english(&reference);
    let more = more_english();
    let (more_own, more_as_welsh) = measure_english(&more);

    let pairs = sample_pairs();
    assert!(pairs.len() > 50, "{} sample texts", pairs.len());
    let (mut own, mut swapped) = (Tally::default(), Tally::default());
    for (en, cy) in &pairs {
        let short = !judgeable(&words(en)) || !judgeable(&words(cy));
        for tally in [&mut own, &mut swapped] {
            tally.texts += 1;
            tally.short += usize::from(short);
        }
        if judge(Some(en), Some(cy)) != Verdict::default() {
            own.false_positives += 1;
            eprintln!("false positive, sample: {}", cy.first_words(12));
        }
        let v = judge(Some(cy), Some(en));
        let both = v.en == Some(Wrong::Swapped) && v.cy == Some(Wrong::Swapped);
        if !both && !short {
            swapped.false_negatives += 1;
            eprintln!("false negative, swapped: {} / {v:?}", cy.first_words(12));
        }
    }
    for (what, t) in [
        ("reference English (actions 2.1–2.7), as English", &ref_own),
        (
            "reference English (actions 2.1–2.7), as Welsh",
            &ref_as_welsh,
        ),
        (
            "more English (ANNUAL_UPDATE_REFERENCE_DIR), as English",
            &more_own,
        ),
        (
            "more English (ANNUAL_UPDATE_REFERENCE_DIR), as Welsh",
            &more_as_welsh,
        ),
        ("the sample's English and Welsh", &own),
        ("the sample's English and Welsh, columns swapped", &swapped),
    ] {
        eprintln!(
            "| {what} | {} | {} | {} | {} |",
            t.texts, t.short, t.false_positives, t.false_negatives
        );
    }
    for t in [
        &ref_own,
        &ref_as_welsh,
        &more_own,
        &more_as_welsh,
        &own,
        &swapped,
    ] {
        assert_eq!((t.false_positives, t.false_negatives), (0, 0), "{t:?}");
    }
}

/// (code, place, message, fix) of a finding.
type Seen = (String, String, String, String);

/// `check`'s exit code and each language finding it printed as JSON.
fn language_findings(ws: &std::path::Path) -> (Option<i32>, Vec<Seen>) {
    let out =
        crate::common::run(crate::common::annual_update(ws).args(["check", "--format", "json"]));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let found = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| matches!(f["code"].as_str(), Some("wrong-language" | "untranslated")))
        .map(|f| {
            let s = &f["source"];
            let at = format!(
                "{}:{}:{}",
                s["file"].as_str().unwrap(),
                s["line"],
                s["column"]
            );
            (
                f["code"].as_str().unwrap().to_string(),
                at,
                f["message"].as_str().unwrap().to_string(),
                f["fix"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    (out.status.code(), found)
}

#[test]
fn english_in_a_returned_unit_or_the_welsh_narrative_is_found_where_it_is() {
    let ws = crate::common::sample_workspace();
    let inputs = ws.path().join("inputs");
    assert_eq!(language_findings(ws.path()), (Some(0), vec![]));
    // The translator left the second paragraph of a unit in English.
    crate::common::edit_file(
        &inputs.join("submissions/2026/translation-2026.xlf"),
        "Gwnaethom ddarparu £135,000 i Technocamps ar gyfer 2025–26, gan gynnwys sesiynau newydd i ddysgwyr mewn ysgolion arbennig ac unedau cyfeirio disgyblion.",
        "We provided £135,000 to Technocamps for 2025–26, including new sessions for learners in special schools and pupil referral units.",
    );
    // The Welsh page of the narrative has its English paragraph.
    crate::common::edit_file(
        &inputs.join("narrative/01-overview.cy.md"),
        "Mae'r rhyngrwyd yn rhan annatod o fywydau plant a phobl ifanc. Mae'n rhoi cyfleoedd i gymdeithasu, cyfathrebu, cael eu diddanu, dysgu a dod o hyd i gymorth. Gall hefyd gael ei gamddefnyddio gan y rhai sydd â bwriad maleisus, gan dargedu grwpiau ac unigolion agored i niwed yn ein cymdeithas.",
        "The internet is integral to the lives of children and young people. It provides opportunities to socialise, communicate, be entertained, learn and find support. It can also be exploited by those with malicious intent, targeting vulnerable groups and individuals in our society.",
    );
    let (code, found) = language_findings(ws.path());
    assert_eq!(code, Some(1));
    assert_eq!(
        found,
        [
            (
                "untranslated".to_string(),
                "narrative/01-overview.cy.md:5:1".to_string(),
                "the Welsh narrative text is the same as its English, word for word: it has not been translated (“The internet is integral to the lives of children and young…”)".to_string(),
                "write the Welsh in narrative/01-overview.cy.md at this place, or run `annual-update xliff export` and import what the translators return; only a text that is just a name (“Hwb”) may be the same in both languages".to_string(),
            ),
            (
                "wrong-language".to_string(),
                "submissions/2026/translation-2026.xlf:11:9".to_string(),
                "paragraph 2 of the Welsh 2026 update reads as English (“We provided £135,000 to Technocamps for 2025–26, including …”)".to_string(),
                "translate paragraph 2 of unit 2.7/update/2026 into Welsh in the translation tool and return the file again".to_string(),
            ),
        ],
        "{found:#?}"
    );
}
