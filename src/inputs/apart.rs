//! No command writes into the inputs: every place a command is about to write must not be, hold
//! or lie inside a folder it reads (the inputs folder, the templates), nor lie inside any inputs
//! folder at all (a folder with `plan.toml` and `submissions/`), once symbolic links and `..` are
//! followed, also where the place does not exist yet (its nearest existing folder is followed).
//! Checked before anything is written; a breach is a command-line error (exit code 2) that names
//! both paths and a place to use instead. The only writes into the inputs are the documented
//! ones of `publish` and `xliff import`, which do not go through here.

use std::path::{Component, Path, PathBuf};

use crate::error::{Error, Result};

/// What [`Read::what`] calls the inputs folder of a command that takes `--inputs`.
pub const INPUTS: &str = "the inputs folder";

/// A folder (or file) a command reads, which nothing it writes may overlap.
pub struct Read<'a> {
    /// What it is, with its article: "the inputs folder", "the templates folder", "--to".
    pub what: &'a str,
    pub path: &'a Path,
}

/// What a command is about to write.
pub struct Writing<'a> {
    /// The argument that names the place, as typed: `--output`, `--dir`, `init`.
    pub flag: &'a str,
    /// Its value, as given (or as defaulted).
    pub given: &'a Path,
    /// The last name of a place to suggest instead: `output`, `translation-2026.xlf`.
    pub suggest: &'a str,
    /// Whether `given` names a file (else a folder).
    pub file: bool,
    /// Every path the command writes: `given`, and places inside it that a link could send
    /// elsewhere (a build's year folder, its work folder and lock file).
    pub paths: Vec<PathBuf>,
}

/// How a written path stands to a read one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Overlap {
    Same,
    /// The written path is inside the read one.
    Inside,
    /// The written path holds the read one.
    Holds,
}

impl Overlap {
    /// How `written` stands to `read`, both resolved (see [`resolve`]), if they overlap.
    pub fn of(written: &Path, read: &Path) -> Option<Overlap> {
        if written == read {
            Some(Overlap::Same)
        } else if written.starts_with(read) {
            Some(Overlap::Inside)
        } else if read.starts_with(written) {
            Some(Overlap::Holds)
        } else {
            None
        }
    }

    fn words(self) -> &'static str {
        match self {
            Overlap::Same => "is",
            Overlap::Inside => "is inside",
            Overlap::Holds => "holds",
        }
    }
}

/// Refuses (exit code 2) to write any of `writing`'s paths where it would overlap one of `reads`
/// or lie inside an inputs folder; see the module's documentation.
pub fn refuse_overlap(reads: &[Read], writing: &Writing) -> Result<()> {
    let resolved_reads: Vec<PathBuf> = reads.iter().map(|r| resolve(r.path)).collect();
    for written in &writing.paths {
        let w = resolve(written);
        for (read, r) in reads.iter().zip(&resolved_reads) {
            if let Some(overlap) = Overlap::of(&w, r) {
                let object = format!("{} {}", read.what, read.path.display());
                return Err(refusal(writing, written, (&w, r), overlap, &object, reads));
            }
        }
        if let Some(folder) = inputs_folder_around(&w) {
            let overlap = Overlap::of(&w, &folder).unwrap_or(Overlap::Inside);
            let object = format!(
                "{}, an inputs folder (it has plan.toml and submissions/)",
                shown(&folder)
            );
            let refused = refusal(writing, written, (&w, &folder), overlap, &object, reads);
            // Run inside a plan's folder by a command that reads an inputs folder, given one
            // that holds no plan: the plan around is likely the one meant.
            let planless = reads
                .iter()
                .any(|r| r.what == INPUTS && !r.path.join("plan.toml").is_file());
            return Err(match (refused, planless) {
                (Error::Usage(message), true) => Error::Usage(format!(
                    "{message}; if {} is the plan you mean, also pass --inputs {}",
                    shown(&folder),
                    quoted(&shown(&folder))
                )),
                (refused, _) => refused,
            });
        }
    }
    Ok(())
}

/// The nearest folder at or above `path` (resolved) that is an inputs folder: one that holds a
/// `plan.toml` and a `submissions` folder.
pub fn inputs_folder_around(path: &Path) -> Option<PathBuf> {
    path.ancestors()
        .find(|dir| dir.join("plan.toml").is_file() && dir.join("submissions").is_dir())
        .map(Path::to_path_buf)
}

/// The message for `written` (resolved `w`) overlapping `r`, described as `object`.
fn refusal(
    writing: &Writing,
    written: &Path,
    (w, r): (&Path, &Path),
    overlap: Overlap,
    object: &str,
    reads: &[Read],
) -> Error {
    let subject = if written == writing.given {
        format!("{} {}", writing.flag, writing.given.display())
    } else {
        format!(
            "{}, which {} {} makes this command write,",
            written.display(),
            writing.flag,
            writing.given.display()
        )
    };
    // Said only where the paths as typed do not show it.
    let followed = if Overlap::of(&lexical(written), &lexical(r)) == Some(overlap) {
        String::new()
    } else {
        format!(
            " (once symbolic links and `..` are followed: {} {} {})",
            w.display(),
            overlap.words(),
            r.display()
        )
    };
    let kind = match writing.file {
        true => "a file",
        false => "a folder",
    };
    // A link inside the output that leads into the inputs: the output itself may be fine.
    let link = written != writing.given
        && std::fs::symlink_metadata(written).is_ok_and(|m| m.file_type().is_symlink());
    let link = match link {
        true => format!("remove the link {}, or ", written.display()),
        false => String::new(),
    };
    // A place beside the outer of the two, if it is clear of everything read and is not the
    // place given.
    let outer = if overlap == Overlap::Holds { w } else { r };
    let given = resolve(writing.given);
    let fix = suggestion(outer, writing.suggest)
        .filter(|place| {
            let p = resolve(place);
            reads
                .iter()
                .all(|read| Overlap::of(&p, &resolve(read.path)).is_none())
                && inputs_folder_around(&p).is_none()
                && Overlap::of(&p, &given) != Some(Overlap::Same)
        })
        .map_or_else(
            || format!("give {} {kind} outside them", writing.flag),
            |place| {
                format!(
                    "give {} {kind} outside them, such as {} {}",
                    writing.flag,
                    writing.flag,
                    quoted(&shown(&place))
                )
            },
        );
    Error::Usage(format!(
        "{subject} {} {object}{followed}: annual-update never writes into its inputs (what it writes could delete or overwrite them), so nothing was written; {link}{fix}",
        overlap.words()
    ))
}

/// `<outer's folder>/<name>`, or `<name>-2` there if `outer` is itself called `name`.
fn suggestion(outer: &Path, name: &str) -> Option<PathBuf> {
    let parent = outer.parent()?;
    let name = if outer.file_name() == Some(name.as_ref()) {
        let path = Path::new(name);
        match (path.file_stem(), path.extension()) {
            (Some(stem), Some(ext)) => {
                format!("{}-2.{}", stem.to_string_lossy(), ext.to_string_lossy())
            }
            _ => format!("{name}-2"),
        }
    } else {
        name.to_string()
    };
    Some(parent.join(name))
}

/// `path` as the system will find it: absolute, with every symbolic link and `..` of the part
/// that exists followed (`canonicalize`), and the rest, which does not exist yet, added to it
/// with its `..` taken lexically (nothing there can be a link yet). Never fails: a part that
/// cannot be followed is taken as written.
pub fn resolve(path: &Path) -> PathBuf {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    // The names after the nearest part that exists, last first.
    let mut rest: Vec<Component> = Vec::new();
    let mut base = absolute.as_path();
    let real = loop {
        if let Ok(real) = std::fs::canonicalize(base) {
            break real;
        }
        let mut parts = base.components();
        match parts.next_back() {
            Some(last @ (Component::Normal(_) | Component::ParentDir | Component::CurDir)) => {
                rest.push(last);
                base = parts.as_path();
            }
            // The root or a prefix that cannot be followed: take the whole path as written.
            _ => return lexical(&absolute),
        }
    };
    let mut out = real;
    for part in rest.into_iter().rev() {
        step(&mut out, part);
    }
    out
}

/// `path` made absolute with its `.` and `..` taken lexically, without looking at the disk.
pub fn lexical(path: &Path) -> PathBuf {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut out = PathBuf::new();
    for part in absolute.components() {
        step(&mut out, part);
    }
    out
}

fn step(out: &mut PathBuf, part: Component) {
    match part {
        Component::ParentDir => {
            out.pop();
        }
        Component::CurDir => {}
        other => out.push(other.as_os_str()),
    }
}

/// How a path is shown in a fix: relative to the current folder when it is inside it, else in
/// full (without Windows' `\\?\` prefix, which `canonicalize` adds).
fn shown(path: &Path) -> String {
    let cwd = std::env::current_dir()
        .ok()
        .and_then(|d| std::fs::canonicalize(d).ok());
    if let Some(rel) = cwd.as_deref().and_then(|cwd| path.strip_prefix(cwd).ok())
        && !rel.as_os_str().is_empty()
    {
        return rel.display().to_string();
    }
    let full = path.display().to_string();
    match full.strip_prefix(r"\\?\") {
        Some(plain) if cfg!(windows) && !plain.starts_with("UNC") => plain.to_string(),
        _ => full,
    }
}

/// `text` as one argument to paste into a shell (POSIX shells, PowerShell and cmd alike): as it
/// is when it is plain, else in double quotes, or single ones where double would not do.
fn quoted(text: &str) -> String {
    let plain = |c: char| c.is_alphanumeric() || "-_./:\\".contains(c);
    if !text.is_empty() && text.chars().all(plain) {
        text.to_string()
    } else if !text.contains(['"', '$', '`', '\\', '!']) {
        format!("\"{text}\"")
    } else {
        format!("'{}'", text.replace('\'', r"'\''"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// A folder with `inputs/` (an inputs folder) and `elsewhere/` in it, canonical.
    fn world() -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let root = std::fs::canonicalize(dir.path()).unwrap();
        std::fs::create_dir_all(root.join("inputs/submissions/2026")).unwrap();
        std::fs::create_dir_all(root.join("inputs/narrative")).unwrap();
        std::fs::write(root.join("inputs/plan.toml"), "").unwrap();
        std::fs::create_dir_all(root.join("elsewhere")).unwrap();
        (dir, root)
    }

    /// Builds' refusal of `output` with the inputs at `inputs`, as the message says it.
    fn build(inputs: &Path, output: &Path) -> Result<()> {
        refuse_overlap(
            &[Read {
                what: "the inputs folder",
                path: inputs,
            }],
            &Writing {
                flag: "--output",
                given: output,
                suggest: "output",
                file: false,
                paths: crate::output::build_paths(output, 2026),
            },
        )
    }

    fn message(result: Result<()>) -> String {
        match result {
            Err(e @ Error::Usage(_)) => e.to_string(),
            other => panic!("not refused as a command-line error: {other:?}"),
        }
    }

    #[test]
    fn an_output_inside_the_inputs_is_refused_naming_both_and_a_folder_to_use() {
        let (_dir, root) = world();
        let inputs = root.join("inputs");
        let output = inputs.join("submissions");
        assert_eq!(
            message(build(&inputs, &output)),
            format!(
                "--output {0}/inputs/submissions is inside the inputs folder {0}/inputs: annual-update never writes into its inputs (what it writes could delete or overwrite them), so nothing was written; give --output a folder outside them, such as --output {0}/output",
                root.display()
            )
        );
        for output in [
            inputs.clone(),
            inputs.join("narrative"),
            inputs.join("published"),
            // Not there yet: its nearest existing folder is the inputs.
            inputs.join("new/folder"),
            root.join("elsewhere/../inputs/x"),
        ] {
            message(build(&inputs, &output));
        }
    }

    #[test]
    fn inputs_inside_the_output_are_refused() {
        let (_dir, root) = world();
        let out = root.join("out");
        std::fs::create_dir_all(&out).unwrap();
        std::fs::rename(root.join("inputs"), out.join("2026")).unwrap();
        assert_eq!(
            message(build(&out.join("2026"), &out)),
            format!(
                "--output {0}/out holds the inputs folder {0}/out/2026: annual-update never writes into its inputs (what it writes could delete or overwrite them), so nothing was written; give --output a folder outside them, such as --output {0}/output",
                root.display()
            )
        );
    }

    #[test]
    fn a_sibling_that_shares_the_inputs_name_is_not_inside_them() {
        let (_dir, root) = world();
        build(&root.join("inputs"), &root.join("inputs2")).unwrap();
        build(&root.join("inputs"), &root.join("output")).unwrap();
        build(&root.join("inputs"), &root.join("elsewhere/output")).unwrap();
    }

    #[cfg(unix)]
    #[test]
    fn links_are_followed_where_the_paths_as_typed_do_not_show_the_overlap() {
        use std::os::unix::fs::symlink;
        let (_dir, root) = world();
        let inputs = root.join("inputs");
        symlink(inputs.join("submissions"), root.join("link")).unwrap();
        assert_eq!(
            message(build(&inputs, &root.join("link/2026-out"))),
            format!(
                "--output {0}/link/2026-out is inside the inputs folder {0}/inputs (once symbolic links and `..` are followed: {0}/inputs/submissions/2026-out is inside {0}/inputs): annual-update never writes into its inputs (what it writes could delete or overwrite them), so nothing was written; give --output a folder outside them, such as --output {0}/output",
                root.display()
            )
        );
        // `..` after a link leaves the folder the link leads to, as the system takes it.
        message(build(&inputs, &root.join("link/../x")));
        // A year folder or lock file of the output that is a link into the inputs.
        let out = root.join("out");
        std::fs::create_dir_all(&out).unwrap();
        symlink(inputs.join("plan.toml"), out.join(".2026.lock")).unwrap();
        assert!(
            message(build(&inputs, &out)).starts_with(&format!(
                "{0}/out/.2026.lock, which --output {0}/out makes this command write, is inside the inputs folder {0}/inputs (once",
                root.display()
            )),
        );
    }

    #[test]
    fn nothing_is_written_into_another_plans_inputs_folder() {
        let (_dir, root) = world();
        let other = root.join("elsewhere/plan");
        std::fs::create_dir_all(other.join("submissions")).unwrap();
        std::fs::write(other.join("plan.toml"), "").unwrap();
        assert_eq!(
            message(build(&root.join("inputs"), &other.join("output"))),
            format!(
                "--output {0}/elsewhere/plan/output is inside {0}/elsewhere/plan, an inputs folder (it has plan.toml and submissions/): annual-update never writes into its inputs (what it writes could delete or overwrite them), so nothing was written; give --output a folder outside them, such as --output {0}/elsewhere/output",
                root.display()
            )
        );
        // A plan.toml alone does not make an inputs folder.
        std::fs::remove_dir(other.join("submissions")).unwrap();
        build(&root.join("inputs"), &other.join("output")).unwrap();
    }

    #[test]
    fn a_suggestion_never_takes_the_name_it_replaces() {
        let (_dir, root) = world();
        let output = root.join("output");
        std::fs::create_dir_all(&output).unwrap();
        std::fs::rename(root.join("inputs"), output.join("inputs")).unwrap();
        assert!(
            message(build(&output.join("inputs"), &output))
                .ends_with(&format!("such as --output {}/output-2", root.display()))
        );
        assert_eq!(quoted("output"), "output");
        assert_eq!(quoted("my output"), "\"my output\"");
        assert_eq!(quoted("it's $HOME"), r"'it'\''s $HOME'");
    }

    /// Names a path may be made of: folders, a link, a file, names not there yet, `.` and `..`.
    fn part() -> impl Strategy<Value = &'static str> {
        prop::sample::select(vec!["a", "b", "l", "f", "..", ".", "new", "ŵ y"])
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

        #[test]
        fn resolving_follows_the_system_and_overlap_is_consistent(
            parts in prop::collection::vec(part(), 0..7),
            more in prop::collection::vec(part(), 0..4),
        ) {
            let dir = tempfile::tempdir().unwrap();
            let root = std::fs::canonicalize(dir.path()).unwrap();
            std::fs::create_dir_all(root.join("a/b")).unwrap();
            std::fs::write(root.join("f"), "").unwrap();
            #[cfg(unix)]
            std::os::unix::fs::symlink(root.join("a/b"), root.join("l")).unwrap();
            let path: PathBuf = parts.iter().fold(root.clone(), |p, part| p.join(part));
            let resolved = resolve(&path);
            prop_assert!(resolved.is_absolute());
            prop_assert!(resolved.components().all(|c| !matches!(c, Component::CurDir | Component::ParentDir)));
            if let Ok(real) = std::fs::canonicalize(&path) {
                prop_assert_eq!(&resolved, &real);
            }
            prop_assert_eq!(Overlap::of(&resolved, &resolved), Some(Overlap::Same));
            let below = resolve(&path.join("new").join("x"));
            prop_assert_eq!(Overlap::of(&below, &resolved), Some(Overlap::Inside));
            prop_assert_eq!(Overlap::of(&resolved, &below), Some(Overlap::Holds));
            let other = resolve(&more.iter().fold(root.clone(), |p, part| p.join(part)));
            let (there, back) = (Overlap::of(&resolved, &other), Overlap::of(&other, &resolved));
            prop_assert_eq!(there == Some(Overlap::Inside), back == Some(Overlap::Holds));
            prop_assert_eq!(there == Some(Overlap::Same), back == Some(Overlap::Same));
            prop_assert_eq!(there.is_none(), back.is_none());
        }
    }
}
