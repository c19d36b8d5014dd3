//! What every fuzz target checks of a submission, and workbooks built around fuzzed XML, shared by
//! the targets in `fuzz_targets/`.

use std::io::Write;

use annual_update::findings::Code;
use annual_update::ingest::Submission;
use zip::write::SimpleFileOptions;

/// The longest message a finding may carry: a message quotes at most a little of the input.
const MESSAGE_CHARS: usize = 1_000;

/// Whatever the input, nothing panics (not even behind the per-file guard), a submission's
/// findings are located in the file, explained and fixable, and no record appears without a row
/// read.
pub fn check(sub: &Submission, file: &str) {
    for f in &sub.findings {
        // Ingest turns a panic on a file into this finding, so that a run goes on; here it is the
        // bug the fuzzer is looking for.
        assert_ne!(f.code, Code::InternalError, "a panic while reading: {f}");
        let source = f
            .source
            .as_ref()
            .unwrap_or_else(|| panic!("unlocated: {f}"));
        assert_eq!(source.file, file, "{f}");
        assert!(!f.fix.is_empty(), "no fix: {f}");
        assert!(!f.message.is_empty(), "no message: {f}");
        assert!(
            f.message.chars().count() <= MESSAGE_CHARS,
            "a message of {} characters: {}…",
            f.message.chars().count(),
            f.message.chars().take(200).collect::<String>()
        );
    }
    assert!(
        sub.rows >= sub.records(),
        "{} records from {} rows",
        sub.records(),
        sub.rows
    );
}

/// An `.xlsx` whose only sheet, `Updates`, is `sheet`.
pub fn xlsx_with_sheet(sheet: &[u8]) -> Vec<u8> {
    pack(&[
        ("[Content_Types].xml", CONTENT_TYPES.as_bytes()),
        ("_rels/.rels", RELS.as_bytes()),
        ("xl/workbook.xml", WORKBOOK.as_bytes()),
        ("xl/_rels/workbook.xml.rels", WORKBOOK_RELS.as_bytes()),
        ("xl/worksheets/sheet1.xml", sheet),
    ])
}

/// An `.ods` whose `content.xml` is `content`.
pub fn ods_with_content(content: &[u8]) -> Vec<u8> {
    pack(&[
        (
            "mimetype",
            b"application/vnd.oasis.opendocument.spreadsheet",
        ),
        ("META-INF/manifest.xml", MANIFEST.as_bytes()),
        ("content.xml", content),
    ])
}

fn pack(parts: &[(&str, &[u8])]) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let stored = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for (name, bytes) in parts {
        zip.start_file(*name, stored).expect("in memory");
        zip.write_all(bytes).expect("in memory");
    }
    zip.finish().expect("in memory").into_inner()
}

const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"#;
const RELS: &str = r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#;
const WORKBOOK: &str = r#"<workbook xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheets><sheet name="Updates" sheetId="1" r:id="rId1"/></sheets></workbook>"#;
const WORKBOOK_RELS: &str = r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="/xl/worksheets/sheet1.xml" Id="rId1"/></Relationships>"#;
const MANIFEST: &str = r#"<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#;
