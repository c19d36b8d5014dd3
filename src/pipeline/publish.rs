//! `publish`: after a clean final build, the year is recorded as published and the next one
//! opened. The final build's folder is checked against its manifest, and its manifest against the
//! inputs as they are now; then its `dataset.json` becomes `inputs/published/<year>/`, next
//! year's submissions folder is made and every team's pre-filled workbook for it is written.
//! Nothing is done unless every check passes, and a second run changes nothing.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::findings::{self, Severity};
use crate::ingest;
use crate::input_file;
use crate::inputs::{Inputs, apart};
use crate::model::Lang;
use crate::output::{self, manifest, staging};

/// The dataset's file name in a build's folder and in `published/<year>/`.
const DATASET: &str = "dataset.json";

/// What publishing did.
pub struct Published {
    pub year: u16,
    /// `inputs/published/<year>/dataset.json`, and whether this run wrote it (else it was there).
    pub dataset: PathBuf,
    pub dataset_written: bool,
    /// `inputs/submissions/<year + 1>/`, and whether this run made it.
    pub next_folder: PathBuf,
    pub next_folder_made: bool,
    /// Next year's workbooks, one per team.
    pub workbooks: Vec<PathBuf>,
    /// The line to add under `[publication-dates]` in `plan.toml`, when next year has no date yet.
    pub next_date: Option<String>,
}

/// Publishes `year` (if `None`, the newest built: the newest `<output>/<year>/` with a manifest)
/// from its final build in `<output>/<year>/`. `replace` is the reason to replace a different
/// published dataset.
pub fn publish(
    inputs_dir: &Path,
    output_dir: &Path,
    year: Option<u16>,
    replace: Option<&str>,
) -> Result<Published> {
    let inputs = Inputs::new(inputs_dir);
    let templates = output_dir.join("templates");
    // Next year's workbooks go beside the build, never into the inputs: the output folder is
    // checked at once, and the year's places in it once the year is known.
    let apart = |paths: Vec<PathBuf>| {
        apart::refuse_overlap(
            &[apart::Read {
                what: crate::inputs::apart::INPUTS,
                path: inputs_dir,
            }],
            &apart::Writing {
                flag: "--output",
                given: output_dir,
                suggest: "output",
                file: false,
                paths,
            },
        )
    };
    apart(vec![output_dir.to_path_buf(), templates.clone()])?;
    // The commands suggested, as they work pasted after this run (its folders named).
    use crate::progress::{Takes, command};
    let again_any = command("build --final", Takes::InputsAndOutput);
    let year = match year {
        Some(y) => y,
        None => latest_build(output_dir).ok_or_else(|| {
            Error::Input(format!(
                "there is no build in {} to publish; run `{again_any}` first",
                output_dir.display()
            ))
        })?,
    };
    let built = output_dir.join(year.to_string());
    apart(vec![
        built.clone(),
        output_dir.join(output::lock_name(year)),
    ])?;
    // The lock a build of the year takes: the build is not published while one writes it.
    let _lock = staging::try_lock(&built)?.ok_or_else(|| {
        Error::Environment(format!(
            "a build of {year} is writing {} now; wait for it to finish, then publish",
            built.display()
        ))
    })?;
    let refuse = |why: String| Error::Input(format!("cannot publish {year}: {why}"));
    let again = command(
        &format!("build --final --year {year}"),
        Takes::InputsAndOutput,
    );
    let force = command(
        &format!("publish --year {year} --force --reason \"…\""),
        Takes::InputsAndOutput,
    );
    let manifest_path = built.join(super::outputs::MANIFEST);
    let text = input_file::read_to_string(&manifest_path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => refuse(format!(
            "there is no build in {} (no manifest.json); run `{again}` first",
            built.display()
        )),
        _ => Error::unreadable("read", &manifest_path, e),
    })?;
    let manifest: manifest::Manifest = serde_json::from_str(&text).map_err(|e| {
        refuse(format!(
            "{} cannot be read: {e}; run `{again}` again",
            manifest_path.display()
        ))
    })?;
    if !manifest.build.final_build {
        return Err(refuse(format!(
            "the last build in {} is a draft; run `{again}`",
            built.display()
        )));
    }
    if manifest.build.blocking > 0 {
        return Err(refuse(format!(
            "the last build had {}; fix them and run `{again}`",
            crate::progress::count(
                manifest.build.blocking,
                "blocking problem",
                "blocking problems"
            )
        )));
    }
    // The dataset is read once: the bytes checked against the manifest are the bytes published.
    let dataset_built = built.join(DATASET);
    let bytes = match input_file::read(&dataset_built) {
        Ok(bytes) => Some(bytes),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => return Err(Error::io("read", &dataset_built, e)),
    };
    let others: Vec<PathBuf> = output::files_under(&built)
        .into_iter()
        .filter(|p| *p != manifest_path && *p != dataset_built && !viewer_litter(p))
        .collect();
    let mut now = manifest::entries(&built, &others)?;
    now.extend(bytes.as_ref().map(|bytes| manifest::Entry {
        path: DATASET.to_string(),
        sha256: output::sha256_hex(bytes),
    }));
    let outputs = differences(&manifest.outputs, now);
    if !outputs.is_empty() {
        return Err(refuse(format!(
            "{} no longer matches its manifest ({}); run `{again}` again",
            built.display(),
            outputs.join(", ")
        )));
    }
    let (now, refused) = inputs_now(&inputs, year)?;
    let mut changed = differences(&manifest.inputs, manifest::entries(inputs_dir, &now)?);
    changed.extend(refused);
    if !changed.is_empty() {
        return Err(refuse(format!(
            "the inputs changed since the final build ({}); run `{again}` again",
            changed.join(", ")
        )));
    }

    let Some(bytes) = bytes else {
        return Err(refuse(format!(
            "{} has no {DATASET}; run `{again}` again",
            built.display()
        )));
    };
    let dataset = inputs.published_dataset(year);
    let dataset_written = match input_file::read(&dataset) {
        Ok(existing) if existing == bytes => false,
        Ok(existing) => {
            let Some(reason) = replace else {
                return Err(refuse(format!(
                    "{} already holds a different dataset; to replace what was published, run `{force}`",
                    dataset.display()
                )));
            };
            record_replacement(&dataset, &existing, &bytes, reason)?;
            output::write_atomic(&dataset, &bytes)?;
            true
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            output::write_atomic(&dataset, &bytes)?;
            true
        }
        // Unreadable is not absent: what is there may be a published year.
        Err(e) => return Err(Error::unreadable("read", &dataset, e)),
    };

    let next = year + 1;
    let next_folder = inputs.submissions_dir(next);
    let next_folder_made = !next_folder.is_dir();
    std::fs::create_dir_all(&next_folder)
        .map_err(|e| Error::io("create the folder", &next_folder, e))?;
    let mut workbooks = Vec::new();
    super::workbooks::write(
        inputs_dir,
        Some(next),
        &[],
        Lang::En,
        &templates,
        &mut |path, _| workbooks.push(path.to_path_buf()),
    )?;
    let dates = &inputs.plan()?.publication_dates;
    let next_date = (!dates.contains_key(&next))
        .then(|| crate::inputs::date_line(next, dates.get(&year).map(String::as_str)));
    Ok(Published {
        year,
        dataset,
        dataset_written,
        next_folder,
        next_folder_made,
        workbooks,
        next_date,
    })
}

/// A file the system's file viewer writes into a folder it shows (Finder, Explorer): looking at
/// the PDFs is not a change to the build.
fn viewer_litter(path: &Path) -> bool {
    path.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| matches!(n, ".DS_Store" | "Thumbs.db" | "desktop.ini"))
}

/// The newest year with a build (a `manifest.json`) in `output`.
fn latest_build(output: &Path) -> Option<u16> {
    std::fs::read_dir(output)
        .ok()?
        .filter_map(|e| e.ok()?.file_name().to_str()?.parse::<u16>().ok())
        .filter(|y| crate::inputs::YEARS.contains(y))
        .filter(|y| {
            output
                .join(y.to_string())
                .join(super::outputs::MANIFEST)
                .is_file()
        })
        .max()
}

/// Every file a build of `year` would read now, as the manifest lists its inputs; and each entry
/// of the submissions folder a build would refuse with a blocking finding (a named pipe, a
/// broken link), which cannot have been there when the final build was clean.
fn inputs_now(inputs: &Inputs, year: u16) -> Result<(Vec<PathBuf>, Vec<String>)> {
    let dir = inputs.submissions_dir(year);
    let listing = ingest::list_submissions(&dir, &inputs.root, "the inputs folder")
        .map_err(|e| Error::unreadable("read the submissions folder", &dir, e))?;
    let refused = listing
        .refused_submissions(|p| inputs.name(p))
        .into_iter()
        .filter(|sub| findings::count(&sub.findings, Severity::Blocking) > 0)
        .map(|sub| format!("{} was added, and cannot be read", sub.file))
        .collect();
    Ok((inputs.files_read(year, &listing.files), refused))
}

/// How the entries `now` differ from a manifest's `listed` entries: each path that changed, is
/// missing or was added.
fn differences(listed: &[manifest::Entry], now: Vec<manifest::Entry>) -> Vec<String> {
    let now: BTreeMap<String, String> = now.into_iter().map(|e| (e.path, e.sha256)).collect();
    let listed: BTreeMap<&str, &str> = listed
        .iter()
        .map(|e| (e.path.as_str(), e.sha256.as_str()))
        .collect();
    let mut out = Vec::new();
    for (path, sha) in &listed {
        match now.get(*path) {
            None => out.push(format!("{path} is missing")),
            Some(s) if s != sha => out.push(format!("{path} changed")),
            Some(_) => {}
        }
    }
    for path in now.keys() {
        if !listed.contains_key(path.as_str()) {
            out.push(format!("{path} was added"));
        }
    }
    out
}

/// Appends to `published/<year>/republished.md` why the published dataset was replaced, with the
/// fingerprints of both.
fn record_replacement(dataset: &Path, old: &[u8], new: &[u8], reason: &str) -> Result<()> {
    let log = dataset.with_file_name("republished.md");
    let mut text = input_file::read_to_string(&log)
        .unwrap_or_else(|_| "# Replacements of this year's published dataset\n".to_string());
    text.push_str(&format!(
        "\n- {}: dataset.json {} replaced by {}. Reason: {}\n",
        crate::dates::today_iso(),
        output::sha256_hex(old),
        output::sha256_hex(new),
        output::markdown::inline(reason)
    ));
    output::write_atomic(&log, text.as_bytes())
}
