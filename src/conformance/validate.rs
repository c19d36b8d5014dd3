//! A PDF checked against PDF/UA-1 and PDF/A-2a by `page_validation`, linked in: a validator that
//! passes the veraPDF and Isartor corpora, in Rust, with no runtime to install. Its failures are
//! kept as [`Failure`]s, each with the objects this crate's own stream scan can name.

use serde::{Deserialize, Serialize};

use page_validation::{ValidationOptions, ValidationProfile, validate_pdf_bytes};

use super::streams;

/// The validator, as `doctor` names it and each verdict records it. Cargo.toml pins this version
/// (a test checks that Cargo.lock has it): a verdict is kept only for the validator that gave it.
pub const VALIDATOR: &str = "page_validation";
pub const VERSION: &str = "0.12.2";

/// The profiles every PDF is checked against, as the documents declare them.
const PROFILES: [(ValidationProfile, &str); 2] = [
    (ValidationProfile::PdfUa1, "PDF/UA-1"),
    (ValidationProfile::PdfA2a, "PDF/A-2a"),
];

/// One rule a PDF fails.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Failure {
    /// `PDF/UA-1` or `PDF/A-2a`.
    pub profile: String,
    /// The rule as the validator names it: the standard, its clause and test
    /// (`ISO 19005-2:2011:6.1.7.1:1`); `unreadable` when it could not read the file at all.
    pub rule: String,
    /// What the rule asks, in the validator's words.
    pub message: String,
    /// The validator's likely cause, where it has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cause: Option<String>,
    /// The objects at fault, where known: the validator names none, so only the stream rules of
    /// clause 6.1.7.1, whose objects the stream scan finds, have them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub objects: Vec<u32>,
}

/// Every rule of PDF/UA-1 and PDF/A-2a that `pdf` fails; none for a conforming PDF. The two
/// profiles are checked at once, each on a thread: the largest PDF is the last compiled, and its
/// check is then all the build waits for.
pub fn check(pdf: &[u8]) -> Vec<Failure> {
    std::thread::scope(|scope| {
        let [ua, a] =
            PROFILES.map(|(profile, name)| scope.spawn(move || against(pdf, profile, name)));
        let mut failures = Vec::new();
        for checked in [ua, a] {
            failures.extend(
                checked
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
            );
        }
        failures
    })
}

/// The rules of one profile that `pdf` fails.
fn against(pdf: &[u8], profile: ValidationProfile, name: &str) -> Vec<Failure> {
    let options = ValidationOptions::default().profile(profile);
    match crate::ingest::guard::catch(|| validate_pdf_bytes(pdf, &options)) {
        Ok(Ok(report)) => report
            .failures
            .into_iter()
            .map(|f| Failure {
                profile: name.to_string(),
                objects: objects(pdf, &f.rule_id),
                cause: f.guidance.map(|g| g.possible_cause),
                rule: f.rule_id,
                message: f.message,
            })
            .collect(),
        Ok(Err(e)) => vec![unreadable(name, e.to_string())],
        Err(panic) => vec![unreadable(
            name,
            format!("the validator stopped on a bug of its own ({panic})"),
        )],
    }
}

fn unreadable(profile: &str, why: String) -> Failure {
    Failure {
        profile: profile.to_string(),
        rule: "unreadable".to_string(),
        message: format!("the validator could not check the file: {why}"),
        cause: None,
        objects: Vec::new(),
    }
}

/// The objects a failed rule is about, where the stream scan can tell: clause 6.1.7.1's tests 1
/// and 2 (a stream's /Length and its end-of-line markers).
fn objects(pdf: &[u8], rule: &str) -> Vec<u32> {
    let stream_rule = rule.starts_with("ISO 19005-2:2011:6.1.7.1:")
        && (rule.ends_with(":1") || rule.ends_with(":2"));
    if stream_rule {
        streams::scan(pdf).mismatched
    } else {
        Vec::new()
    }
}

#[cfg(test)]
mod tests {
    /// The version `doctor` names and each verdict records is the one built in.
    #[test]
    fn the_version_named_is_the_one_linked() {
        let lock = include_str!("../../Cargo.lock");
        let entry = format!(
            "name = \"{}\"\nversion = \"{}\"",
            super::VALIDATOR,
            super::VERSION
        );
        assert!(lock.contains(&entry), "Cargo.lock has no {entry}");
        let manifest = include_str!("../../Cargo.toml");
        assert!(manifest.contains(&format!("page_validation = \"={}\"", super::VERSION)));
    }
}
