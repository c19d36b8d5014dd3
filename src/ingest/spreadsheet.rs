//! Reads partner workbooks (`.xlsx`, `.xlsm`, `.xls`, `.ods`) through calamine, cell by cell.

use std::collections::HashMap;

use calamine::{Data, Range};

use super::columns::{self, Column, SheetKind};
use super::records::{NewActionRecord, Submission, UpdateRecord};
use super::{limits, values, workbook};
use crate::findings::{Code, Finding};
use crate::model::{ActionId, PerLang, Source};
use crate::text;

/// How far down a sheet the header row may be (titles and notes often come first).
const HEADER_SEARCH_ROWS: usize = 20;

/// Reads a workbook's bytes; `ext` (lower case) says which kind it is meant to be.
pub fn read(bytes: &[u8], ext: &str, file: &str) -> Submission {
    let mut sub = Submission::new(file);
    let mut workbook = match workbook::open(bytes, ext, file) {
        Ok(wb) => wb,
        Err(refused) => {
            sub.findings.push(*refused);
            return sub;
        }
    };
    sub.workbook_year = workbook.year();
    let names = workbook.sheet_names();
    let mut found = false;
    for kind in [SheetKind::Updates, SheetKind::NewActions] {
        let Some(name) = names.iter().find(|n| columns::is_sheet(n, kind.names())) else {
            continue;
        };
        found = true;
        match workbook.values(name) {
            Ok(range) => {
                // Formulas tell a blank cell that should hold text from one that is really empty;
                // reading them parses the sheet again, so only when a blank cell asks.
                let mut load = || workbook.formulas(name);
                Sheet {
                    file,
                    name,
                    kind,
                    sub: &mut sub,
                    formulas: Formulas::Unread(&mut load),
                    columns: HashMap::new(),
                }
                .read(&range)
            }
            Err(refused) => sub.findings.push(*refused),
        }
    }
    if !found {
        sub.findings.push(
            Finding::blocking(
                Code::MissingSheet,
                format!("no sheet named \"Updates\" (or \"Diweddariadau\"); the sheets are: {}", names.join(", ")),
            )
            .at(&Source::file(file))
            .fix("rename the sheet holding this year's updates to \"Updates\", or start from `annual-update template`"),
        );
    }
    sub
}

/// One sheet being read into a submission.
struct Sheet<'a> {
    file: &'a str,
    name: &'a str,
    kind: SheetKind,
    sub: &'a mut Submission,
    formulas: Formulas<'a>,
    /// The absolute column of each known column, once the header row is found.
    columns: HashMap<Column, u32>,
}

/// A sheet's formulas, read on first use.
enum Formulas<'a> {
    Unread(&'a mut dyn FnMut() -> Option<Range<String>>),
    Read(Option<Range<String>>),
}

/// The columns whose blank cells are worth asking about: they should hold a value.
const EXPECTED_VALUES: [Column; 3] = [Column::Status, Column::UpdateEn, Column::UpdateCy];

/// A data row: its absolute row index and the cells under each known column.
struct Row<'r> {
    row: u32,
    cells: HashMap<Column, (u32, &'r Data)>,
}

impl Sheet<'_> {
    /// The formula in a cell, if it has one.
    fn formula(&mut self, row: u32, col: u32) -> Option<String> {
        if let Formulas::Unread(load) = &mut self.formulas {
            self.formulas = Formulas::Read(load());
        }
        let Formulas::Read(Some(formulas)) = &self.formulas else {
            return None;
        };
        let f = formulas.get_value((row, col))?;
        (!f.trim().is_empty()).then(|| f.trim_start_matches('=').to_string())
    }

    fn source(&self, row: u32, col: u32) -> Source {
        Source::cell(self.file, self.name, row, col)
    }

    fn read(mut self, range: &Range<Data>) {
        let (row0, col0) = range.start().unwrap_or((0, 0));
        let rows: Vec<(u32, &[Data])> = range
            .rows()
            .enumerate()
            .map(|(i, r)| (row0 + i as u32, r))
            .collect();
        let Some((header_at, header)) = self.header(&rows, col0) else {
            return;
        };
        self.columns = header.iter().map(|(&c, &i)| (c, col0 + i as u32)).collect();
        for &(row, cells) in &rows[header_at + 1..] {
            let mut uncalculated = Vec::new();
            let mut too_long = Vec::new();
            let mut found: HashMap<Column, (u32, &Data)> = HashMap::new();
            for (&column, &i) in &header {
                let col = col0 + i as u32;
                let data = cells.get(i).filter(|d| !is_blank(d));
                if let Some(Data::String(s)) = data
                    && let Some(chars) = limits::too_long(s)
                {
                    too_long.push((col, chars));
                    continue;
                }
                match data {
                    Some(data) => {
                        found.insert(column, (col, data));
                    }
                    None if EXPECTED_VALUES.contains(&column) => {
                        if let Some(formula) = self.formula(row, col) {
                            uncalculated.push((column, col, formula));
                        }
                    }
                    None => {}
                }
            }
            let cells = found;
            if cells.is_empty() && uncalculated.is_empty() && too_long.is_empty() {
                continue; // blank, or a merged row with nothing under our columns
            }
            self.sub.rows += 1;
            // An update not used is still owed: which action it names (written as text), if any.
            let action = match cells.get(&Column::Action) {
                Some((_, Data::String(id))) => ActionId::parse(id).ok(),
                _ => None,
            };
            let (updates, from) = (self.sub.updates.len(), self.sub.findings.len());
            self.row(Row { row, cells }, too_long, uncalculated);
            if self.kind == SheetKind::Updates {
                self.sub.unused_update(updates, from, None, action);
            }
        }
    }

    /// One data row: a finding for each cell too long or without a calculated value, else its
    /// update or new action.
    fn row(
        &mut self,
        row: Row,
        mut too_long: Vec<(u32, usize)>,
        uncalculated: Vec<(Column, u32, String)>,
    ) {
        if !too_long.is_empty() {
            too_long.sort_unstable();
            for (col, chars) in too_long {
                let source = self.source(row.row, col);
                self.sub
                    .findings
                    .push(limits::text_too_long(&source, "cell", chars, "this row"));
            }
            return;
        }
        if !uncalculated.is_empty() {
            for (column, col, formula) in uncalculated {
                self.sub.findings.push(
                    Finding::blocking(
                        Code::FormulaWithoutValue,
                        format!(
                            "the {} cell holds the formula ={formula} but no calculated value",
                            columns::english(column)
                        ),
                    )
                    .at(&self.source(row.row, col))
                    .fix("open the file in Excel or LibreOffice and save it again, or replace the formula with its text"),
                );
            }
            return;
        }
        match self.kind {
            SheetKind::Updates => self.update(&row),
            SheetKind::NewActions => self.new_action(&row),
        }
    }

    /// Finds the header row and maps each known column to its index in the row.
    fn header(
        &mut self,
        rows: &[(u32, &[Data])],
        col0: u32,
    ) -> Option<(usize, HashMap<Column, usize>)> {
        let found =
            rows.iter()
                .enumerate()
                .take(HEADER_SEARCH_ROWS)
                .find_map(|(at, (_, cells))| {
                    let map: HashMap<Column, usize> = cells
                        .iter()
                        .enumerate()
                        .filter_map(|(i, d)| Some((columns::column(&d.to_string())?, i)))
                        .filter(|(c, _)| self.kind.accepts(*c))
                        .collect();
                    (map.contains_key(&Column::Action) && map.len() >= 2).then_some((at, map))
                });
        let expected: Vec<&str> = self.kind.required().map(columns::english).collect();
        let Some((at, map)) = found else {
            self.sub.findings.push(
                Finding::blocking(
                    Code::MissingColumn,
                    format!(
                        "sheet \"{}\" has no header row: none of its first {HEADER_SEARCH_ROWS} rows names the columns {}",
                        self.name,
                        expected.join(", ")
                    ),
                )
                .at(&self.source(rows.first().map_or(0, |r| r.0), col0))
                .fix("put a header row above the data with those column names (English or Welsh)"),
            );
            return None;
        };
        let row = rows[at].0;
        for column in self.kind.required().filter(|c| !map.contains_key(c)) {
            self.sub.findings.push(
                Finding::blocking(
                    Code::MissingColumn,
                    format!(
                        "sheet \"{}\" has no column \"{}\"",
                        self.name,
                        columns::english(column)
                    ),
                )
                .at(&self.source(row, col0))
                .fix(format!(
                    "add a column headed \"{}\" to the header row",
                    columns::english(column)
                )),
            );
        }
        Some((at, map))
    }

    /// The action ID in a row, or a finding saying why there is none.
    fn action_id(&mut self, row: &Row) -> Option<ActionId> {
        let Some(&(col, data)) = row.cells.get(&Column::Action) else {
            self.sub.findings.push(
                Finding::blocking(Code::BadActionId, "this row has text but no action ID")
                    .at(&self.source(row.row, 0))
                    .fix(
                        "type the action ID (such as 2.10) in the Action column, or delete the row",
                    ),
            );
            return None;
        };
        let source = self.source(row.row, col);
        match data {
            Data::Float(f) => {
                self.sub.findings.push(
                    Finding::blocking(
                        Code::NumericActionId,
                        format!(
                            "the action ID is stored as the number {f}, so a trailing zero may have been lost: is it {f} or {f}0?"
                        ),
                    )
                    .at(&source)
                    .fix("format the Action column as Text, then type the ID again (such as 2.10)"),
                );
                None
            }
            Data::Int(i) => {
                self.sub.findings.push(
                    Finding::blocking(
                        Code::NumericActionId,
                        format!("the action ID is stored as the number {i}"),
                    )
                    .at(&source)
                    .fix("format the Action column as Text and type the full ID, such as 2.10"),
                );
                None
            }
            other => values::action_id(&other.to_string(), &source, &mut self.sub.findings),
        }
    }

    /// A text cell: strings as they are, numbers as written; error values are findings.
    fn text(&mut self, row: &Row, column: Column, action: &ActionId) -> Option<String> {
        let &(col, data) = row.cells.get(&column)?;
        match data {
            Data::Error(e) => {
                self.sub.findings.push(
                    Finding::blocking(
                        Code::BadCell,
                        format!("the cell holds the spreadsheet error {e}"),
                    )
                    .at(&self.source(row.row, col))
                    .action(action)
                    .fix("replace the formula's result with the text itself"),
                );
                None
            }
            other => Some(other.to_string()),
        }
    }

    fn texts(
        &mut self,
        row: &Row,
        en: Column,
        cy: Column,
        action: &ActionId,
    ) -> PerLang<Option<crate::model::Text>> {
        PerLang {
            en: self.text(row, en, action).and_then(|t| text::parse(&t)),
            cy: self.text(row, cy, action).and_then(|t| text::parse(&t)),
        }
    }

    /// The cell of `column` in this row, even when it is blank (or the column is missing: then
    /// the row's first cell).
    fn column_source(&self, row: &Row, column: Column) -> Source {
        let col = self.columns.get(&column).copied().unwrap_or(0);
        self.source(row.row, col)
    }

    fn update(&mut self, row: &Row) {
        let Some(action) = self.action_id(row) else {
            return;
        };
        let filled = [Column::Status, Column::UpdateEn, Column::UpdateCy]
            .iter()
            .any(|c| row.cells.contains_key(c));
        if !filled {
            // A pre-filled template row the team left alone: not an error, but never silent.
            self.sub.findings.push(
                Finding::warning(
                    Code::EmptyRow,
                    "the row names the action but has no status and no text; it was skipped",
                )
                .at(&self.column_source(row, Column::Status))
                .action(&action)
                .fix("write this year's status and update, or delete the row"),
            );
            return;
        }
        let status_source = self.column_source(row, Column::Status);
        let written = self.text(row, Column::Status, &action);
        let Some(status) = values::status(
            written.as_deref(),
            &status_source,
            &action,
            &mut self.sub.findings,
        ) else {
            return;
        };
        let text = self.texts(row, Column::UpdateEn, Column::UpdateCy, &action);
        let source = self.column_source(row, Column::Action);
        if text.is_empty() {
            self.sub.findings.push(
                Finding::blocking(
                    Code::MissingText,
                    "the row has a status but no update text in either language",
                )
                .at(&source)
                .action(&action)
                .fix("write this year's update in the Update (English) and Update (Welsh) columns"),
            );
            return;
        }
        let text_source = PerLang {
            en: self.column_source(row, Column::UpdateEn),
            cy: self.column_source(row, Column::UpdateCy),
        };
        let team = self
            .text(row, Column::Team, &action)
            .map(|s| s.trim().to_string());
        let contact = self.text(row, Column::Contact, &action);
        let notes = self.text(row, Column::Notes, &action);
        self.sub.updates.push(UpdateRecord {
            action,
            status,
            text,
            text_source,
            team,
            contact,
            notes,
            source,
        });
    }

    fn new_action(&mut self, row: &Row) {
        let Some(id) = self.action_id(row) else {
            return;
        };
        let source = self.column_source(row, Column::Action);
        let category = match row.cells.get(&Column::Category) {
            Some((_, Data::Float(f))) if f.fract() == 0.0 && *f >= 1.0 => Some(*f as u32),
            Some((_, Data::Int(i))) if *i >= 1 => Some(*i as u32),
            Some((_, Data::String(s))) => leading_number(s),
            _ => None,
        };
        let Some(category) = category else {
            self.sub.findings.push(
                Finding::blocking(
                    Code::UnknownCategory,
                    "the new action has no category number",
                )
                .at(&self.column_source(row, Column::Category))
                .action(&id)
                .fix(format!(
                    "write the number of its category, which is the part of {id} before the dot"
                )),
            );
            return;
        };
        let Some(lead_team) = self
            .text(row, Column::LeadTeam, &id)
            .map(|s| s.trim().to_string())
        else {
            self.sub.findings.push(
                Finding::blocking(Code::UnknownTeam, "the new action has no lead team")
                    .at(&self.column_source(row, Column::LeadTeam))
                    .action(&id)
                    .fix("write the ID of the team that leads it, as listed in plan.toml"),
            );
            return;
        };
        let commitment = self.texts(row, Column::CommitmentEn, Column::CommitmentCy, &id);
        let background = self.texts(row, Column::BackgroundEn, Column::BackgroundCy, &id);
        let at = |en, cy| PerLang {
            en: self.column_source(row, en),
            cy: self.column_source(row, cy),
        };
        let commitment_at = at(Column::CommitmentEn, Column::CommitmentCy);
        let background_at = at(Column::BackgroundEn, Column::BackgroundCy);
        self.sub.new_actions.push(NewActionRecord {
            id,
            category,
            lead_team,
            commitment,
            background,
            commitment_at,
            background_at,
            source,
        });
    }
}

fn is_blank(data: &Data) -> bool {
    match data {
        Data::Empty => true,
        Data::String(s) => s.trim().is_empty(),
        _ => false,
    }
}

/// "2", "2. Collaboration" → 2.
fn leading_number(s: &str) -> Option<u32> {
    let digits: String = s.trim().chars().take_while(char::is_ascii_digit).collect();
    digits.parse().ok().filter(|&n| n >= 1)
}
