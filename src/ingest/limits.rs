//! Limits on what one submission may be, so that no file can make ingest run out of memory or
//! time. Each breach is a blocking finding at the file, sheet and cell or line and column that
//! breaks it, saying what to do; the other files are still read. The README lists the numbers.

use crate::findings::{Code, Finding};
use crate::model::Source;

/// The largest file read, workbook or XML, in bytes.
pub const FILE_BYTES: u64 = 20_000_000;
/// The most a workbook's zip parts may unpack to, together, in bytes.
pub const UNPACKED_BYTES: u64 = 200_000_000;
/// The most cells a sheet may span: rows × columns from its first value to its last.
pub const CELLS: u64 = 1_000_000;
/// The longest text one cell or element may hold, in characters.
pub const TEXT_CHARS: usize = 20_000;
/// The deepest nesting of XML elements.
pub const XML_DEPTH: usize = 64;

/// `1234567` → `1,234,567`.
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn megabytes(bytes: u64) -> String {
    format!("{:.1} MB", bytes as f64 / 1e6)
}

pub fn file_too_large(file: &str, bytes: u64) -> Finding {
    Finding::blocking(
        Code::FileTooLarge,
        format!(
            "the file is {}, more than the {} a submission may be; it was not read",
            megabytes(bytes),
            megabytes(FILE_BYTES)
        ),
    )
    .at(&Source::file(file))
    .fix("remove pictures, unused sheets and old rows, or send the updates in two files")
}

pub fn archive_too_large(file: &str, unpacked: u64) -> Finding {
    Finding::blocking(
        Code::ArchiveTooLarge,
        format!(
            "the workbook's parts would unpack to {}, more than the {} a submission may; it was not opened (a file that compresses this much is a zip bomb, or holds far more than updates)",
            megabytes(unpacked),
            megabytes(UNPACKED_BYTES)
        ),
    )
    .at(&Source::file(file))
    .fix("copy the updates into a new, empty workbook and send that")
}

/// A sheet spanning `span` (such as `A1:XFD1048576`) of `cells` cells; `source` is the cell that
/// stretched it past the limit.
pub fn too_many_cells(source: &Source, sheet: &str, span: &str, cells: u64) -> Finding {
    Finding::blocking(
        Code::TooManyCells,
        format!(
            "sheet \"{sheet}\" spans {span}, {} cells, more than the {} a sheet may; it was not read",
            thousands(cells),
            thousands(CELLS)
        ),
    )
    .at(source)
    .fix("delete the rows and columns beyond the updates (a value far from the rest, such as the one in this cell, stretches the sheet), save and send it again")
}

/// Text of `chars` characters in a cell or element; `what` names it (“cell”, “<text> element”)
/// and `unused` what was left out because of it (“this row”).
pub fn text_too_long(source: &Source, what: &str, chars: usize, unused: &str) -> Finding {
    Finding::blocking(
        Code::TextTooLong,
        format!(
            "the {what} holds {} characters, more than the {} one may hold; {unused} was not used",
            thousands(chars as u64),
            thousands(TEXT_CHARS as u64)
        ),
    )
    .at(source)
    .fix("shorten the text: an update is a few paragraphs, and a link can point to anything longer")
}

pub fn xml_too_deep(source: &Source) -> Finding {
    Finding::blocking(
        Code::XmlTooDeep,
        format!(
            "elements are nested more than {XML_DEPTH} deep here; the rest of the file was not read"
        ),
    )
    .at(source)
    .fix("export the file again from the system or tool that made it: a submission nests three levels (<submission>, <update>, <text>) and a translation about six")
}

/// The number of characters in `s` when it is over the limit for one cell or element.
pub fn too_long(s: &str) -> Option<usize> {
    // A character is at least one byte, so short text is never counted.
    if s.len() <= TEXT_CHARS {
        return None;
    }
    let chars = s.chars().count();
    (chars > TEXT_CHARS).then_some(chars)
}

#[cfg(test)]
mod tests {
    #[test]
    fn groups_thousands() {
        assert_eq!(super::thousands(0), "0");
        assert_eq!(super::thousands(999), "999");
        assert_eq!(super::thousands(1_000), "1,000");
        assert_eq!(super::thousands(17_179_869_184), "17,179,869,184");
    }

    #[test]
    fn counts_characters_not_bytes() {
        let welsh = "ŵ".repeat(super::TEXT_CHARS);
        assert_eq!(super::too_long(&welsh), None);
        assert_eq!(
            super::too_long(&format!("{welsh}x")),
            Some(super::TEXT_CHARS + 1)
        );
    }
}
