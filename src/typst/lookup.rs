//! Where Typst is looked for, in order, and which place a build takes: one list that finding Typst
//! and `doctor` both read, so what `doctor` shows is what a build does.
//!
//! The order: `--typst`, `TYPST`, the folder of the running program (where a release bundle puts
//! its Typst), `PATH`, the tool's cache. An explicit choice (`--typst`, `TYPST`) is taken or
//! refused, never passed over; every other place is taken only if its Typst is the pinned version.

use std::ffi::OsString;
use std::path::{Path, PathBuf};

use super::PINNED;
use crate::error::{Error, Result};

/// The file name of the Typst binary on this platform.
pub const EXE: &str = if cfg!(windows) { "typst.exe" } else { "typst" };

/// How a Typst binary was found.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FoundBy {
    Flag,
    Env,
    Beside,
    Path,
    Cache,
    Installed,
}

impl FoundBy {
    /// Where it was found, for a sentence: "Typst 0.15.1 (from PATH)".
    pub fn describe(self) -> &'static str {
        match self {
            FoundBy::Flag => "--typst",
            FoundBy::Env => "the TYPST environment variable",
            FoundBy::Beside => "the folder annual-update runs from",
            FoundBy::Path => "PATH",
            FoundBy::Cache => "the annual-update cache",
            FoundBy::Installed => "a fresh install into the annual-update cache",
        }
    }

    /// The place's name in `doctor`'s list.
    pub fn label(self) -> &'static str {
        match self {
            FoundBy::Flag => "--typst",
            FoundBy::Env => "TYPST",
            FoundBy::Beside => "beside annual-update",
            FoundBy::Path => "PATH",
            FoundBy::Cache | FoundBy::Installed => "cache",
        }
    }

    /// A place the user named: taken or refused, never passed over for another.
    pub fn is_explicit(self) -> bool {
        matches!(self, FoundBy::Flag | FoundBy::Env)
    }
}

#[derive(Clone, Debug)]
pub struct Typst {
    pub path: PathBuf,
    pub version: String,
    pub found_by: FoundBy,
}

/// One place looked at: the binary to try there, or why there is none to try.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Place {
    pub by: FoundBy,
    pub binary: std::result::Result<PathBuf, String>,
}

/// What the places are made from: the command line, the environment, where the program is.
#[derive(Clone, Debug, Default)]
pub struct Places {
    /// `--typst`.
    pub flag: Option<PathBuf>,
    /// `TYPST` (an empty value counts as unset).
    pub typst_var: Option<OsString>,
    /// The running program's path (`std::env::current_exe`), or why it is unknown.
    pub program: Option<std::result::Result<PathBuf, String>>,
    /// `PATH`.
    pub path_var: Option<OsString>,
    /// The pinned Typst's place in the tool's cache.
    pub cache: PathBuf,
}

impl Places {
    /// This process's places: its environment and its own path.
    pub fn of_this_process(flag: Option<PathBuf>, cache: PathBuf) -> Places {
        Places {
            flag,
            typst_var: std::env::var_os("TYPST"),
            // On Linux the path with links followed (the bundle's folder, whatever link to the
            // program was run); on Windows the path it was started by.
            program: Some(std::env::current_exe().map_err(|e| e.to_string())),
            path_var: std::env::var_os("PATH"),
            cache,
        }
    }

    /// Every place, in the order they are looked at.
    pub fn list(&self) -> Vec<Place> {
        let not_set = || "not set".to_string();
        let beside = match &self.program {
            None => Err("cannot tell where annual-update is".to_string()),
            Some(Err(e)) => Err(format!("cannot tell where annual-update is: {e}")),
            Some(Ok(program)) => match program.parent() {
                None => Err(format!("{} has no folder", program.display())),
                Some(dir) => {
                    let binary = dir.join(EXE);
                    if binary.is_file() {
                        Ok(binary)
                    } else {
                        Err(format!("no {EXE} in {}", dir.display()))
                    }
                }
            },
        };
        let on_path = self
            .path_var
            .as_ref()
            .and_then(|var| {
                std::env::split_paths(var)
                    .filter(|d| !d.as_os_str().is_empty())
                    .map(|d| d.join(EXE))
                    .find(|p| p.is_file())
            })
            .ok_or_else(|| format!("no {EXE} on PATH"));
        vec![
            Place {
                by: FoundBy::Flag,
                binary: self.flag.clone().ok_or_else(not_set),
            },
            Place {
                by: FoundBy::Env,
                binary: self
                    .typst_var
                    .clone()
                    .filter(|v| !v.is_empty())
                    .map(PathBuf::from)
                    .ok_or_else(not_set),
            },
            Place {
                by: FoundBy::Beside,
                binary: beside,
            },
            Place {
                by: FoundBy::Path,
                binary: on_path,
            },
            Place {
                by: FoundBy::Cache,
                binary: Ok(self.cache.clone()),
            },
        ]
    }
}

/// The Typst a build takes from `places`, asking each binary its version with `probe`; `None`
/// when no place has the pinned version (and none was named explicitly).
pub fn choose(
    places: &[Place],
    probe: &dyn Fn(&Path) -> std::result::Result<String, String>,
) -> Result<Option<Typst>> {
    for place in places {
        let Ok(path) = &place.binary else { continue };
        let by = place.by;
        let version = probe(path);
        if by.is_explicit() {
            // An explicit choice is never silently replaced by another binary.
            let version = version.map_err(|e| {
                Error::Environment(format!(
                    "{e} (given by {}); pass the path of a Typst {PINNED} binary",
                    by.describe()
                ))
            })?;
            if version != PINNED {
                return Err(Error::Environment(format!(
                    "{}; install it with `cargo install typst-cli --locked --version ={PINNED}`, or leave out {} so annual-update uses its own",
                    wrong_version(path, &version, by),
                    by.describe()
                )));
            }
            return Ok(Some(found(path, version, by)));
        }
        if let Ok(version) = version
            && version == PINNED
        {
            return Ok(Some(found(path, version, by)));
        }
    }
    Ok(None)
}

fn found(path: &Path, version: String, found_by: FoundBy) -> Typst {
    Typst {
        path: path.to_path_buf(),
        version,
        found_by,
    }
}

fn wrong_version(path: &Path, version: &str, by: FoundBy) -> String {
    format!(
        "Typst {version} was found at {} (from {}), but annual-update needs Typst {PINNED}",
        path.display(),
        by.describe()
    )
}

/// Every place looked at, for a message: "--typst, TYPST, /opt/annual-update/typst, PATH and
/// ~/.cache/annual-update/typst/0.15.1/bin/typst".
pub fn looked_at(places: &[Place]) -> String {
    let names: Vec<String> = places
        .iter()
        .map(|place| match (place.by, &place.binary) {
            (FoundBy::Beside, Err(_)) => format!("{EXE} beside annual-update"),
            (FoundBy::Beside | FoundBy::Cache, Ok(path)) => path.display().to_string(),
            (by, _) => by.label().to_string(),
        })
        .collect();
    match names.split_last() {
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A folder with a file named like Typst in each of `dirs` (the file's content is its
    /// version, read by `fake_probe`).
    fn typst_in(root: &Path, dir: &str, version: &str) -> PathBuf {
        let dir = root.join(dir);
        std::fs::create_dir_all(&dir).unwrap();
        let binary = dir.join(EXE);
        std::fs::write(&binary, version).unwrap();
        binary
    }

    fn fake_probe(path: &Path) -> std::result::Result<String, String> {
        std::fs::read_to_string(path).map_err(|_| format!("cannot run {}", path.display()))
    }

    fn places(root: &Path) -> Places {
        Places {
            flag: None,
            typst_var: None,
            program: Some(Ok(root.join("bundle").join("annual-update"))),
            path_var: Some(std::env::join_paths([root.join("bin")]).unwrap()),
            cache: root.join("cache").join(EXE),
        }
    }

    fn chosen(places: &Places) -> (FoundBy, PathBuf) {
        let t = choose(&places.list(), &fake_probe).unwrap().unwrap();
        (t.found_by, t.path)
    }

    #[test]
    fn places_are_listed_in_lookup_order() {
        let root = tempfile::tempdir().unwrap();
        let order: Vec<FoundBy> = places(root.path()).list().iter().map(|p| p.by).collect();
        assert_eq!(
            order,
            [
                FoundBy::Flag,
                FoundBy::Env,
                FoundBy::Beside,
                FoundBy::Path,
                FoundBy::Cache
            ]
        );
    }

    #[test]
    fn typst_beside_the_program_comes_after_flag_and_env_and_before_path_and_cache() {
        let root = tempfile::tempdir().unwrap();
        let r = root.path();
        let cache = typst_in(r, "cache", PINNED);
        let mut p = places(r);
        assert_eq!(chosen(&p), (FoundBy::Cache, cache));
        let on_path = typst_in(r, "bin", PINNED);
        assert_eq!(chosen(&p), (FoundBy::Path, on_path));
        let beside = typst_in(r, "bundle", PINNED);
        assert_eq!(chosen(&p), (FoundBy::Beside, beside));
        let env = typst_in(r, "env", PINNED);
        p.typst_var = Some(env.clone().into());
        assert_eq!(chosen(&p), (FoundBy::Env, env));
        let flag = typst_in(r, "flag", PINNED);
        p.flag = Some(flag.clone());
        assert_eq!(chosen(&p), (FoundBy::Flag, flag));
    }

    #[test]
    fn a_typst_beside_of_another_version_is_passed_over_like_one_on_path() {
        let root = tempfile::tempdir().unwrap();
        let r = root.path();
        typst_in(r, "bundle", "0.14.2");
        let on_path = typst_in(r, "bin", PINNED);
        assert_eq!(chosen(&places(r)), (FoundBy::Path, on_path));
        std::fs::remove_file(r.join("bin").join(EXE)).unwrap();
        assert!(
            choose(&places(r).list(), &fake_probe).unwrap().is_none(),
            "no place has the pinned Typst: a build installs it"
        );
    }

    #[test]
    fn an_explicit_typst_of_another_version_is_refused_even_with_one_beside() {
        let root = tempfile::tempdir().unwrap();
        let r = root.path();
        typst_in(r, "bundle", PINNED);
        let old = typst_in(r, "env", "0.14.2");
        let mut p = places(r);
        p.typst_var = Some(old.clone().into());
        let Err(Error::Environment(message)) = choose(&p.list(), &fake_probe) else {
            panic!("TYPST of another version must be refused");
        };
        assert_eq!(
            message,
            format!(
                "Typst 0.14.2 was found at {} (from the TYPST environment variable), but annual-update needs Typst {PINNED}; install it with `cargo install typst-cli --locked --version ={PINNED}`, or leave out the TYPST environment variable so annual-update uses its own",
                old.display()
            )
        );
    }

    #[test]
    fn each_place_says_why_it_has_nothing_to_try() {
        let root = tempfile::tempdir().unwrap();
        let r = root.path();
        let mut p = places(r);
        let listed = p.list();
        let why: Vec<_> = listed.iter().map(|place| place.binary.clone()).collect();
        assert_eq!(
            why,
            [
                Err("not set".to_string()),
                Err("not set".to_string()),
                Err(format!("no {EXE} in {}", r.join("bundle").display())),
                Err(format!("no {EXE} on PATH")),
                Ok(r.join("cache").join(EXE)),
            ]
        );
        assert_eq!(
            looked_at(&listed),
            format!(
                "--typst, TYPST, {EXE} beside annual-update, PATH and {}",
                r.join("cache").join(EXE).display()
            )
        );
        p.program = Some(Err("no such file".to_string()));
        p.typst_var = Some(OsString::new());
        let listed = p.list();
        assert_eq!(listed[1].binary, Err("not set".to_string()));
        assert_eq!(
            listed[2].binary,
            Err("cannot tell where annual-update is: no such file".to_string())
        );
    }

    #[test]
    fn the_folder_beside_is_named_once_it_has_a_typst() {
        let root = tempfile::tempdir().unwrap();
        let r = root.path();
        let beside = typst_in(r, "bundle", PINNED);
        assert!(looked_at(&places(r).list()).contains(&format!(", {}, PATH", beside.display())));
    }
}
