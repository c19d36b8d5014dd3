//! The inputs folder: `plan.toml`, last year's published dataset and this year's submissions.
//!
//! ```text
//! inputs/
//!   plan.toml                      title, organisation, categories, teams, publication dates
//!   published/<year>/dataset.json  the dataset each published year's build wrote
//!   submissions/<year>/*.xlsx …    this year's partner files
//!   resolutions/<year>.toml        decisions on conflicts, reopened actions, corrections
//! ```

pub mod apart;
pub mod published;
pub mod sieve;

mod plan_check;
mod publication_check;
mod years;
pub use plan_check::{YEARS, date_line};

/// A year to show in examples of a year folder's name: this year.
fn init_year_hint() -> u16 {
    crate::dates::this_year()
}

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::error::{Error, Result};
use crate::input_file::Reads;
use crate::inputs::published::ReadError;
use crate::inputs::sieve::Sieve;
use crate::model::{Dataset, Plan};
use crate::reconcile::Resolutions;

/// `plan.toml` as read: the plan, and its text for the checks that need the year being built.
pub struct ReadPlan {
    pub plan: Plan,
    text: String,
    /// How findings name the file: `plan.toml`.
    file: String,
}

impl ReadPlan {
    /// What keeps the plan from being published for `year` (see [`plan_check::unfinished`]).
    pub fn unfinished(&self, year: u16) -> Vec<crate::findings::Finding> {
        plan_check::unfinished(&self.text, &self.file, year)
    }
}

/// The inputs folder of a run, and the record of every file the run has read from it (each with
/// the SHA-256 of the bytes read, noted as they are read: see [`Reads`]).
#[derive(Clone, Debug)]
pub struct Inputs {
    pub root: PathBuf,
    pub reads: Arc<Reads>,
}

impl Inputs {
    pub fn new(root: impl Into<PathBuf>) -> Inputs {
        Inputs {
            root: root.into(),
            reads: Arc::default(),
        }
    }

    pub fn plan_path(&self) -> PathBuf {
        self.root.join("plan.toml")
    }

    pub fn plan(&self) -> Result<Plan> {
        self.read_plan().map(|read| read.plan)
    }

    /// The plan, with what [`ReadPlan::unfinished`] needs of its text.
    pub fn read_plan(&self) -> Result<ReadPlan> {
        let path = self.plan_path();
        let text = self.reads.read_to_string(&path).map_err(|e| {
            Error::Input(format!(
                "cannot read the plan {}: {e}; every inputs folder needs a plan.toml: {}",
                path.display(),
                self.where_the_plan_is()
            ))
        })?;
        let file = path.display().to_string();
        let plan = crate::toml_error::parse(&file, &text).map_err(Error::Input)?;
        let problems = plan_check::problems(&text, &file);
        if !problems.is_empty() {
            return Err(Error::Input(problems.join("\n")));
        }
        // Findings name the file as they name every input: inside the inputs folder.
        let file = self.name(&path);
        Ok(ReadPlan { plan, text, file })
    }

    /// What to do when the plan is not where it was looked for: the folder that has one, if
    /// the command was run inside a plan's folder (`--inputs .`, `--inputs ../..`), else `init`.
    fn where_the_plan_is(&self) -> String {
        let here = std::env::current_dir().ok();
        let found = here.as_deref().and_then(|here| {
            here.ancestors()
                .take(4)
                .enumerate()
                .find(|(_, dir)| dir.join("plan.toml").is_file())
                .map(|(up, _)| match up {
                    0 => ".".to_string(),
                    n => vec![".."; n].join("/"),
                })
        });
        match found {
            Some(dir) => format!(
                "the plan.toml {} is read with `--inputs {dir}` (for example `annual-update build --inputs {dir}`)",
                if dir == "." {
                    "in this folder".to_string()
                } else {
                    format!("in {dir}")
                }
            ),
            None => format!(
                "`annual-update init {}` starts a new one, or pass --inputs with the folder that has it",
                self.root.display()
            ),
        }
    }

    pub fn submissions_dir(&self, year: u16) -> PathBuf {
        self.root.join("submissions").join(year.to_string())
    }

    pub fn published_dataset(&self, year: u16) -> PathBuf {
        self.root
            .join("published")
            .join(year.to_string())
            .join("dataset.json")
    }

    /// Last year's published dataset, if there is one (a plan's first year has none).
    pub fn baseline(&self, year: u16) -> Result<Option<Dataset>> {
        self.baseline_sieved(year, None)
    }

    /// [`Inputs::baseline`], sealing the texts the sieve lets go as they are read.
    pub fn baseline_sieved(&self, year: u16, sieve: Option<&Sieve>) -> Result<Option<Dataset>> {
        let path = self.published_dataset(year - 1);
        match crate::inputs::published::read(&path, sieve, &self.reads) {
            Ok(dataset) => Ok(Some(dataset)),
            Err(ReadError::Invalid(e)) => Err(Error::Input(format!("{}: {e}", path.display()))),
            Err(ReadError::Duplicate { id, at, first }) => Err(Error::Input(format!(
                "{path}:{}:{}: action {id} is in this dataset twice (first at {path}:{}:{}); a published dataset holds each action once, so this file was edited: restore it from the copy that was published",
                at.0,
                at.1,
                first.0,
                first.1,
                path = path.display(),
            ))),
            Err(ReadError::Io(e)) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(ReadError::Io(e)) => Err(Error::unreadable("read", &path, e)),
        }
    }

    /// The policy team's decisions for `year` (`resolutions/<year>.toml`), if any.
    pub fn resolutions(&self, year: u16) -> Result<Resolutions> {
        let name = format!("resolutions/{year}.toml");
        let path = self.root.join(&name);
        match self.reads.read_to_string(&path) {
            Ok(text) => Resolutions::parse(&name, text),
            // A year without the file has no resolutions.
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Resolutions::default()),
            Err(e) => Err(Error::unreadable("read", &path, e)),
        }
    }

    /// Every file a build of `year` reads, given its submission files, as they are now: for
    /// `publish` to compare with what the build's manifest says it read (see [`Inputs::reads`]).
    pub fn files_read(&self, year: u16, submissions: &[PathBuf]) -> Vec<PathBuf> {
        let mut files = vec![self.plan_path()];
        files.extend(
            [
                self.published_dataset(year - 1),
                self.root.join(format!("resolutions/{year}.toml")),
            ]
            .into_iter()
            .filter(|p| p.is_file()),
        );
        files.extend(submissions.iter().cloned());
        files.extend(crate::narrative::files(&self.root, year));
        files
    }

    /// How messages and provenance name a file: relative to the inputs folder, with `/`.
    pub fn name(&self, path: &Path) -> String {
        crate::model::slashed(path.strip_prefix(&self.root).unwrap_or(path))
    }
}
