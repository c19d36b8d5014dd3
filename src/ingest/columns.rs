//! The spreadsheet contract's sheet and column names, in English and Welsh, matched loosely.

/// A column partners may fill, in either sheet.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Column {
    Action,
    Status,
    UpdateEn,
    UpdateCy,
    Team,
    Contact,
    Notes,
    Category,
    CommitmentEn,
    CommitmentCy,
    LeadTeam,
    BackgroundEn,
    BackgroundCy,
}

/// (column, English header, Welsh header, required in `Updates`, required in `New actions`).
pub const COLUMNS: [(Column, &str, &str, bool, bool); 13] = [
    (Column::Action, "Action", "Cam gweithredu", true, true),
    (Column::Status, "Status", "Statws", true, false),
    (
        Column::UpdateEn,
        "Update (English)",
        "Diweddariad (Saesneg)",
        true,
        false,
    ),
    (
        Column::UpdateCy,
        "Update (Welsh)",
        "Diweddariad (Cymraeg)",
        true,
        false,
    ),
    (Column::Team, "Team", "Tîm", false, false),
    (Column::Contact, "Contact", "Cyswllt", false, false),
    (
        Column::Notes,
        "Notes for reviewers",
        "Nodiadau i adolygwyr",
        false,
        false,
    ),
    (Column::Category, "Category", "Categori", false, true),
    (
        Column::CommitmentEn,
        "Commitment (English)",
        "Ymrwymiad (Saesneg)",
        false,
        true,
    ),
    (
        Column::CommitmentCy,
        "Commitment (Welsh)",
        "Ymrwymiad (Cymraeg)",
        false,
        true,
    ),
    (Column::LeadTeam, "Lead team", "Tîm arweiniol", false, true),
    (
        Column::BackgroundEn,
        "Background (English)",
        "Cefndir (Saesneg)",
        false,
        false,
    ),
    (
        Column::BackgroundCy,
        "Background (Welsh)",
        "Cefndir (Cymraeg)",
        false,
        false,
    ),
];

pub const UPDATES_SHEET: (&str, &str) = ("Updates", "Diweddariadau");
pub const NEW_ACTIONS_SHEET: (&str, &str) = ("New actions", "Camau gweithredu newydd");

/// Which sheet a table is: each has its own required columns.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SheetKind {
    Updates,
    NewActions,
}

impl SheetKind {
    pub fn names(self) -> (&'static str, &'static str) {
        match self {
            SheetKind::Updates => UPDATES_SHEET,
            SheetKind::NewActions => NEW_ACTIONS_SHEET,
        }
    }

    pub fn required(self) -> impl Iterator<Item = Column> {
        COLUMNS.iter().filter_map(move |&(c, _, _, upd, new)| {
            let required = match self {
                SheetKind::Updates => upd,
                SheetKind::NewActions => new,
            };
            required.then_some(c)
        })
    }

    /// Columns that belong on this sheet (required or optional).
    pub fn accepts(self, column: Column) -> bool {
        use Column::*;
        match self {
            SheetKind::Updates => matches!(
                column,
                Action | Status | UpdateEn | UpdateCy | Team | Contact | Notes
            ),
            SheetKind::NewActions => matches!(
                column,
                Action
                    | Category
                    | CommitmentEn
                    | CommitmentCy
                    | LeadTeam
                    | BackgroundEn
                    | BackgroundCy
            ),
        }
    }
}

/// The English header, for messages.
pub fn english(column: Column) -> &'static str {
    COLUMNS
        .iter()
        .find(|c| c.0 == column)
        .map(|c| c.1)
        .expect("every column is listed")
}

/// Header text to a column: case, spaces, punctuation and Welsh accents do not matter.
pub fn column(header: &str) -> Option<Column> {
    /// Each column's names, squashed once: this runs for every cell above the header row.
    static SQUASHED: std::sync::LazyLock<Vec<(Column, String, String)>> =
        std::sync::LazyLock::new(|| {
            COLUMNS
                .iter()
                .map(|&(c, en, cy, _, _)| (c, squash(en), squash(cy)))
                .collect()
        });
    let key = squash(header);
    SQUASHED
        .iter()
        .find(|(_, en, cy)| *en == key || *cy == key)
        .map(|c| c.0)
}

/// Whether a sheet name is one of the given pair, matched as loosely as headers.
pub fn is_sheet(name: &str, names: (&str, &str)) -> bool {
    let key = squash(name);
    key == squash(names.0) || key == squash(names.1)
}

/// Lower-case letters and digits only, accents folded: "Tîm  Arweiniol" → "timarweiniol".
pub fn squash(s: &str) -> String {
    s.chars()
        .filter_map(|c| {
            let c = match c {
                'â' | 'á' | 'à' | 'ä' | 'Â' | 'Á' | 'À' | 'Ä' => 'a',
                'ê' | 'é' | 'è' | 'ë' | 'Ê' | 'É' | 'È' | 'Ë' => 'e',
                'î' | 'í' | 'ì' | 'ï' | 'Î' | 'Í' | 'Ì' | 'Ï' => 'i',
                'ô' | 'ó' | 'ò' | 'ö' | 'Ô' | 'Ó' | 'Ò' | 'Ö' => 'o',
                'û' | 'ú' | 'ù' | 'ü' | 'Û' | 'Ú' | 'Ù' | 'Ü' => 'u',
                'ŵ' | 'ẃ' | 'ẁ' | 'ẅ' | 'Ŵ' | 'Ẃ' | 'Ẁ' | 'Ẅ' => 'w',
                'ŷ' | 'ý' | 'ỳ' | 'ÿ' | 'Ŷ' | 'Ý' | 'Ỳ' | 'Ÿ' => 'y',
                c => c,
            };
            c.is_alphanumeric()
                .then(|| c.to_lowercase())
                .map(|mut l| l.next().unwrap_or(c))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_loosely() {
        assert_eq!(column("  UPDATE(english) "), Some(Column::UpdateEn));
        assert_eq!(column("Diweddariad\u{a0}(Cymraeg)"), Some(Column::UpdateCy));
        assert_eq!(column("Tim arweiniol"), Some(Column::LeadTeam));
        assert_eq!(column("notes for  reviewers"), Some(Column::Notes));
        assert_eq!(column("Comments"), None);
        assert!(is_sheet(" diweddariadau", UPDATES_SHEET));
        assert!(is_sheet("NEW ACTIONS", NEW_ACTIONS_SHEET));
    }
}
