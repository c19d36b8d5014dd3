//! Running `typst compile` for one document: confined to its build folder, with a clean
//! environment, bundled fonts only, and its diagnostics mapped back to the action being rendered.

use std::path::Path;
use std::process::{Command, ExitStatus};

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
    with_flags(typst, "compile", job, output)
}

/// `typst watch` for `job`, with every flag `build` gives `typst compile` (see [`command`]) and
/// its thread budget: it compiles `job.input` into `output` now and again whenever a file it
/// read changes, keeping its memoised layout between compiles (see `crate::watch`).
pub fn watch_command(typst: &Typst, job: &Job, output: &Path) -> Command {
    let mut cmd = with_flags(typst, "watch", job, output);
    cmd.args(["--jobs", &job.threads.max(1).to_string()]);
    cmd
}

/// Typst's `subcommand` (`compile` or `watch`) with the build's flags.
fn with_flags(typst: &Typst, subcommand: &str, job: &Job, output: &Path) -> Command {
    let mut cmd = Command::new(&typst.path);
    cmd.env_clear()
        .arg(subcommand)
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
        // Whatever Typst wrote of the PDF before it failed goes.
        let _ = std::fs::remove_file(&tmp);
        let stderr = String::from_utf8_lossy(&out.stderr);
        return Err(failure(job, deps, out.status, &stderr));
    }
    output::commit(&tmp, &job.output)
}

/// Why Typst failed, as the error the build ends with: killed by a signal, or unable to write
/// its PDF or its list of what it read (the environment's, exit code 3); else its diagnostics
/// of the source (a template's, exit code 4).
fn failure(job: &Job, deps: Option<&Path>, status: ExitStatus, stderr: &str) -> Error {
    if let Some(signal) = killed_by(status) {
        return Error::Environment(format!(
            "typst was killed by {} while it compiled {}{}; its unfinished PDF was removed",
            signal_name(signal),
            job.input.display(),
            likely_cause(signal)
        ));
    }
    for line in stderr.lines() {
        let line = line.trim().strip_prefix("error: ").unwrap_or_default();
        let (what, path) = if let Some(reason) = line.strip_prefix("failed to write PDF file") {
            (reason, job.output.as_path())
        } else if let (Some(reason), Some(deps)) = (
            line.strip_prefix("failed to create dependency file")
                .or_else(|| line.strip_prefix("failed to write dependency file")),
            deps,
        ) {
            (reason, deps)
        } else {
            continue;
        };
        // ` (No space left on device (os error 28))`: the system's reason, in brackets.
        let reason = what.trim();
        let reason = reason
            .strip_prefix('(')
            .and_then(|r| r.strip_suffix(')'))
            .unwrap_or(reason);
        return match os_error(reason) {
            Some(code) => Error::io("write", path, std::io::Error::from_raw_os_error(code)),
            None => Error::Environment(format!("cannot write {}: {reason}", path.display())),
        };
    }
    Error::Render(explain(&job.input, stderr))
}

/// The number in `… (os error 28)` at the end of a system error as Rust prints it.
fn os_error(reason: &str) -> Option<i32> {
    let start = reason.rfind("(os error ")? + "(os error ".len();
    reason[start..].strip_suffix(')')?.parse().ok()
}

/// The signal that ended the process, where there are signals.
#[cfg(unix)]
fn killed_by(status: ExitStatus) -> Option<i32> {
    std::os::unix::process::ExitStatusExt::signal(&status)
}

#[cfg(not(unix))]
fn killed_by(_: ExitStatus) -> Option<i32> {
    None
}

/// A signal's name and number: `SIGKILL (signal 9)`.
#[cfg(unix)]
fn signal_name(signal: i32) -> String {
    let name = match signal {
        libc::SIGKILL => "SIGKILL",
        libc::SIGSEGV => "SIGSEGV",
        libc::SIGBUS => "SIGBUS",
        libc::SIGABRT => "SIGABRT",
        libc::SIGILL => "SIGILL",
        libc::SIGFPE => "SIGFPE",
        libc::SIGTERM => "SIGTERM",
        libc::SIGINT => "SIGINT",
        libc::SIGHUP => "SIGHUP",
        libc::SIGQUIT => "SIGQUIT",
        libc::SIGXFSZ => "SIGXFSZ",
        _ => return format!("signal {signal}"),
    };
    format!("{name} (signal {signal})")
}

/// What most likely sent `signal` to Typst, and what to do about it.
#[cfg(unix)]
fn likely_cause(signal: i32) -> &'static str {
    match signal {
        libc::SIGKILL => {
            ", most likely by the system's out-of-memory killer as memory ran out (or someone ended it): build again with fewer documents compiled at once (`--jobs 1`), or with more memory free"
        }
        libc::SIGSEGV | libc::SIGBUS | libc::SIGABRT | libc::SIGILL | libc::SIGFPE => {
            ": Typst crashed; build again, and if it happens again, report it to Typst with the generated source named here"
        }
        libc::SIGXFSZ => {
            ": the PDF grew past the largest file this session may write (`ulimit -f`)"
        }
        libc::SIGTERM | libc::SIGINT | libc::SIGHUP | libc::SIGQUIT => {
            ": another program stopped it; build again"
        }
        _ => "",
    }
}

/// Windows has no signals (see [`killed_by`]).
#[cfg(not(unix))]
fn signal_name(signal: i32) -> String {
    format!("signal {signal}")
}

#[cfg(not(unix))]
fn likely_cause(_: i32) -> &'static str {
    ""
}

/// Typst's short diagnostics (`file:line:col: error: …`), each followed by the action whose
/// block holds that line, so a failure points at the data as well as the generated source.
pub fn explain(input: &Path, stderr: &str) -> String {
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

    /// Typst that cannot write its PDF (a full disk, a read-only folder) is the environment's
    /// problem (exit 3), named with the path and the system's reason; a diagnostic of the source
    /// is a template's (exit 4).
    #[test]
    fn a_pdf_typst_cannot_write_is_the_environments_problem() {
        use crate::error::exit;
        let job = super::Job::for_source(
            Path::new("/srv/out/.2026.building/typst"),
            "annual-update-2026",
            Path::new("/srv/out/.2026.building"),
            0,
        );
        let ok = std::process::ExitStatus::default();
        let failed = super::failure(
            &job,
            None,
            ok,
            "error: failed to write PDF file (No space left on device (os error 28))\n",
        );
        assert_eq!(failed.exit_code(), exit::ENVIRONMENT);
        let expected = format!(
            "cannot write {}: {}",
            job.output.display(),
            std::io::Error::from_raw_os_error(28)
        );
        assert_eq!(failed.with_causes(), expected);
        #[cfg(target_os = "linux")]
        assert_eq!(
            failed.with_causes(),
            "cannot write /srv/out/.2026.building/annual-update-2026.pdf: No space left on device (os error 28)"
        );

        let deps = Path::new("/srv/out/.2026.building/typst/deps.json.tmp");
        let failed = super::failure(
            &job,
            Some(deps),
            ok,
            "error: failed to create dependency file (Read-only file system (os error 30))\n",
        );
        assert_eq!(failed.exit_code(), exit::ENVIRONMENT);
        assert!(
            failed
                .with_causes()
                .starts_with("cannot write /srv/out/.2026.building/typst/deps.json.tmp: "),
            "{}",
            failed.with_causes()
        );

        let failed = super::failure(&job, None, ok, "error: failed to write PDF file (gone)\n");
        assert_eq!(
            failed.with_causes(),
            "cannot write /srv/out/.2026.building/annual-update-2026.pdf: gone"
        );

        let failed = super::failure(
            &job,
            None,
            ok,
            "typst/annual-update-2026.typ:3:2: error: unknown variable: bad\n",
        );
        assert_eq!(failed.exit_code(), exit::RENDER);
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
