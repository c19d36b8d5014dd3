//! What a file's bytes really are, whatever its name says: a PDF, a picture, a CSV or an empty
//! file named `.xlsx` gets a message that says so and how to fix it, not a parser's error.

use super::Format;
use crate::findings::{Code, Finding};
use crate::model::Source;

/// The kinds of content told apart by their first bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Empty,
    /// A zip archive: `.xlsx`, `.xlsm`, `.ods` (or any other zip).
    Zip,
    /// An OLE compound file: `.xls`, or an `.xlsx` encrypted with a password.
    Ole,
    Encrypted,
    Binary(&'static str),
    /// Text without NUL bytes: CSV, HTML, XML, …
    Text,
}

fn kind(bytes: &[u8]) -> Kind {
    const MAGIC: &[(&[u8], &str)] = &[
        (b"%PDF-", "a PDF document"),
        (b"\x89PNG", "a PNG image"),
        (b"\xFF\xD8\xFF", "a JPEG image"),
        (b"GIF8", "a GIF image"),
        (b"\x1F\x8B", "a gzip archive"),
        (b"7z\xBC\xAF", "a 7-Zip archive"),
        (b"Rar!", "a RAR archive"),
        (b"{\\rtf", "an RTF document"),
    ];
    if bytes.is_empty() {
        return Kind::Empty;
    }
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        return Kind::Zip;
    }
    if bytes.starts_with(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1") {
        let encrypted: Vec<u8> = "EncryptedPackage"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        return if bytes.windows(encrypted.len()).any(|w| w == encrypted) {
            Kind::Encrypted
        } else {
            Kind::Ole
        };
    }
    if let Some((_, what)) = MAGIC.iter().find(|(magic, _)| bytes.starts_with(magic)) {
        return Kind::Binary(what);
    }
    let head = &bytes[..bytes.len().min(1024)];
    let utf16 = head.starts_with(b"\xFF\xFE") || head.starts_with(b"\xFE\xFF");
    if head.contains(&0) && !utf16 {
        Kind::Binary("a binary file of an unknown kind")
    } else {
        Kind::Text
    }
}

/// A finding when `bytes` cannot be the `format` their name (extension `ext`) says, else `None`.
pub fn refuse(bytes: &[u8], format: Format, ext: &str, file: &str) -> Option<Finding> {
    let wanted = match format {
        Format::Spreadsheet => "a spreadsheet",
        Format::Xml => "XML",
        Format::Xliff => "XLIFF",
    };
    let (message, fix) = match (kind(bytes), format) {
        (Kind::Empty, _) => (
            "the file is empty (0 bytes)".to_string(),
            "the copy or upload did not finish: send the file again",
        ),
        (Kind::Encrypted, _) => (
            "the workbook is protected with a password, so it cannot be read".to_string(),
            "open it, remove the password (File › Info › Protect Workbook) and save it again",
        ),
        (Kind::Binary(what), _) => (
            format!("this is {what}, not {wanted}"),
            "send the submission itself: a workbook saved as .xlsx or .ods, or the XML export",
        ),
        (Kind::Zip | Kind::Ole, Format::Xml | Format::Xliff) => (
            format!("this is a workbook (a zip or OLE file), not {wanted}"),
            "give the file the extension of the workbook it is (.xlsx, .ods or .xls), or export XML",
        ),
        (Kind::Text, Format::Spreadsheet) => (
            format!("this is a text file (such as CSV or HTML) named .{ext}, not a workbook"),
            "open it in Excel or LibreOffice and save it as a workbook (.xlsx or .ods)",
        ),
        (Kind::Zip, Format::Spreadsheet) if ext == "xls" => (
            "the file is named .xls but holds a newer workbook (.xlsx or .ods)".to_string(),
            "rename it to .xlsx (or .ods if LibreOffice made it)",
        ),
        (Kind::Ole, Format::Spreadsheet) if ext != "xls" => (
            format!("the file is named .{ext} but holds an old Excel workbook (.xls)"),
            "rename it to .xls, or open it and save it as .xlsx",
        ),
        _ => return None,
    };
    Some(
        Finding::blocking(Code::UnreadableFile, message)
            .at(&Source::file(file))
            .fix(fix),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn says(bytes: &[u8], format: Format, ext: &str) -> Option<String> {
        refuse(bytes, format, ext, "f").map(|f| f.message)
    }

    #[test]
    fn tells_what_a_file_really_is() {
        let sheet = Format::Spreadsheet;
        assert_eq!(
            says(b"", sheet, "xlsx").unwrap(),
            "the file is empty (0 bytes)"
        );
        assert!(
            says(b"%PDF-1.7", sheet, "xlsx")
                .unwrap()
                .contains("a PDF document")
        );
        assert!(says(b"a,b\n1,2\n", sheet, "xlsx").unwrap().contains("CSV"));
        assert!(
            says(b"PK\x03\x04", sheet, "xls")
                .unwrap()
                .contains("newer workbook")
        );
        assert!(
            says(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", sheet, "xlsx")
                .unwrap()
                .contains("old Excel")
        );
        assert_eq!(says(b"PK\x03\x04", sheet, "xlsx"), None);
        assert_eq!(
            says(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", sheet, "xls"),
            None
        );
        assert!(
            says(b"PK\x03\x04", Format::Xml, "xml")
                .unwrap()
                .contains("not XML")
        );
        assert_eq!(says(b"<submission/>", Format::Xml, "xml"), None);
        assert_eq!(says(b"\xFF\xFE<\0", Format::Xml, "xml"), None);
    }
}
