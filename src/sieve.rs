//! Which of last year's texts a run keeps the words of. A large plan's history is hundreds of
//! megabytes of words, and `check` needs only those this year's inputs change: corrected texts
//! and texts a returned translation file translates. Every other text is sealed as it is read
//! (see [`Bilingual::seal`]), keeping only the verdicts the checks reach on it and, where this
//! year's rows are compared with it, its fingerprint; so `check` holds little more than this
//! year's submissions.

use std::collections::HashSet;

use crate::ingest::Submission;
use crate::model::{Action, ActionId, Bilingual, Field, Slot};
use crate::reconcile::Resolutions;
use crate::render::glyphs::Coverage;

/// What this year's inputs need of last year's texts, and the fonts the checks use.
pub struct Sieve<'a> {
    year: u16,
    coverage: &'a Coverage,
    /// Texts corrected, or translated by a returned translation file, this year.
    slots: HashSet<Slot>,
    /// Actions with an update this year: their newest published update is compared with it.
    updated: HashSet<ActionId>,
    /// Actions a new-action row names: their commitment and background are compared with it.
    restated: HashSet<ActionId>,
}

impl<'a> Sieve<'a> {
    /// The sieve for building `year` from these submissions and resolutions.
    pub fn new(
        year: u16,
        coverage: &'a Coverage,
        submissions: &[Submission],
        resolutions: &Resolutions,
    ) -> Sieve<'a> {
        let corrected = resolutions.correction.iter().map(|c| {
            let c = c.get_ref();
            Slot {
                action: c.action.clone(),
                field: c.field,
                year: c.year.filter(|_| c.field == Field::Update),
            }
        });
        let translated = submissions
            .iter()
            .flat_map(|s| &s.translations)
            .map(|t| t.slot.clone());
        Sieve {
            year,
            coverage,
            slots: corrected.chain(translated).collect(),
            updated: submissions
                .iter()
                .flat_map(|s| &s.updates)
                .map(|u| u.action.clone())
                .collect(),
            restated: submissions
                .iter()
                .flat_map(|s| &s.new_actions)
                .map(|a| a.id.clone())
                .collect(),
        }
    }

    /// Seals every text of a published action that this year's inputs do not change, keeping the
    /// fingerprints of those they compare with.
    pub fn apply(&self, action: &mut Action) {
        let id = &action.id;
        let seal = |text: &mut Bilingual, slot: Slot, compared: bool| {
            if !self.slots.contains(&slot) {
                text.seal(|t| self.coverage.missing(t), compared);
            }
        };
        let restated = self.restated.contains(id);
        seal(&mut action.commitment, Slot::commitment(id), restated);
        seal(&mut action.background, Slot::background(id), restated);
        let newest = action
            .updates
            .iter()
            .map(|u| u.year)
            .filter(|&y| y < self.year)
            .max();
        let updated = self.updated.contains(id);
        for update in &mut action.updates {
            let compared = updated && Some(update.year) == newest;
            seal(&mut update.text, Slot::update(id, update.year), compared);
        }
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use crate::commands::year::{History, Year, load};
    use crate::render::Theme;
    use crate::render::glyphs::Coverage;

    fn copy(from: &Path, to: &Path) {
        std::fs::create_dir_all(to).unwrap();
        for entry in std::fs::read_dir(from).unwrap() {
            let entry = entry.unwrap();
            let target = to.join(entry.file_name());
            if entry.file_type().unwrap().is_dir() {
                copy(&entry.path(), &target);
            } else {
                std::fs::copy(entry.path(), &target).unwrap();
            }
        }
    }

    fn edit(path: &Path, from: &str, to: &str) {
        let text = std::fs::read_to_string(path).unwrap();
        assert!(text.contains(from), "{} lacks {from:?}", path.display());
        std::fs::write(path, text.replacen(from, to, 1)).unwrap();
    }

    /// The sample inputs and the every-finding fixture resolved (so with corrections of a
    /// commitment and of an old update), each with last year's history made to hold an
    /// unprintable character and a stale Welsh text; and the every-finding fixture as it is.
    fn cases(root: &Path) -> Vec<(std::path::PathBuf, bool)> {
        let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
        let sample = root.join("sample");
        copy(&repo.join("inputs"), &sample);
        let every = root.join("every-finding");
        copy(&repo.join("tests/fixtures/every-finding"), &every);
        copy(
            &repo.join("tests/fixtures/every-finding"),
            &root.join("unresolved"),
        );
        std::fs::create_dir_all(every.join("resolutions")).unwrap();
        std::fs::copy(
            repo.join("tests/fixtures/every-finding-resolutions.toml"),
            every.join("resolutions/2026.toml"),
        )
        .unwrap();
        for inputs in [&sample, &every] {
            let dataset = inputs.join("published/2025/dataset.json");
            let json = std::fs::read_to_string(&dataset).unwrap();
            // An old update's English gains a character no font has; another's Welsh goes stale.
            let key = "\"cy-translates\": \"";
            let at = json.rfind(key).unwrap() + key.len();
            edit(&dataset, &json[at..at + 18], "0123456789abcdef\"\n");
            let at = json.find("\"updates\": [").unwrap();
            let updated = json[at..].replacen("\"text\": \"", "\"text\": \"日 ", 1);
            std::fs::write(&dataset, format!("{}{updated}", &json[..at])).unwrap();
        }
        vec![
            (sample, true),
            (every, true),
            (root.join("unresolved"), false),
        ]
    }

    fn verdicts(year: &Year) -> impl PartialEq + std::fmt::Debug + '_ {
        let r = &year.reconciled;
        (&r.findings, &r.ledger, &r.parity)
    }

    #[test]
    fn sealing_the_history_changes_no_verdict() {
        let coverage = Coverage::of(&Theme::embedded());
        let root = tempfile::tempdir().unwrap();
        for (inputs, edited) in cases(root.path()) {
            let full = load(&inputs, None, &coverage, History::Moved).unwrap();
            let sealed = load(&inputs, None, &coverage, History::Sealed).unwrap();
            assert_eq!(verdicts(&sealed), verdicts(&full), "{}", inputs.display());
            let codes: Vec<&str> = full
                .reconciled
                .findings
                .iter()
                .map(|f| f.code.as_str())
                .collect();
            for code in ["unprintable-character", "stale-welsh"] {
                let found = codes.contains(&code);
                assert_eq!(found, edited, "{}: {code}", inputs.display());
            }
            // Nearly every text was sealed; the words kept are those this year changes.
            let texts = |y: &Year| {
                y.reconciled
                    .dataset
                    .actions
                    .iter()
                    .flat_map(|a| a.texts())
                    .filter(|(_, t)| t.sealed.is_none() && !t.is_empty())
                    .count()
            };
            assert!(
                texts(&sealed) * 3 < texts(&full),
                "{}: {} of {} texts kept",
                inputs.display(),
                texts(&sealed),
                texts(&full)
            );
        }
    }

    #[test]
    fn a_sealed_text_is_never_written() {
        let coverage = Coverage::of(&Theme::embedded());
        let inputs = Path::new(env!("CARGO_MANIFEST_DIR")).join("inputs");
        let sealed = load(&inputs, None, &coverage, History::Sealed).unwrap();
        let text = sealed.reconciled.dataset.actions[0].commitment.clone();
        assert!(text.sealed.is_some());
        let error = serde_json::to_string(&text).unwrap_err().to_string();
        assert!(error.contains("sealed text has no words"), "{error}");
    }
}
