//! The reconciliation report as people read it in a terminal: every finding, then a summary.

use std::io::Write;

use serde_json::json;

use crate::findings::Ledger;
use crate::findings::{self, Finding, Severity};

/// Writes every finding, most serious first within each file, then one summary line.
pub fn print(out: &mut dyn Write, found: &[Finding]) -> std::io::Result<()> {
    for severity in [Severity::Blocking, Severity::Warning, Severity::Info] {
        for f in found.iter().filter(|f| f.severity == severity) {
            writeln!(out, "{f}")?;
        }
    }
    writeln!(out, "{}", summary(found))
}

/// "2 blocking, 1 warning, 3 notes".
pub fn summary(found: &[Finding]) -> String {
    let n = |s| findings::count(found, s);
    let plural = crate::progress::count;
    format!(
        "{}, {}, {}",
        plural(
            n(Severity::Blocking),
            "blocking problem",
            "blocking problems"
        ),
        plural(n(Severity::Warning), "warning", "warnings"),
        plural(n(Severity::Info), "note", "notes")
    )
}

/// The blocking findings in full, and nothing else: what `--quiet` prints.
pub fn print_blocking(out: &mut dyn Write, found: &[Finding]) -> std::io::Result<()> {
    for f in found.iter().filter(|f| f.severity == Severity::Blocking) {
        writeln!(out, "{f}")?;
    }
    Ok(())
}

/// The short form for a build: blocking findings in full, the others counted by code.
pub fn print_short(
    out: &mut dyn Write,
    found: &[Finding],
    full_report: &str,
) -> std::io::Result<()> {
    print_blocking(out, found)?;
    let mut counts: std::collections::BTreeMap<(Severity, &str), usize> = Default::default();
    for f in found.iter().filter(|f| f.severity != Severity::Blocking) {
        *counts.entry((f.severity, f.code.as_str())).or_default() += 1;
    }
    for ((severity, code), n) in counts {
        writeln!(out, "{severity}[{code}]: {n}×")?;
    }
    writeln!(
        out,
        "{} (every finding, located: {full_report})",
        summary(found)
    )
}

/// The findings as a Markdown report, to read or paste into an email. Every message, place and
/// fix is written as literal text (see [`crate::output::markdown`]); the lines a fix asks to paste
/// follow its table as TOML code blocks, numbered from the fix.
pub fn markdown(year: u16, found: &[Finding], ledger: &Ledger) -> String {
    let cell = crate::output::markdown::inline;
    let mut md = format!("# Findings for {year}\n\n{}.\n\n", summary(found));
    md.push_str(&format!(
        "Rows and elements read: {} — {} in the dataset, {} merged with an identical one, {} not used, {} unreadable; each one not in the dataset has a finding below.\n",
        ledger.rows, ledger.used, ledger.merged, ledger.rejected, ledger.unreadable
    ));
    let mut pastes = 0;
    for (severity, title) in [
        (
            Severity::Blocking,
            "Blocking: fix or resolve before the final build",
        ),
        (Severity::Warning, "Warnings"),
        (Severity::Info, "Notes"),
    ] {
        let rows: Vec<&Finding> = found.iter().filter(|f| f.severity == severity).collect();
        if rows.is_empty() {
            continue;
        }
        md.push_str(&format!("\n## {title}\n\n| code | where | action | what is wrong | how to fix it |\n|---|---|---|---|---|\n"));
        let mut below = Vec::new();
        for f in rows {
            let mut fix = cell(&f.fix);
            if let Some(paste) = &f.paste {
                pastes += 1;
                fix.push_str(&format!(" (the lines to paste: {pastes}, below)"));
                below.push((pastes, paste));
            }
            md.push_str(&format!(
                "| `{}` | {} | {} | {} | {} |\n",
                f.code.as_str(),
                cell(&f.source.as_ref().map(|s| s.to_string()).unwrap_or_default()),
                cell(&f.action.as_ref().map(|a| a.to_string()).unwrap_or_default()),
                cell(&f.message),
                fix
            ));
        }
        for (n, paste) in below {
            md.push_str(&format!(
                "\nLines to paste {n}, into {}:\n\n{}",
                cell(&paste.file),
                crate::output::markdown::code_block("toml", &paste.toml, "")
            ));
        }
    }
    md
}

/// What one file read gave.
pub struct FileRead<'a> {
    pub file: &'a str,
    /// Non-empty rows or elements.
    pub rows: usize,
    pub updates: usize,
    pub new_actions: usize,
    pub translations: usize,
}

/// The findings for machines: every finding, a count per severity, and what each file gave.
pub fn json(files: &[FileRead], found: &[Finding], ledger: Option<&Ledger>) -> String {
    let files: Vec<_> = files
        .iter()
        .map(|s| json!({"file": s.file, "rows": s.rows, "updates": s.updates, "new-actions": s.new_actions, "translations": s.translations}))
        .collect();
    let value = json!({
        "findings": found,
        "summary": {
            "blocking": findings::count(found, Severity::Blocking),
            "warning": findings::count(found, Severity::Warning),
            "info": findings::count(found, Severity::Info),
        },
        "files": files,
        "rows": ledger,
    });
    serde_json::to_string_pretty(&value).expect("findings serialise")
}
