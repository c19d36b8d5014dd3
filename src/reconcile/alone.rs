//! Files reconciled on their own, with no plan: what a partner's `check FILE` runs on its own
//! computer. The files are reconciled by the same code as in the plan, against a stand-in plan
//! made of what they name, so every check that needs only the files gives the finding it gives in
//! the plan, word for word; the findings only the plan can give are left out and named.

use std::collections::BTreeSet;

use super::{Reconciled, Resolutions};
use crate::findings::{Code, Finding};
use crate::ingest::Submission;
use crate::model::{
    Action, ActionId, Bilingual, Category, Dataset, PerLang, Plan, SCHEMA_VERSION, Source, Team,
};

/// What a check without the plan cannot check, as the command says it.
pub const NOT_CHECKED: &str = "whether the actions, categories and teams the file names are the plan's, who leads each action, references to other actions, and whether a text repeats or changes published text";

/// What else it cannot check when it read returned translations.
pub const NOT_CHECKED_TRANSLATIONS: &str =
    "whether a translation unit names a text of the year that these files do not hold";

/// Findings that need the plan: against the stand-in they would be untrue, so they are left out.
/// (An unknown action, team or category cannot arise: the stand-in has every one the files name.)
const NEEDS_THE_PLAN: [Code; 3] = [Code::UnknownReference, Code::NotLeadTeam, Code::NoUpdate];

/// Reconciles `submissions` for `year` on their own (see the module's comment); the findings are
/// in no order, as [`super::reconcile_with`]'s.
pub fn alone(year: u16, submissions: &[Submission]) -> Reconciled {
    let named = |s: &Submission| s.team.as_ref().map(|t| t.value.clone());
    let new_ids: BTreeSet<&ActionId> = submissions
        .iter()
        .flat_map(|s| &s.new_actions)
        .map(|a| &a.id)
        .collect();
    // Every action updated but not set up in the files: open, published before, led by the
    // team that sends the update, with no text of its own.
    let mut stand_ins: Vec<Action> = Vec::new();
    for sub in submissions {
        for rec in sub.updates.iter().filter(|u| !new_ids.contains(&u.action)) {
            if stand_ins.iter().any(|a| a.id == rec.action) {
                continue;
            }
            stand_ins.push(Action {
                id: rec.action.clone(),
                category: rec.action.category(),
                lead_team: rec.team.clone().or_else(|| named(sub)).unwrap_or_default(),
                introduced: year.saturating_sub(1),
                commitment: Bilingual::default(),
                background: Bilingual::default(),
                updates: Vec::new(),
                source: Source::file(&sub.file),
            });
        }
    }
    let categories: BTreeSet<u32> = submissions
        .iter()
        .flat_map(|s| {
            let updated = s.updates.iter().map(|u| u.action.category());
            let new = s
                .new_actions
                .iter()
                .flat_map(|a| [a.id.category(), a.category]);
            updated.chain(new).collect::<Vec<_>>()
        })
        .collect();
    let teams: BTreeSet<String> = submissions
        .iter()
        .flat_map(|s| {
            let mut teams: Vec<String> = named(s).into_iter().collect();
            teams.extend(s.updates.iter().filter_map(|u| u.team.clone()));
            teams.extend(s.new_actions.iter().map(|a| a.lead_team.clone()));
            teams
        })
        .collect();
    let words = |s: String| PerLang {
        en: s.clone(),
        cy: s,
    };
    let plan = Plan {
        title: PerLang::default(),
        organisation: PerLang::default(),
        publication_dates: Default::default(),
        categories: categories
            .into_iter()
            .map(|number| Category {
                number,
                name: words(format!("category {number}")),
            })
            .collect(),
        teams: teams
            .into_iter()
            .map(|id| Team {
                name: words(id.clone()),
                id,
            })
            .collect(),
        conformance: Default::default(),
        publication: None,
    };
    let baseline = Dataset {
        schema_version: SCHEMA_VERSION,
        year: year.saturating_sub(1),
        plan: plan.clone(),
        actions: stand_ins,
        corrections: Vec::new(),
        retranslations: Vec::new(),
        narrative: Vec::new(),
    };
    let mut reconciled = super::reconcile_with(
        &plan,
        Some(baseline),
        year,
        submissions,
        &Resolutions::default(),
        Default::default(),
    );
    // A returned translation's unit for a text these files do not hold: the plan may hold it.
    let elsewhere: BTreeSet<&Source> = submissions
        .iter()
        .flat_map(|s| &s.translations)
        .filter(|t| {
            reconciled
                .dataset
                .text_at(&t.slot)
                .is_none_or(|text| text.en.is_none())
        })
        .map(|t| &t.source)
        .collect();
    let needs_the_plan = |f: &Finding| {
        NEEDS_THE_PLAN.contains(&f.code)
            || (f.code == Code::UnusedTranslation
                && f.source.as_ref().is_some_and(|s| elsewhere.contains(s)))
    };
    let findings = std::mem::take(&mut reconciled.findings);
    reconciled.findings = findings
        .into_iter()
        .filter(|f| !needs_the_plan(f))
        .collect();
    reconciled
}
