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
pub mod toml_error;

mod plan_check;
pub use plan_check::YEARS;

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::inputs::published::ReadError;
use crate::inputs::sieve::Sieve;
use crate::model::{Dataset, Plan};
use crate::reconcile::Resolutions;

#[derive(Clone, Debug)]
pub struct Inputs {
    pub root: PathBuf,
}

impl Inputs {
    pub fn new(root: impl Into<PathBuf>) -> Inputs {
        Inputs { root: root.into() }
    }

    pub fn plan_path(&self) -> PathBuf {
        self.root.join("plan.toml")
    }

    pub fn plan(&self) -> Result<Plan> {
        let path = self.plan_path();
        let text = crate::input_file::read_to_string(&path).map_err(|e| {
            Error::Input(format!("cannot read the plan {}: {e}; every inputs folder needs a plan.toml: `annual-update init {}` starts a new one, or pass --inputs with the folder that has it", path.display(), self.root.display()))
        })?;
        let plan = toml::from_str(&text).map_err(|e| {
            Error::Input(toml_error::located(&path.display().to_string(), &text, &e))
        })?;
        let problems = plan_check::problems(&text, &path.display().to_string());
        if !problems.is_empty() {
            return Err(Error::Input(problems.join("\n")));
        }
        Ok(plan)
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

    /// The newest year that has a submissions folder.
    pub fn latest_year(&self) -> Result<u16> {
        let dir = self.root.join("submissions");
        let entries = std::fs::read_dir(&dir).map_err(|e| {
            Error::Input(format!(
                "cannot read {}: {e}; put this year's files in submissions/<year>/, or pass --year",
                dir.display()
            ))
        })?;
        let years: Vec<u64> = entries
            .filter_map(|e| e.ok()?.file_name().to_str()?.parse::<u64>().ok())
            .collect();
        if let Some(odd) = years
            .iter()
            .find(|&&y| !plan_check::YEARS.contains(&u16::try_from(y).unwrap_or(0)))
        {
            return Err(Error::Input(format!(
                "{}: the folder {odd} is not a reporting year from {} to {}; rename it to the year its files report on, such as 2026, or move it out",
                dir.display(),
                plan_check::YEARS.start(),
                plan_check::YEARS.end()
            )));
        }
        years.into_iter().map(|y| y as u16).max().ok_or_else(|| {
            Error::Input(format!(
                "{} has no year folders such as 2026/",
                dir.display()
            ))
        })
    }

    /// The newest year with a published dataset.
    pub fn latest_published(&self) -> Option<u16> {
        std::fs::read_dir(self.root.join("published"))
            .ok()?
            .filter_map(|e| e.ok()?.file_name().to_str()?.parse::<u16>().ok())
            .filter(|y| self.published_dataset(*y).is_file())
            .max()
    }

    /// Last year's published dataset, if there is one (a plan's first year has none).
    pub fn baseline(&self, year: u16) -> Result<Option<Dataset>> {
        self.baseline_sieved(year, None)
    }

    /// [`Inputs::baseline`], sealing the texts the sieve lets go as they are read.
    pub fn baseline_sieved(&self, year: u16, sieve: Option<&Sieve>) -> Result<Option<Dataset>> {
        let path = self.published_dataset(year - 1);
        match crate::inputs::published::read(&path, sieve) {
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
        Resolutions::load(&self.root.join(&name), &name)
    }

    /// Every file a build of `year` reads, given its submission files: for the manifest, and for
    /// `publish` to see that none changed since.
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
