//! `annual-update check`: ingest and reconcile without rendering, for partners before they send a
//! file and for the policy team after every new submission.

use std::path::{Path, PathBuf};

use crate::args::{CheckArgs, Format};
use crate::error::{Result, exit};
use crate::findings::{self, Code, Finding, Severity};
use crate::ingest::{self, Submission};
use crate::inputs::Inputs;
use crate::pipeline::year::History;
use crate::reconcile::{self, Ledger};
use crate::sieve::Sieve;
use crate::{progress, report};

pub fn check(args: &CheckArgs) -> Result<u8> {
    let mut parity = None;
    let (submissions, found, ledger) = if args.files.is_empty() {
        let theme = crate::render::Theme::load(crate::pipeline::templates_dir(&None).as_deref())?;
        let year = crate::pipeline::year::load(
            &args.inputs,
            args.year,
            &crate::render::glyphs::Coverage::of(&theme),
            History::Sealed,
        )?;
        parity = Some(year.reconciled.parity.summary());
        (
            year.submissions,
            year.reconciled.findings,
            Some(year.reconciled.ledger),
        )
    } else {
        files(args)?
    };
    match args.format {
        Format::Human if progress::quiet() => {
            report::print_blocking(&mut std::io::stderr().lock(), &found)
                .map_err(|e| crate::error::Error::Environment(e.to_string()))?;
        }
        Format::Human => {
            let mut err = std::io::stderr().lock();
            report::print(&mut err, &found)
                .map_err(|e| crate::error::Error::Environment(e.to_string()))?;
            for sub in &submissions {
                eprintln!(
                    "  {}: {} rows read: {} updates, {} new actions, {} translations",
                    sub.file,
                    sub.rows,
                    sub.updates.len(),
                    sub.new_actions.len(),
                    sub.translations.len()
                );
            }
            if let Some(parity) = &parity {
                eprintln!("{parity}");
            }
        }
        Format::Json => println!("{}", report::json(&submissions, &found, ledger.as_ref())),
    }
    Ok(if findings::count(&found, Severity::Blocking) > 0 {
        exit::INPUT
    } else {
        exit::OK
    })
}

/// Checks the named files (folders are expanded). When the inputs folder has a plan, the files are
/// also reconciled against it and last year's dataset, so unknown actions and the like show; the
/// findings that only make sense for a whole year (actions nobody updated) are left out.
fn files(args: &CheckArgs) -> Result<(Vec<Submission>, Vec<Finding>, Option<Ledger>)> {
    let mut paths: Vec<PathBuf> = Vec::new();
    for p in &args.files {
        if p.is_dir() {
            paths.extend(
                ingest::submission_files(p).map_err(|e| crate::error::Error::io("read", p, e))?,
            );
        } else {
            paths.push(p.clone());
        }
    }
    let submissions = crate::pipeline::year::read(&paths, |p: &Path| p.display().to_string());
    let inputs = Inputs::new(&args.inputs);
    let (mut found, ledger): (Vec<Finding>, Option<Ledger>) = if inputs.plan_path().is_file() {
        let plan = inputs.plan()?;
        let year = args
            .year
            .or_else(|| {
                submissions
                    .iter()
                    .find_map(|s| s.year.as_ref().map(|y| y.value))
            })
            .map_or_else(|| inputs.latest_year(), Ok)?;
        let resolutions = inputs.resolutions(year)?;
        // Only these files' findings are reported, so the history's words are not needed.
        let theme = crate::render::Theme::load(crate::pipeline::templates_dir(&None).as_deref())?;
        let coverage = crate::render::glyphs::Coverage::of(&theme);
        let sieve = Sieve::new(year, &coverage, &submissions, &resolutions);
        let baseline = inputs.baseline_sieved(year, Some(&sieve))?;
        let r = reconcile::reconcile_owned(&plan, baseline, year, &submissions, &resolutions);
        (r.findings, Some(r.ledger))
    } else {
        (
            submissions
                .iter()
                .flat_map(|s| s.findings.iter().cloned())
                .collect(),
            None,
        )
    };
    found.retain(|f| f.code != Code::NoUpdate);
    findings::sort(&mut found);
    Ok((submissions, found, ledger))
}
