//! Which reporting year a run is for. A year is built on the dataset published for the year
//! before it, so when none is given the year to build is the one after the newest published
//! year (or, before anything is published, the plan's first year); a year whose year before was
//! never published cannot be built at all. Nothing in `submissions/` is passed over in silence:
//! a folder or file that is not a year's folder is refused, and a year folder later than the
//! one being built is a blocking finding, since its files are not read.

use crate::error::{Error, Result};
use crate::findings::{Code, Finding};
use crate::model::Source;

use super::{Inputs, plan_check::YEARS};

impl Inputs {
    /// The year to build: `given`, else the one after the newest published year if it has a
    /// folder, else the newest folder there is (a year already published, built again); before
    /// anything is published, the oldest folder (the plan's first year). Refused when the year
    /// before it was not published while an earlier year was.
    pub fn year_to_build(&self, given: Option<u16>) -> Result<u16> {
        let published = self.published_years();
        let year = match given {
            Some(year) => year,
            None => self.default_year(&published)?,
        };
        let before = published.iter().copied().filter(|&p| p < year).max();
        match before {
            Some(newest) if newest != year - 1 => Err(Error::Input(format!(
                "cannot build {year}: a year is built on the dataset published for the year before it, and nothing is published for {} (the newest published year before {year} is {newest}, in {}); the year to build next is {}: put its files in {} and run the command with --year {}",
                year - 1,
                self.root.join("published").display(),
                newest + 1,
                self.submissions_dir(newest + 1).display(),
                newest + 1
            ))),
            _ => Ok(year),
        }
    }

    fn default_year(&self, published: &[u16]) -> Result<u16> {
        let folders = self.year_folders()?;
        let dir = self.root.join("submissions");
        let Some(&newest_folder) = folders.last() else {
            return Err(Error::Input(format!(
                "{} has no year folders such as {}/; put this year's files in one, or pass --year",
                dir.display(),
                super::init_year_hint()
            )));
        };
        let Some(&newest) = published.last() else {
            // Nothing published yet: the plan's first year is the one to build.
            return Ok(folders[0]);
        };
        let next = newest + 1;
        if folders.contains(&next) || newest_folder <= newest {
            return Ok(if folders.contains(&next) {
                next
            } else {
                newest_folder
            });
        }
        Err(Error::Input(format!(
            "the year to build is {next}, the year after the newest published ({newest}), but {} has no folder {next}/ and has {newest_folder}/, which is later; if its files report on {next}, rename {} to {}",
            dir.display(),
            self.submissions_dir(newest_folder).display(),
            self.submissions_dir(next).display()
        )))
    }

    /// The years in `submissions/`, oldest first. Anything else there (a folder that is not a
    /// year, a file outside a year's folder) is refused, since a build would never read it; hidden
    /// files and Markdown notes are left alone.
    pub fn year_folders(&self) -> Result<Vec<u16>> {
        let dir = self.root.join("submissions");
        let entries = std::fs::read_dir(&dir).map_err(|e| {
            Error::Input(format!(
                "cannot read {}: {e}; put this year's files in submissions/<year>/, or pass --year",
                dir.display()
            ))
        })?;
        let mut years = Vec::new();
        for entry in entries {
            let entry = entry.map_err(|e| Error::unreadable("list", &dir, e))?;
            let name = entry.file_name().to_string_lossy().into_owned();
            let is_dir = entry.path().is_dir();
            if !is_dir && (name.starts_with('.') || name.to_ascii_lowercase().ends_with(".md")) {
                continue;
            }
            match name.parse::<u16>() {
                Ok(year) if is_dir && YEARS.contains(&year) && name.len() == 4 => years.push(year),
                _ if !is_dir => {
                    return Err(Error::Input(format!(
                        "{}: a file outside a year's folder is never read; move it into the folder of the year it reports on, such as {}",
                        entry.path().display(),
                        self.submissions_dir(super::init_year_hint())
                            .join(&name)
                            .display()
                    )));
                }
                _ => {
                    return Err(Error::Input(format!(
                        "{}: the folder {name} is not a reporting year from {} to {}, so its files would never be read; rename it to the year its files report on, such as {}, or move it out of {}",
                        dir.display(),
                        YEARS.start(),
                        YEARS.end(),
                        super::init_year_hint(),
                        dir.display()
                    )));
                }
            }
        }
        years.sort_unstable();
        Ok(years)
    }

    /// The years with a published dataset, oldest first.
    pub fn published_years(&self) -> Vec<u16> {
        let mut years: Vec<u16> = std::fs::read_dir(self.root.join("published"))
            .into_iter()
            .flatten()
            .filter_map(|e| e.ok()?.file_name().to_str()?.parse::<u16>().ok())
            .filter(|y| YEARS.contains(y) && self.published_dataset(*y).is_file())
            .collect();
        years.sort_unstable();
        years
    }

    /// A blocking finding for each year folder later than the ones that can be built now (the
    /// year being built, and the year after the newest published): its files are not read.
    pub fn later_year_folders(&self, year: u16) -> Vec<Finding> {
        let next = self
            .published_years()
            .last()
            .map_or(year, |p| (p + 1).max(year));
        self.year_folders()
            .unwrap_or_default()
            .into_iter()
            .filter(|&folder| folder > next)
            .map(|folder| {
                Finding::blocking(
                    Code::LaterYearFolder,
                    format!(
                        "submissions/{folder}/ is for a later year than {year}, the year being built, so its files are not read"
                    ),
                )
                .at(&Source::file(format!("submissions/{folder}")))
                .fix(format!(
                    "if its files report on {year}, move them into submissions/{year}/ (a mistyped year?); if they are for {folder}, keep them out of submissions/ until {} is published",
                    folder - 1
                ))
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::Inputs;

    /// An inputs folder with these year folders in `submissions/` and these published years.
    fn inputs(folders: &[&str], published: &[u16]) -> (tempfile::TempDir, Inputs) {
        let dir = tempfile::tempdir().unwrap();
        for folder in folders {
            std::fs::create_dir_all(dir.path().join("submissions").join(folder)).unwrap();
        }
        for year in published {
            let path = dir.path().join(format!("published/{year}/dataset.json"));
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, "{}").unwrap();
        }
        let inputs = Inputs::new(dir.path());
        (dir, inputs)
    }

    #[test]
    fn the_year_to_build_follows_the_newest_published() {
        // A plan's first year, and its first year with a later folder made too early.
        let (_d, i) = inputs(&["2026"], &[]);
        assert_eq!(i.year_to_build(None).unwrap(), 2026);
        let (_d, i) = inputs(&["2026", "2062"], &[]);
        assert_eq!(i.year_to_build(None).unwrap(), 2026);
        assert_eq!(i.later_year_folders(2026).len(), 1);
        // After publishing 2026: 2027, whatever typo sits beside it.
        let (_d, i) = inputs(&["2026", "2027", "2062"], &[2026]);
        assert_eq!(i.year_to_build(None).unwrap(), 2027);
        let [later] = &i.later_year_folders(2027)[..] else {
            panic!()
        };
        assert_eq!(
            later.source.as_ref().unwrap().to_string(),
            "submissions/2062"
        );
        assert!(
            later
                .fix
                .starts_with("if its files report on 2027, move them into submissions/2027/"),
            "{later}"
        );
        // Building 2026 again after it was published: its next year's folder is expected.
        assert_eq!(i.year_to_build(Some(2026)).unwrap(), 2026);
        assert_eq!(
            i.later_year_folders(2026)
                .iter()
                .map(|f| f.source.as_ref().unwrap().to_string())
                .collect::<Vec<_>>(),
            ["submissions/2062"]
        );
        // Only the published year's folder: it is built again.
        let (_d, i) = inputs(&["2026"], &[2025, 2026]);
        assert_eq!(i.year_to_build(None).unwrap(), 2026);
    }

    #[test]
    fn a_year_that_cannot_be_built_is_refused_with_the_year_that_can() {
        // The typo in place of next year's folder.
        let (_d, i) = inputs(&["2026", "2062"], &[2026]);
        let e = i.year_to_build(None).unwrap_err().to_string();
        assert!(e.contains("the year to build is 2027"), "{e}");
        assert!(e.contains("rename"), "{e}");
        // A year whose year before was never published, given or not.
        let e = i.year_to_build(Some(2062)).unwrap_err().to_string();
        assert!(
            e.contains("cannot build 2062")
                && e.contains("nothing is published for 2061")
                && e.contains("--year 2027"),
            "{e}"
        );
        // Not a year, and a file outside a year's folder.
        for (stray, said) in [
            ("2026-27", "is not a reporting year"),
            ("1999", "is not a reporting year"),
        ] {
            let (_d, i) = inputs(&["2026", stray], &[]);
            let e = i.year_to_build(None).unwrap_err().to_string();
            assert!(e.contains(stray) && e.contains(said), "{e}");
        }
        let (d, i) = inputs(&["2026"], &[]);
        std::fs::write(d.path().join("submissions/team.xlsx"), "").unwrap();
        std::fs::write(d.path().join("submissions/README.md"), "").unwrap();
        let e = i.year_to_build(None).unwrap_err().to_string();
        assert!(
            e.contains("team.xlsx: a file outside a year's folder is never read"),
            "{e}"
        );
    }
}
