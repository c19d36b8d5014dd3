//! Finding Typst at the places `lookup` lists (`--typst`, `TYPST`, beside the program, `PATH`, the
//! tool's own cache); when none has the pinned version, installing it once into the cache with
//! `cargo install --locked`.

use std::fs::File;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use super::PINNED;
use super::lookup::{FoundBy, Place, Places, Typst, choose, looked_at};
use crate::error::{Error, Result};

/// Where to look, and whether installing is allowed.
#[derive(Clone, Debug, Default)]
pub struct Lookup {
    pub flag: Option<PathBuf>,
    pub install: bool,
}

/// `ANNUAL_UPDATE_CACHE`, else the platform's cache folder (`~/.cache/annual-update` on Linux).
pub fn cache_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("ANNUAL_UPDATE_CACHE").filter(|d| !d.is_empty()) {
        return PathBuf::from(dir);
    }
    dirs::cache_dir()
        .unwrap_or_else(std::env::temp_dir)
        .join("annual-update")
}

fn cached_root() -> PathBuf {
    cache_dir().join("typst").join(PINNED)
}

/// Where the pinned Typst lives once installed into the cache.
pub fn cached_binary() -> PathBuf {
    cached_root().join("bin").join(super::lookup::EXE)
}

/// The version a binary reports (`typst 0.14.2 (…)` → `0.14.2`), or why it could not be asked.
pub fn probe(path: &Path) -> std::result::Result<String, String> {
    let out = crate::process::children::quick_output(Command::new(path).arg("--version"))
        .map_err(|e| format!("cannot run {}: {e}", path.display()))?;
    let text = String::from_utf8_lossy(&out.stdout);
    text.split_whitespace()
        .nth(1)
        .filter(|_| out.status.success() && text.starts_with("typst"))
        .map(str::to_string)
        .ok_or_else(|| format!("{} --version did not answer like Typst", path.display()))
}

/// The font families Typst sees with only the fonts in `font_dir` (`typst fonts`), or `None` if
/// it could not be run.
pub fn font_families(typst: &Typst, font_dir: &Path) -> Option<Vec<String>> {
    let out = crate::process::children::quick_output(
        Command::new(&typst.path)
            .env_clear()
            .args(["fonts", "--ignore-system-fonts", "--font-path"])
            .arg(font_dir),
    )
    .ok()?;
    Some(
        String::from_utf8_lossy(&out.stdout)
            .lines()
            .map(str::to_string)
            .collect(),
    )
}

/// Every place Typst is looked for, in order, for this process and `flag` (`--typst`).
pub fn places(flag: Option<PathBuf>) -> Vec<Place> {
    Places::of_this_process(flag, cached_binary()).list()
}

/// Finds Typst as `lookup` says. `say` receives progress for the user (the install notice).
pub fn find(lookup: &Lookup, say: &dyn Fn(&str)) -> Result<Typst> {
    let places = places(lookup.flag.clone());
    if let Some(typst) = choose(&places, &probe)? {
        return Ok(typst);
    }
    if !lookup.install {
        return Err(Error::Environment(format!(
            "Typst {PINNED} was not found (looked at {}); run without --no-install to let annual-update install it, or install it with `cargo install typst-cli --locked --version ={PINNED}`",
            looked_at(&places)
        )));
    }
    install(say)
}

/// Installs the pinned Typst into the cache, once: concurrent callers wait on a lock file and
/// then find the binary the first one installed.
///
/// cargo installs into a folder of its own beside the cache's (`.0.15.1.install-<process id>`,
/// its build folder inside), which is renamed into place only once the binary in it answers as
/// the pinned Typst: nothing half-installed is ever where Typst is looked for. Ctrl-C stops cargo
/// and everything it started, and the folder is removed; one left by a run that was killed
/// outright is removed by the next install.
fn install(say: &dyn Fn(&str)) -> Result<Typst> {
    let root = cached_root();
    let parent = root.parent().expect("the cache root has a parent");
    std::fs::create_dir_all(parent).map_err(|e| Error::io("create the cache folder", parent, e))?;
    let lock_path = parent.join(format!("{PINNED}.lock"));
    let lock =
        File::create(&lock_path).map_err(|e| Error::io("create the lock file", &lock_path, e))?;
    lock.lock().map_err(|e| Error::io("lock", &lock_path, e))?;
    let binary = cached_binary();
    if let Ok(version) = probe(&binary)
        && version == PINNED
    {
        return Ok(Typst {
            path: binary,
            version,
            found_by: FoundBy::Cache,
        });
    }
    // Under the lock no other install runs: what is there is left by one that was stopped.
    remove_unfinished(parent)?;
    let work = parent.join(format!("{}{}", unfinished_prefix(), std::process::id()));
    let result = install_into(&work, &root, say);
    let _ = std::fs::remove_dir_all(&work);
    if let Err(Error::Interrupted(_)) = result {
        say(
            "annual-update: the Typst install was stopped; nothing was installed (the next run that needs Typst installs it)",
        );
    }
    drop(lock);
    result
}

/// The name of an install's own folder, but for the process id that ends it.
fn unfinished_prefix() -> String {
    format!(".{PINNED}.install-")
}

/// Removes the folders of installs that were stopped before they finished.
fn remove_unfinished(parent: &Path) -> Result<()> {
    let entries = std::fs::read_dir(parent).map_err(|e| Error::io("list", parent, e))?;
    for entry in entries.flatten() {
        if entry
            .file_name()
            .to_string_lossy()
            .starts_with(&unfinished_prefix())
        {
            let path = entry.path();
            std::fs::remove_dir_all(&path)
                .map_err(|e| Error::io("remove an unfinished install", &path, e))?;
        }
    }
    Ok(())
}

/// Runs cargo to install into `work`, then moves what it installed to `root`.
fn install_into(work: &Path, root: &Path, say: &dyn Fn(&str)) -> Result<Typst> {
    let cargo = std::env::var_os("CARGO").map_or_else(|| PathBuf::from("cargo"), PathBuf::from);
    let staged = work.join("root");
    let args = [
        "install",
        "typst-cli",
        "--locked",
        "--version",
        &format!("={PINNED}"),
        "--root",
    ];
    say(&format!(
        "annual-update: Typst {PINNED} is not installed; installing it once into {} (it compiles from source: expect several minutes):\n  {} {} {}",
        root.display(),
        cargo.display(),
        args.join(" "),
        root.display()
    ));
    let status = crate::process::children::status(
        Command::new(&cargo)
            .args(args)
            .arg(&staged)
            // Its build folder too, so a stopped install leaves nothing in the system's.
            .arg("--target-dir")
            .arg(work.join("target"))
            .stdin(Stdio::null())
            .stdout(Stdio::inherit())
            .stderr(Stdio::inherit()),
    )?;
    crate::process::interrupt::check()?;
    let status = status.map_err(|e| {
        Error::Environment(format!(
            "cannot run {} to install Typst: {e}",
            cargo.display()
        ))
    })?;
    if !status.success() {
        return Err(Error::Environment(format!(
            "installing Typst {PINNED} with cargo failed ({status}); see cargo's messages above, or install it yourself and pass --typst"
        )));
    }
    let exe = cached_binary();
    let exe_name = exe.file_name().expect("the binary has a name");
    let version = probe(&staged.join("bin").join(exe_name)).map_err(Error::Environment)?;
    if version != PINNED {
        return Err(Error::Environment(format!(
            "cargo installed Typst {version}, not {PINNED}; install Typst {PINNED} yourself and pass --typst"
        )));
    }
    crate::process::interrupt::check()?;
    // Whatever is at the final place does not answer as the pinned Typst (it was probed first).
    if root.exists() {
        std::fs::remove_dir_all(root).map_err(|e| Error::io("remove", root, e))?;
    }
    std::fs::rename(&staged, root).map_err(|e| Error::io("move into place", root, e))?;
    let version = probe(&exe).map_err(Error::Environment)?;
    say(&format!(
        "annual-update: installed Typst {version} at {}",
        exe.display()
    ));
    Ok(Typst {
        path: exe,
        version,
        found_by: FoundBy::Installed,
    })
}
