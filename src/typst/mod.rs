//! The Typst CLI: found or installed at the pinned version, and run as a careful child process.

mod compile;
mod job;
mod schedule;
mod toolchain;

pub use compile::{command, compile, compile_and_record};
pub use job::{Hashes, Job, Reason, shared_hash};
pub use schedule::{Compiled, compile_as_ready};
pub use toolchain::{
    FoundBy, Lookup, PINNED, Typst, cache_dir, cached_binary, find, font_families, on_path, probe,
};
