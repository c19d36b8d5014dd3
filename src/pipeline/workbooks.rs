//! The pre-filled partner workbooks of a year (see [`crate::partner_workbook`]): one per team,
//! from the plan and last year's published dataset.

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::inputs::Inputs;
use crate::model::Lang;
use crate::{output, partner_workbook};

/// Writes `<team>-<year>.xlsx` into `output_dir` for each of `teams` (all the plan's if empty),
/// for `year` [default: the year after the latest published], calling `written` with each file
/// and its team's open actions (none in the plan's first year, with nothing published) as soon as
/// it is written.
pub fn write(
    inputs_dir: &Path,
    year: Option<u16>,
    teams: &[String],
    lang: Lang,
    output_dir: &Path,
    written: &mut dyn FnMut(&Path, Option<usize>),
) -> Result<()> {
    let inputs = Inputs::new(inputs_dir);
    let plan = inputs.plan()?;
    let year = match year {
        Some(y) => y,
        None => inputs.latest_published().map(|y| y + 1).ok_or_else(|| {
            Error::Input(format!(
                "{} has no published dataset; pass --year",
                inputs.root.join("published").display()
            ))
        })?,
    };
    // A plan's first year has no baseline: the workbook then only has the New actions sheet to fill.
    let baseline = inputs.baseline(year)?;
    let teams: Vec<String> = if teams.is_empty() {
        plan.teams.iter().map(|t| t.id.clone()).collect()
    } else {
        teams.to_vec()
    };
    for team in &teams {
        if plan.team(team).is_none() {
            let known: Vec<&str> = plan.teams.iter().map(|t| t.id.as_str()).collect();
            return Err(Error::Input(format!(
                "team \"{team}\" is not in {}; the teams are: {}",
                inputs.plan_path().display(),
                known.join(", ")
            )));
        }
        let bytes = partner_workbook::workbook(&plan, baseline.as_ref(), team, year, lang)
            .map_err(|e| Error::Render(format!("cannot write the workbook for {team}: {e}")))?;
        let path: PathBuf = output_dir.join(format!("{team}-{year}.xlsx"));
        output::write_atomic(&path, &bytes)?;
        let open = baseline.as_ref().map(|b| {
            b.actions
                .iter()
                .filter(|a| &a.lead_team == team && a.is_open())
                .count()
        });
        written(&path, open);
    }
    Ok(())
}
