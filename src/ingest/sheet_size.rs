//! How many cells a sheet spans, known before calamine lays it out as a grid of rows × columns
//! from its first value to its last: a stray value in XFD1048576, an `.xls` record naming row
//! 65535, or an `.ods` cell repeated across every column of every row would otherwise ask for
//! billions of cells and end the run. `.xlsx` sheets are read here cell by cell into a grid no
//! larger than the limit; `.ods` and `.xls` files, whose sheets calamine reads as it opens them,
//! are scanned first (see `ods.rs` and `xls.rs`) with the same [`Span`].

use calamine::{Cell, CellType, Range};

use super::limits::{self, CELLS};
use crate::findings::Finding;
use crate::model::{Source, cell_name};

/// A sheet spanning more cells than the limit.
#[derive(Debug, PartialEq, Eq)]
pub struct Oversized {
    pub sheet: String,
    /// Zero-based (row, column) of its first and last cells.
    pub first: (u32, u32),
    pub last: (u32, u32),
    /// The value that stretched it past the limit.
    pub at: (u32, u32),
    pub cells: u64,
}

impl Oversized {
    pub fn finding(&self, file: &str) -> Finding {
        let span = format!(
            "{}:{}",
            cell_name(self.first.0, self.first.1),
            cell_name(self.last.0, self.last.1)
        );
        let source = Source::cell(file, &self.sheet, self.at.0, self.at.1);
        limits::too_many_cells(&source, &self.sheet, &span, self.cells)
    }
}

/// The smallest rectangle holding every value seen so far.
#[derive(Default)]
pub struct Span(Option<((u32, u32), (u32, u32))>);

impl Span {
    /// Takes in the cells from `from` to `to`; the number of cells now spanned.
    pub fn add(&mut self, from: (u32, u32), to: (u32, u32)) -> u64 {
        let (first, last) = self.0.get_or_insert((from, to));
        *first = (first.0.min(from.0), first.1.min(from.1));
        *last = (last.0.max(to.0), last.1.max(to.1));
        self.cells()
    }

    fn cells(&self) -> u64 {
        self.0.map_or(0, |(first, last)| {
            (u64::from(last.0 - first.0) + 1) * (u64::from(last.1 - first.1) + 1)
        })
    }

    pub fn oversized(&self, sheet: &str, at: (u32, u32), cells: u64) -> Oversized {
        let (first, last) = self.0.unwrap_or_default();
        Oversized {
            sheet: sheet.to_string(),
            first,
            last,
            at,
            cells,
        }
    }
}

/// Reads a sheet's cells, one by one as `next` gives them, into a grid, unless they span more
/// than the limit. Empty cells are left out, as calamine leaves them out.
pub fn bounded<T: CellType, E>(
    sheet: &str,
    mut next: impl FnMut() -> Result<Option<Cell<T>>, E>,
    is_empty: impl Fn(&T) -> bool,
) -> Result<Result<Range<T>, Oversized>, E> {
    let mut span = Span::default();
    let mut cells = Vec::new();
    while let Some(cell) = next()? {
        if is_empty(cell.get_value()) {
            continue;
        }
        let at = cell.get_position();
        let spanned = span.add(at, at);
        if spanned > CELLS {
            return Ok(Err(span.oversized(sheet, at, spanned)));
        }
        cells.push(cell);
    }
    Ok(Ok(Range::from_sparse(cells)))
}
