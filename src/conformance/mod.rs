//! The documents declare PDF/UA-1 and PDF/A-2a; this makes the claim true and checks it. Each PDF
//! Typst has just compiled is settled: the one defect Typst's writer leaves by chance is mended
//! ([`streams`]), then the PDF is validated against both profiles ([`validate`]), and the verdict is
//! kept beside the document's compile record, so a PDF left alone because it is up to date keeps
//! its verdict and a rebuild with nothing changed validates nothing. Each failed rule is a
//! `pdf-conformance` finding ([`findings`]).

pub mod streams;
pub mod validate;

use std::path::{Path, PathBuf};
use std::time::Instant;

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::findings::{Code, Finding, Paste, Severity};
use crate::model::Source;
use crate::output;
pub use validate::{Failure, VALIDATOR, VERSION};

/// The step's name in `--verbose` and `bench` (the time of every PDF checked, added up).
pub const STAGE: &str = "mending and validating PDFs (PDF/UA-1, PDF/A-2a)";

/// What settling a PDF found, as kept beside its compile record.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Verdict {
    /// The validator and its version (see [`VALIDATOR`]).
    validator: String,
    /// The SHA-256 of the PDF judged, as it was left.
    pdf: String,
    /// The streams given a CR LF marker before `endstream` (see [`streams`]), by object number.
    pub mended: Vec<u32>,
    /// Every rule the PDF fails.
    pub failures: Vec<Failure>,
}

/// Where the verdict on the PDF compiled from `source` is kept: beside the source and its compile
/// record (`typst/.annual-update-2026.typ.conformance.json`).
pub fn record_of(source: &Path) -> PathBuf {
    let name = source
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("document");
    source.with_file_name(format!(".{name}.conformance.json"))
}

fn validator() -> String {
    format!("{VALIDATOR} {VERSION}")
}

/// Settles a PDF Typst has just written: mends its ambiguous streams (written anew under a
/// temporary name and renamed into place, never changing a file the last build shares), validates
/// it, and records the verdict at `record`.
pub fn settle(pdf: &Path, record: &Path) -> Result<Verdict> {
    let started = Instant::now();
    let mut bytes = std::fs::read(pdf).map_err(|e| Error::io("read", pdf, e))?;
    let mut mended = Vec::new();
    if let Some((fixed, objects)) = streams::mend(&bytes) {
        output::write_atomic(pdf, &fixed)?;
        (bytes, mended) = (fixed, objects);
    }
    let verdict = Verdict {
        validator: validator(),
        pdf: output::sha256_hex(&bytes),
        mended,
        failures: validate::check(&bytes),
    };
    output::write_json(record, &verdict)?;
    let took = started.elapsed();
    crate::progress::record(STAGE, took);
    crate::progress::detail(format!(
        "  {}: {}{} ({:.3} s)",
        pdf.file_name().unwrap_or_default().to_string_lossy(),
        match verdict.mended.len() {
            0 => String::new(),
            n => format!(
                "{} given a CR LF marker before endstream, ",
                crate::progress::count(n, "stream", "streams")
            ),
        },
        match verdict.failures.len() {
            0 => "meets PDF/UA-1 and PDF/A-2a".to_string(),
            n => format!("fails {}", crate::progress::count(n, "rule", "rules")),
        },
        took.as_secs_f64()
    ));
    Ok(verdict)
}

/// The verdict on a PDF this build did not compile: the one recorded, if it is of this PDF as it
/// is and of this validator; else the PDF is settled now (a PDF from before verdicts were kept).
pub fn verdict(pdf: &Path, record: &Path) -> Result<Verdict> {
    let kept = std::fs::read(record)
        .ok()
        .and_then(|json| serde_json::from_slice::<Verdict>(&json).ok())
        .filter(|v| v.validator == validator());
    if let Some(kept) = kept {
        let bytes = std::fs::read(pdf).map_err(|e| Error::io("read", pdf, e))?;
        if output::sha256_hex(&bytes) == kept.pdf {
            return Ok(kept);
        }
    }
    settle(pdf, record)
}

/// The findings of a verdict on the PDF named `pdf` (its name in the output folder): one per
/// failed rule, blocking unless the plan says a failure is not (`[conformance] blocking = false`).
pub fn findings(pdf: &str, verdict: &Verdict, blocking: bool) -> Vec<Finding> {
    verdict
        .failures
        .iter()
        .map(|failure| finding(pdf, failure, blocking))
        .collect()
}

/// The lines that let a final build publish PDFs that fail a rule.
pub const NOT_BLOCKING: &str = "[conformance]\nblocking = false\n";

fn finding(pdf: &str, failure: &Failure, blocking: bool) -> Finding {
    let Failure {
        profile,
        rule,
        message,
        cause,
        objects,
    } = failure;
    let what = if rule == "unreadable" {
        format!("could not be checked against {profile}: {message}")
    } else {
        let at = match objects.as_slice() {
            [] => String::new(),
            [one] => format!(" (object {one})"),
            many => format!(
                " (objects {})",
                many.iter()
                    .map(u32::to_string)
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        };
        let cause = cause
            .as_ref()
            .map(|c| format!("; likely cause: {c}"))
            .unwrap_or_default();
        format!("does not meet {profile}, rule {rule}: {message}{at}{cause}")
    };
    let report = "the inputs are not at fault: this is a bug in annual-update or Typst; send this message and the PDF (beside this report) to whoever looks after annual-update";
    let severity = if blocking {
        Severity::Blocking
    } else {
        Severity::Warning
    };
    let finding = Finding::new(Code::PdfConformance, severity, what).at(&Source::file(pdf));
    if blocking {
        finding
            .fix(format!(
                "{report}; to publish the PDFs as they are meanwhile, add these lines to the end of plan.toml"
            ))
            .paste(Paste {
                file: "plan.toml".to_string(),
                toml: NOT_BLOCKING.to_string(),
            })
    } else {
        finding.fix(format!(
            "{report}; plan.toml says a failure does not block a final build ([conformance] blocking = false), so this PDF is published as it is"
        ))
    }
}
