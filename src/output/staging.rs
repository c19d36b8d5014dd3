//! A build writes into a work folder beside its output (`output/.2026.building/`) and swaps it in
//! only when everything is written, so a build that fails, is refused, is interrupted or is killed
//! leaves the last complete build's folder byte for byte as it was. The work folder starts as hard
//! links to the current output, so unchanged PDFs need no new compile and nothing is copied; every
//! write replaces a link by renaming a new file over it, never changing the shared file. Before
//! the swap, every file the build did not make is removed, and just before it the folder is
//! checked to hold exactly what the build made, so the folder is exactly one build and never a
//! file another program wrote into it. The swap itself is refused once a signal has come (see
//! [`interrupt::commit`]). A build that does not complete puts its own reports in
//! `output/2026-failed-build/`, where they cannot be taken for the published build's, and leaves
//! its work folder for a look; the next build puts whatever an earlier one left aside first
//! (`output/.2026.removing-…`), then removes it. Only one build at a time may write an output
//! folder: a lock file (`output/.2026.lock`) says so.

use std::collections::BTreeSet;
use std::fs::{self, File, TryLockError};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use crate::error::{Error, Result};
use crate::output;
use crate::process::interrupt;

pub struct Staging {
    /// The output folder this build replaces.
    target: PathBuf,
    /// Where it is written meanwhile.
    work: PathBuf,
    /// Files that report on the inputs rather than make the documents (see [`Staging::reports`]).
    reports: Vec<String>,
    /// Committed or abandoned: nothing left for `drop` to do.
    settled: bool,
    /// Every file this build made, once it is known (see [`Staging::keep_only`]).
    made: OnceLock<BTreeSet<PathBuf>>,
    _lock: Lock,
}

impl Staging {
    /// Starts the work folder for `target` (an absolute path), from a copy of what it holds now.
    pub fn begin(target: &Path) -> Result<Staging> {
        let lock = try_lock(target)?.ok_or_else(|| {
            Error::Environment(format!(
                "another build is writing {} now; wait for it to finish",
                target.display()
            ))
        })?;
        let name = target
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default();
        let parent = target.parent().unwrap_or(Path::new("."));
        let old = aside(target);
        if old.is_dir() && !target.exists() {
            // A build was killed between moving the old output away and the new one in.
            fs::rename(&old, target).map_err(|e| Error::io("restore", target, e))?;
        }
        let work = parent.join(format!(".{name}.building"));
        clear_away(parent, name, &[&work, &old])?;
        if target.is_dir() {
            link_tree(target, &work)?;
        } else {
            fs::create_dir_all(&work).map_err(|e| Error::io("create the folder", &work, e))?;
        }
        Ok(Staging {
            target: target.to_path_buf(),
            work,
            reports: Vec::new(),
            settled: false,
            made: OnceLock::new(),
            _lock: lock,
        })
    }

    /// The folder to write everything into.
    pub fn path(&self) -> &Path {
        &self.work
    }

    /// Where a path inside the work folder will be once the build is committed.
    pub fn published(&self, path: &Path) -> PathBuf {
        path.strip_prefix(&self.work)
            .map_or_else(|_| path.to_path_buf(), |rel| self.target.join(rel))
    }

    /// Files (names in the work folder) that report on the inputs rather than make the documents,
    /// such as the findings: a build that does not complete still shows them, in
    /// [`Staging::failed_dir`] (see [`Staging::abandon`]).
    pub fn reports(&mut self, names: impl IntoIterator<Item = String>) {
        self.reports.extend(names);
    }

    /// The reports named so far (see [`Staging::reports`]).
    pub fn reported(&self) -> &[String] {
        &self.reports
    }

    /// Where the reports of a build that did not complete go: `output/2026-failed-build/`, beside
    /// the output and never inside it.
    pub fn failed_dir(&self) -> PathBuf {
        failed_dir(&self.target)
    }

    /// Ends a build that will not be published: the output stays as it was, the reports go to
    /// [`Staging::failed_dir`] (replacing an earlier failure's), and the work folder is kept for a
    /// look (errors name files in it) until the next build. Returns the reports' folder.
    pub fn abandon(mut self) -> Result<PathBuf> {
        self.settled = true;
        let dir = self.failed_dir();
        if dir.exists() {
            fs::remove_dir_all(&dir).map_err(|e| Error::io("remove", &dir, e))?;
        }
        for name in &self.reports {
            if let Ok(bytes) = fs::read(self.work.join(name)) {
                output::write_atomic(&dir.join(name), &bytes)?;
            }
        }
        Ok(dir)
    }

    /// Removes every file of the work folder that is not in `made` (paths in it), and every
    /// folder left empty, so that what is swapped in is exactly this build. The swap checks the
    /// folder against `made` again (see [`Staging::commit`]).
    pub fn keep_only(&self, made: &BTreeSet<PathBuf>) -> Result<()> {
        remove_unmade(&self.work, made)?;
        // The manifest is written after this, and it is made.
        let _ = self.made.set(made.clone());
        Ok(())
    }

    /// Swaps the work folder in for the output, unless a signal has come (see
    /// [`interrupt::commit`]) or the folder holds anything but what this build made (a file
    /// that another program wrote there meanwhile). The old output is removed.
    pub fn commit(mut self) -> Result<()> {
        for dir in [&self.work, self.target.parent().unwrap_or(Path::new("."))] {
            // Make the new files and their names durable before they replace the old ones.
            let _ = File::open(dir).and_then(|d| d.sync_all());
        }
        if let Some(made) = self.made.get() {
            self.only(made)?;
        }
        interrupt::test_pause("before-swap");
        let mut old = None;
        interrupt::commit(|| {
            if !self.target.exists() {
                fs::rename(&self.work, &self.target)
                    .map_err(|e| Error::io("move into place", &self.target, e))
            } else if exchange(&self.work, &self.target).is_ok() {
                // The old output is now in the work folder's place.
                old = Some(self.work.clone());
                Ok(())
            } else {
                swap_by_renames(&self.work, &self.target)?;
                old = Some(aside(&self.target));
                Ok(())
            }
        })?;
        self.settled = true;
        interrupt::test_pause("after-swap");
        if let Some(old) = old {
            let _ = fs::remove_dir_all(old);
        }
        // A failure's reports would now be older than the output: they go.
        let failed = self.failed_dir();
        if failed.exists() {
            fs::remove_dir_all(&failed).map_err(|e| Error::io("remove", &failed, e))?;
        }
        Ok(())
    }
}

/// The lock on a year's output folder, held until it is dropped.
pub struct Lock(File);

impl Drop for Lock {
    /// Releases the lock at once. Closing the file alone would not while a child process, started
    /// meanwhile by another thread, still holds a copy of it between its fork and its exec.
    fn drop(&mut self) {
        let _ = self.0.unlock();
    }
}

/// Takes the lock a build of `target` holds (`output/.2026.lock` for `output/2026`), for a
/// command that must not run while a build of the same year does (`publish`): `None` while
/// another holds it. The lock lasts until the value returned is dropped.
pub fn try_lock(target: &Path) -> Result<Option<Lock>> {
    let name = target
        .file_name()
        .and_then(|n| n.to_str())
        .ok_or_else(|| Error::Environment(format!("{} is not a folder name", target.display())))?;
    let parent = target.parent().unwrap_or(Path::new("."));
    fs::create_dir_all(parent).map_err(|e| Error::io("create the folder", parent, e))?;
    let lock_path = parent.join(format!(".{name}.lock"));
    let lock = File::create(&lock_path).map_err(|e| Error::io("create", &lock_path, e))?;
    match lock.try_lock() {
        Ok(()) => Ok(Some(Lock(lock))),
        Err(TryLockError::WouldBlock) => Ok(None),
        Err(TryLockError::Error(e)) => Err(Error::io("lock", &lock_path, e)),
    }
}

impl Staging {
    /// Checks that the work folder holds exactly `made`: a file there that this build did not
    /// write (a Typst left running by a build that was killed writes its PDF by name into the
    /// work folder, whichever build's it now is) is never swapped in.
    fn only(&self, made: &BTreeSet<PathBuf>) -> Result<()> {
        let present: BTreeSet<PathBuf> = output::files_under(&self.work).into_iter().collect();
        if let Some(stray) = present.difference(made).next() {
            return Err(Error::Environment(format!(
                "{} appeared in the work folder while this build ran, and this build did not write it: another program is writing into {}; nothing was swapped in, {} is as the last complete build left it. Build again once that program has stopped",
                stray.display(),
                self.work.display(),
                self.target.display()
            )));
        }
        if let Some(gone) = made.difference(&present).next() {
            return Err(Error::Environment(format!(
                "{} was removed from the work folder while this build ran: another program is changing {}; nothing was swapped in, {} is as the last complete build left it. Build again once that program has stopped",
                gone.display(),
                self.work.display(),
                self.target.display()
            )));
        }
        Ok(())
    }
}

/// Removes what earlier builds left beside the output (`leftovers`: a work folder, an old
/// output), each first renamed aside to a name of its own (`.2026.removing-<process>-<n>`), so
/// that even a folder something still writes into is out of this build's way; one that cannot
/// be removed yet (it is still being written) stays aside, and the next build tries again.
fn clear_away(parent: &Path, name: &str, leftovers: &[&Path]) -> Result<()> {
    /// Numbers the folders this process puts aside.
    static ASIDE: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let prefix = format!(".{name}.removing-");
    for entry in fs::read_dir(parent).into_iter().flatten().flatten() {
        if entry.file_name().to_string_lossy().starts_with(&prefix) {
            let _ = fs::remove_dir_all(entry.path());
        }
    }
    for leftover in leftovers {
        if fs::symlink_metadata(leftover).is_err() {
            continue;
        }
        let n = ASIDE.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let aside = parent.join(format!("{prefix}{}-{n}", std::process::id()));
        fs::rename(leftover, &aside).map_err(|e| Error::io("move aside", leftover, e))?;
        for attempt in 0..3 {
            if fs::remove_dir_all(&aside).is_ok() {
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(20 << attempt));
        }
    }
    Ok(())
}

/// Where the reports of `target`'s builds that did not complete go.
fn failed_dir(target: &Path) -> PathBuf {
    let name = target.file_name().unwrap_or_default().to_string_lossy();
    target.with_file_name(format!("{name}-failed-build"))
}

impl Drop for Staging {
    /// A build that stopped without committing or abandoning (interrupted, or an error on the way)
    /// leaves nothing behind.
    fn drop(&mut self) {
        if !self.settled {
            let _ = fs::remove_dir_all(&self.work);
        }
    }
}

/// Removes what [`Staging::keep_only`] does under `dir`; says whether `dir` is now empty.
fn remove_unmade(dir: &Path, made: &BTreeSet<PathBuf>) -> Result<bool> {
    let mut empty = true;
    let entries = fs::read_dir(dir).map_err(|e| Error::io("list", dir, e))?;
    for entry in entries {
        let path = entry.map_err(|e| Error::io("list", dir, e))?.path();
        if path.is_dir() {
            if remove_unmade(&path, made)? {
                fs::remove_dir(&path).map_err(|e| Error::io("remove", &path, e))?;
            } else {
                empty = false;
            }
        } else if made.contains(&path) {
            empty = false;
        } else {
            fs::remove_file(&path).map_err(|e| Error::io("remove", &path, e))?;
        }
    }
    Ok(empty)
}

/// Fills `to` with hard links to every file under `from` (copies where links are not possible).
fn link_tree(from: &Path, to: &Path) -> Result<()> {
    fs::create_dir_all(to).map_err(|e| Error::io("create the folder", to, e))?;
    let entries = fs::read_dir(from).map_err(|e| Error::io("list", from, e))?;
    for entry in entries {
        let entry = entry.map_err(|e| Error::io("list", from, e))?;
        let (source, target) = (entry.path(), to.join(entry.file_name()));
        let kind = entry
            .file_type()
            .map_err(|e| Error::io("read", &source, e))?;
        if kind.is_dir() {
            link_tree(&source, &target)?;
        } else if kind.is_file() {
            fs::hard_link(&source, &target)
                .or_else(|_| fs::copy(&source, &target).map(|_| ()))
                .map_err(|e| Error::io("copy", &source, e))?;
        }
    }
    Ok(())
}

/// Swaps two folders in one step (Linux `renameat2` with `RENAME_EXCHANGE`): a reader sees the
/// old build or the new one, and never a moment without either. `std` has no such call.
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> std::io::Result<()> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let path = |p: &Path| CString::new(p.as_os_str().as_bytes()).map_err(std::io::Error::other);
    let (a, b) = (path(a)?, path(b)?);
    // SAFETY: both are valid NUL-terminated paths that outlive the call.
    let done = unsafe {
        libc::renameat2(
            libc::AT_FDCWD,
            a.as_ptr(),
            libc::AT_FDCWD,
            b.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if done == 0 {
        Ok(())
    } else {
        Err(std::io::Error::last_os_error())
    }
}

/// Windows, macOS and the rest have no exchange of two folders: [`swap_by_renames`] does it.
#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> std::io::Result<()> {
    Err(std::io::Error::from(std::io::ErrorKind::Unsupported))
}

/// Where the output waits while [`swap_by_renames`] moves the new build in: `.2026.old`.
fn aside(target: &Path) -> PathBuf {
    let name = target.file_name().unwrap_or_default().to_string_lossy();
    target.with_file_name(format!(".{name}.old"))
}

/// The swap where folders cannot be exchanged in one step (Windows; a Linux file system without
/// `RENAME_EXCHANGE`), from `std` renames alone: the output is renamed aside to `.2026.old`, the
/// work folder into its place (the caller then removes the old one). Each rename moves a whole folder, so a
/// reader finds the old build, the new one or, between the two renames, no folder at all; never
/// part of one build beside part of another. If the second rename fails the old output goes back;
/// if the process is killed between the two, the next build's [`Staging::begin`] moves it back.
fn swap_by_renames(work: &Path, target: &Path) -> Result<()> {
    let old = aside(target);
    rename_patiently(target, &old).map_err(|e| {
        let e = Error::io("move aside", target, e);
        if cfg!(windows) {
            Error::Environment(format!(
                "{}; close any program that has a file in it open (a PDF viewer, a file explorer window) and build again",
                e.with_causes()
            ))
        } else {
            e
        }
    })?;
    if let Err(e) = rename_patiently(work, target) {
        let _ = fs::rename(&old, target);
        return Err(Error::io("move into place", target, e));
    }
    Ok(())
}

/// `fs::rename`, tried again for a second on Windows, where a folder cannot be renamed while any
/// program has a file in it open, and virus scanners and search indexers open new files for a
/// moment after they are written. Elsewhere a failed rename does not come right by waiting.
fn rename_patiently(from: &Path, to: &Path) -> std::io::Result<()> {
    let tries = if cfg!(windows) { 20 } else { 1 };
    let mut attempt = 1;
    loop {
        match fs::rename(from, to) {
            Err(_) if attempt < tries && from.exists() && !to.exists() => {
                std::thread::sleep(std::time::Duration::from_millis(50));
                attempt += 1;
            }
            done => return done,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Staging;

    #[test]
    fn a_build_replaces_the_output_only_when_committed() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("2026");
        std::fs::create_dir_all(target.join("typst")).unwrap();
        std::fs::write(target.join("a.pdf"), "old").unwrap();
        std::fs::write(target.join("typst/a.typ"), "old source").unwrap();

        let stage = Staging::begin(&target).unwrap();
        assert!(
            Staging::begin(&target).is_err(),
            "a second build is refused"
        );
        crate::output::write_atomic(&stage.path().join("a.pdf"), b"new").unwrap();
        assert_eq!(
            std::fs::read_to_string(target.join("a.pdf")).unwrap(),
            "old"
        );
        assert_eq!(
            std::fs::read_to_string(stage.path().join("typst/a.typ")).unwrap(),
            "old source",
            "the work folder starts from the output"
        );
        drop(stage);
        assert_eq!(
            std::fs::read_to_string(target.join("a.pdf")).unwrap(),
            "old"
        );

        let stage = Staging::begin(&target).unwrap();
        crate::output::write_atomic(&stage.path().join("a.pdf"), b"new").unwrap();
        let work = stage.path().to_path_buf();
        stage.commit().unwrap();
        assert_eq!(
            std::fs::read_to_string(target.join("a.pdf")).unwrap(),
            "new"
        );
        assert!(!work.exists());
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names.len(), 2, "the output and its lock file: {names:?}");
    }

    #[test]
    fn an_abandoned_build_shows_its_reports_beside_the_output() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("2026");
        std::fs::create_dir_all(&target).unwrap();
        std::fs::write(target.join("findings.md"), "last build's").unwrap();

        let mut stage = Staging::begin(&target).unwrap();
        stage.reports(["findings.md".to_string()]);
        crate::output::write_atomic(&stage.path().join("findings.md"), b"this run's").unwrap();
        let reports = stage.abandon().unwrap();
        assert_eq!(reports, dir.path().join("2026-failed-build"));
        let read = |p: &std::path::Path| std::fs::read_to_string(p).unwrap();
        assert_eq!(read(&target.join("findings.md")), "last build's");
        assert_eq!(read(&reports.join("findings.md")), "this run's");

        // A complete build keeps only what it made, and the failure's reports go.
        let stage = Staging::begin(&target).unwrap();
        std::fs::create_dir_all(stage.path().join("typst/old")).unwrap();
        std::fs::write(stage.path().join("typst/old/x.typ"), "stale").unwrap();
        crate::output::write_atomic(&stage.path().join("a.pdf"), b"new").unwrap();
        let made = [stage.path().join("a.pdf")].into_iter().collect();
        stage.keep_only(&made).unwrap();
        stage.commit().unwrap();
        let names: Vec<_> = std::fs::read_dir(&target)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["a.pdf"]);
        assert!(!reports.exists());
    }

    /// The swap the Windows build makes, run here too: the new build replaces the old one whole,
    /// and a failed second rename puts the old one back.
    #[test]
    fn the_swap_by_renames_replaces_the_whole_folder_or_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let (target, work) = (dir.path().join("2026"), dir.path().join(".2026.building"));
        for (folder, text) in [(&target, "old"), (&work, "new")] {
            std::fs::create_dir_all(folder.join("typst")).unwrap();
            std::fs::write(folder.join("a.pdf"), text).unwrap();
        }
        std::fs::write(target.join("gone.md"), "only in the old build").unwrap();
        super::swap_by_renames(&work, &target).unwrap();
        assert_eq!(
            std::fs::read_to_string(target.join("a.pdf")).unwrap(),
            "new"
        );
        assert!(!target.join("gone.md").exists());
        assert!(!work.exists());
        let old = super::aside(&target);
        assert_eq!(
            std::fs::read_to_string(old.join("gone.md")).unwrap(),
            "only in the old build",
            "the old build waits aside for the caller to remove it"
        );
        std::fs::remove_dir_all(old).unwrap();

        // No work folder to move in: the second rename fails, and the output is as it was.
        let e = super::swap_by_renames(&work, &target).unwrap_err();
        assert!(e.to_string().contains("move into place"), "{e}");
        assert_eq!(
            std::fs::read_to_string(target.join("a.pdf")).unwrap(),
            "new"
        );
        assert!(!super::aside(&target).exists());
    }

    /// A work folder left by a killed build, which something may still write into, is put aside
    /// and removed: the new build starts from the output alone.
    #[test]
    fn a_leftover_work_folder_is_put_aside_and_removed() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("2026");
        std::fs::create_dir_all(&target).unwrap();
        std::fs::write(target.join("a.pdf"), "last complete build").unwrap();
        let work = dir.path().join(".2026.building");
        std::fs::create_dir_all(&work).unwrap();
        std::fs::write(work.join(".a.pdf.4000000.tmp"), "an orphan's").unwrap();
        // One that an earlier build could not remove.
        let earlier = dir.path().join(".2026.removing-4000000-0");
        std::fs::create_dir_all(&earlier).unwrap();
        std::fs::write(earlier.join("x"), "x").unwrap();

        let stage = Staging::begin(&target).unwrap();
        let mut names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        assert_eq!(names, [".2026.building", ".2026.lock", "2026"]);
        let files: Vec<_> = crate::output::files_under(stage.path())
            .into_iter()
            .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
            .collect();
        assert_eq!(
            files,
            ["a.pdf"],
            "nothing of the leftover is in the work folder"
        );
    }

    /// A file that appears in the work folder after the build listed what it made (a Typst left
    /// running by a killed build writes its PDF there by name) stops the swap: the output stays
    /// as it was, and the message names the file.
    #[test]
    fn a_file_this_build_did_not_write_is_never_swapped_in() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("2026");
        std::fs::create_dir_all(&target).unwrap();
        std::fs::write(target.join("a.pdf"), "last complete build").unwrap();

        let stage = Staging::begin(&target).unwrap();
        crate::output::write_atomic(&stage.path().join("a.pdf"), b"new").unwrap();
        let made = [stage.path().join("a.pdf")].into_iter().collect();
        stage.keep_only(&made).unwrap();
        let stray = stage.path().join(".a.pdf.4000000.tmp");
        std::fs::write(&stray, "an orphan's").unwrap();
        let work = stage.path().to_path_buf();
        let e = stage.commit().unwrap_err();
        assert_eq!(e.exit_code(), crate::error::exit::ENVIRONMENT);
        assert_eq!(
            e.to_string(),
            format!(
                "{} appeared in the work folder while this build ran, and this build did not write it: another program is writing into {}; nothing was swapped in, {} is as the last complete build left it. Build again once that program has stopped",
                stray.display(),
                work.display(),
                target.display()
            )
        );
        assert_eq!(
            std::fs::read_to_string(target.join("a.pdf")).unwrap(),
            "last complete build"
        );
    }

    /// A build killed between the swap's two renames left `.2026.old` and no `2026`: the next
    /// build moves it back before anything else, and starts from it.
    #[test]
    fn a_build_killed_between_the_two_renames_is_recovered_by_the_next() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("2026");
        let old = super::aside(&target);
        std::fs::create_dir_all(&old).unwrap();
        std::fs::write(old.join("a.pdf"), "last complete build").unwrap();
        let work = dir.path().join(".2026.building");
        std::fs::create_dir_all(&work).unwrap();
        std::fs::write(work.join("a.pdf"), "half a build").unwrap();

        let stage = Staging::begin(&target).unwrap();
        assert_eq!(
            std::fs::read_to_string(target.join("a.pdf")).unwrap(),
            "last complete build"
        );
        assert!(!old.exists());
        assert_eq!(
            std::fs::read_to_string(stage.path().join("a.pdf")).unwrap(),
            "last complete build",
            "the new work folder starts from the recovered output"
        );
        drop(stage);
    }
}
