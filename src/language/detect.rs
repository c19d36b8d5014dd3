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

/// Built on first use, once per process, and shared by every thread. Its models load when a text
/// first needs them: a run whose every text is [`plainly`] in its language loads none.
static DETECTOR: LazyLock<LanguageDetector> = LazyLock::new(|| {
    LanguageDetectorBuilder::from_languages(&[Language::English, Language::Welsh]).build()
});

/// Which language writes `word` often, if only one does: Welsh "yn", "mae", "gyda" …, English
/// "the", "and", "with" … (lower case, `'` for any apostrophe), the cheap evidence [`plainly`]
/// counts.
fn common_in(word: &[u8]) -> Option<Lang> {
    match word {
        b"yn" | b"y" | b"yr" | b"ac" | b"gyda" | b"mae" | b"bydd" | b"byddwn" | b"ar" | b"gan"
        | b"wedi" | b"ein" | b"eu" | b"ei" | b"hyn" | b"sydd" | b"sy'n" | b"i'r" | b"o'r"
        | b"a'r" | b"mewn" | b"yng" | b"ym" | b"cael" => Some(Lang::Cy),
        b"the" | b"and" | b"of" | b"to" | b"with" | b"for" | b"was" | b"were" | b"is" | b"are"
        | b"will" | b"this" | b"that" | b"from" | b"by" | b"have" | b"has" | b"which"
        | b"their" | b"our" | b"we" | b"be" | b"been" | b"into" => Some(Lang::En),
        _ => None,
    }
}

/// How many of Welsh's and of English's common words `s` has, (Welsh, English), in at most its
/// first 200 words: one pass, each word lowered into a few bytes on the stack.
fn common_words(s: &str) -> (usize, usize) {
    let (mut cy, mut en) = (0, 0);
    'words: for word in s.split_whitespace().take(200) {
        let word = word.trim_matches(|c: char| !c.is_alphanumeric() && c != '\'' && c != '’');
        let mut key = [0u8; 8];
        let mut len = 0;
        for c in word.chars() {
            let b = match c {
                '’' => b'\'',
                c if c.is_ascii() => c.to_ascii_lowercase() as u8,
                _ => continue 'words,
            };
            if len == key.len() {
                continue 'words;
            }
            key[len] = b;
            len += 1;
        }
        match common_in(&key[..len]) {
            Some(Lang::Cy) => cy += 1,
            Some(Lang::En) => en += 1,
            None => {}
        }
    }
    (cy, en)
}

/// Whether `s` is plainly in `lang` without asking the detector: at least 4 of that language's
/// common words and at most one of the other's for every 4 of them. Only ever says a text is in
/// the language it claims, so a finding always comes from the detector; it spares the detector
/// nearly every text, which is what keeps `check` at 100× near its time.
pub fn plainly(s: &str, lang: Lang) -> bool {
    let (cy, en) = common_words(s);
    let (own, other) = match lang {
        Lang::Cy => (cy, en),
        Lang::En => (en, cy),
    };
    own >= 4 && other * 4 <= own
}

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
    fn plain_text_is_plainly_its_language_and_nothing_else_is() {
        let en =
            "The Welsh Government will work with schools and the police to share the guidance.";
        let cy = "Bydd Llywodraeth Cymru yn gweithio gydag ysgolion a'r heddlu i rannu'r canllawiau yn y flwyddyn.";
        assert!(plainly(en, Lang::En) && !plainly(en, Lang::Cy));
        assert!(plainly(cy, Lang::Cy) && !plainly(cy, Lang::En));
        assert!(!plainly("Hwb", Lang::Cy) && !plainly("", Lang::En));
    }

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
            let _ = plainly(&s, Lang::Cy);
        }

        #[test]
        fn never_panics_on_words_of_any_script(words in proptest::collection::vec("[\\p{L}\\p{M}\\p{N}\\p{P}]{1,12}", 0..40)) {
            let _ = reads_as(&words.join(" "));
        }
    }
}
