//! The reconciliation report as people read it in a terminal: every finding, then a summary.

use std::io::Write;

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
