//! A workspace to run the real binary in: a temporary folder holding a copy of the sample
//! (`inputs/`) or of a fixture as its `inputs/`, where a test runs commands and asserts what
//! they said ([`Seen`]) and what they made. Removed with everything in it when dropped.

use std::path::{Path, PathBuf};

use super::{Seen, copy_tree, repo, seen};

pub struct Workspace {
    dir: tempfile::TempDir,
}

impl Workspace {
    /// A copy of the repository's `inputs/`, the sample plan.
    pub fn sample() -> Workspace {
        Workspace::of(&repo().join("inputs"))
    }

    /// A copy of `tests/fixtures/<case>/` as `inputs/`.
    pub fn fixture(case: &str) -> Workspace {
        Workspace::of(&repo().join("tests/fixtures").join(case))
    }

    fn of(inputs: &Path) -> Workspace {
        let dir = tempfile::tempdir().unwrap();
        copy_tree(inputs, &dir.path().join("inputs"));
        Workspace { dir }
    }

    /// The workspace's folder, where commands run.
    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// `inputs/`.
    pub fn inputs(&self) -> PathBuf {
        self.path().join("inputs")
    }

    /// Runs `annual-update <args>` in the workspace.
    pub fn run(&self, args: &[&str]) -> Seen {
        seen(self.path(), args)
    }

    /// The text of a file under the workspace (`output/2026/findings.md`).
    #[cfg_attr(
        not(unix),
        allow(dead_code, reason = "only the Unix tests read one yet")
    )]
    pub fn read(&self, rel: &str) -> String {
        let path = self.path().join(rel);
        std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
    }
}
