//! `.ods` content checked before calamine reads it (calamine reads every sheet as it opens the
//! file): each sheet's span, with repeated rows and columns expanded as calamine expands them; the
//! spaces `<text:s text:c="…">` asks for; and that `content.xml` is whole, as calamine's reader
//! waits forever for the end of a table or a note that never comes.

use std::io::{BufReader, Cursor};

use quick_xml::events::{BytesStart, Event};

use super::limits::{self, CELLS, TEXT_CHARS};
use super::sheet_size::Span;
use crate::findings::{Code, Finding, clip};
use crate::model::Source;

/// What calamine allows, and caps repeats at.
const MAX_ROWS: u64 = 1_048_576;
const MAX_COLUMNS: u64 = 16_384;

/// A finding when the content of the `.ods` in `bytes` must not reach calamine. `None` also when
/// there is no `content.xml` to scan: opening the file will say what is wrong.
pub fn check(bytes: &[u8], file: &str) -> Option<Finding> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).ok()?;
    let content = zip.by_name("content.xml").ok()?;
    let mut scan = Scan {
        file,
        sheet: String::new(),
        span: Span::default(),
        rows: 0,
        row: 0,
        row_count: 1,
        col: 0,
        kept: 0,
        row_end: 0,
        cell: (0, 0),
        spaces: 0,
    };
    let mut xml = quick_xml::Reader::from_reader(BufReader::new(content));
    let mut buf = Vec::new();
    // Elements open, and tables among them.
    let (mut depth, mut tables) = (0usize, 0usize);
    loop {
        let event = match xml.read_event_into(&mut buf) {
            Ok(event) => event,
            Err(e) => {
                let message = format!(
                    "content.xml is not well-formed: {}",
                    clip(&e.to_string(), 200)
                );
                return Some(damaged(file, &message));
            }
        };
        let found = match &event {
            Event::Start(e) => {
                depth += 1;
                if e.name().as_ref() == "table:table" {
                    tables += 1;
                }
                scan.element(e, true, tables)
            }
            Event::Empty(e) => scan.element(e, false, tables),
            Event::End(e) => {
                depth = depth.saturating_sub(1);
                match e.name().as_ref() {
                    "table:table" => tables = tables.saturating_sub(1),
                    "table:table-row" => scan.kept += scan.row_end,
                    _ => {}
                }
                None
            }
            Event::Eof if depth > 0 => Some(damaged(
                file,
                "content.xml ends before all its elements are closed: the file is cut short",
            )),
            Event::Eof => return None,
            _ => None,
        };
        if found.is_some() {
            return found;
        }
        buf.clear();
    }
}

fn damaged(file: &str, message: &str) -> Finding {
    Finding::blocking(Code::UnreadableFile, message)
        .at(&Source::file(file))
        .fix("open it in LibreOffice or Excel and save it again as .ods or .xlsx")
}

/// Where the scan is in `content.xml`.
struct Scan<'a> {
    file: &'a str,
    sheet: String,
    span: Span,
    /// Rows so far in this sheet; the current row element's first row and how many it repeats.
    rows: u64,
    row: u64,
    row_count: u64,
    /// The next column in this row, and where its last value ends.
    col: u64,
    row_end: u64,
    /// Cells calamine keeps for the row elements before this one (each up to its last value).
    kept: u64,
    /// The current cell, and the spaces its `<text:s>` elements ask for.
    cell: (u32, u32),
    spaces: u64,
}

impl Scan<'_> {
    /// An element opened (`open`) or empty; `tables` is how many tables are open (with itself).
    fn element(&mut self, e: &BytesStart, open: bool, tables: usize) -> Option<Finding> {
        match e.name().as_ref() {
            "table:table" if open && tables == 1 => {
                self.sheet = attr(e, "table:name").unwrap_or_default();
                (self.span, self.rows, self.kept) = (Span::default(), 0, 0);
            }
            "table:table-row" => {
                let repeat = repeats(e, "table:number-rows-repeated");
                self.row = self.rows;
                self.row_count = repeat.min(MAX_ROWS.saturating_sub(self.rows)).max(1);
                self.rows = self.rows.saturating_add(repeat).min(MAX_ROWS);
                (self.col, self.row_end) = (0, 0);
            }
            "table:table-cell" | "table:covered-table-cell" => {
                let repeat = repeats(e, "table:number-columns-repeated")
                    .min(MAX_COLUMNS.saturating_sub(self.col));
                self.cell = (
                    self.row.min(MAX_ROWS) as u32,
                    self.col.min(MAX_COLUMNS) as u32,
                );
                self.spaces = 0;
                let valued = open
                    || ["office:value-type", "table:formula", "office:value"]
                        .iter()
                        .any(|a| e.try_get_attribute(a).ok().flatten().is_some());
                if valued && repeat > 0 {
                    let last_row = (self.row + self.row_count - 1) as u32;
                    let last_col = (self.col + repeat - 1) as u32;
                    let grid = self.span.add((self.cell.0, 0), (last_row, last_col));
                    self.row_end = self.col + repeat;
                    let cells = grid.max(self.kept + self.row_end);
                    if cells > CELLS {
                        let over = self
                            .span
                            .oversized(&self.sheet, (last_row, last_col), cells);
                        return Some(over.finding(self.file));
                    }
                }
                self.col += repeat;
            }
            "text:s" => {
                self.spaces = self.spaces.saturating_add(repeats(e, "text:c"));
                if self.spaces > TEXT_CHARS as u64 {
                    let source = Source::cell(self.file, &self.sheet, self.cell.0, self.cell.1);
                    let chars = usize::try_from(self.spaces).unwrap_or(usize::MAX);
                    return Some(limits::text_too_long(&source, "cell", chars, "the file"));
                }
            }
            _ => {}
        }
        None
    }
}

fn attr(e: &BytesStart, name: &str) -> Option<String> {
    let a = e.try_get_attribute(name).ok().flatten()?;
    Some(a.value.into_owned())
}

fn repeats(e: &BytesStart, name: &str) -> u64 {
    attr(e, name)
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(1)
}
