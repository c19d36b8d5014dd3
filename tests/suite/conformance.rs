//! Every PDF a build makes is checked against PDF/UA-1 and PDF/A-2a (issue 34): a PDF that fails
//! is a located `pdf-conformance` finding, `build --final` refuses it unless `plan.toml` says
//! otherwise, and a rebuild with nothing changed checks nothing again. The defect Typst leaves by
//! chance (a stream's data ending in CR before its single LF and `endstream`) is reproduced with
//! the real Typst from `tests/fixtures/pdfa-cr-stream/` and mended.

use std::path::Path;

use crate::common::*;
use annual_update::conformance::{self, Failure, streams, validate};
use proptest::prelude::*;

/// The creation date the fixture is compiled with (the sample's publication date).
const TIMESTAMP: i64 = 1_795_478_400;

/// The fixture's PDF, compiled into `dir` by the real Typst with the build's own command.
fn fixture_pdf(dir: &Path) -> Vec<u8> {
    let fixture = repo().join("tests/fixtures/pdfa-cr-stream");
    std::fs::copy(fixture.join("main.typ"), dir.join("main.typ")).unwrap();
    std::fs::create_dir_all(dir.join("fonts")).unwrap();
    std::fs::copy(
        repo().join("report-templates/fonts/NotoSans-Regular.ttf"),
        dir.join("fonts/NotoSans-Regular.ttf"),
    )
    .unwrap();
    let lookup = annual_update::args::TypstArgs::default().lookup();
    let typst = annual_update::typst::find(&lookup, &|m| eprintln!("{m}")).unwrap();
    let job = annual_update::typst::Job::for_source(dir, "main", dir, TIMESTAMP);
    annual_update::typst::compile(&typst, &job).unwrap();
    std::fs::read(dir.join("main.pdf")).unwrap()
}

/// Each stream's raw (still compressed) data, by object number, as lopdf reads it.
fn stream_data(pdf: &[u8]) -> Vec<(u32, Vec<u8>)> {
    let doc = lopdf::Document::load_mem(pdf).expect("lopdf reads it");
    doc.objects
        .iter()
        .filter_map(|(id, object)| match object {
            lopdf::Object::Stream(s) => Some((id.0, s.content.clone())),
            _ => None,
        })
        .collect()
}

#[test]
fn typst_leaves_a_stream_ending_in_cr_and_the_build_mends_it() {
    let dir = tempfile::tempdir().unwrap();
    let raw = fixture_pdf(dir.path());

    // The defect, read from the bytes: object 21's data ends in CR, then a single LF.
    let scan = streams::scan(&raw);
    assert!(scan.understood);
    let ambiguous: Vec<u32> = scan.ambiguous.iter().map(|a| a.0).collect();
    assert_eq!(ambiguous, [21], "the fixture no longer shows the defect");
    let at = scan.ambiguous[0].1;
    assert_eq!(&raw[at - 1..at + 10], b"\r\nendstream");
    // And as a validator reports it: PDF/A-2a 6.1.7.1, the object named.
    let failures = validate::check(&raw);
    assert_eq!(
        failures
            .iter()
            .map(|f| (&*f.profile, &*f.rule, &*f.message, f.objects.clone()))
            .collect::<Vec<_>>(),
        [(
            "PDF/A-2a",
            "ISO 19005-2:2011:6.1.7.1:1",
            "a stream /Length does not match its raw content length",
            vec![21]
        )]
    );

    // Mended: one CR more, before the LF; both profiles pass; every stream holds the same data.
    let (mended, objects) = streams::mend(&raw).expect("one stream to mend");
    assert_eq!(objects, [21]);
    assert_eq!(mended.len(), raw.len() + 1);
    assert_eq!(&mended[at - 1..at + 11], b"\r\r\nendstream");
    assert_eq!(validate::check(&mended), Vec::<Failure>::new());
    assert!(streams::scan(&mended).mismatched.is_empty());
    assert!(
        streams::mend(&mended).is_none(),
        "mending twice changes nothing"
    );
    assert_eq!(stream_data(&mended), stream_data(&raw));

    // Reproducible: the same source gives the same bytes, raw and mended.
    let again = tempfile::tempdir().unwrap();
    let raw_again = fixture_pdf(again.path());
    assert!(raw_again == raw, "Typst gave other bytes");
    assert!(streams::mend(&raw_again).unwrap().0 == mended);

    // The build's own step: the PDF is rewritten in place and its verdict recorded.
    let pdf = dir.path().join("main.pdf");
    let record = conformance::record_of(&dir.path().join("main.typ"));
    let verdict = conformance::settle(&pdf, &record).unwrap();
    assert_eq!(verdict.mended, [21]);
    assert!(verdict.failures.is_empty());
    assert!(std::fs::read(&pdf).unwrap() == mended);
    assert_eq!(conformance::verdict(&pdf, &record).unwrap(), verdict);
}

/// A PDF laid out as Typst lays one out, with these streams' data.
fn layout(streams: &[Vec<u8>]) -> Vec<u8> {
    let mut out = b"%PDF-1.7\n%\x80\x80\x80\x80\n\n".to_vec();
    let mut offsets = Vec::new();
    for (i, data) in streams.iter().enumerate() {
        offsets.push(out.len());
        // Every other stream gives its /Length in an object of its own.
        let length = match i % 2 {
            0 => data.len().to_string(),
            _ => format!("{} 0 R", 100 + i),
        };
        out.extend_from_slice(
            format!(
                "{} 0 obj\n<</Length {length}/Filter/FlateDecode/A[(x>>stream) <41>]>>\nstream\n",
                i + 1
            )
            .as_bytes(),
        );
        out.extend_from_slice(data);
        out.extend_from_slice(b"\nendstream\nendobj\n");
    }
    let mut lengths = Vec::new();
    for (i, data) in streams.iter().enumerate().filter(|(i, _)| i % 2 == 1) {
        lengths.push((100 + i, out.len()));
        out.extend_from_slice(format!("{} 0 obj\n{}\nendobj\n", 100 + i, data.len()).as_bytes());
    }
    let catalog = streams.len() + 1;
    offsets.push(out.len());
    out.extend_from_slice(format!("{catalog} 0 obj\n<</Type/Catalog>>\nendobj\n").as_bytes());
    let xref = out.len();
    out.extend_from_slice(format!("xref\n0 {}\n0000000000 65535 f\r\n", catalog + 1).as_bytes());
    for o in offsets {
        out.extend_from_slice(format!("{o:010} 00000 n\r\n").as_bytes());
    }
    for (number, o) in lengths {
        out.extend_from_slice(format!("{number} 1\n{o:010} 00000 n\r\n").as_bytes());
    }
    out.extend_from_slice(
        format!(
            "trailer\n<</Size {}/Root {catalog} 0 R>>\nstartxref\n{xref}\n%%EOF",
            200
        )
        .as_bytes(),
    );
    out
}

/// Stream data, often ending in CR (or CR LF, or CRs) to meet the defect.
fn data() -> impl Strategy<Value = Vec<u8>> {
    (
        prop::collection::vec(any::<u8>(), 0..40),
        prop_oneof![
            Just(&b""[..]),
            Just(&b"\r"[..]),
            Just(&b"\r\n"[..]),
            Just(&b"\r\r"[..])
        ],
    )
        .prop_map(|(mut data, end)| {
            data.extend_from_slice(end);
            data
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    /// Whatever the streams hold, the mended PDF reads every stream where its /Length says, with
    /// the same data as before, and mending it again changes nothing.
    #[test]
    fn mending_keeps_every_stream_and_clears_every_ending(streams in prop::collection::vec(data(), 1..8)) {
        let pdf = layout(&streams);
        let before = streams::scan(&pdf);
        prop_assert!(before.understood);
        prop_assert_eq!(before.streams, streams.len());
        let cr: Vec<u32> = (1..).zip(&streams).filter(|(_, d)| d.last() == Some(&b'\r')).map(|(n, _)| n).collect();
        prop_assert_eq!(before.ambiguous.iter().map(|a| a.0).collect::<Vec<_>>(), cr.clone());
        let mended = match streams::mend(&pdf) {
            Some((mended, objects)) => {
                prop_assert_eq!(objects, cr);
                mended
            }
            None => {
                prop_assert!(cr.is_empty());
                pdf.clone()
            }
        };
        let after = streams::scan(&mended);
        prop_assert!(after.understood);
        prop_assert!(after.mismatched.is_empty(), "{:?}", after.mismatched);
        prop_assert!(streams::mend(&mended).is_none());
        let data = stream_data(&mended);
        prop_assert_eq!(data.len(), streams.len());
        for ((_, read), written) in data.iter().zip(&streams) {
            prop_assert_eq!(read, written);
        }
    }

    /// Any bytes, or a PDF with bytes changed, are read without a panic.
    #[test]
    fn any_bytes_are_read_without_a_panic(
        bytes in prop::collection::vec(any::<u8>(), 0..600),
        streams in prop::collection::vec(data(), 1..4),
        changes in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 0..6),
    ) {
        let _ = streams::scan(&bytes);
        let _ = streams::mend(&bytes);
        let mut pdf = layout(&streams);
        for (at, byte) in changes {
            let i = at.index(pdf.len());
            pdf[i] = byte;
        }
        let _ = streams::scan(&pdf);
        let _ = streams::mend(&pdf);
    }
}

/// Reads the verdicts a build kept beside its compile records.
fn verdicts(year_dir: &Path) -> Vec<(String, serde_json::Value)> {
    let typst = year_dir.join("typst");
    let mut found: Vec<(String, serde_json::Value)> = std::fs::read_dir(&typst)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_string_lossy().ends_with(".typ.conformance.json"))
        .map(|p| {
            let json = serde_json::from_slice(&std::fs::read(&p).unwrap()).unwrap();
            (p.file_name().unwrap().to_string_lossy().into_owned(), json)
        })
        .collect();
    found.sort_by(|a, b| a.0.cmp(&b.0));
    found
}

/// Changes one stream's /Length in a copy of a built PDF, keeping its length in bytes: the PDF
/// then fails PDF/A-2a 6.1.7.1. Returns the object broken.
fn break_a_stream(pdf: &Path) -> u32 {
    let mut bytes = std::fs::read(pdf).unwrap();
    let key = b" 0 obj\n<</Length ";
    let number = |b: &[u8]| std::str::from_utf8(b).ok()?.parse::<u32>().ok();
    let (object, at, length) = (0..bytes.len() - key.len())
        .filter(|&i| bytes[i..].starts_with(key))
        .find_map(|i| {
            let line = bytes[..i].iter().rposition(|&b| b == b'\n')? + 1;
            let object = number(&bytes[line..i])?;
            let start = i + key.len();
            let digits = bytes[start..].iter().position(|&b| b == b'/')?;
            let length = number(&bytes[start..start + digits])?;
            (length > 10 && (length - 1).to_string().len() == digits)
                .then_some((object, start, length))
        })
        .expect("a stream to break");
    let shorter = (length - 1).to_string();
    bytes[at..at + shorter.len()].copy_from_slice(shorter.as_bytes());
    std::fs::write(pdf, bytes).unwrap();
    object
}

#[test]
fn a_pdf_that_fails_is_a_located_finding_and_blocks_a_final_build_unless_the_plan_says_not() {
    let ws = sample_workspace();
    let out = run(annual_update(ws.path()).args(["build", "-v"]));
    assert!(out.status.success(), "{}", stderr(&out));
    let year_dir = ws.path().join("output/2026");

    // The sample's five PDFs pass, none needed mending, and each verdict names the validator.
    let kept = verdicts(&year_dir);
    assert_eq!(kept.len(), 5, "{kept:?}");
    for (name, verdict) in &kept {
        assert_eq!(verdict["validator"], "page_validation 0.12.2", "{name}");
        assert_eq!(verdict["failures"], serde_json::json!([]), "{name}");
        assert_eq!(verdict["mended"], serde_json::json!([]), "{name}");
    }
    let checked = stderr(&out)
        .matches(": meets PDF/UA-1 and PDF/A-2a (")
        .count();
    assert_eq!(checked, 5, "{}", stderr(&out));

    // A rebuild with nothing changed checks nothing again.
    let before = folder_bytes(&year_dir);
    let out = run(annual_update(ws.path()).args(["build", "-v"]));
    assert!(out.status.success(), "{}", stderr(&out));
    let told = stderr(&out);
    assert!(
        told.contains("all 5 PDFs up to date, Typst not started"),
        "{told}"
    );
    assert!(!told.contains("PDF/UA-1 and PDF/A-2a ("), "{told}");
    assert!(!told.contains(conformance::STAGE), "{told}");
    assert_same_files(
        &folder_bytes(&year_dir),
        &before,
        "a rebuild with nothing changed",
    );

    // A PDF that fails: the next build (which does not compile it again, its sources being as
    // they were) finds it changed, checks it, and says where and what.
    let object = break_a_stream(&year_dir.join("annual-update-2026.pdf"));
    let out = run(annual_update(ws.path()).args(["build"]));
    assert_eq!(out.status.code(), Some(0), "a draft completes");
    let told = stderr(&out);
    let expected = format!(
        "error[pdf-conformance]: annual-update-2026.pdf: does not meet PDF/A-2a, rule ISO 19005-2:2011:6.1.7.1:1: a stream /Length does not match its raw content length (object {object}); likely cause: "
    );
    assert!(told.contains(&expected), "{told}");
    let fix = "  fix: the inputs are not at fault: this is a bug in annual-update or Typst; send this message and the PDF (beside this report) to whoever looks after annual-update; to publish the PDFs as they are meanwhile, add these lines to the end of plan.toml\n    [conformance]\n    blocking = false\n";
    assert!(told.contains(fix), "{told}");
    assert!(
        told.contains("the PDFs, checked against PDF/UA-1 and PDF/A-2a:"),
        "{told}"
    );
    assert!(
        told.contains("built draft (not marked Draft / Drafft: the PDFs that fail PDF/UA-1 or PDF/A-2a were found once made)"),
        "{told}"
    );
    let md = std::fs::read_to_string(year_dir.join("findings.md")).unwrap();
    assert!(md.contains("pdf-conformance"), "{md}");
    assert!(md.contains(&format!("(object {object})")), "{md}");
    let finding = conformance_finding(&year_dir);
    assert_eq!(finding["severity"], "blocking");
    assert_eq!(finding["source"]["file"], "annual-update-2026.pdf");
    assert_eq!(finding["paste"]["file"], "plan.toml");
    assert_eq!(finding["paste"]["toml"], conformance::NOT_BLOCKING);
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(year_dir.join("manifest.json")).unwrap()).unwrap();
    assert_eq!(manifest["build"]["blocking"], 1);
    assert_folder_is_its_manifest(&year_dir);
    let broken = std::fs::read(year_dir.join("annual-update-2026.pdf")).unwrap();

    // --final refuses it: the output stays as it was; the reports and the PDF go beside it.
    let before = folder_bytes(&year_dir);
    let out = run(annual_update(ws.path()).args(["build", "--final"]));
    assert_eq!(out.status.code(), Some(1));
    let told = stderr(&out);
    assert!(told.contains(&expected), "{told}");
    let failed = ws.path().join("output/2026-failed-build");
    assert!(
        told.contains(&format!(
            "final build refused: 1 blocking problem remains (listed above): annual-update-2026.pdf does not meet PDF/UA-1 or PDF/A-2a; no PDFs were published, the output folder is as the last complete build left it, and this run's findings and parity reports are in {}, with that PDF to send with the bug report",
            failed.display()
        )),
        "{told}"
    );
    assert!(
        told.contains(&format!(
            "(every finding, located: {}/findings.md)",
            failed.display()
        )),
        "{told}"
    );
    assert_same_files(&folder_bytes(&year_dir), &before, "a refused final build");
    assert!(std::fs::read(failed.join("annual-update-2026.pdf")).unwrap() == broken);
    let md = std::fs::read_to_string(failed.join("findings.md")).unwrap();
    assert!(md.contains(&format!("(object {object})")), "{md}");

    // Unless plan.toml says a failure does not block: then it is a warning, and published.
    let plan = ws.path().join("inputs/plan.toml");
    let mut text = std::fs::read_to_string(&plan).unwrap();
    text.push_str(conformance::NOT_BLOCKING);
    std::fs::write(&plan, text).unwrap();
    let out = run(annual_update(ws.path()).args(["build", "--final"]));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let told = stderr(&out);
    assert!(told.contains("warning[pdf-conformance]: 1×"), "{told}");
    assert!(told.contains("built final in"), "{told}");
    assert!(!failed.exists());
    let finding = conformance_finding(&year_dir);
    assert_eq!(finding["severity"], "warning");
    assert!(finding.get("paste").is_none());
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(year_dir.join("manifest.json")).unwrap()).unwrap();
    assert_eq!(
        manifest["build"],
        serde_json::json!({"final": true, "blocking": 0})
    );
}

/// `[conformance]` takes `blocking` only, as a boolean: anything else is refused with its place.
#[test]
fn the_plan_key_is_checked() {
    for (lines, expected) in [
        (
            "[conformance]\nblocking = \"no\"\n",
            ":12: invalid type: string \"no\", expected a boolean",
        ),
        (
            "[conformance]\nblock = false\n",
            ":1: unknown field `block`, expected `blocking`",
        ),
    ] {
        let ws = sample_workspace();
        let plan = ws.path().join("inputs/plan.toml");
        let mut text = std::fs::read_to_string(&plan).unwrap();
        // The line after `[conformance]`, wherever the sample's plan ends.
        let line = text.lines().count() + 2;
        text.push_str(lines);
        std::fs::write(&plan, text).unwrap();
        let out = run(annual_update(ws.path()).arg("check"));
        assert_eq!(out.status.code(), Some(1));
        let expected = format!("inputs/plan.toml:{line}{expected}");
        assert!(stderr(&out).contains(&expected), "{}", stderr(&out));
    }
}

/// `doctor` names the validator every PDF is checked with, and its version.
#[test]
fn doctor_names_the_validator() {
    let ws = sample_workspace();
    let out = run(annual_update(ws.path()).arg("doctor"));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let told = String::from_utf8_lossy(&out.stdout);
    assert!(
        told.lines().any(|l| l
            == "PDF validator: page_validation 0.12.2 (linked in; every PDF a build compiles is checked against PDF/UA-1 and PDF/A-2a)"),
        "{told}"
    );
}

/// The `pdf-conformance` finding in `year_dir`'s findings.json.
fn conformance_finding(year_dir: &Path) -> serde_json::Value {
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(year_dir.join("findings.json")).unwrap()).unwrap();
    json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["code"] == "pdf-conformance")
        .expect("in findings.json")
        .clone()
}
