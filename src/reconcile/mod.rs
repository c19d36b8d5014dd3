//! Reconcile: last year's dataset plus this year's submissions become this year's dataset and
//! findings. Everything mechanical is done here; every decision a person must make is a finding,
//! and the decisions made are read from the year's resolutions file.

mod corrections;
mod resolutions;

use std::collections::BTreeMap;
use std::path::Path;

pub use resolutions::{Choose, CorrectionEntry, Reopen, Resolutions};

use crate::findings::{Code, Finding, Ledger};
use crate::ingest::{self, NewActionRecord, Submission, UpdateRecord};
use crate::model::{
    Action, ActionId, Bilingual, Dataset, Field, Lang, PerLang, Plan, SCHEMA_VERSION, Slot, Source,
    Status, Text, Update,
};
use crate::translation::{self, Parity};

/// The outcome of reconciliation.
#[derive(Debug)]
pub struct Reconciled {
    pub dataset: Dataset,
    pub findings: Vec<Finding>,
    pub ledger: Ledger,
    /// Whether each text's Welsh is there and current.
    pub parity: Parity,
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
    resolutions: &Resolutions,
) -> Reconciled {
    reconcile_owned(plan, baseline.cloned(), year, submissions, resolutions)
}

/// [`reconcile`], taking last year's dataset by value: its actions move into this year's instead
/// of being copied, which matters when a plan's history is large.
pub fn reconcile_owned(
    plan: &Plan,
    baseline: Option<Dataset>,
    year: u16,
    submissions: &[Submission],
    resolutions: &Resolutions,
) -> Reconciled {
    let mut r = Run {
        plan,
        year,
        resolutions,
        used: Used::default(),
        actions: BTreeMap::new(),
        findings: Vec::new(),
        ledger: Ledger::default(),
        welsh_at: BTreeMap::new(),
    };
    let mut corrections = Vec::new();
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
                // The baseline is read from where every build reads it (see `Inputs::baseline`).
                .at(&Source::file(format!(
                    "published/{}/dataset.json",
                    year - 1
                )))
                .fix(format!(
                    "use the dataset published for {} as the baseline, or build a later year",
                    year - 1
                )),
            );
        }
        for mut a in base.actions {
            a.updates.retain(|u| u.year < year);
            r.actions.insert(a.id.clone(), a);
        }
        corrections.extend(
            base.corrections
                .into_iter()
                .filter(|c| c.corrected_in < year),
        );
    }
    for sub in submissions {
        let records = sub.records();
        r.ledger.rows += sub.rows;
        r.ledger.unreadable += sub.rows.saturating_sub(records);
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
    corrections.extend(r.corrections());
    r.unused_resolutions();
    r.missing_updates();
    let mut dataset = Dataset {
        schema_version: SCHEMA_VERSION,
        year,
        plan: plan.clone(),
        actions: r.actions.into_values().collect(),
        corrections,
    };
    dataset.canonicalise();
    // Returned translations fill the Welsh the partners did not send; then every text's Welsh
    // is checked against its English.
    let translations: Vec<&ingest::TranslationRecord> =
        current.iter().flat_map(|s| &s.translations).collect();
    let mut findings = r.findings;
    translation::apply(
        &mut dataset,
        &translations,
        &mut translation::Outcome {
            findings: &mut findings,
            ledger: &mut r.ledger,
            welsh_at: &mut r.welsh_at,
        },
    );
    let parity = Parity::of(&dataset);
    findings.extend(parity.findings(&dataset, &r.welsh_at));
    for sub in submissions {
        findings.extend(sub.findings.iter().cloned());
    }
    crate::findings::sort(&mut findings);
    Reconciled {
        dataset,
        findings,
        ledger: r.ledger,
        parity,
    }
}

/// Which resolutions were acted on, by index, so the rest can be reported.
#[derive(Default)]
struct Used {
    choose: Vec<usize>,
    reopen: Vec<usize>,
}

struct Run<'p> {
    plan: &'p Plan,
    year: u16,
    resolutions: &'p Resolutions,
    used: Used,
    actions: BTreeMap<ActionId, Action>,
    findings: Vec<Finding>,
    ledger: Ledger,
    /// Where each text's Welsh was (or should have been) given, for findings about it.
    welsh_at: BTreeMap<Slot, Source>,
}

impl Run<'_> {
    fn year_matches(&mut self, sub: &Submission) -> bool {
        match &sub.year {
            Some(y) if y.value != self.year => {
                self.ledger.rejected += sub.records();
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

    fn resolutions_file(&self) -> String {
        if self.resolutions.file.is_empty() {
            format!("resolutions/{}.toml", self.year)
        } else {
            self.resolutions.file.clone()
        }
    }

    fn new_action(&mut self, rec: &NewActionRecord) {
        let id = &rec.id;
        if let Some(existing) = self.actions.get(id) {
            // The row may differ from what was published only where a correction says so.
            let agrees = |field: Field, published: &Bilingual, sent: &PerLang<Option<Text>>| {
                Lang::ALL.iter().all(|&l| {
                    sent.get(l).is_none()
                        || published.is(l, sent.get(l))
                        || self.corrected_to(id, field, l, sent.get(l))
                })
            };
            let same = agrees(Field::Commitment, &existing.commitment, &rec.commitment)
                && agrees(Field::Background, &existing.background, &rec.background);
            let finding = match (existing.introduced < self.year, same) {
                (true, true) => {
                    self.ledger.merged += 1;
                    Finding::info(
                        Code::AlreadyPublished,
                        format!(
                            "action {id} was published in {}; this row repeats it (with any change recorded as a correction) and adds nothing",
                            existing.introduced
                        ),
                    )
                }
                (true, false) => {
                    self.ledger.rejected += 1;
                    Finding::blocking(
                        Code::PublishedTextEdit,
                        format!(
                            "the row would change the commitment or background of action {id}, published in {}; published text never changes silently",
                            existing.introduced
                        ),
                    )
                    .fix(format!(
                        "to correct published text, add a [[correction]] for {id} with the new text and the reason to {}; otherwise delete the row",
                        self.resolutions_file()
                    ))
                }
                (false, _) => {
                    self.ledger.rejected += 1;
                    Finding::blocking(
                        Code::ActionIdTaken,
                        format!(
                            "another new action this year already has the ID {id} ({})",
                            existing.source
                        ),
                    )
                    .fix(format!(
                        "give one of them the next free ID in category {}",
                        id.category()
                    ))
                }
            };
            self.findings.push(finding.at(&rec.source).action(id));
            return;
        }
        if self.plan.category(rec.category).is_none() || id.category() != rec.category {
            self.ledger.rejected += 1;
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
        self.missing_english(&rec.commitment, "commitment", &rec.source, id);
        for slot in [Slot::commitment(id), Slot::background(id)] {
            self.welsh_at.insert(slot, rec.source.clone());
        }
        if rec.commitment.is_empty() {
            self.findings.push(
                Finding::blocking(Code::MissingText, "the new action has no commitment")
                    .at(&rec.source)
                    .action(id)
                    .fix(
                        "write the commitment (\"The Welsh Government will …\") in both languages",
                    ),
            );
        }
        self.ledger.used += 1;
        self.actions.insert(
            id.clone(),
            Action {
                id: id.clone(),
                category: rec.category,
                lead_team: rec.lead_team.clone(),
                introduced: self.year,
                commitment: Bilingual::submitted(rec.commitment.clone()),
                background: Bilingual::submitted(rec.background.clone()),
                updates: Vec::new(),
                source: rec.source.clone(),
            },
        );
    }

    /// Whether a `[[correction]]` sets this field of `id` in `lang` to `text`.
    fn corrected_to(&self, id: &ActionId, field: Field, lang: Lang, text: &Option<Text>) -> bool {
        self.resolutions.correction.iter().any(|c| {
            let c = c.get_ref();
            c.action == *id
                && c.field == field
                && c.lang == lang
                && ingest::text::parse(&c.text) == *text
        })
    }

    /// Welsh with no English: the English is written first, so this is a gap in the submission.
    /// (Missing Welsh is found for every text at once, after translations: see `translation`.)
    fn missing_english(
        &mut self,
        text: &PerLang<Option<Text>>,
        what: &str,
        at: &Source,
        id: &ActionId,
    ) {
        if text.en.is_none() && text.cy.is_some() {
            self.findings.push(
                Finding::blocking(
                    Code::MissingLanguage,
                    format!("the {what} has no English text"),
                )
                .at(at)
                .action(id)
                .fix(format!("add the English {what}")),
            );
        }
    }

    /// The candidate to use among several, and findings for the others.
    fn pick<'c>(&mut self, id: &ActionId, candidates: &'c [Candidate<'c>]) -> &'c Candidate<'c> {
        let first = &candidates[0];
        let all_same = candidates[1..]
            .iter()
            .all(|c| c.record.status == first.record.status && c.record.text == first.record.text);
        if all_same {
            for other in &candidates[1..] {
                self.ledger.merged += 1;
                self.findings.push(
                    Finding::info(
                        Code::DuplicateUpdate,
                        format!(
                            "the same update also comes from {}; merged",
                            first.record.source
                        ),
                    )
                    .at(&other.record.source)
                    .action(id),
                );
            }
            return first;
        }
        let choice = self
            .resolutions
            .choose
            .iter()
            .enumerate()
            .find(|(_, c)| c.get_ref().action == *id);
        let chosen = choice.and_then(|(i, c)| {
            let pos = candidates
                .iter()
                .position(|cand| cand.record.source.file == c.get_ref().file)?;
            Some((i, pos))
        });
        if let Some((i, _)) = chosen {
            self.used.choose.push(i);
        }
        let winner = chosen.map_or(0, |(_, pos)| pos);
        for other in candidates
            .iter()
            .enumerate()
            .filter(|(i, _)| *i != winner)
            .map(|(_, c)| c)
        {
            self.ledger.rejected += 1;
            let finding = match chosen {
                Some((i, _)) => {
                    let entry = &self.resolutions.choose[i];
                    let at = self.resolutions.source(entry);
                    Finding::info(Code::Resolved, format!("not used: {at} chooses another submission ({})", entry.get_ref().reason))
                }
                None => Finding::blocking(
                    Code::ConflictingUpdates,
                    format!("this update differs from the one in {}; drafts use that one", first.record.source),
                )
                .fix(format!(
                    "agree one update between the teams, or choose one in {}: [[choose]] action = \"{id}\", file = \"{}\", reason = \"…\"",
                    self.resolutions_file(),
                    other.record.source.file
                )),
            };
            self.findings
                .push(finding.at(&other.record.source).action(id));
        }
        &candidates[winner]
    }

    fn update(&mut self, id: &ActionId, candidates: &[Candidate]) {
        let Some(action) = self.actions.get(id) else {
            let near: Vec<String> = self
                .actions
                .keys()
                .filter(|k| k.category() == id.category())
                .map(|k| k.to_string())
                .collect();
            for c in candidates {
                self.ledger.rejected += 1;
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
        let lead_team = action.lead_team.clone();
        let previous = action.status();
        // The newest published update, which this year's must not repeat.
        let last = action.updates.iter().max_by_key(|u| u.year).cloned();
        let chosen = self.pick(id, candidates);
        let rec = chosen.record;
        self.ledger.used += 1;
        if !chosen.team.is_empty() && chosen.team != lead_team {
            self.findings.push(
                Finding::warning(
                    Code::NotLeadTeam,
                    format!(
                        "sent by team \"{}\", but the action is led by \"{lead_team}\"",
                        chosen.team
                    ),
                )
                .at(&rec.source)
                .action(id)
                .fix("check with the lead team that this update is agreed"),
            );
        }
        if let Some(prev) = previous.filter(|s| !s.is_open()) {
            self.finished(id, prev, rec);
        }
        if let Some(last) = &last {
            for lang in Lang::ALL {
                if rec.text.get(lang).is_some() && last.text.is(lang, rec.text.get(lang)) {
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
        self.missing_english(&rec.text, "update", &rec.text_source.en, id);
        self.welsh_at
            .insert(Slot::update(id, self.year), rec.text_source.cy.clone());
        // Each unknown reference once, though both languages name it.
        let refs: std::collections::BTreeSet<ActionId> = Lang::ALL
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
            text: Bilingual::submitted(rec.text.clone()),
            team: if chosen.team.is_empty() {
                lead_team
            } else {
                chosen.team.clone()
            },
            source: rec.source.clone(),
        };
        self.actions
            .get_mut(id)
            .expect("checked above")
            .updates
            .insert(0, update);
    }

    /// An update to an action delivered or closed before: only with a `[[reopen]]`.
    fn finished(&mut self, id: &ActionId, prev: Status, rec: &UpdateRecord) {
        if let Some((i, entry)) = self
            .resolutions
            .reopen
            .iter()
            .enumerate()
            .find(|(_, r)| r.get_ref().action == *id)
        {
            self.used.reopen.push(i);
            let at = self.resolutions.source(entry);
            self.findings.push(
                Finding::info(
                    Code::Resolved,
                    format!("reopened by {at}: {}", entry.get_ref().reason),
                )
                .at(&rec.source)
                .action(id),
            );
            return;
        }
        let file = self.resolutions_file();
        let fix = format!(
            "if this is right, add to {file}: [[reopen]] action = \"{id}\", reason = \"…\"; otherwise remove the row"
        );
        let finding = if rec.status.is_open() {
            Finding::blocking(
                Code::StatusBackwards,
                format!(
                    "the status goes back from {} to {}",
                    prev.key(),
                    rec.status.key()
                ),
            )
        } else {
            Finding::blocking(
                Code::UpdateToFinishedAction,
                format!(
                    "the action was marked {} in an earlier year and gets no more updates",
                    prev.key()
                ),
            )
        };
        self.findings
            .push(finding.at(&rec.source).action(id).fix(fix));
    }

    fn unused_resolutions(&mut self) {
        let r = self.resolutions;
        let unused = |kind: &str, action: &ActionId, at: Source| {
            Finding::warning(Code::UnusedResolution, format!("the [[{kind}]] for action {action} matched nothing this year"))
                .at(&at)
                .action(action)
                .fix("remove it, or check the action ID and file name against the findings it was meant for")
        };
        for (_, e) in r
            .choose
            .iter()
            .enumerate()
            .filter(|(i, _)| !self.used.choose.contains(i))
        {
            self.findings
                .push(unused("choose", &e.get_ref().action, r.source(e)));
        }
        for (_, e) in r
            .reopen
            .iter()
            .enumerate()
            .filter(|(i, _)| !self.used.reopen.contains(i))
        {
            self.findings
                .push(unused("reopen", &e.get_ref().action, r.source(e)));
        }
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
