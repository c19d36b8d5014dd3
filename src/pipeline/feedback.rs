//! The per-team feedback files (see [`crate::teams::feedback`]), written by every build into its
//! output folder and by every whole-year `check` beside it, in `output/<year>-check/`, which a
//! check never mistakes for a build.

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::model::{Dataset, Lang};
use crate::output;
use crate::teams::{self, TeamStatus};

/// The folder the feedback files are in, inside an output or check folder.
pub const FOLDER: &str = "feedback";

/// Where a whole-year check of `year` writes: `<output>/<year>-check/`.
pub(super) fn check_dir(output: &Path, year: u16) -> PathBuf {
    output.join(format!("{year}-check"))
}

/// Each team's file name inside [`FOLDER`]: its ID, if it is a plain name (`plan.toml`'s check
/// reports one that is not, and no file is written for it).
pub fn file_name(team: &str) -> Option<String> {
    output::plain_name(team).then(|| format!("{team}.md"))
}

/// Writes `<dir>/feedback/<team>.md` for every team; returns their paths inside `dir`
/// (`feedback/online-safety.md`).
pub fn write(dir: &Path, dataset: &Dataset, teams: &[TeamStatus]) -> Result<Vec<String>> {
    let plan = (
        dataset.plan.title.get(Lang::En).as_str(),
        dataset.plan.title.get(Lang::Cy).as_str(),
    );
    let mut written = Vec::new();
    for team in teams {
        let Some(name) = file_name(&team.team) else {
            continue;
        };
        let rel = format!("{FOLDER}/{name}");
        let md = teams::feedback::markdown(team, dataset.year, plan);
        output::write_if_changed(&dir.join(&rel), md.as_bytes())?;
        written.push(rel);
    }
    Ok(written)
}

/// A check's feedback: `<output>/<year>-check/feedback/`, replaced whole.
pub fn write_check(output: &Path, dataset: &Dataset, teams: &[TeamStatus]) -> Result<PathBuf> {
    let dir = check_dir(output, dataset.year);
    let folder = dir.join(FOLDER);
    if folder.exists() {
        std::fs::remove_dir_all(&folder).map_err(|e| Error::io("remove", &folder, e))?;
    }
    write(&dir, dataset, teams)?;
    Ok(folder)
}
