//! Provenance: where a value came from, down to the sheet and cell or the line and column.

use std::fmt;
use std::path::{Component, Path};

use serde::{Deserialize, Serialize};

/// A place in an input file. `file` is relative to the inputs folder, with `/` separators.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Source {
    pub file: String,
    #[serde(flatten)]
    pub at: Position,
}

#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Position {
    Cell { sheet: String, cell: String },
    Line { line: u32, column: u32 },
    File {},
}

impl Source {
    pub fn file(file: impl Into<String>) -> Source {
        Source {
            file: file.into(),
            at: Position::File {},
        }
    }

    pub fn cell(file: impl Into<String>, sheet: impl Into<String>, row: u32, col: u32) -> Source {
        Source {
            file: file.into(),
            at: Position::Cell {
                sheet: sheet.into(),
                cell: cell_name(row, col),
            },
        }
    }

    pub fn line(file: impl Into<String>, line: u32, column: u32) -> Source {
        Source {
            file: file.into(),
            at: Position::Line { line, column },
        }
    }
}

/// A path as provenance, findings and the manifest write it: its parts joined by `/` on every
/// platform (`submissions\2026\cyber.xlsx` on Windows is `submissions/2026/cyber.xlsx`), so that
/// the same inputs give the same findings and manifest everywhere. The path is read the
/// platform's way: on Unix a `\` is part of a name. A Windows drive or share stays at the front,
/// `/`-separated too (`C:/Users/…`, `//server/share/…`).
pub fn slashed(path: &Path) -> String {
    let mut out = String::new();
    // Whether the next name needs a `/` before it.
    let mut separate = false;
    for part in path.components() {
        match part {
            Component::Prefix(prefix) => {
                out.push_str(&prefix.as_os_str().to_string_lossy().replace('\\', "/"));
                separate = false;
            }
            Component::RootDir => {
                out.push('/');
                separate = false;
            }
            name => {
                if separate {
                    out.push('/');
                }
                out.push_str(&name.as_os_str().to_string_lossy());
                separate = true;
            }
        }
    }
    out
}

/// `(0, 2)` → `C1`: zero-based row and column to a spreadsheet cell name.
pub fn cell_name(row: u32, col: u32) -> String {
    let mut letters = Vec::new();
    let mut n = col + 1;
    while n > 0 {
        let rem = (n - 1) % 26;
        letters.push(b'A' + rem as u8);
        n = (n - 1) / 26;
    }
    letters.reverse();
    format!("{}{}", String::from_utf8(letters).expect("ASCII"), row + 1)
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.at {
            Position::Cell { sheet, cell } => write!(f, "{} › {} › {}", self.file, sheet, cell),
            Position::Line { line, column } => write!(f, "{}:{}:{}", self.file, line, column),
            Position::File {} => f.write_str(&self.file),
        }
    }
}

/// Where each line of a text starts: the one place a byte offset becomes a 1-based line and a
/// column counted in characters (what an editor shows), for every reader that has offsets.
#[derive(Clone, Debug, Default)]
pub struct LineStarts(Vec<usize>);

impl LineStarts {
    pub fn of(text: &str) -> LineStarts {
        LineStarts(
            std::iter::once(0)
                .chain(text.match_indices('\n').map(|(i, _)| i + 1))
                .collect(),
        )
    }

    /// The line and column of a byte offset into `text`, the text these starts were taken from.
    pub fn line_column(&self, text: &str, offset: usize) -> (u32, u32) {
        let offset = offset.min(text.len());
        let line = self.0.partition_point(|&start| start <= offset).max(1);
        let start = self.0.get(line - 1).copied().unwrap_or(0);
        let column = text.get(start..offset).map_or(1, |s| s.chars().count() + 1);
        (line as u32, column as u32)
    }

    /// A byte offset into `text` as a place in `file`.
    pub fn source(&self, text: &str, file: &str, offset: usize) -> Source {
        let (line, column) = self.line_column(text, offset);
        Source::line(file, line, column)
    }
}

#[cfg(test)]
mod tests {
    use super::LineStarts;

    #[test]
    fn offsets_become_lines_and_columns_in_characters() {
        let text = "ab\nŵŷ x\r\nz";
        let lines = LineStarts::of(text);
        assert_eq!(lines.line_column(text, 0), (1, 1));
        assert_eq!(lines.line_column(text, 3), (2, 1));
        // "ŵŷ " is 5 bytes and 3 characters.
        assert_eq!(lines.line_column(text, 8), (2, 4));
        assert_eq!(lines.line_column(text, text.len() - 1), (3, 1));
        assert_eq!(lines.line_column(text, 999), (3, 2));
        // An offset inside a character counts the characters before it.
        assert_eq!(lines.line_column(text, 4), (2, 1));
    }

    use super::*;

    #[test]
    fn names_cells() {
        assert_eq!(cell_name(0, 0), "A1");
        assert_eq!(cell_name(6, 2), "C7");
        assert_eq!(cell_name(0, 25), "Z1");
        assert_eq!(cell_name(0, 26), "AA1");
        assert_eq!(cell_name(9, 701), "ZZ10");
        let s = Source::cell("cyber.xlsx", "Updates", 6, 2);
        assert_eq!(s.to_string(), "cyber.xlsx › Updates › C7");
        assert_eq!(
            Source::line("cyber.xml", 12, 5).to_string(),
            "cyber.xml:12:5"
        );
    }

    #[test]
    fn paths_are_written_with_slashes() {
        for (path, written) in [
            ("submissions/2026/cyber.xlsx", "submissions/2026/cyber.xlsx"),
            ("./inputs//submissions/./2026/", "./inputs/submissions/2026"),
            ("/srv/plan/inputs/plan.toml", "/srv/plan/inputs/plan.toml"),
            ("../elsewhere/team.xml", "../elsewhere/team.xml"),
        ] {
            assert_eq!(slashed(Path::new(path)), written, "{path}");
        }
    }

    /// Run in the Windows build's own tests (under Wine on Linux: see the README).
    #[cfg(windows)]
    #[test]
    fn windows_paths_are_written_with_slashes() {
        for (path, written) in [
            (
                r"submissions\2026\cyber.xlsx",
                "submissions/2026/cyber.xlsx",
            ),
            (r"submissions/2026\mixed.xml", "submissions/2026/mixed.xml"),
            (
                r"C:\Users\Policy Team\inputs\plan.toml",
                "C:/Users/Policy Team/inputs/plan.toml",
            ),
            (r"C:relative\team.xml", "C:relative/team.xml"),
            (
                r"\\server\share\inputs\plan.toml",
                "//server/share/inputs/plan.toml",
            ),
        ] {
            assert_eq!(slashed(Path::new(path)), written, "{path}");
        }
        // As `Inputs::name` names a submission: relative to the inputs folder.
        let file = Path::new(r"C:\Users\me\inputs\submissions\2026\team.xml");
        let rel = file.strip_prefix(r"C:\Users\me\inputs").unwrap();
        assert_eq!(slashed(rel), "submissions/2026/team.xml");
    }

    #[test]
    fn round_trips_through_json() {
        for s in [
            Source::cell("a.xlsx", "Updates", 1, 1),
            Source::line("a.xml", 3, 4),
            Source::file("a.ods"),
        ] {
            let json = serde_json::to_string(&s).unwrap();
            assert_eq!(serde_json::from_str::<Source>(&json).unwrap(), s, "{json}");
        }
    }
}
