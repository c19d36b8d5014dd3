//! The `annual-update` binary: parses the command line and hands it to the library.

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = annual_update::args::Cli::parse();
    ExitCode::from(annual_update::commands::run(cli))
}
