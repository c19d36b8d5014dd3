//! One update of the drafts after a change: the build's stages up to the sources, the Typst
//! watchers' compiles, the preview PDFs published together, and one line on the terminal. A
//! change that brings a new blocking problem, or a document Typst cannot compile, leaves the
//! preview as the last good update made it, and says so.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::Instant;

use super::typst_watch::{self, Watcher};
use crate::error::{Error, Result};
use crate::findings::{Finding, Severity, report};
use crate::output::staging::{Lock, try_lock};
use crate::pipeline::{Build, ReconciledYear, sources};
use crate::progress;
use crate::typst::{Job, Typst};

/// What stays between updates.
pub struct Session {
    build: Build,
    typst: Option<Typst>,
    /// The year the watchers compile, and what all its documents share (see
    /// [`crate::typst::shared_hash`]: the date and the fonts, which Typst reads once when it
    /// starts, so a change to them starts every watcher again).
    year: Option<(u16, String)>,
    watchers: Vec<Watcher>,
    /// Each document's source and the house style as last written, by SHA-256.
    written: BTreeMap<String, String>,
    /// Documents compiled by an update that was not published: published with the next one.
    unpublished: BTreeSet<String>,
    /// Documents whose last compile failed, with Typst's diagnostics: nothing is published
    /// until each compiles again.
    failed: BTreeMap<String, String>,
    /// The blocking problems the preview was last published with, each as printed; `None`
    /// before the first.
    good: Option<BTreeSet<String>>,
    /// When the preview was last published.
    good_at: Option<String>,
    /// The year whose preview folder this watch writes, the folder, and its lock
    /// (`output/.2026-preview.lock`): two watches of one folder would write over each other's
    /// drafts.
    lock: Option<(u16, PathBuf, Lock)>,
}

impl Session {
    pub fn new(build: Build) -> Session {
        Session {
            build,
            typst: None,
            year: None,
            watchers: Vec::new(),
            written: BTreeMap::new(),
            unpublished: BTreeSet::new(),
            failed: BTreeMap::new(),
            good: None,
            good_at: None,
            lock: None,
        }
    }

    /// Reads the templates again (one of them changed).
    pub fn reload_templates(&mut self) -> Result<()> {
        match Build::new(self.build.options.clone()) {
            Ok(build) => self.build = build,
            Err(e) => progress::say(format!(
                "{} the templates cannot be read: {}; the previous ones are used",
                clock(),
                e.with_causes()
            )),
        }
        Ok(())
    }

    /// Updates the preview after `what` changed, and says one line about it. Only a signal, or
    /// Typst not found, ends the watch; every other failure is told and the preview kept.
    pub fn update(&mut self, what: &str) -> Result<()> {
        let started = Instant::now();
        match self.try_update(started) {
            Ok(said) => progress::say(format!("{} {what}: {said}", clock())),
            Err(e @ Error::Interrupted(_)) => return Err(e),
            Err(e) if self.typst.is_none() && matches!(e, Error::Environment(_)) => return Err(e),
            Err(e) => progress::say(format!(
                "{} {what}: {}\n  the preview is kept as it was{}",
                clock(),
                e.with_causes(),
                self.since()
            )),
        }
        Ok(())
    }

    /// The year whose preview this watch writes, once an update has taken its folder.
    pub fn year(&self) -> Option<u16> {
        self.lock.as_ref().map(|(year, ..)| *year)
    }

    /// Takes the lock of `preview` unless this watch holds it: another watch writing there is
    /// refused, as a second build of a year is.
    fn hold(&mut self, year: u16, preview: &Path) -> Result<()> {
        if self
            .lock
            .as_ref()
            .is_some_and(|(_, held, _)| held == preview)
        {
            return Ok(());
        }
        let lock = try_lock(preview)?.ok_or_else(|| {
            Error::Environment(format!(
                "another `annual-update watch` is writing {} now: stop it (Ctrl-C in its terminal), or give this one another --output",
                preview.display()
            ))
        })?;
        self.lock = Some((year, preview.to_path_buf(), lock));
        Ok(())
    }

    fn since(&self) -> String {
        match &self.good_at {
            Some(at) => format!(" at {at}"),
            None => String::new(),
        }
    }

    /// The update; returns what the line says after what changed.
    fn try_update(&mut self, started: Instant) -> Result<String> {
        self.build.read_afresh();
        let year = self.build.load()?;
        let output = std::path::absolute(&self.build.options.output)
            .map_err(|e| Error::io("resolve", &self.build.options.output, e))?;
        let preview = super::preview_dir(&output, year.year);
        self.hold(year.year, &preview)?;
        let work = super::work_dir(&output, year.year);
        crate::pipeline::outputs::write_findings(&preview, &year, &year.reconciled.findings)?;
        let found = &year.reconciled.findings;
        let blocking: BTreeSet<String> = found
            .iter()
            .filter(|f| f.severity == Severity::Blocking)
            .map(Finding::to_string)
            .collect();
        let summary = report::summary(found);
        let new: Vec<&String> = match &self.good {
            Some(good) => blocking.difference(good).collect(),
            None => blocking.iter().collect(),
        };
        // Each problem under the line, its own lines (the fix) under it.
        let listed = new
            .iter()
            .map(|f| format!("\n  {}", f.replace('\n', "\n  ")))
            .collect::<String>();
        let same = match (new.len(), blocking.len()) {
            (_, 0) => String::new(),
            (0, n) => format!(
                " (the {} as before)",
                progress::count(n, "blocking problem", "blocking problems")
            ),
            _ => String::new(),
        };
        if self.good.is_some() && !new.is_empty() {
            return Ok(format!(
                "{summary}; the PDFs and pages are kept as they were{} (a new blocking problem: fix it, or see {}){listed}",
                self.since(),
                preview.join("findings.md").display()
            ));
        }
        let updated = self.documents(&year, &work, &preview)?;
        self.good = Some(blocking);
        self.good_at = Some(clock());
        Ok(format!(
            "{summary}{same}; {} in {:.1} s{listed}",
            match updated {
                0 => "no PDF changed, pages up to date".to_string(),
                n => format!("{} updated", progress::count(n, "PDF", "PDFs")),
            },
            started.elapsed().as_secs_f64()
        ))
    }

    /// Renders the sources and pages, lets the watchers compile what changed and publishes
    /// every PDF once all have compiled; returns how many PDFs were published.
    fn documents(&mut self, year: &ReconciledYear, work: &Path, preview: &Path) -> Result<usize> {
        let written_at: Mutex<BTreeMap<String, Instant>> = Mutex::default();
        let build_dir = work.join(sources::BUILD_DIR);
        let (stems, pages) = self.build.sources(year, work, preview, &|stem| {
            if let Ok(mut w) = written_at.lock() {
                w.insert(stem.to_string(), Instant::now());
            }
        })?;
        let written_at = written_at.into_inner().unwrap_or_default();
        remove_pages_not_made(preview, &pages);
        let timestamp = crate::dates::document_timestamp(&year.plan, year.year);
        let shared = crate::typst::shared_hash(&build_dir.join("fonts"), timestamp)?;
        let typst = match &self.typst {
            Some(t) => t.clone(),
            None => {
                let found = crate::typst::find(&self.build.options.typst, &|m| progress::say(m))?;
                self.typst = Some(found.clone());
                found
            }
        };
        // Another year, another date or other fonts: every watcher starts again.
        if self.year.as_ref() != Some(&(year.year, shared.clone())) {
            self.watchers.clear();
            self.written.clear();
            self.unpublished.clear();
            self.failed.clear();
            self.year = Some((year.year, shared));
        }
        // A document no longer made goes, with its watcher.
        self.watchers.retain(|w| stems.contains(&w.stem));
        self.failed.retain(|stem, _| stems.contains(stem));
        // A watcher started again compiles its source at once: its PDF is awaited too.
        let healed = Instant::now();
        let mut expected: Vec<(usize, Instant)> = typst_watch::heal(&mut self.watchers, &typst)?
            .into_iter()
            .map(|i| (i, healed))
            .collect();
        let style = hash_of(&build_dir.join("style.typ"));
        for stem in &stems {
            let source = hash_of(&build_dir.join(format!("{stem}.typ")));
            let state = format!("{source} {style}");
            let changed = self.written.get(stem) != Some(&state);
            self.written.insert(stem.clone(), state);
            let since = written_at.get(stem).copied().unwrap_or_else(Instant::now);
            match self.watchers.iter().position(|w| &w.stem == stem) {
                Some(i) if expected.iter().any(|(e, _)| *e == i) => {}
                Some(i) if changed => expected.push((i, since)),
                Some(_) => {}
                None => {
                    let since = Instant::now();
                    let job = Job::for_source(&build_dir, stem, work, timestamp);
                    self.watchers.push(Watcher::start(&typst, stem, job)?);
                    expected.push((self.watchers.len() - 1, since));
                }
            }
        }
        // Each document's compile must have begun after its own source was written.
        let since = expected.iter().map(|(_, s)| *s).min();
        let indexes: Vec<usize> = expected.iter().map(|(i, _)| *i).collect();
        let results = match since {
            Some(since) => typst_watch::wait(&mut self.watchers, &indexes, since, &typst)?,
            None => Vec::new(),
        };
        for (&i, result) in indexes.iter().zip(results) {
            let stem = self.watchers[i].stem.clone();
            match result {
                Ok(()) => {
                    self.failed.remove(&stem);
                    self.unpublished.insert(stem);
                }
                Err(told) => {
                    self.failed.insert(stem, told);
                }
            }
        }
        if !self.failed.is_empty() {
            let told: Vec<&str> = self.failed.values().map(String::as_str).collect();
            return Err(Error::Render(told.join("\n")));
        }
        let published = std::mem::take(&mut self.unpublished);
        for stem in &published {
            if let Some(w) = self.watchers.iter().find(|w| &w.stem == stem) {
                super::publish(w.compiled_pdf()?, &preview.join(format!("{stem}.pdf")))?;
            }
        }
        remove_pdfs_not_made(preview, &stems);
        // A watcher grown too big starts again now, while nothing waits for it: it compiles the
        // source just published, before the next change comes.
        typst_watch::heal(&mut self.watchers, &typst)?;
        Ok(published.len())
    }
}

/// The time of day, for each line: `[14:02:07]`.
fn clock() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let day = secs % 86_400;
    format!(
        "[{:02}:{:02}:{:02} UTC]",
        day / 3600,
        day % 3600 / 60,
        day % 60
    )
}

fn hash_of(path: &Path) -> String {
    std::fs::read(path)
        .map(|b| crate::output::sha256_hex(&b))
        .unwrap_or_default()
}

/// Removes the web pages of the preview an earlier update made and this one did not.
fn remove_pages_not_made(preview: &Path, pages: &[String]) {
    let made: BTreeSet<PathBuf> = pages.iter().map(|p| preview.join(p)).collect();
    for file in crate::output::files_under(&preview.join(crate::web::FOLDER)) {
        if !made.contains(&file) {
            let _ = std::fs::remove_file(file);
        }
    }
}

/// Removes the PDFs of the preview that are no document's now.
fn remove_pdfs_not_made(preview: &Path, stems: &[String]) {
    for entry in std::fs::read_dir(preview).into_iter().flatten().flatten() {
        let path = entry.path();
        let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or("");
        if path.extension().is_some_and(|e| e == "pdf") && !stems.iter().any(|s| s == stem) {
            let _ = std::fs::remove_file(path);
        }
    }
}
