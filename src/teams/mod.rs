//! Where each partner team stands in a year: the actions it leads, which have this year's update
//! and from which file, which still owe one (an update sent but not used is still owed, with
//! why), and the blocking problems in its files and actions.
//! The `status` table and the per-team feedback files ([`feedback`]) are both made from it.

pub mod actors;
pub mod feedback;
pub mod table;

use std::collections::HashMap;

use serde::Serialize;

use crate::findings::{Code, Finding, Severity};
use crate::ingest::{Submission, Unused};
use crate::model::{Dataset, Lang};
use actors::Actor;

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
    /// Updates in its files that were not used and name no action of the plan (an ID that is not
    /// one, or no action's): still owed.
    pub unused: Vec<Unused>,
}

/// One action a team leads.
#[derive(Debug, Serialize)]
pub struct Led {
    pub action: String,
    /// The file this year's update came from, if one came.
    pub updated_from: Option<String>,
    /// Open, with no update used this year, and either published before this year or sent an
    /// update that was not used: the team owes one.
    pub owes: bool,
    /// The updates sent for it this year that were not used, with why.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub unused: Vec<Unused>,
}

impl TeamStatus {
    pub fn owed(&self) -> impl Iterator<Item = &Led> {
        self.actions.iter().filter(|a| a.owes)
    }

    /// How many updates the team still owes: for its actions, and those sent naming no action.
    pub fn owed_count(&self) -> usize {
        self.owed().count() + self.unused.len()
    }

    pub fn updated(&self) -> usize {
        self.actions
            .iter()
            .filter(|a| a.updated_from.is_some())
            .count()
    }
}

/// Every team of the plan, in its order, with where it stands in `dataset`'s year. Each finding
/// goes to the teams that can act on it (see [`actors`]): the team whose file it is in, the team
/// that leads its action, or neither (the coordinator's).
pub fn of(
    dataset: &Dataset,
    submissions: &[Submission],
    findings: &[Finding],
    unused: &[Unused],
) -> Vec<TeamStatus> {
    let year = dataset.year;
    let plan = &dataset.plan;
    let index: HashMap<&str, usize> = plan
        .teams
        .iter()
        .enumerate()
        .map(|(i, t)| (t.id.as_str(), i))
        .collect();
    let mut teams: Vec<TeamStatus> = plan
        .teams
        .iter()
        .map(|team| TeamStatus {
            team: team.id.clone(),
            name: team.name.get(Lang::En).clone(),
            name_cy: team.name.get(Lang::Cy).clone(),
            actions: Vec::new(),
            files: Vec::new(),
            blocking: Vec::new(),
            other: Vec::new(),
            unused: Vec::new(),
        })
        .collect();
    let mut team_of_file: HashMap<&str, usize> = HashMap::new();
    for sub in submissions {
        if let Some(&i) = crate::reconcile::team_of(plan, sub)
            .as_deref()
            .and_then(|t| index.get(t))
        {
            team_of_file.insert(&sub.file, i);
            teams[i].files.push(sub.file.clone());
        }
    }
    for a in &dataset.actions {
        let Some(&i) = index.get(a.lead_team.as_str()) else {
            continue;
        };
        let update = a.update_for(year);
        let not_used: Vec<Unused> = crate::reconcile::not_used(unused, a, year)
            .cloned()
            .collect();
        let owes = a.owes_update(year) || !not_used.is_empty();
        if update.is_some() || owes || (a.is_open() && a.introduced == year) {
            teams[i].actions.push(Led {
                action: a.id.to_string(),
                updated_from: update.map(|u| u.source.file.clone()),
                owes,
                unused: not_used,
            });
        }
    }
    // An update that names no action of the plan is owed by the team whose file it is in.
    for u in unused {
        let named = u.action.as_ref().and_then(|id| dataset.action(id));
        if let (None, Some(&i)) = (named, team_of_file.get(u.source.file.as_str())) {
            teams[i].unused.push(u.clone());
        }
    }
    // An owed update is each team's `owes` already: its `no-update` warning would say it twice.
    for f in findings.iter().filter(|f| f.code != Code::NoUpdate) {
        let lead = || {
            f.action
                .as_ref()
                .and_then(|id| dataset.action(id))
                .and_then(|a| index.get(a.lead_team.as_str()).copied())
        };
        let sender = || {
            f.source
                .as_ref()
                .and_then(|s| team_of_file.get(s.file.as_str()).copied())
        };
        let to = match actors::actor(f.code) {
            Actor::Sender => [sender(), None],
            Actor::SenderAndLead => [sender(), lead().filter(|&i| Some(i) != sender())],
            Actor::Lead => [lead(), None],
            Actor::Coordinator => [None, None],
        };
        for i in to.into_iter().flatten() {
            let team = &mut teams[i];
            match f.severity {
                Severity::Blocking => team.blocking.push(f.clone()),
                _ => team.other.push(f.clone()),
            }
        }
    }
    teams
}
