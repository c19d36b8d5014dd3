//! The detector: English or Welsh, from `lingua` limited to those two languages, built once per
//! process. Words too few to judge give no reading rather than a guess.

use std::sync::LazyLock;

use lingua::{Language, LanguageDetector, LanguageDetectorBuilder};

use crate::model::Lang;

/// Words a piece of text needs before it is judged: "Data protection" or "Cymraeg" alone say too
/// little (a one-word English heading can read as Welsh), "y Gweithgor Cadernid Digidol" is enough.
pub const MIN_WORDS: usize = 3;

/// Letters a piece of text needs before it is judged, with [`MIN_WORDS`].
pub const MIN_LETTERS: usize = 15;

/// How sure the detector must be (of 1, its two languages' confidences adding up to 1) before a
/// piece reads as one language; below it, the piece is left alone.
pub const CONFIDENCE: f64 = 0.75;

/// Built on first use, once per process: the models of both languages are loaded eagerly, so no
/// text waits on a lazy load, and every thread shares them.
static DETECTOR: LazyLock<LanguageDetector> = LazyLock::new(|| {
    LanguageDetectorBuilder::from_languages(&[Language::English, Language::Welsh])
        .with_preloaded_language_models()
        .build()
});

/// Whether `s` has enough words to be judged (see [`MIN_WORDS`], [`MIN_LETTERS`]).
pub fn judgeable(s: &str) -> bool {
    let words = s
        .split_whitespace()
        .filter(|w| w.chars().any(char::is_alphabetic))
        .count();
    let letters = s.chars().filter(|c| c.is_alphabetic()).count();
    words >= MIN_WORDS && letters >= MIN_LETTERS
}

/// The language `s` reads as, and how sure the detector is: `None` when it is too short to judge
/// or the detector is unsure. Any string at all: never panics.
pub fn reads_as(s: &str) -> Option<(Lang, f64)> {
    if !judgeable(s) {
        return None;
    }
    let values = DETECTOR.compute_language_confidence_values(s);
    let (language, confidence) = values.first()?;
    let lang = match language {
        Language::Welsh => Lang::Cy,
        _ => Lang::En,
    };
    (*confidence >= CONFIDENCE).then_some((lang, *confidence))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn reads_english_and_welsh_and_leaves_the_short_alone() {
        assert_eq!(
            reads_as("The Welsh Government will publish guidance for schools.").map(|r| r.0),
            Some(Lang::En)
        );
        assert_eq!(
            reads_as("Bydd Llywodraeth Cymru yn cyhoeddi canllawiau i ysgolion.").map(|r| r.0),
            Some(Lang::Cy)
        );
        assert_eq!(reads_as("Cymraeg"), None);
        assert_eq!(reads_as("Data protection"), None);
        assert_eq!(reads_as(""), None);
        assert_eq!(reads_as("12 34 56 78 90 12 34"), None);
    }

    proptest! {
        #[test]
        fn never_panics_on_any_text(s in "\\PC*") {
            let _ = reads_as(&s);
        }

        #[test]
        fn never_panics_on_words_of_any_script(words in proptest::collection::vec("[\\p{L}\\p{M}\\p{N}\\p{P}]{1,12}", 0..40)) {
            let _ = reads_as(&words.join(" "));
        }
    }
}
