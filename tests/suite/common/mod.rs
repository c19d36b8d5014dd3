//! Helpers shared by the suite's tests: run the real binary, copy fixtures, read PDFs.

#[cfg(target_os = "linux")]
pub mod processes;
mod seen;
pub mod shape;
pub mod shared;
pub mod tagged;
mod workspace;

pub use seen::Seen;
pub use workspace::Workspace;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A command for the real `annual-update` binary, run in `dir`.
pub fn annual_update(dir: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_annual-update"));
    cmd.current_dir(dir);
    cmd
}

/// Runs and returns the output, with stderr echoed into the test log for failures.
pub fn run(cmd: &mut Command) -> Output {
    let out = cmd.output().expect("the binary runs");
    eprintln!(
        "--- stderr of {cmd:?}:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// Runs `annual-update <args>` in `dir`: what was seen.
pub fn seen(dir: &Path, args: &[&str]) -> Seen {
    let out = annual_update(dir)
        .args(args)
        .output()
        .expect("the binary runs");
    Seen::of(&format!("annual-update {}", args.join(" ")), &out)
}

pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Copies a folder tree.
pub fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// A temporary folder holding a copy of the repository's `inputs/`.
pub fn sample_workspace() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&repo().join("inputs"), &dir.path().join("inputs"));
    dir
}

/// A temporary folder holding a copy of `tests/fixtures/<case>/` as its `inputs/`.
pub fn fixture_workspace(case: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(
        &repo().join("tests/fixtures").join(case),
        &dir.path().join("inputs"),
    );
    dir
}

/// The text of a PDF, as a PDF text extractor reads it, with white space folded to single spaces.
pub fn pdf_text(path: &Path) -> String {
    let text = pdf_extract::extract_text(path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    fold(&text)
}

pub fn fold(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Resolves the every-finding fixture in `inputs` as the policy team would: the decisions go in
/// the resolutions file, and the files with input errors are taken out.
pub fn resolve_every_finding(inputs: &Path) {
    std::fs::create_dir_all(inputs.join("resolutions")).unwrap();
    std::fs::copy(
        repo().join("tests/fixtures/every-finding-resolutions.toml"),
        inputs.join("resolutions/2026.toml"),
    )
    .unwrap();
    for broken in ["bad-ids.xml", "english-only.xml", "last-year.xml"] {
        std::fs::remove_file(inputs.join("submissions/2026").join(broken)).unwrap();
    }
}

/// Replaces the first `from` in a file with `to`; the text must be there.
pub fn edit_file(path: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).unwrap();
    assert!(
        text.contains(from),
        "{} does not contain {from:?}",
        path.display()
    );
    std::fs::write(path, text.replacen(from, to, 1)).unwrap();
}

/// A Welsh sentence a translation made by program is written in: the language check reads it as
/// Welsh, as it would a translator's (English given as Welsh is a `wrong-language` finding).
pub const WELSH: &str = "Mae'r cyfieithwyr wedi cyfieithu'r testun hwn i'r Gymraeg ar gyfer y diweddariad blynyddol eleni.";

/// The Welsh a translation made by program gives for a unit's `source` (as the XLIFF writes it):
/// [`WELSH`], then the source's action tags (each after "gweler cam gweithredu", so it stays a
/// reference), links and strong words, as a translator keeps them.
pub fn welsh_for(source: &str) -> String {
    let kept =
        regex::Regex::new(r"<ph [^>]*>[^<]*</ph>|\[[^\]]*\]\([^)]*\)|\*\*[^*]+\*\*").unwrap();
    let mut out = WELSH.to_string();
    for m in kept.find_iter(source) {
        out.push(' ');
        if m.as_str().starts_with("<ph") {
            out.push_str("gweler cam gweithredu ");
        }
        out.push_str(m.as_str());
    }
    out
}

/// The translators' side of the round trip, done by program: every unit of an exported XLIFF file
/// gets `prefix` and its id, then Welsh (see [`welsh_for`]), and is marked translated.
pub fn translate_xliff(exported: &str, prefix: &str) -> String {
    let unit = regex::Regex::new(
        r#"(?s)(<trans-unit id="([^"]+)".*?<source>(.*?)</source>\s*)<target state="[^"]*">.*?</target>"#,
    )
    .unwrap();
    let out = unit.replace_all(exported, |c: &regex::Captures| {
        format!(
            r#"{}<target state="translated">{prefix} {}: {}</target>"#,
            &c[1],
            &c[2],
            welsh_for(&c[3])
        )
    });
    assert_ne!(out, exported, "the file has units to translate");
    out.into_owned()
}

/// `xliff export` in the workspace `ws`, to `ws/exported.xlf`: the file's text.
pub fn export_xliff(ws: &Path) -> String {
    let exported = ws.join("exported.xlf");
    let out = run(annual_update(ws)
        .args(["xliff", "export", "--output"])
        .arg(&exported));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    std::fs::read_to_string(&exported).unwrap()
}

/// Exports what needs Welsh in the workspace `ws`, translates it with [`translate_xliff`] and
/// imports it back as `returned.xlf`. Returns the number of units.
pub fn translate_everything(ws: &Path, prefix: &str) -> usize {
    let text = export_xliff(ws);
    let returned = ws.join("returned.xlf");
    std::fs::write(&returned, translate_xliff(&text, prefix)).unwrap();
    let out = run(annual_update(ws).args(["xliff", "import"]).arg(&returned));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    text.matches("<trans-unit ").count()
}

/// Where a finding is, as messages print it (`file › sheet › cell`, `file:line:col` or `file`).
pub fn located(f: &annual_update::findings::Finding) -> String {
    f.source.as_ref().map(|s| s.to_string()).unwrap_or_default()
}

/// Every file under `dir` (hidden ones too), by its `/`-separated path inside it, with its bytes.
pub fn folder_bytes(dir: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    assert!(dir.is_dir(), "{} is not a folder", dir.display());
    annual_update::output::files_under(dir)
        .into_iter()
        .map(|path| {
            let rel = annual_update::model::slashed(path.strip_prefix(dir).unwrap());
            (rel, std::fs::read(&path).unwrap())
        })
        .collect()
}

/// Whether the process `pid` is running (there, and not a zombie), from Linux's `/proc`.
#[cfg(unix)]
pub fn alive(pid: u32) -> bool {
    std::fs::read_to_string(format!("/proc/{pid}/stat"))
        .is_ok_and(|s| !s[s.rfind(')').unwrap_or(0)..].starts_with(") Z"))
}

/// Asserts that `dir` holds exactly the files its `manifest.json` lists as outputs, with their
/// SHA-256, and the manifest itself: one whole build, nothing else.
pub fn assert_folder_is_its_manifest(dir: &Path) {
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("manifest.json")).unwrap()).unwrap();
    let listed: std::collections::BTreeMap<String, String> = manifest["outputs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["path"].as_str().unwrap().to_string(),
                e["sha256"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let mut present = folder_bytes(dir);
    present.remove("manifest.json");
    let present: std::collections::BTreeMap<String, String> = present
        .into_iter()
        .map(|(path, bytes)| (path, annual_update::output::sha256_hex(&bytes)))
        .collect();
    let names = |m: &std::collections::BTreeMap<String, String>| {
        m.keys().cloned().collect::<std::collections::BTreeSet<_>>()
    };
    let (listed_names, present_names) = (names(&listed), names(&present));
    assert_eq!(
        present_names.difference(&listed_names).collect::<Vec<_>>(),
        Vec::<&String>::new(),
        "files in {} that its manifest does not list",
        dir.display()
    );
    assert_eq!(
        listed_names.difference(&present_names).collect::<Vec<_>>(),
        Vec::<&String>::new(),
        "files the manifest of {} lists that are not there",
        dir.display()
    );
    assert_eq!(listed, present, "a file differs from its manifest entry");
}

/// Asserts two [`folder_bytes`] are equal, naming the files that differ rather than the bytes.
pub fn assert_same_files(
    now: &std::collections::BTreeMap<String, Vec<u8>>,
    before: &std::collections::BTreeMap<String, Vec<u8>>,
    why: &str,
) {
    let differ: std::collections::BTreeSet<&String> = now
        .keys()
        .chain(before.keys())
        .filter(|k| now.get(*k) != before.get(*k))
        .collect();
    assert!(differ.is_empty(), "{why}: these files differ: {differ:?}");
}
