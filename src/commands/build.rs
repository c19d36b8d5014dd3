//! `annual-update build`: inputs → dataset.json and PDFs in `<output>/<year>/`.

use std::path::PathBuf;
use std::time::Instant;

use crate::args::BuildArgs;
use crate::error::{Error, Result, exit};
use crate::findings::{self, Severity};
use crate::pipeline::sources;
use crate::progress::{self, stage};
use crate::render::{self, Theme};
use crate::typst::{self, Job};
use crate::{output, report};

pub fn build(args: &BuildArgs) -> Result<u8> {
    let started = Instant::now();
    crate::interrupt::install()?;
    let theme = Theme::load(super::templates_dir(&args.templates).as_deref())?;
    // What the fonts can print: checked once, for the findings and for the documents.
    let coverage = render::glyphs::Coverage::of(&theme);
    let crate::pipeline::year::Year {
        year,
        plan,
        files,
        submissions,
        reconciled,
        baseline,
    } = crate::pipeline::year::load(
        &args.inputs,
        args.year,
        &coverage,
        crate::pipeline::year::History::Kept,
    )?;
    let found = &reconciled.findings;
    let blocking = findings::count(found, Severity::Blocking);
    crate::interrupt::check()?;

    let out_dir = args.output.join(year.to_string());
    // Typst runs in its build folder, so every path handed to it must be absolute.
    let out_dir = std::path::absolute(&out_dir).map_err(|e| Error::io("resolve", &out_dir, e))?;
    // Everything goes to a work folder, swapped in for the output at the end (see `staging`).
    let mut staging = crate::staging::Staging::begin(&out_dir)?;
    staging.publish_on_failure(&["findings.md", "findings.json", "parity.md", "parity.json"]);
    let out_dir = staging.path().to_path_buf();
    let findings_md = out_dir.join("findings.md");
    output::write_if_changed(
        &findings_md,
        report::markdown(year, found, &reconciled.ledger).as_bytes(),
    )?;
    output::write_if_changed(
        &out_dir.join("findings.json"),
        report::json(&submissions, found, Some(&reconciled.ledger)).as_bytes(),
    )?;
    let parity = &reconciled.parity;
    output::write_if_changed(&out_dir.join("parity.md"), parity.markdown(year).as_bytes())?;
    output::write_if_changed(&out_dir.join("parity.json"), parity.json().as_bytes())?;
    let mut err = std::io::stderr().lock();
    if progress::quiet() {
        report::print_blocking(&mut err, found)
    } else {
        let shown = staging.published(&findings_md);
        report::print_short(&mut err, found, &shown.display().to_string())
    }
    .map_err(|e| Error::Environment(e.to_string()))?;
    drop(err);
    let dataset = &reconciled.dataset;
    progress::say(format!(
        "{year}: {} actions, {} updates this year from {} files",
        dataset.actions.len(),
        dataset
            .actions
            .iter()
            .filter(|a| a.update_for(year).is_some())
            .count(),
        files.len()
    ));
    progress::say(format!("{year}: {} (parity.md)", parity.summary()));
    if args.final_build && blocking > 0 {
        eprintln!(
            "final build refused: {blocking} blocking problems remain (listed above); no PDFs were written"
        );
        staging.commit()?;
        return Ok(exit::INPUT);
    }

    let summary = baseline
        .as_ref()
        .map(|b| crate::changes::summarise(b, dataset));
    let dataset_json = dataset.to_json();
    let build_dir = out_dir.join("typst");
    let date = plan
        .publication_dates
        .get(&year)
        .and_then(|d| render::parse_date(d));
    let timestamp = epoch_seconds(date.unwrap_or((year, 1, 1)));
    let step = progress::step(stage::SOURCES);
    sources::write_support(&build_dir, &theme)?;
    let shared = typst::shared(&build_dir.join("fonts"), timestamp)?;
    drop(step);
    let hashes = typst::Hashes::default();
    let render = sources::Render {
        documents: sources::Documents {
            dataset,
            summary: summary.as_ref(),
            theme: &theme,
            coverage: &coverage,
            draft: blocking > 0,
        },
        dataset_json: &dataset_json,
        baseline_file: crate::inputs::Inputs::new(&args.inputs).published_dataset(year - 1),
    };
    // Typst is looked for only once a document needs compiling.
    let found = std::sync::OnceLock::new();
    let jobs = rayon::current_num_threads();
    let compile = |job: &Job| -> Result<()> {
        let typst = found
            .get_or_init(|| typst::find(&args.typst.lookup(), &|m| progress::say(m)))
            .as_ref()
            .map_err(|e| Error::Environment(e.to_string()))?;
        typst::compile_and_record(typst, job, &shared, &hashes)
    };
    // Documents compile as soon as their sources are written, while the others render; a
    // document whose inputs have not changed since its PDF was made is not compiled again.
    let (stems, compiled) = typst::compile_as_ready(jobs, &compile, |ready| {
        let step = progress::step(stage::RENDER);
        let stems = sources::prepare(&build_dir, &render, &hashes, &|stem| {
            let job = Job {
                input: build_dir.join(format!("{stem}.typ")),
                output: out_dir.join(format!("{stem}.pdf")),
                root: build_dir.clone(),
                font_dir: build_dir.join("fonts"),
                timestamp,
                // One Typst per thread of --jobs.
                threads: 1,
            };
            match job.stale(&shared, &hashes) {
                Some(why) => {
                    progress::detail(format!("  {stem}.pdf: to compile ({why})"));
                    ready(job);
                }
                None => progress::detail(format!("  {stem}.pdf: up to date, not compiled")),
            }
        });
        drop(step);
        stems
    });
    let typst_used = match found.into_inner() {
        // Not found: said once, and as a problem of the environment, not of each document.
        Some(Err(e)) => return Err(e),
        Some(Ok(typst)) => Some(typst),
        None => None,
    };
    // An interrupted build stops here, and says so, rather than as a failed document.
    crate::interrupt::check()?;
    let stems = stems?;
    let mut compiled = compiled;
    compiled.sort_by(|a, b| a.job.output.cmp(&b.job.output));
    let failures: Vec<String> = compiled
        .iter()
        .filter_map(|c| c.result.as_ref().err().map(|e| e.to_string()))
        .collect();
    if !failures.is_empty() {
        return Err(Error::Render(failures.join("\n")));
    }
    let stale_n = compiled.len();
    let pdfs: Vec<PathBuf> = stems
        .iter()
        .map(|stem| out_dir.join(format!("{stem}.pdf")))
        .collect();
    let step = progress::step(stage::OUTPUTS);
    let dataset_path = out_dir.join("dataset.json");
    output::write_if_changed(&dataset_path, dataset_json.as_bytes())?;
    if let Some(summary) = &summary {
        super::diff::write(&out_dir, summary, &staging.published(&out_dir))?;
    }
    // Last: the fingerprints of everything this build read and wrote.
    let read = crate::inputs::Inputs::new(&args.inputs).files_read(year, &files);
    let written: Vec<PathBuf> = crate::manifest::files_under(&out_dir)
        .into_iter()
        .filter(|p| !p.starts_with(&build_dir) && !p.ends_with("manifest.json"))
        .collect();
    let manifest = crate::manifest::json(year, &args.inputs, &read, &out_dir, &written)?;
    output::write_if_changed(&out_dir.join("manifest.json"), manifest.as_bytes())?;
    drop(step);

    crate::interrupt::check()?;
    let shown: Vec<PathBuf> = pdfs
        .iter()
        .chain([&dataset_path])
        .map(|p| staging.published(p))
        .collect();
    staging.commit()?;

    let state = if blocking > 0 {
        "draft (marked DRAFT / DRAFFT)"
    } else if args.final_build {
        "final"
    } else {
        "draft, clean"
    };
    let compiled = match &typst_used {
        Some(t) => format!(
            "{} of {} PDFs compiled with Typst {} ({})",
            stale_n,
            pdfs.len(),
            t.version,
            t.found_by.describe()
        ),
        None => format!("all {} PDFs up to date, Typst not started", pdfs.len()),
    };
    progress::say(format!(
        "built {state} in {:.2}s; {compiled}:",
        started.elapsed().as_secs_f64()
    ));
    for path in shown {
        progress::say(format!("  {}", path.display()));
    }
    Ok(exit::OK)
}

/// Midnight UTC of a calendar date as seconds since 1970 (days-from-civil, proleptic Gregorian).
fn epoch_seconds((y, m, d): (u16, u8, u8)) -> i64 {
    let (y, m, d) = (i64::from(y) - i64::from(m <= 2), i64::from(m), i64::from(d));
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    (era * 146_097 + doe - 719_468) * 86_400
}

#[cfg(test)]
mod tests {
    #[test]
    fn epoch_of_dates() {
        assert_eq!(super::epoch_seconds((1970, 1, 1)), 0);
        assert_eq!(super::epoch_seconds((2026, 11, 24)), 1_795_478_400);
        assert_eq!(super::epoch_seconds((2000, 3, 1)), 951_868_800);
    }
}
