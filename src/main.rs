//! The `annual-update` binary: parses the command line and hands it to the library.

use std::process::ExitCode;

use clap::Parser;

/// mimalloc rather than the system's allocator: rendering spends much of its time allocating and
/// freeing (Handlebars copies its JSON context at every partial), and a large plan's history is
/// millions of small allocations. Measured in `annual-update bench`, see BENCHMARKS.md.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    // First of all, so that no panic ends the process with Rust's 101 (see `internal`).
    let code = annual_update::process::internal::run(|| {
        annual_update::commands::run(annual_update::args::Cli::parse())
    });
    annual_update::bench::record_peak_memory();
    ExitCode::from(code)
}
