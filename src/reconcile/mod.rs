//! Reconcile: last year's dataset plus this year's submissions become this year's dataset and
//! findings. Everything mechanical is done here; every decision a person must make is a finding,
//! and the decisions made are read from the year's resolutions file.

mod alone;
mod corrections;
mod new_actions;
mod resolutions;
mod updates;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

pub use alone::{NOT_CHECKED, NOT_CHECKED_TRANSLATIONS, alone};
pub use resolutions::{Choose, CorrectionEntry, Reopen, Resolutions};

use crate::findings::{Code, Finding, Ledger};
use crate::ingest::{self, Submission};
use crate::model::{
    Action, ActionId, Dataset, Field, Lang, PerLang, Plan, SCHEMA_VERSION, Source, Text, TextAt,
};
use crate::translation::{self, Parity};
use updates::Candidate;

/// The outcome of reconciliation.
#[derive(Debug)]
pub struct Reconciled {
    pub dataset: Dataset,
    pub findings: Vec<Finding>,
    pub ledger: Ledger,
    /// Whether each text's Welsh is there and current.
    pub parity: Parity,
    /// Every update sent this year that is not used, with why: its team still owes it.
    pub unused: Vec<ingest::Unused>,
}

impl Reconciled {
    /// The actions with an update sent this year that was not used, and none used: a draft says so.
    pub fn updates_not_used(&self) -> BTreeSet<ActionId> {
        let year = self.dataset.year;
        self.dataset
            .actions
            .iter()
            .filter(|a| not_used(&self.unused, a, year).next().is_some())
            .map(|a| a.id.clone())
            .collect()
    }
}

/// The updates sent for `action` in `year` that were not used, when it is open and has none
/// used: its team still owes one, and is told which was not used and why.
pub fn not_used<'u>(
    unused: &'u [ingest::Unused],
    action: &'u Action,
    year: u16,
) -> impl Iterator<Item = &'u ingest::Unused> {
    let awaited = action.is_open() && action.update_for(year).is_none();
    unused
        .iter()
        .filter(move |u| awaited && u.action.as_ref() == Some(&action.id))
}

pub fn reconcile(
    plan: &Plan,
    baseline: Option<&Dataset>,
    year: u16,
    submissions: &[Submission],
    resolutions: &Resolutions,
) -> Reconciled {
    let narrative = crate::narrative::Narrative::default();
    let mut reconciled = reconcile_with(
        plan,
        baseline.cloned(),
        year,
        submissions,
        resolutions,
        narrative,
    );
    crate::findings::sort(&mut reconciled.findings);
    reconciled
}

/// [`reconcile`], with this year's narrative as read (returned translations fill its Welsh too,
/// and its Welsh parity is checked with the actions'), taking last year's dataset by value: its
/// actions move into this year's instead of being copied, which matters when a plan's history is
/// large. The findings are in no order: a run sorts them once, with those it adds.
pub fn reconcile_with(
    plan: &Plan,
    baseline: Option<Dataset>,
    year: u16,
    submissions: &[Submission],
    resolutions: &Resolutions,
    narrative: crate::narrative::Narrative,
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
        english_at: BTreeMap::new(),
        unused: Vec::new(),
    };
    let mut corrections = Vec::new();
    let mut retranslations = Vec::new();
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
        retranslations.extend(
            base.retranslations
                .into_iter()
                .filter(|r| r.translated_in < year),
        );
    }
    for sub in submissions {
        let records = sub.records();
        r.ledger.rows += sub.rows;
        r.ledger.unreadable += sub.rows.saturating_sub(records);
    }
    let current: Vec<&Submission> = submissions.iter().filter(|s| r.year_matches(s)).collect();
    for sub in &current {
        r.unused.extend(sub.unused_updates.iter().cloned());
    }
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
        retranslations,
        narrative: narrative.pages,
    };
    r.welsh_at.extend(
        narrative
            .welsh_at
            .into_iter()
            .map(|(at, source)| (TextAt::Narrative(at), source)),
    );
    r.english_at.extend(
        narrative
            .english_at
            .into_iter()
            .map(|(at, source)| (TextAt::Narrative(at), source)),
    );
    dataset.canonicalise();
    // Each text given this year is checked for the language it claims: Welsh that is not Welsh
    // counts as missing, so returned translations may fill it.
    let mut language = crate::language::check(&dataset, &r.english_at, &r.welsh_at, |_| true);
    // Returned translations fill the Welsh the partners did not send; then every text's Welsh
    // is checked against its English.
    let translations: Vec<&ingest::TranslationRecord> =
        current.iter().flat_map(|s| &s.translations).collect();
    let mut findings = r.findings;
    let mut filled = BTreeSet::new();
    translation::apply(
        &mut dataset,
        &translations,
        &mut translation::Outcome {
            findings: &mut findings,
            ledger: &mut r.ledger,
            welsh_at: &mut r.welsh_at,
            not_welsh: &language.not_welsh,
            filled: &mut filled,
        },
    );
    // The Welsh a returned unit set is checked in its turn, in place of what it replaced.
    let again = crate::language::check(&dataset, &r.english_at, &r.welsh_at, |at| {
        filled.contains(at)
    });
    for at in &filled {
        language.findings.remove(at);
        language.not_welsh.remove(at);
    }
    language.findings.extend(again.findings);
    language.not_welsh.extend(again.not_welsh);
    let parity = Parity::of(&dataset, language.not_welsh.clone());
    findings.extend(parity.findings(&dataset, &r.welsh_at));
    findings.extend(language.into_findings());
    findings.extend(crate::narrative::parity_findings(
        &dataset.narrative,
        &r.welsh_at,
    ));
    for sub in submissions {
        findings.extend(sub.findings.iter().cloned());
    }
    Reconciled {
        dataset,
        findings,
        ledger: r.ledger,
        parity,
        unused: r.unused,
    }
}

/// The team a submission comes from: the team it names (an XML file's `team`), else the team
/// whose ID is the file's name (`online-safety.ods`, or `online-safety-2027.xlsx` as `template`
/// names it), else the team every row's Team column names.
pub fn team_of(plan: &Plan, sub: &Submission) -> Option<String> {
    if let Some(team) = &sub.team {
        return Some(team.value.clone());
    }
    let stem = Path::new(&sub.file)
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or_default();
    let undated = stem
        .rsplit_once('-')
        .filter(|(_, y)| y.len() == 4 && y.bytes().all(|b| b.is_ascii_digit()))
        .map(|(team, _)| team);
    let by_name = [Some(stem), undated]
        .into_iter()
        .flatten()
        .find_map(|name| plan.team(name));
    let by_rows = || {
        let mut teams = sub.updates.iter().map(|u| u.team.as_deref());
        let first = teams.next()??;
        teams
            .all(|t| t == Some(first))
            .then(|| plan.team(first))
            .flatten()
    };
    by_name.or_else(by_rows).map(|t| t.id.clone())
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
    welsh_at: BTreeMap<TextAt, Source>,
    /// Where each text given this year has its English, for the language check.
    english_at: BTreeMap<TextAt, Source>,
    /// The updates sent this year and not used (see [`Reconciled::unused`]).
    unused: Vec<ingest::Unused>,
}

impl Run<'_> {
    fn year_matches(&mut self, sub: &Submission) -> bool {
        match &sub.year {
            Some(y) if y.value != self.year => {
                self.ledger.rejected += sub.records();
                self.unused
                    .extend(sub.updates.iter().map(|rec| ingest::Unused {
                        action: Some(rec.action.clone()),
                        source: y.source.clone(),
                        code: Code::YearMismatch,
                    }));
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
        if let Some(team) = sub
            .team
            .as_ref()
            .filter(|t| self.plan.team(&t.value).is_none())
        {
            self.findings
                .push(self.unknown_team(&team.value).at(&team.source));
        }
        team_of(self.plan, sub)
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
        self.resolutions.file_for(self.year)
    }

    /// Whether a `[[correction]]` sets this field of `id` in `lang` to `text`.
    fn corrected_to(&self, id: &ActionId, field: Field, lang: Lang, text: &Option<Text>) -> bool {
        self.resolutions.correction.iter().any(|c| {
            let c = c.get_ref();
            c.action == *id
                && c.field == field
                && c.lang == lang
                && crate::text::parse(&c.text) == *text
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

    /// A warning for each open action with no update this year that owes one, or whose update
    /// was sent and not used (then the warning says which and why).
    fn missing_updates(&mut self) {
        for action in self.actions.values() {
            let finding = match not_used(&self.unused, action, self.year).next() {
                Some(u) => Finding::warning(
                    Code::NoUpdate,
                    format!(
                        "no update this year: the one in {} was not used ({})",
                        u.source,
                        u.code.as_str()
                    ),
                )
                .fix(format!(
                    "ask team \"{}\" to correct it (see the {} finding there) and send the file again",
                    action.lead_team,
                    u.code.as_str()
                )),
                _ if action.owes_update(self.year) => Finding::warning(
                    Code::NoUpdate,
                    format!("no update this year (led by {})", action.lead_team),
                )
                .fix(format!(
                    "ask team \"{}\" for this year's update",
                    action.lead_team
                )),
                _ => continue,
            };
            self.findings.push(finding.action(&action.id));
        }
    }
}
