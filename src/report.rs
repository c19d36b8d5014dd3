//! The reconciliation report as people read it in a terminal: every finding, then a summary.

use std::io::Write;

use serde_json::json;

use crate::findings::{self, Finding, Severity};
use crate::ingest::Submission;

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
    let plural =
        |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
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

/// The findings for machines: every finding, a count per severity, and what each file gave.
pub fn json(submissions: &[Submission], found: &[Finding]) -> String {
    let files: Vec<_> = submissions
        .iter()
        .map(|s| json!({"file": s.file, "rows": s.rows, "updates": s.updates.len(), "new-actions": s.new_actions.len()}))
        .collect();
    let value = json!({
        "findings": found,
        "summary": {
            "blocking": findings::count(found, Severity::Blocking),
            "warning": findings::count(found, Severity::Warning),
            "info": findings::count(found, Severity::Info),
        },
        "files": files,
    });
    serde_json::to_string_pretty(&value).expect("findings serialise")
}
