//! The documents declare PDF/UA-1 and PDF/A-2a; this makes the claim true and checks it. Each PDF
//! Typst has just compiled is settled: the one defect Typst's writer leaves by chance is mended
//! ([`streams`]), then the PDF is validated against both profiles ([`validate`]), and the verdict is
//! kept beside the document's compile record, so a PDF left alone because it is up to date keeps
//! its verdict and a rebuild with nothing changed validates nothing. Each failed rule is a
//! `pdf-conformance` finding ([`findings`]).

pub mod streams;
pub mod validate;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::Instant;

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::findings::{Code, Finding, Paste, Severity};
use crate::model::Source;
use crate::output;
pub use validate::{Failure, VALIDATOR, VERSION};

/// The step's name in `--verbose` and `bench` (the time of every PDF checked, added up).
pub const STAGE: &str = "mending and validating PDFs (PDF/UA-1, PDF/A-2a)";

/// In `--verbose` and `bench`: how long the build went on after the last Typst process ended,
/// waiting for the checks still running (the last PDF's, at least). The other checks run beside
/// the other documents' compiles.
pub const WAIT: &str = "waiting, after the last compile, for the PDFs' checks";

/// The PDFs of one build, settled as each compile ends, on the thread that ran it.
#[derive(Default)]
pub struct Settling {
    state: Mutex<Settled>,
}

#[derive(Default)]
struct Settled {
    verdicts: BTreeMap<PathBuf, Verdict>,
    /// When the last Typst process ended, and the last check.
    compiled: Option<Instant>,
    checked: Option<Instant>,
}

impl Settling {
    /// Settles `pdf`, which Typst has just compiled from `source` (see [`settle`]).
    pub fn compiled(&self, pdf: &Path, source: &Path) -> Result<()> {
        let compiled = Instant::now();
        let verdict = settle(pdf, &record_of(source))?;
        let checked = Instant::now();
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        state.verdicts.insert(pdf.to_path_buf(), verdict);
        state.compiled = state.compiled.max(Some(compiled));
        state.checked = state.checked.max(Some(checked));
        Ok(())
    }

    /// Each PDF's verdict, in the order of `pdfs` (each with the source it is compiled from):
    /// the one just found for a PDF compiled, the one kept for a PDF left alone (see
    /// [`verdict`]). Records the build's wait for the checks ([`WAIT`]).
    pub fn verdicts(self, pdfs: &[(PathBuf, PathBuf)]) -> Result<Vec<Verdict>> {
        let mut state = self.state.into_inner().unwrap_or_else(|e| e.into_inner());
        if let (Some(compiled), Some(checked)) = (state.compiled, state.checked) {
            crate::progress::record(WAIT, checked.saturating_duration_since(compiled));
        }
        pdfs.iter()
            .map(|(pdf, source)| match state.verdicts.remove(pdf) {
                Some(verdict) => Ok(verdict),
                None => verdict(pdf, &record_of(source)),
            })
            .collect()
    }
}

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
    crate::typst::Job::beside(source, "conformance")
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
