//! The row ledger: where every row and element read this year went, so that nothing is dropped
//! without a finding that says why.

use serde::Serialize;

/// Nothing lost: where every row and element read this year went. Each one that is not in the
/// dataset has a finding that says why.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Ledger {
    /// Non-empty rows and elements read from this year's files.
    pub rows: usize,
    /// Rows that ingest could not turn into a record.
    pub unreadable: usize,
    /// Records now in the dataset.
    pub used: usize,
    /// Records identical to one used, merged into it.
    pub merged: usize,
    /// Records not used: unknown actions, conflicts, files for another year.
    pub rejected: usize,
}

impl Ledger {
    /// Every row is accounted for.
    pub fn balances(&self) -> bool {
        self.rows == self.unreadable + self.used + self.merged + self.rejected
    }
}
