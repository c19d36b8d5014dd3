//! Where each partner team stands in a year: the actions it leads, which have this year's update
//! and from which file, which still owe one, and the blocking problems in its files and actions.
//! The `status` table and the per-team feedback files ([`feedback`]) are both made from it.

pub mod feedback;
pub mod table;

use serde::Serialize;

use crate::findings::{Finding, Severity};
use crate::ingest::Submission;
use crate::model::{Dataset, Lang};

/// One team's year.
#[derive(Debug, Serialize)]
pub struct TeamStatus {
    /// The team's ID in `plan.toml`.
    pub team: String,
    pub name: String,
    pub name_cy: String,
    /// The open actions it leads, and those it finished this year, in ID order.
    pub actions: Vec<Led>,
    /// The files it sent this year.
    pub files: Vec<String>,
    /// The blocking findings about its files or its actions.
    pub blocking: Vec<Finding>,
    /// The other findings about them.
    pub other: Vec<Finding>,
}

/// One action a team leads.
#[derive(Debug, Serialize)]
pub struct Led {
    pub action: String,
    /// The file this year's update came from, if one came.
    pub updated_from: Option<String>,
    /// Open, published before this year, and no update yet: the team owes one.
    pub owes: bool,
}

impl TeamStatus {
    pub fn owed(&self) -> impl Iterator<Item = &Led> {
        self.actions.iter().filter(|a| a.owes)
    }

    pub fn updated(&self) -> usize {
        self.actions
            .iter()
            .filter(|a| a.updated_from.is_some())
            .count()
    }
}

/// Every team of the plan, in its order, with where it stands in `dataset`'s year.
pub fn of(dataset: &Dataset, submissions: &[Submission], findings: &[Finding]) -> Vec<TeamStatus> {
    let year = dataset.year;
    let plan = &dataset.plan;
    let team_of_file = |file: &str| {
        submissions
            .iter()
            .find(|s| s.file == file)
            .and_then(|s| crate::reconcile::team_of(plan, s))
    };
    plan.teams
        .iter()
        .map(|team| {
            let actions: Vec<Led> = dataset
                .actions
                .iter()
                .filter(|a| a.lead_team == team.id)
                .filter_map(|a| {
                    let update = a.update_for(year);
                    let owes = update.is_none() && a.is_open() && a.introduced < year;
                    (update.is_some() || owes || (a.is_open() && a.introduced == year)).then(|| {
                        Led {
                            action: a.id.to_string(),
                            updated_from: update.map(|u| u.source.file.clone()),
                            owes,
                        }
                    })
                })
                .collect();
            let files: Vec<String> = submissions
                .iter()
                .filter(|s| crate::reconcile::team_of(plan, s).as_deref() == Some(&team.id))
                .map(|s| s.file.clone())
                .collect();
            let concerns = |f: &&Finding| {
                let by_action = f
                    .action
                    .as_ref()
                    .and_then(|id| dataset.action(id))
                    .is_some_and(|a| a.lead_team == team.id);
                let by_file = f
                    .source
                    .as_ref()
                    .and_then(|s| team_of_file(&s.file))
                    .is_some_and(|t| t == team.id);
                by_action || by_file
            };
            let (blocking, other): (Vec<Finding>, Vec<Finding>) = findings
                .iter()
                .filter(concerns)
                .cloned()
                .partition(|f| f.severity == Severity::Blocking);
            TeamStatus {
                team: team.id.clone(),
                name: team.name.get(Lang::En).clone(),
                name_cy: team.name.get(Lang::Cy).clone(),
                actions,
                files,
                blocking,
                other,
            }
        })
        .collect()
}
