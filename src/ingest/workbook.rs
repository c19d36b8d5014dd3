//! Opening a partner workbook safely: what the bytes are, what their zip unpacks to and what
//! their sheets span are checked before calamine sees them; calamine then runs behind the panic
//! guard, and `.xlsx` sheets are read cell by cell within the cells limit. Every refusal is a
//! finding at the file, or at the sheet and cell that breaks a limit.

use std::borrow::Cow;
use std::io::Cursor;

use calamine::{Cell, Data, Ods, Range, Reader, Sheets, Xls, Xlsx, XlsxError};

use super::{Format, archive, guard, limits, ods, sheet_size, sniff, xls};
use crate::findings::{Code, Finding};
use crate::model::Source;

pub struct Workbook<'b> {
    sheets: Sheets<Cursor<Cow<'b, [u8]>>>,
    file: &'b str,
}

/// Opens `bytes` as the kind of workbook `ext` (lower case) names, or says why it cannot be.
pub fn open<'b>(bytes: &'b [u8], ext: &str, file: &'b str) -> Result<Workbook<'b>, Box<Finding>> {
    if let Some(refused) = sniff::refuse(bytes, Format::Spreadsheet, ext, file) {
        return Err(Box::new(refused));
    }
    // What calamine will read: an `.xls` rebuilt, zips checked. A file a check cannot get
    // through is not given to calamine.
    let checked = guard::catch(|| -> Result<Cow<'b, [u8]>, Box<Finding>> {
        if ext == "xls" {
            return xls::repack(bytes, file).map(Cow::Owned);
        }
        if let Some(unpacked) = archive::too_large(bytes) {
            return Err(Box::new(limits::archive_too_large(file, unpacked)));
        }
        if ext == "ods"
            && let Some(refused) = ods::check(bytes, file)
        {
            return Err(Box::new(refused));
        }
        Ok(Cow::Borrowed(bytes))
    });
    let bytes = match checked {
        Ok(Ok(bytes)) => bytes,
        Ok(Err(refused)) => return Err(refused),
        Err(panic) => return Err(unreadable(file, &failed(&panic))),
    };
    let opened = guard::catch(|| {
        let rs = Cursor::new(bytes);
        Ok::<_, calamine::Error>(match ext {
            "xls" => Sheets::Xls(Xls::new(rs).map_err(calamine::Error::Xls)?),
            "ods" => Sheets::Ods(Ods::new(rs).map_err(calamine::Error::Ods)?),
            _ => Sheets::Xlsx(Xlsx::new(rs).map_err(calamine::Error::Xlsx)?),
        })
    });
    match opened {
        Ok(Ok(sheets)) => Ok(Workbook { sheets, file }),
        Ok(Err(e)) => Err(unreadable(
            file,
            &format!("cannot be read as a spreadsheet ({e})"),
        )),
        Err(panic) => Err(unreadable(file, &failed(&panic))),
    }
}

fn unreadable(file: &str, message: &str) -> Box<Finding> {
    Box::new(
        Finding::blocking(Code::UnreadableFile, message)
            .at(&Source::file(file))
            .fix("open it in Excel or LibreOffice and save it again as .xlsx or .ods"),
    )
}

fn failed(panic: &str) -> String {
    format!("cannot be read as a spreadsheet: the reader stopped on damaged data ({panic})")
}

impl Workbook<'_> {
    pub fn sheet_names(&self) -> Vec<String> {
        self.sheets.sheet_names()
    }

    /// The year the workbook was made for, from its [`super::YEAR_NAME`] name (`2027`, or
    /// `=2027` as some programs keep it), when it has one that is a year.
    pub fn year(&self) -> Option<u16> {
        self.sheets
            .defined_names()
            .iter()
            .find(|(name, _)| name.eq_ignore_ascii_case(super::YEAR_NAME))
            .and_then(|(_, value)| {
                value
                    .trim()
                    .trim_start_matches('=')
                    .trim()
                    .parse::<u16>()
                    .ok()
            })
            .filter(|y| (2000..=2999).contains(y))
    }

    /// A sheet's values, or the finding that says why they cannot be read.
    pub fn values(&mut self, name: &str) -> Result<Range<Data>, Box<Finding>> {
        let read = guard::catch(|| match &mut self.sheets {
            Sheets::Xlsx(xlsx) => {
                let mut cells = match xlsx.worksheet_cells_reader(name) {
                    Ok(cells) => cells,
                    Err(XlsxError::NotAWorksheet(_)) => return Ok(Ok(Range::default())),
                    Err(e) => return Err(calamine::Error::Xlsx(e)),
                };
                let next =
                    || {
                        let cell = cells.next_cell()?;
                        Ok(cell.map(|c| {
                            Cell::new(c.get_position(), Data::from(c.get_value().clone()))
                        }))
                    };
                sheet_size::bounded(name, next, |d| *d == Data::Empty)
                    .map_err(calamine::Error::Xlsx)
            }
            other => other.worksheet_range(name).map(Ok),
        });
        let sheet_error = |message: String| {
            Box::new(Finding::blocking(Code::UnreadableFile, message)
                .at(&Source::file(self.file))
                .fix("open the file and save it again; if the sheet is protected or damaged, copy its cells into a new workbook"))
        };
        match read {
            Ok(Ok(Ok(range))) => Ok(range),
            Ok(Ok(Err(oversized))) => Err(Box::new(oversized.finding(self.file))),
            Ok(Err(e)) => Err(sheet_error(format!(
                "sheet \"{name}\" cannot be read ({e})"
            ))),
            Err(panic) => Err(sheet_error(failed(&panic))),
        }
    }

    /// A sheet's formulas; `None` when they cannot be read.
    pub fn formulas(&mut self, name: &str) -> Option<Range<String>> {
        let read = guard::catch(|| match &mut self.sheets {
            Sheets::Xlsx(xlsx) => {
                let mut cells = xlsx.worksheet_cells_reader(name).ok()?;
                sheet_size::bounded(name, || cells.next_formula(), String::is_empty)
                    .ok()?
                    .ok()
            }
            other => other.worksheet_formula(name).ok(),
        });
        read.ok().flatten()
    }
}
