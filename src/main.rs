//! The `annual-update` binary: parses the command line and hands it to the library.

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = annual_update::args::Cli::parse();
    let code = annual_update::commands::run(cli);
    annual_update::bench::record_peak_memory();
    ExitCode::from(code)
}
