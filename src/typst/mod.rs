//! The Typst CLI: found or installed at the pinned version, and run as a careful child process.

mod compile;
mod fingerprint;
mod schedule;
mod toolchain;

pub use compile::{Job, compile, compile_and_record};
pub use fingerprint::{Hashes, Reason, shared};
pub use schedule::{Compiled, compile_as_ready};
pub use toolchain::{
    FoundBy, Lookup, PINNED, Typst, cache_dir, cached_binary, find, on_path, probe,
};
