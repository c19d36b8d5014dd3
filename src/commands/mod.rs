//! One module per subcommand; `run` dispatches and turns errors into messages and exit codes.

mod bench;
mod build;
mod check;
mod diff;
mod doctor;
mod template;
mod xliff;

use crate::args::{Cli, Command, TemplatesArgs, TypstArgs};
use crate::error::{Error, Result, exit};
use crate::progress::{self, Level};
use crate::render::Theme;
use crate::typst::Lookup;

pub use build::build;

/// Runs a parsed command line and returns the process exit code.
pub fn run(cli: Cli) -> u8 {
    progress::set_level(if cli.verbosity.quiet {
        Level::Quiet
    } else if cli.verbosity.verbose {
        Level::Verbose
    } else {
        Level::Normal
    });
    let result = match cli.command {
        Command::Build(args) => within(args.jobs, || build(&args)),
        Command::Check(args) => within(args.jobs, || check::check(&args)),
        Command::Templates(args) => templates(&args),
        Command::Template(args) => template::template(&args),
        Command::Bench(args) => bench::bench(&args),
        Command::Diff(args) => diff::diff(&args),
        Command::Doctor(args) => doctor::doctor(&args),
        Command::Xliff(command) => xliff::xliff(&command),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e}");
            e.exit_code()
        }
    }
}

/// Runs `f` on a pool of `jobs` threads [default: the number of cores], so that everything the
/// command does in parallel (reading files, compiling documents) stays within `--jobs`.
pub fn within<T: Send>(jobs: Option<usize>, f: impl FnOnce() -> Result<T> + Send) -> Result<T> {
    let jobs = jobs
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
        .max(1);
    rayon::ThreadPoolBuilder::new()
        .num_threads(jobs)
        .build()
        .map_err(|e| Error::Environment(format!("cannot start {jobs} threads: {e}")))?
        .install(f)
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

/// `annual-update templates`: the built-in templates written out, existing files kept.
fn templates(args: &TemplatesArgs) -> Result<u8> {
    let written = Theme::write_defaults(&args.output, args.force)?;
    for path in &written {
        progress::say(format!("wrote {}", path.display()));
    }
    let existing = if args.force {
        "existing files were overwritten"
    } else {
        "existing files were kept (--force overwrites them)"
    };
    progress::say(format!(
        "{} files written to {}; {existing}. A build with --templates {} uses these files in place of the built-in ones, file by file: delete the ones you do not change.",
        written.len(),
        args.output.display(),
        args.output.display()
    ));
    Ok(exit::OK)
}
