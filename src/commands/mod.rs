//! One module per subcommand; `run` dispatches and turns errors into messages and exit codes.

mod bench;
mod build;
mod check;
mod doctor;
mod template;
mod year;

use crate::args::{Cli, Command, TypstArgs};
use crate::typst::Lookup;

pub use build::build;

/// Runs a parsed command line and returns the process exit code.
pub fn run(cli: Cli) -> u8 {
    let result = match cli.command {
        Command::Build(args) => build(&args),
        Command::Check(args) => check::check(&args),
        Command::Template(args) => template::template(&args),
        Command::Bench(args) => bench::bench(&args),
        Command::Doctor(args) => doctor::doctor(&args),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e}");
            e.exit_code()
        }
    }
}

impl TypstArgs {
    pub fn lookup(&self) -> Lookup {
        Lookup {
            flag: self.typst.clone(),
            install: !self.no_install,
        }
    }
}

/// The templates folder: the one given, else `report-templates/` in the current folder if present.
fn templates_dir(given: &Option<std::path::PathBuf>) -> Option<std::path::PathBuf> {
    given.clone().or_else(|| {
        let default = std::path::PathBuf::from("report-templates");
        default.is_dir().then_some(default)
    })
}
