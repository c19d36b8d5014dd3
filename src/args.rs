//! The command line: one struct per subcommand, parsed by clap.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::pipeline::MAX_JOBS;

#[derive(Debug, Parser)]
#[command(
    name = "annual-update",
    version,
    about = "Builds the bilingual annual update of an action plan from partner submissions.",
    after_help = "Exit codes: 0 success, 1 problems in the inputs, 2 wrong command line, 3 environment (Typst, files), 4 template or Typst failure."
)]
pub struct Cli {
    #[command(flatten)]
    pub verbosity: Verbosity,
    #[command(subcommand)]
    pub command: Command,
}

/// How much any command says on stderr; accepted before or after the command's name.
#[derive(Debug, Args)]
pub struct Verbosity {
    /// Print only errors and blocking findings.
    #[arg(long, short, global = true, conflicts_with = "verbose")]
    pub quiet: bool,
    /// Also print each file read, each document compiled with its time, why a document was or was
    /// not compiled again, and the time of every step.
    #[arg(long, short, global = true)]
    pub verbose: bool,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Start a plan: a new inputs folder with a commented plan.toml and this year's folders.
    Init(InitArgs),
    /// During the collection window: per team, which updates have arrived and which are owed.
    Status(StatusArgs),
    /// Ingest, reconcile and render: dataset.json and the English, Welsh and bilingual PDFs.
    Build(BuildArgs),
    /// Live drafts: a first build, then the PDFs and pages updated at every change, in <output>/<year>-preview/.
    Watch(WatchArgs),
    /// After a clean final build: record the year as published and open the next one.
    Publish(PublishArgs),
    /// Check submissions without rendering: a whole year's folder, or the files named.
    Check(CheckArgs),
    /// Write the built-in report templates, labels, house style and fonts out for editing.
    #[command(name = "templates")]
    ReportTemplates(ReportTemplatesArgs),
    /// Write pre-filled submission workbooks (.xlsx) for partner teams.
    #[command(name = "template")]
    PartnerWorkbooks(PartnerWorkbooksArgs),
    /// Measure the pipeline on synthetic inputs and print the ratios (not a test: machines are noisy).
    Bench(BenchArgs),
    /// Compare two datasets: what a reviewer signs off (changes.md, changes.json, changes.csv).
    Diff(DiffArgs),
    /// Show which Typst is used (and where it was found), the cache, and the fonts.
    Doctor(DoctorArgs),
    /// The translation round trip: XLIFF 1.2 out to the translators' CAT tools, and back in.
    #[command(subcommand)]
    Xliff(XliffCommand),
}

#[derive(Debug, Subcommand)]
pub enum XliffCommand {
    /// Write every text whose Welsh is missing or stale as XLIFF 1.2 for the translators.
    Export(XliffExportArgs),
    /// Check a returned XLIFF file and add it to the year's submissions, so builds use its Welsh.
    Import(XliffImportArgs),
}

#[derive(Debug, Args)]
pub struct XliffExportArgs {
    /// The inputs folder (plan.toml, published/, submissions/).
    #[arg(long, default_value = "inputs")]
    pub inputs: PathBuf,
    /// The reporting year [default: the newest folder in <inputs>/submissions/].
    #[arg(long, value_parser = clap::value_parser!(u16).range(2000..=2999))]
    pub year: Option<u16>,
    /// The file to write [default: output/<year>-translation/translation-<year>.xlf].
    #[arg(long)]
    pub output: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct XliffImportArgs {
    /// The XLIFF file returned by the translators (.xlf or .xliff).
    pub file: PathBuf,
    /// The inputs folder; the file is added to <inputs>/submissions/<year>/.
    #[arg(long, default_value = "inputs")]
    pub inputs: PathBuf,
    /// The reporting year [default: the newest folder in <inputs>/submissions/].
    #[arg(long, value_parser = clap::value_parser!(u16).range(2000..=2999))]
    pub year: Option<u16>,
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
    #[arg(long, value_parser = clap::value_parser!(u16).range(2000..=2999))]
    pub year: Option<u16>,
    /// The final build: refuse to write PDFs while any blocking finding remains.
    #[arg(long = "final")]
    pub final_build: bool,
    /// A folder of templates overriding the built-in ones file by file [default: report-templates/, if present].
    #[arg(long)]
    pub templates: Option<PathBuf>,
    /// How many threads the build uses: files read and documents compiled at once, and the
    /// threads of all Typst processes together, from 1 to 64 [default: the number of cores, at
    /// most 64].
    #[arg(long, short, value_parser = jobs())]
    pub jobs: Option<usize>,
    #[command(flatten)]
    pub typst: TypstArgs,
}

#[derive(Debug, Args)]
pub struct WatchArgs {
    /// The inputs folder (plan.toml, published/, submissions/), watched for changes.
    #[arg(long, default_value = "inputs")]
    pub inputs: PathBuf,
    /// Where outputs go; the drafts go to <output>/<year>-preview/, and <output>/<year>/ is never
    /// touched.
    #[arg(long, default_value = "output")]
    pub output: PathBuf,
    /// The reporting year [default: the newest folder in <inputs>/submissions/].
    #[arg(long, value_parser = clap::value_parser!(u16).range(2000..=2999))]
    pub year: Option<u16>,
    /// A folder of templates overriding the built-in ones file by file, watched for changes too
    /// [default: report-templates/, if present].
    #[arg(long)]
    pub templates: Option<PathBuf>,
    /// How many threads reading and rendering use, from 1 to 64 [default: the number of cores,
    /// at most 64]; each document's Typst is one process of its own.
    #[arg(long, short, value_parser = jobs())]
    pub jobs: Option<usize>,
    #[command(flatten)]
    pub typst: TypstArgs,
}

#[derive(Debug, Args)]
pub struct InitArgs {
    /// The inputs folder to create; it must not exist, or be empty.
    #[arg(default_value = "inputs")]
    pub dir: PathBuf,
    /// The plan's first reporting year [default: this year].
    #[arg(long, value_parser = clap::value_parser!(u16).range(2000..=2999))]
    pub year: Option<u16>,
}

#[derive(Debug, Args)]
pub struct StatusArgs {
    /// The inputs folder.
    #[arg(long, default_value = "inputs")]
    pub inputs: PathBuf,
    /// The reporting year [default: the newest folder in <inputs>/submissions/].
    #[arg(long, value_parser = clap::value_parser!(u16).range(2000..=2999))]
    pub year: Option<u16>,
    /// For people (a table) or for programs (JSON on stdout).
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
}

#[derive(Debug, Args)]
pub struct PublishArgs {
    /// The inputs folder: published/<year>/ and submissions/<year + 1>/ are written in it.
    #[arg(long, default_value = "inputs")]
    pub inputs: PathBuf,
    /// Where the final build is (<output>/<year>/) and next year's workbooks go
    /// (<output>/templates/).
    #[arg(long, default_value = "output")]
    pub output: PathBuf,
    /// The year to publish [default: the newest year built in <output>].
    #[arg(long, value_parser = clap::value_parser!(u16).range(2000..=2999))]
    pub year: Option<u16>,
    /// Replace a different dataset already published for the year; needs --reason.
    #[arg(long, requires = "reason")]
    pub force: bool,
    /// Why the published dataset is replaced: recorded in published/<year>/republished.md.
    #[arg(long)]
    pub reason: Option<String>,
}

#[derive(Debug, Args)]
pub struct DoctorArgs {
    #[command(flatten)]
    pub typst: TypstArgs,
    /// A templates folder whose fonts to list [default: report-templates/, if present].
    #[arg(long)]
    pub templates: Option<PathBuf>,
}

#[derive(Debug, Default, Args)]
pub struct TypstArgs {
    /// The Typst binary to use (else TYPST, PATH, then the annual-update cache).
    #[arg(long, value_name = "PATH")]
    pub typst: Option<PathBuf>,
    /// Never install Typst; fail if the pinned version is not found.
    #[arg(long)]
    pub no_install: bool,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Files or folders to check on their own [default: the whole year in <inputs>].
    pub files: Vec<PathBuf>,
    /// The inputs folder; its plan and last year's dataset are used when present.
    #[arg(long, default_value = "inputs")]
    pub inputs: PathBuf,
    /// The reporting year [default: the year the files state, else the newest in <inputs>].
    #[arg(long, value_parser = clap::value_parser!(u16).range(2000..=2999))]
    pub year: Option<u16>,
    /// Where a whole-year check writes each team's feedback: <output>/<year>-check/feedback/.
    #[arg(long, default_value = "output")]
    pub output: PathBuf,
    /// How to print the findings: for people (on stderr) or as JSON (on stdout).
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// How many files to read at once, from 1 to 64 [default: the number of cores, at most 64].
    #[arg(long, short, value_parser = jobs())]
    pub jobs: Option<usize>,
}

/// `--jobs`: from 1 to [`MAX_JOBS`]; anything else is a command-line error.
fn jobs() -> impl clap::builder::TypedValueParser<Value = usize> {
    use clap::builder::TypedValueParser;
    clap::value_parser!(u64)
        .range(1..=MAX_JOBS as u64)
        .map(|jobs| jobs as usize)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Human,
    Json,
}

#[derive(Debug, Args)]
pub struct PartnerWorkbooksArgs {
    /// The team to write a workbook for (repeat for several) [default: every team in the plan].
    #[arg(long)]
    pub team: Vec<String>,
    /// The inputs folder: its plan and the newest published dataset fill the workbooks.
    #[arg(long, default_value = "inputs")]
    pub inputs: PathBuf,
    /// The reporting year the workbooks are for [default: the year after the newest published dataset].
    #[arg(long, value_parser = clap::value_parser!(u16).range(2000..=2999))]
    pub year: Option<u16>,
    /// Sheet and column names in English or Welsh.
    #[arg(long, default_value = "en", value_parser = ["en", "cy"])]
    pub lang: String,
    /// Where the workbooks go.
    #[arg(long, default_value = "output/templates")]
    pub output: PathBuf,
}

#[derive(Debug, Args)]
pub struct BenchArgs {
    /// Scales to measure without Typst, as multiples of the real plan (7 categories × 30 actions,
    /// six published years, 12 partner files).
    #[arg(long, value_delimiter = ',', default_value = "1,10,100")]
    pub scale: Vec<u32>,
    /// Scales at which Typst runs too: a build from nothing, each document alone, a rebuild with
    /// nothing changed, and builds from nothing in turns with the Typst-only floor (plain
    /// `typst compile` processes started at once); beyond 10× a build takes many minutes.
    #[arg(long, value_delimiter = ',', default_value = "1")]
    pub typst_scale: Vec<u32>,
    /// Measure without Typst only.
    #[arg(long)]
    pub no_typst: bool,
    /// Timed runs of each measurement; the best is reported, except where a median is (the
    /// rebuild, the pairs of build and floor), which take at least 3.
    #[arg(long, default_value_t = 3)]
    pub runs: usize,
    /// Where the synthetic inputs (<dir>/<scale>x/inputs) and builds go, and are kept
    /// [default: a temporary folder, removed afterwards].
    #[arg(long)]
    pub dir: Option<PathBuf>,
    /// Only write the synthetic inputs into --dir, and stop.
    #[arg(long, requires = "dir")]
    pub generate_only: bool,
    /// A table and a verdict per target for people, or JSON.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    #[command(flatten)]
    pub typst: TypstArgs,
}

#[derive(Debug, Args)]
pub struct ReportTemplatesArgs {
    /// Where to write them; pass this folder to `build --templates` (the default is used by itself).
    #[arg(long, default_value = "report-templates")]
    pub output: PathBuf,
    /// Overwrite files that already exist (by default they are kept).
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Args)]
pub struct DiffArgs {
    /// The earlier dataset, normally last year's published one.
    #[arg(long)]
    pub from: PathBuf,
    /// The later dataset.
    #[arg(long)]
    pub to: PathBuf,
    /// Where changes.md, changes.json and changes.csv go [default: the folder of --to].
    #[arg(long)]
    pub output: Option<PathBuf>,
}
