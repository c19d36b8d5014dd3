//! `.xls` files: the workbook stream is taken out of its OLE compound file by the cfb crate, which
//! refuses sector chains that loop (calamine's own reader follows such a loop until memory runs
//! out), and handed to calamine in a freshly written compound file. Its sheets' spans are checked
//! first, record by record, as calamine reserves and lays out cells from them.

use std::io::{Cursor, Read, Write};

use super::limits::{self, CELLS};
use super::sheet_size::Span;
use crate::findings::{Code, Finding};
use crate::model::Source;

/// The `.xls` in `bytes` rebuilt with only its workbook stream, or the finding that says why not.
pub fn repack(bytes: &[u8], file: &str) -> Result<Vec<u8>, Box<Finding>> {
    let damaged = |e: std::io::Error| {
        Box::new(
            Finding::blocking(
                Code::UnreadableFile,
                format!("the .xls file is damaged and cannot be read ({e})"),
            )
            .at(&Source::file(file))
            .fix("open it in Excel or LibreOffice and save it again as .xlsx or .ods"),
        )
    };
    let mut cfb = cfb::CompoundFile::open(Cursor::new(bytes)).map_err(damaged)?;
    let Some(name) = ["Workbook", "Book"].into_iter().find(|n| cfb.is_stream(n)) else {
        return Err(damaged(std::io::Error::other("it holds no workbook")));
    };
    let mut stream = Vec::new();
    cfb.open_stream(name)
        .and_then(|s| s.take(limits::FILE_BYTES).read_to_end(&mut stream))
        .map_err(damaged)?;
    if let Some(found) = oversized(&stream, file) {
        return Err(Box::new(found));
    }
    // Version 3: calamine refuses a version 4 file whose root holds no mini stream.
    let mut clean =
        cfb::CompoundFile::create_with_version(cfb::Version::V3, Cursor::new(Vec::new()))
            .map_err(damaged)?;
    clean
        .create_stream(name)
        .and_then(|mut s| s.write_all(&stream))
        .and_then(|()| clean.flush())
        .map_err(damaged)?;
    Ok(clean.into_inner().into_inner())
}

/// The finding for the first sheet of a workbook stream that spans more than the limit.
fn oversized(stream: &[u8], file: &str) -> Option<Finding> {
    let globals = records(stream);
    let biff8 = globals
        .clone()
        .next()
        .is_some_and(|(typ, data)| typ == 0x0809 && data.starts_with(&[0x00, 0x06]));
    let sheets = globals
        .take_while(|(typ, _)| *typ != 0x000A)
        .filter(|(typ, data)| *typ == 0x0085 && data.len() >= 6);
    for (n, (_, data)) in sheets.enumerate() {
        let at = u32::from_le_bytes([data[0], data[1], data[2], data[3]]) as usize;
        let sheet = sheet_name(&data[6..], biff8).unwrap_or_else(|| format!("sheet {}", n + 1));
        if let Some(found) = stream
            .get(at..)
            .and_then(|s| sheet_oversized(s, &sheet, file))
        {
            return Some(found);
        }
    }
    None
}

fn u16_at(d: &[u8], i: usize) -> Option<u32> {
    d.get(i..i + 2)
        .map(|b| u32::from(u16::from_le_bytes([b[0], b[1]])))
}

fn u32_at(d: &[u8], i: usize) -> Option<u32> {
    d.get(i..i + 4)
        .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
}

/// One sheet's records, from its BOF to its EOF, skipping embedded substreams as calamine does.
fn sheet_oversized(stream: &[u8], sheet: &str, file: &str) -> Option<Finding> {
    let mut span = Span::default();
    let (mut depth, mut seen_bof) = (0usize, false);
    for (typ, data) in records(stream) {
        match typ {
            0x0809 if seen_bof => depth += 1,
            0x0809 => seen_bof = true,
            0x000A if depth == 0 => break,
            0x000A => depth -= 1,
            _ if depth > 0 => {}
            // DIMENSIONS, read as calamine reads it: it reserves rows × columns for the sheet.
            0x0200 => {
                let (rf, rl, cf, cl) = match data.len() {
                    10 => (
                        u16_at(data, 0)?,
                        u16_at(data, 2)?,
                        u16_at(data, 4)?,
                        u16_at(data, 6)?,
                    ),
                    14 | 16 => (
                        u32_at(data, 0)?,
                        u32_at(data, 4)?,
                        u16_at(data, 8)?,
                        u16_at(data, 10)?,
                    ),
                    _ => continue,
                };
                let cf = if cf > 0xFF || cl < cf { 0 } else { cf };
                let last = if rl >= 1 && cl >= 1 {
                    (rl - 1, cl - 1)
                } else {
                    (rf, cf)
                };
                let rows = u64::from(last.0.wrapping_sub(rf).wrapping_add(1));
                let cols = u64::from(last.1.wrapping_sub(cf).wrapping_add(1));
                let cells = rows.saturating_mul(cols);
                if cells > CELLS {
                    let mut declared = Span::default();
                    declared.add((rf, cf), (rf.max(last.0), cf.max(last.1)));
                    return Some(declared.oversized(sheet, last, cells).finding(file));
                }
            }
            // Cells: Number, Label, RString, BoolErr, RK, LabelSst, Formula, and MulRk's run.
            0x0203 | 0x0204 | 0x00D6 | 0x0205 | 0x027E | 0x00FD | 0x0006 | 0x00BD => {
                let (Some(row), Some(col)) = (u16_at(data, 0), u16_at(data, 2)) else {
                    continue;
                };
                let last = match typ {
                    0x00BD => u16_at(data, data.len().saturating_sub(2))?.max(col),
                    _ => col,
                };
                let cells = span.add((row, col), (row, last));
                if cells > CELLS {
                    return Some(span.oversized(sheet, (row, last), cells).finding(file));
                }
            }
            _ => {}
        }
    }
    None
}

/// BIFF records: (type, data), until the stream ends or a record runs past it.
fn records(mut stream: &[u8]) -> impl Iterator<Item = (u16, &[u8])> + Clone {
    std::iter::from_fn(move || {
        let typ = u16::from_le_bytes([*stream.first()?, *stream.get(1)?]);
        let len = usize::from(u16::from_le_bytes([*stream.get(2)?, *stream.get(3)?]));
        let data = stream.get(4..4 + len)?;
        stream = &stream[4 + len..];
        Some((typ, data))
    })
}

/// A BoundSheet8 record's sheet name (the record after its first six bytes).
fn sheet_name(data: &[u8], biff8: bool) -> Option<String> {
    let len = usize::from(*data.first()?);
    let wide = biff8 && data.get(1)? & 1 == 1;
    let chars = data.get(if biff8 { 2 } else { 1 }..)?;
    let name = if wide {
        let units: Vec<u16> = chars
            .chunks_exact(2)
            .take(len)
            .map(|c| u16::from_le_bytes([c[0], c[1]]))
            .collect();
        String::from_utf16_lossy(&units)
    } else {
        chars.iter().take(len).map(|&b| char::from(b)).collect()
    };
    Some(name.replace('\0', ""))
}
