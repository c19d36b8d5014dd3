//! Reconcile: last year's dataset plus this year's submissions become this year's dataset and
//! findings. Everything mechanical is done here; every decision a person must make is a finding.

use std::collections::BTreeMap;
use std::path::Path;

use crate::findings::{Code, Finding};
use crate::ingest::{NewActionRecord, Submission, UpdateRecord};
use crate::model::{
    Action, ActionId, Dataset, Lang, PerLang, Plan, SCHEMA_VERSION, Source, Text, Update,
};

/// The outcome of reconciliation.
#[derive(Debug)]
pub struct Reconciled {
    pub dataset: Dataset,
    pub findings: Vec<Finding>,
}

/// An update record with the team it is attributed to.
struct Candidate<'a> {
    record: &'a UpdateRecord,
    team: String,
}

pub fn reconcile(
    plan: &Plan,
    baseline: Option<&Dataset>,
    year: u16,
    submissions: &[Submission],
) -> Reconciled {
    let mut r = Run {
        plan,
        year,
        actions: BTreeMap::new(),
        findings: Vec::new(),
    };
    if let Some(base) = baseline {
        if base.year >= year {
            r.findings.push(
                Finding::blocking(
                    Code::BaselineYear,
                    format!(
                        "last year's dataset is for {}, but this build is for {year}",
                        base.year
                    ),
                )
                .fix(format!(
                    "use the dataset published for {} as the baseline, or build a later year",
                    year - 1
                )),
            );
        }
        for a in &base.actions {
            let mut a = a.clone();
            a.updates.retain(|u| u.year < year);
            r.actions.insert(a.id.clone(), a);
        }
    }
    let current: Vec<&Submission> = submissions.iter().filter(|s| r.year_matches(s)).collect();
    for sub in &current {
        for rec in &sub.new_actions {
            r.new_action(rec);
        }
    }
    let mut by_action: BTreeMap<&ActionId, Vec<Candidate>> = BTreeMap::new();
    for sub in &current {
        let team = r.submission_team(sub);
        for rec in &sub.updates {
            let team = rec
                .team
                .clone()
                .or_else(|| team.clone())
                .unwrap_or_default();
            by_action
                .entry(&rec.action)
                .or_default()
                .push(Candidate { record: rec, team });
        }
    }
    for (id, candidates) in by_action {
        r.update(id, &candidates);
    }
    r.missing_updates();
    let mut dataset = Dataset {
        schema_version: SCHEMA_VERSION,
        year,
        plan: plan.clone(),
        actions: r.actions.into_values().collect(),
    };
    dataset.canonicalise();
    let mut findings = r.findings;
    for sub in submissions {
        findings.extend(sub.findings.iter().cloned());
    }
    crate::findings::sort(&mut findings);
    Reconciled { dataset, findings }
}

struct Run<'p> {
    plan: &'p Plan,
    year: u16,
    actions: BTreeMap<ActionId, Action>,
    findings: Vec<Finding>,
}

impl Run<'_> {
    fn year_matches(&mut self, sub: &Submission) -> bool {
        match &sub.year {
            Some(y) if y.value != self.year => {
                self.findings.push(
                    Finding::blocking(
                        Code::YearMismatch,
                        format!("the file is for {}, but this build is for {}; none of its rows were used", y.value, self.year),
                    )
                    .at(&y.source)
                    .fix(format!("send this year's file, or correct year=\"{}\" if the content is for {}", y.value, self.year)),
                );
                false
            }
            _ => true,
        }
    }

    /// The team a file comes from: its `team` attribute, else its file name if that is a team ID.
    fn submission_team(&mut self, sub: &Submission) -> Option<String> {
        if let Some(team) = &sub.team {
            if self.plan.team(&team.value).is_none() {
                self.findings
                    .push(self.unknown_team(&team.value).at(&team.source));
            }
            return Some(team.value.clone());
        }
        let stem = Path::new(&sub.file).file_stem()?.to_str()?.to_string();
        self.plan.team(&stem).map(|t| t.id.clone())
    }

    fn unknown_team(&self, team: &str) -> Finding {
        let known: Vec<&str> = self.plan.teams.iter().map(|t| t.id.as_str()).collect();
        Finding::warning(
            Code::UnknownTeam,
            format!("team \"{team}\" is not in the plan"),
        )
        .fix(format!("use one of: {}", known.join(", ")))
    }

    fn new_action(&mut self, rec: &NewActionRecord) {
        let id = &rec.id;
        if let Some(existing) = self.actions.get(id) {
            let what = if existing.introduced == self.year {
                "another new action this year"
            } else {
                "a published action"
            };
            self.findings.push(
                Finding::blocking(
                    Code::ActionIdTaken,
                    format!(
                        "the ID {id} is already used by {what} ({})",
                        existing.source
                    ),
                )
                .at(&rec.source)
                .action(id)
                .fix(format!(
                    "give the new action the next free ID in category {}",
                    id.category()
                )),
            );
            return;
        }
        if self.plan.category(rec.category).is_none() || id.category() != rec.category {
            let numbers: Vec<String> = self
                .plan
                .categories
                .iter()
                .map(|c| c.number.to_string())
                .collect();
            self.findings.push(
                Finding::blocking(
                    Code::UnknownCategory,
                    format!(
                        "category {} does not exist, or does not match the ID {id}",
                        rec.category
                    ),
                )
                .at(&rec.source)
                .action(id)
                .fix(format!(
                    "use one of the plan's categories ({}) and an ID that starts with it",
                    numbers.join(", ")
                )),
            );
            return;
        }
        if self.plan.team(&rec.lead_team).is_none() {
            self.findings
                .push(self.unknown_team(&rec.lead_team).at(&rec.source).action(id));
        }
        self.missing_language(
            &rec.commitment,
            "commitment",
            &PerLang {
                en: rec.source.clone(),
                cy: rec.source.clone(),
            },
            id,
        );
        self.actions.insert(
            id.clone(),
            Action {
                id: id.clone(),
                category: rec.category,
                lead_team: rec.lead_team.clone(),
                introduced: self.year,
                commitment: rec.commitment.clone(),
                background: rec.background.clone(),
                updates: Vec::new(),
                source: rec.source.clone(),
            },
        );
    }

    fn missing_language(
        &mut self,
        text: &PerLang<Option<Text>>,
        what: &str,
        sources: &PerLang<Source>,
        id: &ActionId,
    ) {
        if text.is_empty() {
            return;
        }
        for lang in text.missing() {
            self.findings.push(
                Finding::blocking(
                    Code::MissingLanguage,
                    format!("the {what} has no {} text", lang.english_name()),
                )
                .at(sources.get(lang))
                .action(id)
                .fix(format!(
                    "add the {} {what}, or send it through translation",
                    lang.english_name()
                )),
            );
        }
    }

    fn update(&mut self, id: &ActionId, candidates: &[Candidate]) {
        let first = &candidates[0];
        let rec = first.record;
        let Some(action) = self.actions.get(id).cloned() else {
            let near: Vec<String> = self
                .actions
                .keys()
                .filter(|k| k.category() == id.category())
                .map(|k| k.to_string())
                .collect();
            for c in candidates {
                self.findings.push(
                    Finding::blocking(
                        Code::UnknownAction,
                        format!("there is no action {id} in the plan"),
                    )
                    .at(&c.record.source)
                    .action(id)
                    .fix(if near.is_empty() {
                        "check the ID against last year's published update".to_string()
                    } else {
                        format!(
                            "check the ID; category {} has {}",
                            id.category(),
                            near.join(", ")
                        )
                    }),
                );
            }
            return;
        };
        for other in &candidates[1..] {
            let same = other.record.status == rec.status && other.record.text == rec.text;
            let finding = if same {
                Finding::info(
                    Code::DuplicateUpdate,
                    format!("the same update also comes from {}; merged", rec.source),
                )
            } else {
                Finding::blocking(
                    Code::ConflictingUpdates,
                    format!("a different update for this action comes from {}; the first one is used in drafts", rec.source),
                )
                .fix("agree one update between the teams and remove the other")
            };
            self.findings
                .push(finding.at(&other.record.source).action(id));
        }
        if !first.team.is_empty() && first.team != action.lead_team {
            self.findings.push(
                Finding::warning(
                    Code::NotLeadTeam,
                    format!(
                        "sent by team \"{}\", but the action is led by \"{}\"",
                        first.team, action.lead_team
                    ),
                )
                .at(&rec.source)
                .action(id)
                .fix("check with the lead team that this update is agreed"),
            );
        }
        if let Some(prev) = action.status().filter(|s| !s.is_open()) {
            self.findings.push(
                Finding::blocking(
                    Code::UpdateToFinishedAction,
                    format!(
                        "the action was marked {} in an earlier year and gets no more updates",
                        prev.key()
                    ),
                )
                .at(&rec.source)
                .action(id)
                .fix("remove this row, or reopen the action in the resolutions file"),
            );
        }
        if let Some(last) = action.updates.first() {
            for lang in Lang::ALL {
                if rec.text.get(lang).is_some() && rec.text.get(lang) == last.text.get(lang) {
                    self.findings.push(
                        Finding::warning(
                            Code::CopiedText,
                            format!(
                                "the {} text is the same as the {} update",
                                lang.english_name(),
                                last.year
                            ),
                        )
                        .at(rec.text_source.get(lang))
                        .action(id)
                        .fix("write what happened this year"),
                    );
                }
            }
        }
        self.missing_language(&rec.text, "update", &rec.text_source, id);
        let refs: Vec<ActionId> = Lang::ALL
            .iter()
            .filter_map(|&l| rec.text.get(l).as_ref())
            .flat_map(Text::references)
            .filter(|r| !self.actions.contains_key(*r))
            .cloned()
            .collect();
        for r in refs {
            self.findings.push(
                Finding::warning(
                    Code::UnknownReference,
                    format!("the text refers to action {r}, which does not exist"),
                )
                .at(&rec.source)
                .action(id)
                .fix("correct the action number in the text"),
            );
        }
        let update = Update {
            year: self.year,
            status: rec.status,
            text: rec.text.clone(),
            team: if first.team.is_empty() {
                action.lead_team.clone()
            } else {
                first.team.clone()
            },
            source: rec.source.clone(),
        };
        self.actions
            .get_mut(id)
            .expect("checked above")
            .updates
            .insert(0, update);
    }

    fn missing_updates(&mut self) {
        for action in self.actions.values() {
            if action.introduced < self.year
                && action.is_open()
                && action.update_for(self.year).is_none()
            {
                self.findings.push(
                    Finding::warning(
                        Code::NoUpdate,
                        format!("no update this year (led by {})", action.lead_team),
                    )
                    .action(&action.id)
                    .fix(format!(
                        "ask team \"{}\" for this year's update",
                        action.lead_team
                    )),
                );
            }
        }
    }
}
