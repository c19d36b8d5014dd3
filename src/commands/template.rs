//! `annual-update template`: a pre-filled workbook per partner team, from the plan and last year's
//! published dataset.

use crate::args::TemplateArgs;
use crate::error::{Error, Result, exit};
use crate::inputs::Inputs;
use crate::model::{Dataset, Lang, SCHEMA_VERSION};
use crate::{output, partner_workbook};

pub fn template(args: &TemplateArgs) -> Result<u8> {
    let inputs = Inputs::new(&args.inputs);
    let plan = inputs.plan()?;
    let year = match args.year {
        Some(y) => y,
        None => inputs.latest_published().map(|y| y + 1).ok_or_else(|| {
            Error::Input(format!(
                "{} has no published dataset; pass --year",
                inputs.root.join("published").display()
            ))
        })?,
    };
    // A plan's first year has no baseline: the workbook then only has the New actions sheet to fill.
    let baseline = inputs.baseline(year)?.unwrap_or_else(|| Dataset {
        schema_version: SCHEMA_VERSION,
        year: year - 1,
        plan: plan.clone(),
        actions: Vec::new(),
        corrections: Vec::new(),
    });
    let teams: Vec<String> = if args.team.is_empty() {
        plan.teams.iter().map(|t| t.id.clone()).collect()
    } else {
        args.team.clone()
    };
    let lang = Lang::from_code(&args.lang).unwrap_or(Lang::En);
    for team in &teams {
        if plan.team(team).is_none() {
            let known: Vec<&str> = plan.teams.iter().map(|t| t.id.as_str()).collect();
            return Err(Error::Input(format!(
                "team \"{team}\" is not in {}; the teams are: {}",
                inputs.plan_path().display(),
                known.join(", ")
            )));
        }
        let bytes = partner_workbook::workbook(&baseline, team, year, lang)
            .map_err(|e| Error::Render(format!("cannot write the workbook for {team}: {e}")))?;
        let path = args.output.join(format!("{team}-{year}.xlsx"));
        output::write_atomic(&path, &bytes)?;
        let open = baseline
            .actions
            .iter()
            .filter(|a| &a.lead_team == team && a.is_open())
            .count();
        crate::progress::say(format!("wrote {} ({open} open actions)", path.display()));
    }
    Ok(exit::OK)
}
