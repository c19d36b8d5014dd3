//! The typed values that flow between pipeline stages: the plan, actions, updates and their text.

mod bilingual;
mod dataset;
mod id;
mod lang;
mod narrative;
mod plan;
mod slot;
mod source;
mod status;
mod text;

pub use bilingual::{Bilingual, Sealed, WelshState, fingerprint};
pub use dataset::{Action, Correction, Dataset, Field, Retranslation, SCHEMA_VERSION, Update};
pub use id::{ActionId, IdError};
pub use lang::{Lang, PerLang};
pub use narrative::{Kind as PieceKind, Page, Piece, PieceAt};
pub use plan::{Category, Conformance, EditionMeta, Plan, Publication, Team};
pub use slot::{Slot, TextAt};
pub use source::cell_name;
pub use source::{LineStarts, Position, Source, slashed};
pub use status::{Status, StatusError};
pub use text::{Block, Inline, Text, is_no_break_space};
