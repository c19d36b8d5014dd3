//! The one defect Typst 0.15.1's PDFs have by chance: a stream is written as `stream` LF, its
//! data, LF, `endstream`, and /Length counts the data. When the data (Flate-compressed, so any
//! byte) happens to end in CR (0x0D), a reader sees that CR and the LF as one CR LF end-of-line
//! marker, takes the data to end one byte earlier, and finds /Length one byte too long: PDF/A-2
//! clause 6.1.7.1 fails (veraPDF and `page_validation` both say so). About one stream in 256 ends
//! so, so a long document nearly always has one.
//!
//! [`mend`] gives each such stream a CR LF marker before `endstream` (its data, dictionary and
//! /Length untouched: the data now ends where /Length says, whichever way the marker is read), and
//! moves the cross-reference table's offsets and `startxref` by the bytes inserted before them.
//! Nothing else changes, and the result depends on the bytes alone, so the same PDF always
//! gives the same mended PDF. The file is read through its own cross-reference table: a PDF
//! this does not fully understand (a cross-reference stream, an incremental update, a
//! linearized file, an object that is not where the table says) is left as it is, and the
//! validation that follows reports what it finds.
//!
//! Why bytes and not a PDF library: lopdf (which the tests use to read the tag trees) reads a
//! stream's position but does not expose it, and writing a file back with it re-serialises every
//! object with its own spacing, with the same single LF before `endstream`; recompressing a stream
//! instead would tie the bytes to one compressor's version. One inserted byte per stream is the
//! smallest change, and the property tests in `tests/suite/conformance.rs` check it on arbitrary
//! streams as well as on real Typst output.

use std::ops::Range;

/// What [`scan`] found in a PDF.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Scan {
    /// Streams read through the cross-reference table.
    pub streams: usize,
    /// Each stream whose data ends in CR right before a lone LF and `endstream` (see the module's
    /// documentation): its object number, and where a CR goes to make the marker CR LF.
    pub ambiguous: Vec<(u32, usize)>,
    /// Each stream a validator reads as ending elsewhere than its /Length says, the ambiguous ones
    /// among them: their object numbers.
    pub mismatched: Vec<u32>,
    /// Whether the file's layout was understood: if not, nothing was looked at.
    pub understood: bool,
}

/// A PDF with each ambiguous stream given a CR LF marker, and the objects that were mended; `None`
/// when there is nothing to mend (or the file is not understood, see [`Scan::understood`]).
pub fn mend(pdf: &[u8]) -> Option<(Vec<u8>, Vec<u32>)> {
    let layout = Layout::read(pdf)?;
    let found = layout.ambiguous(pdf);
    if found.is_empty() {
        return None;
    }
    let inserts: Vec<usize> = found.iter().map(|&(_, at)| at).collect();
    let shift = |pos: usize| pos + inserts.partition_point(|&at| at <= pos);
    let mut out = Vec::with_capacity(pdf.len() + inserts.len() + 2);
    let mut from = 0;
    for &at in &inserts {
        out.extend_from_slice(&pdf[from..at]);
        out.push(b'\r');
        from = at;
    }
    out.extend_from_slice(&pdf[from..layout.startxref.start]);
    out.extend_from_slice(shift(layout.xref).to_string().as_bytes());
    out.extend_from_slice(&pdf[layout.startxref.end..]);
    for entry in &layout.entries {
        let field = shift(entry.field);
        let offset = format!("{:010}", shift(entry.offset));
        if offset.len() != 10 {
            return None;
        }
        out[field..field + 10].copy_from_slice(offset.as_bytes());
    }
    Some((out, found.into_iter().map(|(object, _)| object).collect()))
}

/// The streams of a PDF, and which of them end ambiguously (see [`Scan`]).
pub fn scan(pdf: &[u8]) -> Scan {
    match Layout::read(pdf) {
        Some(layout) => {
            let mut scan = Scan {
                understood: true,
                ..Scan::default()
            };
            for (number, reading) in layout.readings(pdf) {
                scan.streams += 1;
                match reading {
                    Reading::Clear => {}
                    Reading::Ambiguous(at) => {
                        scan.ambiguous.push((number, at));
                        scan.mismatched.push(number);
                    }
                    Reading::Mismatched => scan.mismatched.push(number),
                }
            }
            scan.mismatched.sort_unstable();
            scan
        }
        None => Scan::default(),
    }
}

/// A classic cross-reference table and the trailer's `startxref`.
struct Layout {
    /// Where `xref` starts.
    xref: usize,
    /// The digits after `startxref`.
    startxref: Range<usize>,
    /// The objects in use, by offset.
    entries: Vec<Entry>,
    /// Each object's place in `entries`, by its number.
    by_number: std::collections::HashMap<u32, usize>,
}

/// An object in use, as the table gives it.
struct Entry {
    number: u32,
    /// Where the object starts.
    offset: usize,
    /// Where its 10-digit offset is written in the table.
    field: usize,
    /// Where the next object (or the table) starts: the object ends before it.
    end: usize,
}

impl Layout {
    fn read(pdf: &[u8]) -> Option<Layout> {
        let tail_from = pdf.len().saturating_sub(1024);
        let keyword = tail_from + rfind(&pdf[tail_from..], b"startxref")?;
        let digits_at = skip_space(pdf, keyword + b"startxref".len());
        let digits_end = digits_at
            + pdf[digits_at..]
                .iter()
                .take_while(|b| b.is_ascii_digit())
                .count();
        let xref: usize = std::str::from_utf8(&pdf[digits_at..digits_end])
            .ok()?
            .parse()
            .ok()?;
        if !pdf.get(xref..)?.starts_with(b"xref")
            || pdf
                .get(..1024)
                .is_some_and(|head| find(head, b"/Linearized").is_some())
        {
            return None;
        }
        let mut at = skip_space(pdf, xref + 4);
        let mut entries = Vec::new();
        while !pdf.get(at..)?.starts_with(b"trailer") {
            let (first, next) = integer(pdf, at)?;
            let (count, next) = integer(pdf, skip_space(pdf, next))?;
            at = skip_space(pdf, next);
            for i in 0..count {
                let line = pdf.get(at..at + 20)?;
                if line[10] != b' ' || line[16] != b' ' {
                    return None;
                }
                if line[17] == b'n' {
                    let offset = std::str::from_utf8(&line[..10]).ok()?.parse().ok()?;
                    let number = u32::try_from(first.checked_add(i)?).ok()?;
                    entries.push(Entry {
                        number,
                        offset,
                        field: at,
                        end: 0,
                    });
                } else if line[17] != b'f' {
                    return None;
                }
                at += 20;
            }
            at = skip_space(pdf, at);
        }
        let trailer = pdf.get(at..keyword)?;
        if find(trailer, b"/Prev").is_some() || find(trailer, b"/XRefStm").is_some() {
            return None;
        }
        entries.sort_by_key(|e| e.offset);
        let ends: Vec<usize> = entries
            .iter()
            .skip(1)
            .map(|e| e.offset)
            .chain([xref])
            .collect();
        for (entry, end) in entries.iter_mut().zip(ends) {
            if end < entry.offset || end > xref {
                return None;
            }
            entry.end = end;
        }
        let by_number = entries
            .iter()
            .enumerate()
            .map(|(i, e)| (e.number, i))
            .collect();
        Some(Layout {
            xref,
            startxref: digits_at..digits_end,
            entries,
            by_number,
        })
    }

    /// Each stream whose data ends in CR before a lone LF and `endstream`: its object and where
    /// the CR that makes the marker CR LF goes.
    fn ambiguous(&self, pdf: &[u8]) -> Vec<(u32, usize)> {
        self.readings(pdf)
            .filter_map(|(number, reading)| match reading {
                Reading::Ambiguous(at) => Some((number, at)),
                _ => None,
            })
            .collect()
    }

    /// How a validator reads each stream's end.
    fn readings<'a>(&'a self, pdf: &'a [u8]) -> impl Iterator<Item = (u32, Reading)> + 'a {
        self.entries.iter().filter_map(|entry| {
            let length = entry.stream(pdf)?;
            let Some(data) = self.data(pdf, entry, length) else {
                return Some((entry.number, Reading::Mismatched));
            };
            let tail = &pdf[data.end..entry.end];
            let ends_in_cr = !data.is_empty() && pdf[data.end - 1] == b'\r';
            let reading = if tail.starts_with(b"\nendstream") {
                if ends_in_cr {
                    Reading::Ambiguous(data.end)
                } else {
                    Reading::Clear
                }
            } else if tail.starts_with(b"\r\nendstream") || tail.starts_with(b"\rendstream") {
                Reading::Clear
            } else {
                Reading::Mismatched
            };
            Some((entry.number, reading))
        })
    }

    /// Where a stream's data is, given its /Length value.
    fn data(&self, pdf: &[u8], entry: &Entry, length: Length) -> Option<Range<usize>> {
        let (start, length) = match length {
            Length::Direct(start, n) => (start, n),
            Length::Indirect(start, object) => {
                let target = &self.entries[*self.by_number.get(&object)?];
                let at = object_body(pdf, target.offset)?;
                let (n, _) = integer(pdf, at)?;
                (start, n)
            }
        };
        let end = start.checked_add(usize::try_from(length).ok()?)?;
        (end <= entry.end).then_some(start..end)
    }
}

/// How a validator reads where a stream's data ends, against its /Length.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Reading {
    /// Where /Length says, before an end-of-line marker and `endstream`.
    Clear,
    /// One byte before: the data ends in CR, read with the LF after it as CR LF. A CR inserted
    /// at this offset makes it clear.
    Ambiguous(usize),
    /// Anywhere else: /Length is wrong, or `endstream` is missing or not after a marker.
    Mismatched,
}

/// A stream's data start and its /Length: a number, or the object that holds it.
#[derive(Clone, Copy)]
enum Length {
    Direct(usize, u64),
    Indirect(usize, u32),
}

impl Entry {
    /// The stream's data start and /Length, if this object is a stream with one.
    fn stream(&self, pdf: &[u8]) -> Option<Length> {
        let pdf = pdf.get(..self.end)?;
        let at = object_body(pdf, self.offset)?;
        let (end, length) = dictionary(pdf, at)?;
        let at = skip_space(pdf, end);
        let rest = pdf.get(at..)?;
        let eol = if rest.starts_with(b"stream\r\n") {
            2
        } else if rest.starts_with(b"stream\n") {
            1
        } else {
            return None;
        };
        let start = at + b"stream".len() + eol;
        match length? {
            Value::Int(n) => Some(Length::Direct(start, n)),
            Value::Ref(object) => Some(Length::Indirect(start, object)),
            Value::Other => None,
        }
    }
}

/// Where an object's value starts: after `N G obj` at `offset`.
fn object_body(pdf: &[u8], offset: usize) -> Option<usize> {
    let (_, at) = integer(pdf, offset)?;
    let (_, at) = integer(pdf, skip_space(pdf, at))?;
    let at = skip_space(pdf, at);
    pdf.get(at..)?
        .starts_with(b"obj")
        .then(|| skip_space(pdf, at + 3))
}

/// A value the dictionary reader keeps: /Length's.
#[derive(Clone, Copy)]
enum Value {
    Int(u64),
    Ref(u32),
    Other,
}

/// How deep arrays and dictionaries may nest before the file is taken as not understood.
const MAX_DEPTH: usize = 32;

/// Reads the dictionary at `at`: where it ends, and its /Length if it has one.
fn dictionary(pdf: &[u8], at: usize) -> Option<(usize, Option<Value>)> {
    if !pdf.get(at..)?.starts_with(b"<<") {
        return None;
    }
    let mut at = at + 2;
    let mut length = None;
    loop {
        at = skip_space(pdf, at);
        if pdf.get(at..)?.starts_with(b">>") {
            return Some((at + 2, length));
        }
        if *pdf.get(at)? != b'/' {
            return None;
        }
        let key_end = name_end(pdf, at + 1);
        let key = &pdf[at + 1..key_end];
        let (end, value) = value(pdf, skip_space(pdf, key_end), 1)?;
        if key == b"Length" {
            length = Some(value);
        }
        at = end;
    }
}

/// Reads one value at `at` (a reference `N G R` counts as one): where it ends, and what it is.
fn value(pdf: &[u8], at: usize, depth: usize) -> Option<(usize, Value)> {
    if depth > MAX_DEPTH {
        return None;
    }
    let first = *pdf.get(at)?;
    match first {
        b'<' if pdf.get(at + 1) == Some(&b'<') => {
            let mut at = at + 2;
            loop {
                at = skip_space(pdf, at);
                if pdf.get(at..)?.starts_with(b">>") {
                    return Some((at + 2, Value::Other));
                }
                (at, _) = value(pdf, at, depth + 1)?;
            }
        }
        b'[' => {
            let mut at = at + 1;
            loop {
                at = skip_space(pdf, at);
                if *pdf.get(at)? == b']' {
                    return Some((at + 1, Value::Other));
                }
                (at, _) = value(pdf, at, depth + 1)?;
            }
        }
        b'(' => Some((literal_string_end(pdf, at + 1)?, Value::Other)),
        b'<' => Some((
            at + 1 + pdf.get(at + 1..)?.iter().position(|&b| b == b'>')? + 1,
            Value::Other,
        )),
        b'/' => Some((name_end(pdf, at + 1), Value::Other)),
        b')' | b'>' | b']' | b'{' | b'}' => None,
        _ => {
            let end = name_end(pdf, at);
            if end == at {
                return None;
            }
            let word = &pdf[at..end];
            let Some(n) = std::str::from_utf8(word)
                .ok()
                .and_then(|w| w.parse::<u64>().ok())
            else {
                return Some((end, Value::Other));
            };
            // `N G R`: a reference.
            let generation = skip_space(pdf, end);
            if let Some((_, after)) = integer(pdf, generation) {
                let r = skip_space(pdf, after);
                if pdf.get(r) == Some(&b'R') && is_delimiter_or_end(pdf, r + 1) {
                    return Some((r + 1, u32::try_from(n).map_or(Value::Other, Value::Ref)));
                }
            }
            Some((end, Value::Int(n)))
        }
    }
}

/// Where a literal string that started before `at` ends (after its closing parenthesis).
fn literal_string_end(pdf: &[u8], mut at: usize) -> Option<usize> {
    let mut depth = 1usize;
    while depth > 0 {
        match *pdf.get(at)? {
            b'\\' => at += 1,
            b'(' => depth += 1,
            b')' => depth -= 1,
            _ => {}
        }
        at += 1;
    }
    Some(at)
}

/// An unsigned integer at `at`: its value and where it ends.
fn integer(pdf: &[u8], at: usize) -> Option<(u64, usize)> {
    let digits = pdf
        .get(at..)?
        .iter()
        .take_while(|b| b.is_ascii_digit())
        .count();
    if digits == 0 || digits > 19 {
        return None;
    }
    let n = std::str::from_utf8(&pdf[at..at + digits])
        .ok()?
        .parse()
        .ok()?;
    Some((n, at + digits))
}

/// Where a name or other regular-character token starting at `at` ends.
fn name_end(pdf: &[u8], at: usize) -> usize {
    at + pdf
        .get(at..)
        .unwrap_or_default()
        .iter()
        .take_while(|&&b| !is_space(b) && !is_delimiter(b))
        .count()
}

fn is_delimiter_or_end(pdf: &[u8], at: usize) -> bool {
    pdf.get(at).is_none_or(|&b| is_space(b) || is_delimiter(b))
}

fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\r' | b'\n' | b'\x0c' | b'\0')
}

fn is_delimiter(b: u8) -> bool {
    matches!(
        b,
        b'(' | b')' | b'<' | b'>' | b'[' | b']' | b'{' | b'}' | b'/' | b'%'
    )
}

/// `at` moved past white space and comments.
fn skip_space(pdf: &[u8], mut at: usize) -> usize {
    while let Some(&b) = pdf.get(at) {
        if is_space(b) {
            at += 1;
        } else if b == b'%' {
            at += pdf[at..]
                .iter()
                .take_while(|&&b| b != b'\r' && b != b'\n')
                .count();
        } else {
            break;
        }
    }
    at
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    memchr::memmem::find(haystack, needle)
}

fn rfind(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    memchr::memmem::rfind(haystack, needle)
}

#[cfg(test)]
mod tests {
    use super::{mend, scan};

    /// A PDF as Typst lays one out: objects, a classic table, the trailer.
    pub(crate) fn pdf(streams: &[&[u8]]) -> Vec<u8> {
        let mut out = b"%PDF-1.7\n%\x80\x80\x80\x80\n\n".to_vec();
        let mut offsets = Vec::new();
        for (i, data) in streams.iter().enumerate() {
            offsets.push(out.len());
            out.extend_from_slice(
                format!(
                    "{} 0 obj\n<</Length {}/Filter/FlateDecode>>\nstream\n",
                    i + 1,
                    data.len()
                )
                .as_bytes(),
            );
            out.extend_from_slice(data);
            out.extend_from_slice(b"\nendstream\nendobj\n");
        }
        offsets.push(out.len());
        let n = streams.len() + 1;
        out.extend_from_slice(format!("{n} 0 obj\n<</Type/Catalog>>\nendobj\n").as_bytes());
        let xref = out.len();
        out.extend_from_slice(format!("xref\n0 {}\n0000000000 65535 f\r\n", n + 1).as_bytes());
        for o in offsets {
            out.extend_from_slice(format!("{o:010} 00000 n\r\n").as_bytes());
        }
        out.extend_from_slice(
            format!(
                "trailer\n<</Size {}/Root {n} 0 R>>\nstartxref\n{xref}\n%%EOF",
                n + 1
            )
            .as_bytes(),
        );
        out
    }

    #[test]
    fn a_stream_ending_in_cr_gets_a_cr_lf_marker_and_the_table_follows() {
        let before = pdf(&[b"abc", b"de\r", b"f\r\r"]);
        let found = scan(&before);
        assert!(found.understood);
        assert_eq!(found.streams, 3);
        assert_eq!(
            found.ambiguous.iter().map(|a| a.0).collect::<Vec<_>>(),
            [2, 3]
        );
        let (after, mended) = mend(&before).expect("two to mend");
        assert_eq!(mended, [2, 3]);
        assert_eq!(after.len(), before.len() + 2);
        let text = String::from_utf8_lossy(&after);
        assert!(text.contains("de\r\r\nendstream"), "{text}");
        assert!(text.contains("f\r\r\r\nendstream"), "{text}");
        // Every offset in the table names its object, and startxref the table.
        let again = scan(&after);
        assert!(again.understood && again.ambiguous.is_empty());
        assert_eq!(again.streams, 3);
        let layout = super::Layout::read(&after).expect("still understood");
        for entry in &layout.entries {
            let at = format!("{} 0 obj", entry.number);
            assert!(after[entry.offset..].starts_with(at.as_bytes()), "{at}");
        }
        assert!(after[layout.xref..].starts_with(b"xref"));
        assert!(mend(&after).is_none());
    }

    #[test]
    fn what_is_not_understood_is_left_alone() {
        assert_eq!(scan(b""), Default::default());
        assert!(mend(b"%PDF-1.7\nstartxref\n99999\n%%EOF").is_none());
        let mut incremental = pdf(&[b"x\r"]);
        let at = incremental
            .windows(7)
            .position(|w| w == b"trailer")
            .unwrap();
        incremental.splice(at + 10..at + 10, b"/Prev 10".iter().copied());
        assert!(mend(&incremental).is_none());
    }
}
