//! The pre-filled partner workbooks of a year (see [`crate::partner_workbook`]): one per team,
//! from the plan and last year's published dataset.

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::inputs::{Inputs, apart};
use crate::model::Lang;
use crate::{output, partner_workbook};

/// Writes `<team>-<year>.xlsx` into `output_dir` for each of `teams` (all the plan's if empty),
/// for `year` [default: the year to build, see [`Inputs::year_to_build`]], calling `written` with
/// each file and its team's open actions (none in the plan's first year, with nothing published)
/// as soon as it is written.
pub fn write(
    inputs_dir: &Path,
    year: Option<u16>,
    teams: &[String],
    lang: Lang,
    output_dir: &Path,
    written: &mut dyn FnMut(&Path, Option<usize>),
) -> Result<()> {
    apart::refuse_overlap(
        &[apart::Read {
            what: crate::inputs::apart::INPUTS,
            path: inputs_dir,
        }],
        &apart::Writing {
            flag: "--output",
            given: output_dir,
            suggest: "templates",
            file: false,
            paths: vec![output_dir.to_path_buf()],
        },
    )?;
    let inputs = Inputs::new(inputs_dir);
    let plan = inputs.plan()?;
    // The year partners fill in: the one being built (the plan's first, before anything is
    // published).
    let year = inputs.year_to_build(year)?;
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
