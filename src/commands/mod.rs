//! One module per subcommand; `run` dispatches and turns errors into messages and exit codes.

mod bench;
mod build;
mod check;
mod diff;
mod doctor;
mod init;
mod partner_workbooks;
mod publish;
mod report_templates;
mod status;
mod watch;
mod xliff;

use crate::args::{Cli, Command, TypstArgs, XliffCommand};

use crate::pipeline;
use crate::progress::{self, Level};
use crate::typst::Lookup;

/// Runs a parsed command line and returns the process exit code.
pub fn run(cli: Cli) -> u8 {
    progress::set_level(if cli.verbosity.quiet {
        Level::Quiet
    } else if cli.verbosity.verbose {
        Level::Verbose
    } else {
        Level::Normal
    });
    // Test only, in debug builds: the integration tests meet a bug outside any file here.
    crate::process::internal::test_panic("command");
    // The folders a command suggested to the reader must name, to work when pasted.
    let (inputs, output) = match &cli.command {
        Command::Status(a) => (Some(&a.inputs), None),
        Command::Build(a) => (Some(&a.inputs), Some(&a.output)),
        Command::Watch(a) => (Some(&a.inputs), Some(&a.output)),
        Command::Publish(a) => (Some(&a.inputs), Some(&a.output)),
        Command::Check(a) => (Some(&a.inputs), Some(&a.output)),
        Command::PartnerWorkbooks(a) => (Some(&a.inputs), None),
        Command::Xliff(XliffCommand::Export(a)) => (Some(&a.inputs), None),
        Command::Xliff(XliffCommand::Import(a)) => (Some(&a.inputs), None),
        _ => (None, None),
    };
    progress::set_folders(inputs.map(|p| p.as_path()), output.map(|p| p.as_path()));
    let result = match cli.command {
        Command::Init(args) => init::init(&args),
        Command::Status(args) => status::status(&args),
        Command::Build(args) => build::build(&args),
        Command::Watch(args) => watch::watch(&args),
        Command::Publish(args) => publish::publish(&args),
        Command::Check(args) => pipeline::with_jobs(args.jobs, || check::check(&args)),
        Command::ReportTemplates(args) => report_templates::write(&args),
        Command::PartnerWorkbooks(args) => partner_workbooks::write(&args),
        Command::Bench(args) => bench::bench(&args),
        Command::Diff(args) => diff::diff(&args),
        Command::Doctor(args) => doctor::doctor(&args),
        Command::Xliff(command) => xliff::xliff(&command),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {}", e.with_causes());
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
