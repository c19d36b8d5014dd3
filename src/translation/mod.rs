//! The translation round trip: which texts need Welsh ([`Parity`]), the XLIFF file that hands
//! them to translators ([`export`]), and the returned units filling the dataset's Welsh ([`apply`]).
//! Reading a returned file is ingest's job (`ingest::xliff`): it is one more kind of submission.

mod apply;
pub mod export;
mod parity;

use std::collections::BTreeMap;

pub use apply::apply;
pub use parity::Parity;

use crate::findings::Finding;
use crate::findings::Ledger;
use crate::model::{Source, TextAt};

/// Where applying translations reports: findings, the row ledger, and where each Welsh came from.
pub struct Outcome<'a> {
    pub findings: &'a mut Vec<Finding>,
    pub ledger: &'a mut Ledger,
    pub welsh_at: &'a mut BTreeMap<TextAt, Source>,
    /// The texts whose Welsh is not Welsh (see `crate::language`): missing, for the units to fill.
    pub not_welsh: &'a std::collections::BTreeSet<TextAt>,
    /// The texts whose Welsh a returned unit set, for the language check to judge in its turn.
    pub filled: &'a mut std::collections::BTreeSet<TextAt>,
}
