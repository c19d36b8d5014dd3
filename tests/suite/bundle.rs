//! The release bundle (issue 33). Always: annual-update finds the Typst beside itself and builds
//! with nothing else there (no cargo, no cache, an empty PATH), and `doctor` says so. When asked
//! (`.ci/run` asks for the Linux one): a bundle made by `.ci/dist` builds the sample where it will
//! run, the Linux one in a bare environment, the Windows one under Wine with the same PDFs as a
//! Linux build.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::common::{copy_tree, pdf_text, run, stderr, tagged};
use sha2::{Digest, Sha256};

const VERSION: &str = env!("CARGO_PKG_VERSION");
const PINNED: &str = annual_update::typst::PINNED;
/// How `build` and `doctor` name the place of a Typst beside the program.
const BESIDE: &str = "the folder annual-update runs from";

/// The pinned Typst as the other tests find it (installed into the cache once if missing).
fn pinned_typst() -> PathBuf {
    let lookup = annual_update::typst::Lookup {
        flag: None,
        install: true,
    };
    annual_update::typst::find(&lookup, &|m| eprintln!("{m}"))
        .expect("the pinned Typst")
        .path
}

/// A command with nothing of this machine's environment: PATH is an empty folder, HOME and the
/// tool's cache are fresh folders under `tmp`.
fn bare(program: &Path, tmp: &Path) -> Command {
    for dir in ["empty-bin", "home"] {
        std::fs::create_dir_all(tmp.join(dir)).unwrap();
    }
    let mut cmd = Command::new(program);
    cmd.env_clear()
        .env("PATH", tmp.join("empty-bin"))
        .env("HOME", tmp.join("home"))
        .env("ANNUAL_UPDATE_CACHE", tmp.join("cache"));
    cmd
}

fn stdout(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn assert_line(text: &str, line: &str) {
    assert!(
        text.lines().any(|l| l == line),
        "no line {line:?} in:\n{text}"
    );
}

#[test]
fn a_typst_beside_the_program_is_found_and_builds_with_nothing_else_there() {
    let typst = pinned_typst();
    let tmp = tempfile::tempdir().unwrap();
    let folder = tmp.path().join("bundle");
    std::fs::create_dir_all(&folder).unwrap();
    let program = folder.join("annual-update");
    std::fs::copy(env!("CARGO_BIN_EXE_annual-update"), &program).unwrap();
    let beside = folder.join("typst");
    std::fs::copy(&typst, &beside).unwrap();
    copy_tree(
        &crate::common::repo().join("inputs"),
        &folder.join("sample"),
    );
    let cache = tmp.path().join("cache");

    let out = run(bare(&program, tmp.path()).arg("doctor"));
    assert!(out.status.success(), "{}", stderr(&out));
    let said = stdout(&out);
    assert_line(&said, "looked for Typst at, in this order:");
    assert_line(&said, "  --typst: not set");
    assert_line(&said, "  TYPST: not set");
    assert_line(
        &said,
        &format!(
            "  beside annual-update: {} → Typst {PINNED}",
            beside.display()
        ),
    );
    assert_line(&said, "  PATH: no typst on PATH");
    let cached = cache.join("typst").join(PINNED).join("bin").join("typst");
    assert_line(
        &said,
        &format!(
            "  cache: cannot run {}: No such file or directory (os error 2)",
            cached.display()
        ),
    );
    assert_line(
        &said,
        &format!(
            "a build would use: {} (Typst {PINNED}, from {BESIDE})",
            beside.display()
        ),
    );
    let places: Vec<&str> = said
        .lines()
        .skip_while(|l| *l != "looked for Typst at, in this order:")
        .skip(1)
        .take_while(|l| l.starts_with("  "))
        .map(|l| l.trim_start().split(':').next().unwrap())
        .collect();
    assert_eq!(
        places,
        ["--typst", "TYPST", "beside annual-update", "PATH", "cache"]
    );

    let out = run(bare(&program, tmp.path()).current_dir(&folder).args([
        "build",
        "--inputs",
        "sample",
        "--no-install",
    ]));
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains(&format!("PDFs compiled with Typst {PINNED} ({BESIDE}):")),
        "{}",
        stderr(&out)
    );
    for pdf in [
        "annual-update-2026.pdf",
        "diweddariad-blynyddol-2026.pdf",
        "diweddariad-blynyddol-annual-update-2026.pdf",
    ] {
        assert!(folder.join("output/2026").join(pdf).is_file(), "{pdf}");
    }
    assert!(!cache.exists(), "nothing is installed into the cache");
}

/// Linux follows a link to the program (`/proc/self/exe`): a link on PATH to a bundle's program
/// still finds the bundle's Typst.
#[cfg(target_os = "linux")]
#[test]
fn a_link_to_the_program_finds_the_typst_beside_the_program_itself() {
    let tmp = tempfile::tempdir().unwrap();
    let folder = tmp.path().join("bundle");
    std::fs::create_dir_all(&folder).unwrap();
    let program = folder.join("annual-update");
    std::fs::copy(env!("CARGO_BIN_EXE_annual-update"), &program).unwrap();
    let beside = folder.join("typst");
    std::fs::copy(pinned_typst(), &beside).unwrap();
    let links = tmp.path().join("links");
    std::fs::create_dir_all(&links).unwrap();
    std::os::unix::fs::symlink(&program, links.join("annual-update")).unwrap();

    let out = run(bare(&links.join("annual-update"), tmp.path()).arg("doctor"));
    assert!(out.status.success(), "{}", stderr(&out));
    assert_line(
        &stdout(&out),
        &format!(
            "a build would use: {} (Typst {PINNED}, from {BESIDE})",
            beside.display()
        ),
    );
}

/// The archive named by `var`, or `None` after saying loudly why the test skips (a failure when
/// ANNUAL_UPDATE_REQUIRE_BUNDLE is set, as `.ci/run` sets it for the Linux bundle it makes).
fn asked_for(var: &str, what: &str) -> Option<PathBuf> {
    match std::env::var_os(var).filter(|v| !v.is_empty()) {
        Some(path) => Some(PathBuf::from(path)),
        None => {
            let message = format!(
                "SKIPPED the {what} test: set {var} to the archive `.ci/dist` made to run it"
            );
            assert!(
                std::env::var_os("ANNUAL_UPDATE_REQUIRE_BUNDLE").is_none()
                    || var != "ANNUAL_UPDATE_TEST_BUNDLE",
                "{message}, and ANNUAL_UPDATE_REQUIRE_BUNDLE is set"
            );
            eprintln!("\n!!!!! {message} !!!!!\n");
            None
        }
    }
}

/// Every file under `dir`, relative, with `/`, sorted.
fn files(dir: &Path) -> Vec<String> {
    let mut found = Vec::new();
    let mut todo = vec![dir.to_path_buf()];
    while let Some(d) = todo.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                todo.push(path);
            } else {
                let rel = path.strip_prefix(dir).unwrap().to_string_lossy();
                found.push(rel.replace('\\', "/"));
            }
        }
    }
    found.sort();
    found
}

/// Checks what every bundle holds: the programs, the sample, the README, the licences, and a
/// SHA256SUMS that lists every other file with its true SHA-256.
fn check_contents(folder: &Path, exe: &str) {
    let all = files(folder);
    for needed in [
        format!("annual-update{exe}"),
        format!("typst{exe}"),
        "README.txt".into(),
        "SHA256SUMS".into(),
        "sample/plan.toml".into(),
        "LICENSES/annual-update-and-its-crates.txt".into(),
        "LICENSES/annual-update-fonts-Noto-Sans-OFL.txt".into(),
        "LICENSES/typst-Apache-2.0.txt".into(),
        "LICENSES/typst-and-its-crates.txt".into(),
        "LICENSES/typst-fonts-and-assets-NOTICE.txt".into(),
    ] {
        assert!(
            all.contains(&needed),
            "{needed} is not in the bundle: {all:?}"
        );
    }
    let sums = std::fs::read_to_string(folder.join("SHA256SUMS")).unwrap();
    let listed: Vec<(String, String)> = sums
        .lines()
        .map(|l| {
            let (hash, name) = l.trim_end_matches('\r').split_once("  ").unwrap();
            (name.to_string(), hash.to_string())
        })
        .collect();
    let names: Vec<&String> = listed.iter().map(|(n, _)| n).collect();
    let others: Vec<&String> = all.iter().filter(|f| *f != "SHA256SUMS").collect();
    assert_eq!(names, others, "SHA256SUMS lists every other file");
    for (name, hash) in &listed {
        let bytes = std::fs::read(folder.join(name)).unwrap();
        let actual: String = Sha256::digest(&bytes)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        assert_eq!(&actual, hash, "{name}");
    }
    let licences =
        std::fs::read_to_string(folder.join("LICENSES/annual-update-and-its-crates.txt")).unwrap();
    for crate_name in ["calamine", "handlebars", "typst-syntax"] {
        assert!(
            licences.contains(&format!("\n  {crate_name} ")),
            "{crate_name} is not in the licence list"
        );
    }
}

#[test]
fn the_linux_bundle_builds_the_sample_with_no_rust_and_nothing_installed() {
    let Some(archive) = asked_for("ANNUAL_UPDATE_TEST_BUNDLE", "Linux bundle") else {
        return;
    };
    let name = format!("annual-update-{VERSION}-x86_64-linux");
    assert_eq!(
        archive.file_name().unwrap().to_string_lossy(),
        format!("{name}.tar.gz")
    );
    let tmp = tempfile::tempdir().unwrap();
    let unpacked = tmp.path().join("unpacked");
    std::fs::create_dir_all(&unpacked).unwrap();
    let out = run(Command::new("tar")
        .arg("-xzf")
        .arg(&archive)
        .arg("-C")
        .arg(&unpacked));
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(files(&unpacked).len(), files(&unpacked.join(&name)).len());
    let folder = unpacked.join(&name);
    check_contents(&folder, "");
    let readme = std::fs::read_to_string(folder.join("README.txt")).unwrap();
    assert_line(
        &readme,
        &format!("  tar -xzf ~/Downloads/{name}.tar.gz -C ~"),
    );
    assert_line(
        &readme,
        &format!("  cd ~/{name} && ./annual-update build --inputs sample"),
    );

    // As a user would: PATH without cargo or Typst, a HOME of its own, no flags.
    let home = tmp.path().join("home");
    std::fs::create_dir_all(&home).unwrap();
    let out = run(Command::new(folder.join("annual-update"))
        .env_clear()
        .env("PATH", "/usr/bin:/bin")
        .env("HOME", &home)
        .current_dir(&folder)
        .args(["build", "--inputs", "sample"]));
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains(&format!("PDFs compiled with Typst {PINNED} ({BESIDE}):")),
        "{}",
        stderr(&out)
    );
    assert!(folder.join("output/2026/annual-update-2026.pdf").is_file());
    assert!(
        !home.join(".cache/annual-update").exists(),
        "nothing is installed"
    );
}

/// The Windows bundle under Wine (`WINE`, default `wine`; `.ci/wine` runs it with Debian 12's
/// Wine 8): it builds the sample, and its PDFs have the same text and tag tree as a Linux build's.
#[test]
fn the_windows_bundle_under_wine_makes_the_pdfs_a_linux_build_makes() {
    let Some(archive) = asked_for("ANNUAL_UPDATE_TEST_WINDOWS_BUNDLE", "Windows bundle") else {
        return;
    };
    let wine = std::env::var_os("WINE").unwrap_or_else(|| "wine".into());
    let name = format!("annual-update-{VERSION}-x86_64-windows");
    let tmp = tempfile::tempdir().unwrap();
    let unpacked = tmp.path().join("unpacked");
    let file = std::fs::File::open(&archive).unwrap();
    zip::ZipArchive::new(file)
        .unwrap()
        .extract(&unpacked)
        .unwrap();
    let folder = unpacked.join(&name);
    check_contents(&folder, ".exe");
    let readme = std::fs::read_to_string(folder.join("README.txt")).unwrap();
    assert_line(
        &readme,
        &format!("  cd $HOME\\{name}; .\\annual-update.exe build --inputs sample"),
    );

    let out = run(Command::new(&wine)
        .env("WINEDEBUG", "-all")
        .current_dir(&folder)
        .args(["annual-update.exe", "build", "--inputs", "sample"]));
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains(&format!("PDFs compiled with Typst {PINNED} ({BESIDE}):")),
        "{}",
        stderr(&out)
    );

    // The same sample built on Linux, by this build of the program and the pinned Typst.
    let linux = tmp.path().join("linux");
    copy_tree(&folder.join("sample"), &linux.join("sample"));
    let out = run(crate::common::annual_update(&linux)
        .args(["build", "--inputs", "sample", "--typst"])
        .arg(pinned_typst()));
    assert!(out.status.success(), "{}", stderr(&out));

    let windows_out = folder.join("output/2026");
    let linux_out = linux.join("output/2026");
    let pdfs: Vec<String> = files(&linux_out)
        .into_iter()
        .filter(|f| f.ends_with(".pdf"))
        .collect();
    assert_eq!(
        pdfs,
        files(&windows_out)
            .into_iter()
            .filter(|f| f.ends_with(".pdf"))
            .collect::<Vec<_>>()
    );
    let mut differ = Vec::new();
    for pdf in &pdfs {
        let (w, l) = (windows_out.join(pdf), linux_out.join(pdf));
        assert_eq!(pdf_text(&w), pdf_text(&l), "the text of {pdf}");
        assert_eq!(
            format!("{:?}", tagged::read(&w)),
            format!("{:?}", tagged::read(&l)),
            "the tag tree of {pdf}"
        );
        if std::fs::read(&w).unwrap() != std::fs::read(&l).unwrap() {
            differ.push(pdf.clone());
        }
    }
    assert!(
        differ.is_empty(),
        "same text and tags, but not the same bytes: {differ:?}"
    );
}
