//! `annual-update check`: ingest and reconcile without rendering, for partners before they send a
//! file and for the policy team after every new submission.

use crate::args::{CheckArgs, Format};
use crate::error::{Result, exit};
use crate::findings::report;
use crate::findings::{self, Severity};
use crate::pipeline::{self, Checked, YearFrom};
use crate::progress;

pub fn check(args: &CheckArgs) -> Result<u8> {
    let Checked {
        submissions,
        findings: found,
        ledger,
        parity,
        feedback,
        alone,
        plan_of_the_files,
    } = pipeline::check(&args.inputs, args.year, &args.files, &args.output)?;
    if let Some(plan) = &plan_of_the_files {
        progress::say(format!(
            "checked with the plan in {} (the inputs folder the {} in)",
            plan.join("plan.toml").display(),
            match args.files.len() {
                1 => "file is",
                _ => "files are",
            }
        ));
    }
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
                    "  {}: {} read: {}, {}, {}",
                    sub.file,
                    progress::count(sub.rows, "row", "rows"),
                    progress::count(sub.updates.len(), "update", "updates"),
                    progress::count(sub.new_actions.len(), "new action", "new actions"),
                    progress::count(sub.translations.len(), "translation", "translations")
                );
            }
            if let Some(parity) = &parity {
                eprintln!("{parity}");
            }
            if let Some(feedback) = &feedback {
                eprintln!("each team's feedback, to send: {}", feedback.display());
            }
            if let Some(alone) = &alone {
                eprintln!(
                    "checked as a submission for {} ({})",
                    alone.year,
                    year_from(alone.chosen)
                );
                eprintln!(
                    "not checked without the plan (no {} here; --inputs names the folder that holds it): {}",
                    args.inputs.join("plan.toml").display(),
                    not_checked(alone)
                );
            }
        }
        Format::Json => {
            let json = pipeline::outputs::findings_json(&submissions, &found, ledger.as_ref());
            match &alone {
                Some(alone) => println!("{}", with_alone(&json, alone)),
                None => println!("{json}"),
            }
        }
    }
    Ok(if findings::count(&found, Severity::Blocking) > 0 {
        exit::INPUT
    } else {
        exit::OK
    })
}

/// Where the year of a check with no plan came from, in words.
fn year_from(chosen: YearFrom) -> &'static str {
    match chosen {
        YearFrom::Asked => "--year",
        YearFrom::Folder => "the submissions folder it is in",
        YearFrom::File => "the year the file gives",
        YearFrom::Workbook => "the year its workbook was made for",
        YearFrom::Today => "this year; pass --year YYYY for another",
    }
}

/// What a check with no plan could not check.
fn not_checked(alone: &crate::pipeline::Alone) -> String {
    match alone.translations {
        true => format!(
            "{}, or {}",
            crate::reconcile::NOT_CHECKED,
            crate::reconcile::NOT_CHECKED_TRANSLATIONS
        ),
        false => crate::reconcile::NOT_CHECKED.to_string(),
    }
}

/// The JSON of a check with no plan, saying so as the words do: `checked-alone` with the year,
/// where it came from and what was not checked.
fn with_alone(json: &str, alone: &crate::pipeline::Alone) -> String {
    let Ok(serde_json::Value::Object(mut value)) = serde_json::from_str(json) else {
        return json.to_string();
    };
    value.insert(
        "checked-alone".into(),
        serde_json::json!({
            "year": alone.year,
            "year-from": year_from(alone.chosen),
            "not-checked": not_checked(alone),
        }),
    );
    serde_json::to_string_pretty(&value).expect("findings serialise")
}
