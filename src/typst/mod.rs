//! The Typst CLI: found or installed at the pinned version, and run as a careful child process.

mod compile;
mod job;
mod lookup;
mod schedule;
mod toolchain;

/// The one Typst version this tool's templates are written and tested for (see the README for
/// why this one).
pub const PINNED: &str = "0.15.1";

pub use compile::{command, compile, compile_and_record, explain, watch_command};
pub use job::{Hashes, Job, Reason, shared_hash};
pub use lookup::{FoundBy, Place, Typst};
pub use schedule::{Outcome, compile_as_ready};
pub use toolchain::{Lookup, cache_dir, cached_binary, find, font_families, places, probe};
