//! Running `typst compile` for one document: confined to its build folder, with a clean
//! environment, bundled fonts only, and its diagnostics mapped back to the action being rendered.

use std::path::Path;
use std::process::Command;

use super::Typst;
use super::job::{Hashes, Job, PDF_STANDARDS};
use crate::error::{Error, Result};
use crate::output;

/// A package folder that does not exist, inside the build folder.
const NO_PACKAGES: &str = ".no-packages";
/// A proxy no one listens on: Typst sends package downloads there, so they fail at once.
const NO_NETWORK: &str = "http://127.0.0.1:9";

/// Compiles the job, then records what Typst read for it, so an unchanged document is not
/// compiled again (see [`super::job`]).
pub fn compile_and_record(typst: &Typst, job: &Job, shared: &str, hashes: &Hashes) -> Result<()> {
    let deps = job.deps_path();
    run(typst, job, Some(&deps)).inspect_err(|_| {
        let _ = std::fs::remove_file(&deps);
    })?;
    job.record(shared, hashes)
}

/// Compiles the job and records nothing.
pub fn compile(typst: &Typst, job: &Job) -> Result<()> {
    run(typst, job, None)
}

/// The command the build runs for `job`, without its thread budget or its list of what was read:
/// what a plain shell script would run (the benchmark's Typst-only floor starts exactly this).
pub fn command(typst: &Typst, job: &Job, output: &Path) -> Command {
    let mut cmd = Command::new(&typst.path);
    cmd.env_clear()
        .arg("compile")
        .args(["--format", "pdf"])
        .arg("--root")
        .arg(&job.root)
        .arg("--font-path")
        .arg(&job.font_dir)
        .arg("--ignore-system-fonts")
        .arg("--ignore-embedded-fonts")
        .args(["--pdf-standard", PDF_STANDARDS])
        .args(["--creation-timestamp", &job.timestamp.to_string()])
        .args(["--diagnostic-format", "short"])
        // No packages: none installed on this machine is seen, and a download goes to a proxy
        // that is not there (the discard port), so it fails without touching the network.
        .arg("--package-path")
        .arg(job.root.join(NO_PACKAGES))
        .arg("--package-cache-path")
        .arg(job.root.join(NO_PACKAGES))
        .env("HTTPS_PROXY", NO_NETWORK)
        .env("HTTP_PROXY", NO_NETWORK)
        .env("ALL_PROXY", NO_NETWORK)
        .arg(&job.input)
        .arg(output)
        .current_dir(&job.root);
    cmd
}

/// Runs Typst; with `deps`, Typst writes the list of files it read there.
fn run(typst: &Typst, job: &Job, deps: Option<&Path>) -> Result<()> {
    let tmp = output::temp_path(&job.output);
    let mut cmd = command(typst, job, &tmp);
    cmd.args(["--jobs", &job.threads.max(1).to_string()]);
    if let Some(deps) = deps {
        cmd.arg("--deps").arg(deps).args(["--deps-format", "json"]);
    }
    let out = crate::process::children::output(&mut cmd);
    crate::process::interrupt::check().inspect_err(|_| {
        let _ = std::fs::remove_file(&tmp);
    })?;
    let out =
        out.map_err(|e| Error::Environment(format!("cannot run {}: {e}", typst.path.display())))?;
    if !out.status.success() {
        let _ = std::fs::remove_file(&tmp);
        let stderr = String::from_utf8_lossy(&out.stderr);
        return Err(Error::Render(explain(&job.input, &stderr)));
    }
    output::commit(&tmp, &job.output)
}

/// Typst's short diagnostics (`file:line:col: error: …`), each followed by the action whose
/// block holds that line, so a failure points at the data as well as the generated source.
fn explain(input: &Path, stderr: &str) -> String {
    let source = std::fs::read_to_string(input).unwrap_or_default();
    let lines: Vec<&str> = source.lines().collect();
    let mut out = format!("typst could not compile {}:", input.display());
    let mut in_source = false;
    for diag in stderr.lines().filter(|l| !l.trim().is_empty()) {
        out.push_str("\n  ");
        out.push_str(diag);
        let line_no = file_and_line(diag)
            .filter(|(file, _)| names(input, file))
            .map(|(_, line)| line);
        if let Some(line_no) = line_no {
            in_source = true;
            let action = action_at(&lines, line_no).map(|a| format!("action {a}, "));
            if let Some(template) = template_at(&lines, line_no) {
                out.push_str(&format!(
                    " (while rendering {}from {template})",
                    action.unwrap_or_default()
                ));
            }
        }
    }
    if stderr.contains("failed to download package") || stderr.contains("package not found") {
        out.push_str("\n  Templates may not import packages: builds never use the network. Put what the package does into the template or style.typ.");
    }
    if in_source {
        out.push_str(&format!(
            "\n  The generated source is kept at {}; its `// from` comments name the template that wrote each part.",
            input.display()
        ));
    }
    out
}

/// The file and line of a short diagnostic, `file:line:column: error: …`. The file is everything
/// before the first `:line:column:`, as it may hold a colon itself (`C:\…` on Windows).
fn file_and_line(diag: &str) -> Option<(&str, usize)> {
    diag.match_indices(':').find_map(|(i, _)| {
        let mut rest = diag[i + 1..].splitn(3, ':');
        let line = rest.next()?.trim().parse().ok()?;
        rest.next()?.trim().parse::<usize>().ok()?;
        rest.next()?;
        Some((diag[..i].trim(), line))
    })
}

/// Whether `file` as Typst wrote it (relative to its folder or whole, with `/` or `\`) is `input`:
/// one ends with the other, at a separator. Windows names differ only by case too.
fn names(input: &Path, file: &str) -> bool {
    let norm = |s: &str| {
        let s = s.replace('\\', "/");
        if cfg!(windows) { s.to_lowercase() } else { s }
    };
    let (input, file) = (norm(&input.to_string_lossy()), norm(file));
    let file = file.trim_start_matches("./");
    let ends = |long: &str, short: &str| {
        long.strip_suffix(short)
            .is_some_and(|head| head.is_empty() || head.ends_with('/'))
    };
    !file.is_empty() && (ends(&input, file) || ends(file, &input))
}

/// The action whose heading label (`<en-action-2-10>`) is the last one at or before `line`.
fn action_at(lines: &[&str], line: usize) -> Option<String> {
    lines[..line.min(lines.len())].iter().rev().find_map(|l| {
        let start = l.rfind("-action-")? + "-action-".len();
        let slug = l[start..].strip_suffix('>')?;
        let (cat, num) = slug.split_once('-')?;
        Some(format!("{cat}.{num}"))
    })
}

/// The template that wrote `line`: the last `// from <template>` comment at or before it.
fn template_at(lines: &[&str], line: usize) -> Option<String> {
    lines[..line.min(lines.len())].iter().rev().find_map(|l| {
        l.trim()
            .strip_prefix("// from ")
            .map(|t| format!("report-templates/{t}"))
    })
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    /// Typst on Windows writes `\` between names and may write the whole path, drive and all.
    #[test]
    fn reads_diagnostics_with_windows_paths() {
        assert_eq!(
            super::file_and_line(
                r"C:\Users\Policy Team\out\typst\a.typ:12:3: error: unknown variable"
            ),
            Some((r"C:\Users\Policy Team\out\typst\a.typ", 12))
        );
        assert_eq!(
            super::file_and_line("typst/a.typ:4:2: error: expected expression"),
            Some(("typst/a.typ", 4))
        );
        assert_eq!(super::file_and_line("error: failed to load font"), None);
        assert_eq!(super::file_and_line("  hint: try: this"), None);

        let input = Path::new("/srv/out/.2026.building/typst/annual-update-2026.typ");
        for file in [
            "typst/annual-update-2026.typ",
            r"typst\annual-update-2026.typ",
            "annual-update-2026.typ",
            "./annual-update-2026.typ",
            "/srv/out/.2026.building/typst/annual-update-2026.typ",
        ] {
            assert!(super::names(input, file), "{file}");
        }
        for file in ["update-2026.typ", "typst/other.typ", ""] {
            assert!(!super::names(input, file), "{file}");
        }

        let source = "// from edition.typ.hbs\n== A <en-action-2-10>\n#bad\n";
        let dir = tempfile::tempdir().unwrap();
        let input = dir.path().join("typst").join("annual-update-2026.typ");
        std::fs::create_dir_all(input.parent().unwrap()).unwrap();
        std::fs::write(&input, source).unwrap();
        let told = super::explain(
            &input,
            "typst\\annual-update-2026.typ:3:2: error: unknown variable: bad\n",
        );
        assert!(
            told.contains("(while rendering action 2.10, from report-templates/edition.typ.hbs)"),
            "{told}"
        );
    }

    /// The Windows build's own test: a drive-letter path as Typst writes it there.
    #[cfg(windows)]
    #[test]
    fn a_windows_diagnostic_names_its_source() {
        let input = Path::new(r"C:\Users\me\output\.2026.building\typst\annual-update-2026.typ");
        for file in [
            r"typst\annual-update-2026.typ",
            r"c:\users\me\output\.2026.building\typst\annual-update-2026.typ",
        ] {
            assert!(super::names(input, file), "{file}");
        }
    }
    #[test]
    fn finds_the_action_of_a_line() {
        let lines = ["= Cat", "== Action 2.10 <en-action-2-10>", "text", "#bad"];
        assert_eq!(super::action_at(&lines, 4).as_deref(), Some("2.10"));
        assert_eq!(super::action_at(&lines, 1), None);
        let lines = [
            "// from edition.typ.hbs",
            "= Cat",
            "// from partials/action.typ.hbs",
            "== A <en-action-1-1>",
            "#bad",
        ];
        assert_eq!(
            super::template_at(&lines, 5).as_deref(),
            Some("report-templates/partials/action.typ.hbs")
        );
    }
}
