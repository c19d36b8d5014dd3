//! The command line: one struct per subcommand, parsed by clap.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(
    name = "annual-update",
    version,
    about = "Builds the bilingual annual update of an action plan from partner submissions.",
    after_help = "Exit codes: 0 success, 1 problems in the inputs, 2 wrong command line, 3 environment (Typst, files), 4 template or Typst failure."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Ingest, reconcile and render: dataset.json and the English, Welsh and bilingual PDFs.
    Build(BuildArgs),
    /// Show which Typst is used (and where it was found), the cache, and the fonts.
    Doctor(DoctorArgs),
}

#[derive(Debug, Args)]
pub struct BuildArgs {
    /// The inputs folder (plan.toml, published/, submissions/).
    #[arg(long, default_value = "inputs")]
    pub inputs: PathBuf,
    /// Where outputs go; each build writes to <output>/<year>/.
    #[arg(long, default_value = "output")]
    pub output: PathBuf,
    /// The reporting year to build [default: the newest folder in <inputs>/submissions/].
    #[arg(long)]
    pub year: Option<u16>,
    /// The final build: refuse to write PDFs while any blocking finding remains.
    #[arg(long = "final")]
    pub final_build: bool,
    /// A folder of templates overriding the built-in ones file by file [default: report-templates/, if present].
    #[arg(long)]
    pub templates: Option<PathBuf>,
    /// How many documents to compile at once [default: the number of cores].
    #[arg(long, short)]
    pub jobs: Option<usize>,
    #[command(flatten)]
    pub typst: TypstArgs,
}

#[derive(Debug, Args)]
pub struct DoctorArgs {
    #[command(flatten)]
    pub typst: TypstArgs,
    /// A templates folder whose fonts to list [default: report-templates/, if present].
    #[arg(long)]
    pub templates: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct TypstArgs {
    /// The Typst binary to use (else TYPST, PATH, then the annual-update cache).
    #[arg(long, value_name = "PATH")]
    pub typst: Option<PathBuf>,
    /// Never install Typst; fail if the pinned version is not found.
    #[arg(long)]
    pub no_install: bool,
}
