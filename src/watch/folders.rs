//! What changed in the folders `watch` reads: each file's size and time, and its SHA-256 when
//! those moved, before and after, so that the line printed for a change says which files were
//! added, changed, removed or renamed, and a save that left every byte as it was is no change.
//! Office lock files, hidden files and editors' autosaves are not looked at (see [`ignored`]).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

/// A file as last seen.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Seen {
    len: u64,
    modified: Option<SystemTime>,
    sha256: Option<String>,
}

/// Every file of the watched folders, by path.
#[derive(Clone, Debug, Default)]
pub struct Snapshot(BTreeMap<PathBuf, Seen>);

/// A folder watched, and how its files are named on the terminal (`submissions/2026/x.xlsx`
/// for the inputs, `my-templates/edition.typ.hbs` for the templates).
#[derive(Clone, Debug)]
pub struct Watched {
    pub root: PathBuf,
    /// Put before a file's path inside `root` when it is named: empty for the inputs folder.
    pub prefix: String,
}

/// Whether a file's name is one `watch` never reacts to: what a program keeps beside a file
/// while it is open or saved (`~$x.xlsx`, `.~lock.x.ods#`), hidden files (a spreadsheet
/// program's temporary copy), editors' autosaves and backups (`x#`, `x~`) and temporary files
/// (`.tmp`). The build leaves the same ones out (see `ingest::skipped`).
pub fn ignored(name: &str) -> bool {
    name.starts_with("~$")
        || name.starts_with('.')
        || name.ends_with('#')
        || name.ends_with('~')
        || name.to_ascii_lowercase().ends_with(".tmp")
}

/// Whether any part of `path` below one of the `watched` roots is [`ignored`].
pub fn ignored_path(watched: &[Watched], path: &Path) -> bool {
    let inside = watched
        .iter()
        .find_map(|w| path.strip_prefix(&w.root).ok())
        .unwrap_or(path);
    inside
        .components()
        .any(|c| c.as_os_str().to_str().is_some_and(ignored))
}

impl Snapshot {
    /// The files under `watched` now; a file whose size and time are those `last` saw keeps the
    /// SHA-256 it had, the others are read.
    pub fn take(watched: &[Watched], last: &Snapshot) -> Snapshot {
        let mut files = BTreeMap::new();
        for w in watched {
            let mut folders = vec![w.root.clone()];
            while let Some(folder) = folders.pop() {
                for entry in std::fs::read_dir(&folder).into_iter().flatten().flatten() {
                    let path = entry.path();
                    if entry.file_name().to_str().is_some_and(ignored) {
                        continue;
                    }
                    let Ok(meta) = std::fs::metadata(&path) else {
                        continue;
                    };
                    if meta.is_dir() {
                        folders.push(path);
                        continue;
                    }
                    let mut seen = Seen {
                        len: meta.len(),
                        modified: meta.modified().ok(),
                        sha256: None,
                    };
                    seen.sha256 = match last.0.get(&path) {
                        Some(was) if was.len == seen.len && was.modified == seen.modified => {
                            was.sha256.clone()
                        }
                        _ => std::fs::read(&path)
                            .ok()
                            .map(|b| crate::output::sha256_hex(&b)),
                    };
                    files.insert(path, seen);
                }
            }
        }
        Snapshot(files)
    }

    /// How long ago the most recently written file was written, if any was. A time in the future
    /// (a file copied from a machine whose clock is ahead) says nothing and is left out, or the
    /// wait for quiet would never end.
    pub fn youngest(&self) -> Option<std::time::Duration> {
        let now = SystemTime::now();
        self.0
            .values()
            .filter_map(|seen| seen.modified)
            .filter_map(|m| now.duration_since(m).ok())
            .min()
    }

    /// What changed from `before` to `self`, one phrase per file, named as `watched` says:
    /// "submissions/2026/x.xlsx changed", "… added", "… removed", "a.xml renamed to b.xml".
    /// Empty when every file holds the bytes it held.
    pub fn changes_since(&self, before: &Snapshot, watched: &[Watched]) -> Vec<String> {
        let name = |p: &Path| {
            watched
                .iter()
                .find_map(|w| {
                    p.strip_prefix(&w.root)
                        .ok()
                        .map(|rel| format!("{}{}", w.prefix, crate::model::slashed(rel)))
                })
                .unwrap_or_else(|| p.display().to_string())
        };
        let mut removed: Vec<(&PathBuf, &Seen)> = before
            .0
            .iter()
            .filter(|(p, _)| !self.0.contains_key(*p))
            .collect();
        let mut said = Vec::new();
        for (path, now) in &self.0 {
            match before.0.get(path) {
                Some(was) if was.sha256 == now.sha256 && was.sha256.is_some() => {}
                Some(_) => said.push(format!("{} changed", name(path))),
                None => {
                    let from = removed
                        .iter()
                        .position(|(_, was)| was.sha256.is_some() && was.sha256 == now.sha256);
                    match from {
                        Some(i) => {
                            let (old, _) = removed.remove(i);
                            said.push(format!("{} renamed to {}", name(old), name(path)));
                        }
                        None => said.push(format!("{} added", name(path))),
                    }
                }
            }
        }
        said.extend(removed.iter().map(|(p, _)| format!("{} removed", name(p))));
        said
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn says_what_was_added_changed_removed_and_renamed() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().to_path_buf();
        let watched = [Watched {
            root: root.clone(),
            prefix: String::new(),
        }];
        std::fs::create_dir_all(root.join("submissions/2026")).unwrap();
        std::fs::write(root.join("plan.toml"), "a").unwrap();
        std::fs::write(root.join("submissions/2026/a.xml"), "one").unwrap();
        std::fs::write(root.join("submissions/2026/b.xml"), "two").unwrap();
        let before = Snapshot::take(&watched, &Snapshot::default());
        assert!(
            Snapshot::take(&watched, &before)
                .changes_since(&before, &watched)
                .is_empty()
        );
        std::fs::write(root.join("plan.toml"), "b").unwrap();
        std::fs::rename(
            root.join("submissions/2026/a.xml"),
            root.join("submissions/2026/c.xml"),
        )
        .unwrap();
        std::fs::remove_file(root.join("submissions/2026/b.xml")).unwrap();
        std::fs::write(root.join("submissions/2026/d.xml"), "four").unwrap();
        std::fs::write(root.join("submissions/2026/.~lock.d.ods#"), "me").unwrap();
        std::fs::write(root.join("submissions/2026/~$d.xlsx"), "me").unwrap();
        let after = Snapshot::take(&watched, &before);
        assert_eq!(
            after.changes_since(&before, &watched),
            [
                "plan.toml changed",
                "submissions/2026/a.xml renamed to submissions/2026/c.xml",
                "submissions/2026/d.xml added",
                "submissions/2026/b.xml removed",
            ]
        );
        assert!(ignored_path(
            &watched,
            &root.join("submissions/2026/.~lock.d.ods#")
        ));
        assert!(!ignored_path(&watched, &root.join("narrative/en.md")));
    }

    /// A file dated in the future does not make the wait for quiet endless.
    #[test]
    fn a_file_from_the_future_is_not_young() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("plan.toml");
        std::fs::write(&file, "a").unwrap();
        let later = SystemTime::now() + std::time::Duration::from_secs(3600);
        std::fs::File::options()
            .write(true)
            .open(&file)
            .unwrap()
            .set_modified(later)
            .unwrap();
        let watched = [Watched {
            root: dir.path().to_path_buf(),
            prefix: String::new(),
        }];
        assert_eq!(
            Snapshot::take(&watched, &Snapshot::default()).youngest(),
            None
        );
    }
}
