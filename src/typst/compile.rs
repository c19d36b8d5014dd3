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

/// Runs Typst; with `deps`, Typst writes the list of files it read there.
fn run(typst: &Typst, job: &Job, deps: Option<&Path>) -> Result<()> {
    let tmp = output::temp_path(&job.output);
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
        .args(["--jobs", &job.threads.max(1).to_string()])
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
        .arg(&tmp)
        .current_dir(&job.root);
    if let Some(deps) = deps {
        cmd.arg("--deps").arg(deps).args(["--deps-format", "json"]);
    }
    let out = crate::process::interrupt::output(&mut cmd);
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
        let mut parts = diag.split(':');
        let in_input = parts.next().is_some_and(|f| input.ends_with(f.trim()));
        let line_no = parts
            .next()
            .and_then(|n| n.trim().parse::<usize>().ok())
            .filter(|_| in_input);
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
